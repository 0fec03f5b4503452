// slices.jsonl in evidence bundles (issue 17 item 3): after a real bulk send and poll round against the sandbox
// gateway, the bundle of one READ document carries its own slices of both exchanges — its request item and KakaoPay's
// answer items for it, nothing of the other documents — and both verifiers (verify.py with python3 on the real files,
// and `verifyEvidenceBundle`) check each line against the events.jsonl line of its seq. Each tampering is refused
// with its code, in Korean: a changed slice byte, a changed path node, an index out of range, a slice moved to
// another event, a slice left out, a slice of another document. Its report.html tells the story from the slices (열람 at KakaoPay's time).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import { sliceLineSchema, type SliceLine } from '../../main/audit/bundle/bundle-format.ts';
import { sliceLinesFile } from '../../main/audit/bundle/bundle-slices.ts';
import { gatewayKst } from '../../main/audit/bundle/document-story.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { expectRefused, tamperedCopy, verifyBoth } from '../helpers/bundle-verdicts.ts';
import { sendAndPollOnce } from '../helpers/sent-and-polled.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
let root: string;
/** The bundle of a READ document, and of its neighbour in the same bulk send. */
let bundle: string;
let neighbourBundle: string;
let doc: { ext: string; binder: string };
let otherIds: string[];

const slicesOf = (dir: string): SliceLine[] =>
  readFileSync(path.join(dir, 'slices.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => sliceLineSchema.parse(JSON.parse(l)));
const eventsOf = (dir: string): { seq: number; data: { slices?: { count: number } } }[] =>
  readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { seq: number; data: { slices?: { count: number } } });

function documentsOf(dataDir: string): { ext: string; binder: string | null; status: string | null }[] {
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    return db.prepare('SELECT external_document_uuid ext, gateway_binder_uuid binder, doc_box_status status FROM documents ORDER BY id').all() as { ext: string; binder: string | null; status: string | null }[];
  } finally {
    db.close();
  }
}

async function exportOf(b: Backend, ref: string, name: string): Promise<string> {
  const outDir = path.join(root, name);
  await b.audit.export({ document: ref, reason: '민원 열람 부인 확인', outDir });
  return outDir;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  root = mkdtempSync(path.join(os.tmpdir(), 'docdesk-bundle-slices-'));
  const dataDir = tempDir();
  const b = await backendFor(sandbox, { dataDir });
  try {
    await sendAndPollOnce(b, 60);
    const docs = documentsOf(dataDir);
    const at = docs.findIndex((d) => d.status === 'READ' && d.binder !== null);
    if (at < 0) throw new Error('no document was read in the sandbox');
    doc = { ext: docs[at]!.ext, binder: docs[at]!.binder! };
    otherIds = docs.filter((_, i) => i !== at).flatMap((d) => [d.ext, ...(d.binder ? [d.binder] : [])]);
    bundle = await exportOf(b, doc.ext, 'bundle');
    neighbourBundle = await exportOf(b, docs[at === 0 ? 1 : at - 1]!.ext, 'neighbour');
  } finally {
    await b.close();
  }
}, 180_000);

afterAll(async () => {
  await sandbox.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A tampered copy of the bundle whose slices.jsonl is `edit`'s lines, SHA256SUMS rewritten. */
function withSlices(name: string, edit: (lines: SliceLine[]) => SliceLine[]): string {
  return tamperedCopy(bundle, path.join(root, name), (d) => writeFileSync(path.join(d, 'slices.jsonl'), sliceLinesFile(edit(slicesOf(d)))));
}

const flipHex = (h: string) => `${h.slice(0, 20)}${h[20] === '0' ? '1' : '0'}${h.slice(21)}`;

describe('slices.jsonl', () => {
  it('holds the READ document’s own slices of its bulk send and bulk status, nothing of the others, and both verifiers accept it', async () => {
    const lines = slicesOf(bundle);
    const sliced = eventsOf(bundle).filter((e) => e.data.slices);
    expect(sliced.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((l) => l.seq)).toEqual(sliced.map((e) => e.seq));
    const [sent, status] = lines.map((l) => JSON.parse(l.slice) as Record<string, unknown>);
    expect(sent).toMatchObject({ external_document_uuid: doc.ext, document_binder_uuid: doc.binder, response: { document_binder_uuid: doc.binder } });
    expect(status).toMatchObject({ document_binder_uuid: doc.binder, request: doc.binder, response: { status_data: { doc_box_status: 'READ' } } });
    const text = readFileSync(path.join(bundle, 'slices.jsonl'), 'utf8');
    for (const other of otherIds) expect(text).not.toContain(other);
    const info = JSON.parse(readFileSync(path.join(bundle, 'bundle-info.json'), 'utf8')) as { slice_subject: unknown };
    expect(info.slice_subject).toEqual({ external_document_uuids: [doc.ext], document_binder_uuids: [doc.binder] });
    // The report reads the story from these slices: 열람 at KakaoPay's own doc_box_read_at, in KST.
    const readAt = (status as { response: { status_data: { doc_box_read_at: number } } }).response.status_data.doc_box_read_at;
    expect(readFileSync(path.join(bundle, 'report.html'), 'utf8')).toContain(`<td>${gatewayKst(readAt)}</td><td>열람</td>`);
    const v = await verifyBoth(bundle);
    expect(v.python.status, v.python.stdout).toBe(0);
    expect(v.python.stdout).toContain(`공개 조각 ${lines.length}개 확인`);
    expect(v.inProcess.problems).toEqual([]);
    expect(v.inProcess.chain).toContain(`공개 조각 ${lines.length}개 확인`);
  });

  it('a changed slice byte (KakaoPay’s read time): SLICE_CHANGED', async () => {
    const dir = withSlices('slice-byte', (lines) =>
      lines.map((l) => {
        const m = /"doc_box_read_at":(\d)/.exec(l.slice);
        if (!m) return l;
        return { ...l, slice: `${l.slice.slice(0, m.index)}"doc_box_read_at":${m[1] === '1' ? '2' : '1'}${l.slice.slice(m.index + m[0].length)}` };
      }),
    );
    expect(readFileSync(path.join(dir, 'slices.jsonl'), 'utf8')).not.toEqual(readFileSync(path.join(bundle, 'slices.jsonl'), 'utf8'));
    expectRefused(await verifyBoth(dir), 'SLICE_CHANGED', true);
  });

  it('a changed path node: SLICE_PROOF', async () => {
    const dir = withSlices('path-node', (lines) => lines.map((l, i) => (i === 0 ? { ...l, path: [flipHex(l.path[0]!), ...l.path.slice(1)] } : l)));
    expectRefused(await verifyBoth(dir), 'SLICE_PROOF', true);
  });

  it('an index out of range: SLICE_INDEX', async () => {
    const dir = withSlices('index', (lines) => lines.map((l, i) => (i === 0 ? { ...l, index: l.count } : l)));
    expectRefused(await verifyBoth(dir), 'SLICE_INDEX', true);
  });

  it('a slice moved to another event: SLICE_EVENT (no such event, or another slice count) or SLICE_PROOF (same count, other root), and its own event lacks it: SLICE_MISSING', async () => {
    const [first, second] = slicesOf(bundle);
    const gone = withSlices('moved-nowhere', (lines) => lines.map((l, i) => (i === 0 ? { ...l, seq: l.seq + 1_000_000 } : l)));
    expectRefused(await verifyBoth(gone), ['SLICE_EVENT', 'SLICE_MISSING'], true);
    const moved = withSlices('moved', (lines) => lines.map((l, i) => (i === 0 ? { ...l, seq: second!.seq } : l)));
    expectRefused(await verifyBoth(moved), [first!.count === second!.count ? 'SLICE_PROOF' : 'SLICE_EVENT', 'SLICE_MISSING'], true);
  });

  it('a slice left out (KakaoPay’s status answer for the document): SLICE_MISSING', async () => {
    const dir = withSlices('left-out', (lines) => lines.slice(0, 1));
    expectRefused(await verifyBoth(dir), 'SLICE_MISSING', true);
    const noFile = tamperedCopy(bundle, path.join(root, 'no-slices-file'), (d) => {
      rmSync(path.join(d, 'slices.jsonl'));
      const sums = path.join(d, 'SHA256SUMS');
      writeFileSync(sums, readFileSync(sums, 'utf8').split('\n').filter((l) => !l.endsWith('  slices.jsonl')).join('\n'));
    });
    // Without the file (and its SHA256SUMS line) each event still owes its slices.
    expectRefused(await verifyBoth(noFile), ['SLICE_MISSING', 'SLICE_MISSING'], true);
  });

  it('a valid slice of another document of the same exchange: SLICE_OTHER_DOCUMENT', async () => {
    const [mine] = slicesOf(bundle);
    const theirs = slicesOf(neighbourBundle).find((l) => l.seq === mine!.seq);
    if (!theirs) throw new Error('the neighbour was not in the same bulk send');
    expect(theirs.index).not.toBe(mine!.index);
    const dir = withSlices('other-document', (lines) => [theirs, ...lines.slice(1)]);
    expectRefused(await verifyBoth(dir), 'SLICE_OTHER_DOCUMENT', true);
  });
});
