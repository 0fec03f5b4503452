// Evidence bundles with proofs (issue 17 items 3–4): a bundle holds only the subject's events, each with its RFC 9162
// inclusion proof to the checkpoint signed at export, and a consistency proof from the newest checkpoint of the
// anchor folder. Both verifiers — the shipped verify.py run with python3 on the real files, and `verifyEvidenceBundle`
// (what `docdesk audit verify-bundle` runs) — accept it and refuse each tampering with the same code, in Korean:
// a changed event byte, a changed proof node, a checkpoint of another log, a rewritten log whose checkpoint does not
// extend the anchored one, a missing event line, a SHA256SUMS mismatch. A format-1 bundle still verifies.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../main/audit/audit-service.ts';
import { proofsSchema } from '../../main/audit/bundle/bundle-format.ts';
import { verifyEvidenceBundle } from '../../main/audit/bundle/verify-bundle.ts';
import { expectRefused, tamperedCopy, verifyBoth } from '../helpers/bundle-verdicts.ts';

const actor = { type: 'operator' as const, id: 'tester', host: 'test-pc' };
let root: string;
let anchorFolder: string;
/** An honest bundle of DOC-3 from log A, citing A's anchored checkpoint. */
let bundle: string;
/** A bundle of log B (another log, another key). */
let otherBundle: string;
/** A bundle of log A′: a copy of log A made early, then rewritten with the same key — exported citing A's anchored checkpoint. */
let rewrittenBundle: string;
/** Log A's checkpoint file anchored before its export (the honest bundle cites it). */
let anchoredFile: string;
/** Log A's newest anchored checkpoint file (signed at its export), before the rewrite. */
let newestAnchoredOfA: string;
/** What each export told the operator. */
let bundleWarnings: string[];
let rewrittenWarnings: string[];

async function appendDocs(svc: AuditService, from: number, to: number, tag: string): Promise<void> {
  for (let i = from; i < to; i++) {
    const ext = `DOC-${i % 7}`;
    svc.append({ ev: 'net.exchange', subj: { external_document_uuid: [ext] }, data: { service: 'docsgw', endpoint: 'bulkStatus', method: 'POST', status: 200, duration_ms: 12, path: `/v1/${tag}`, i }, index: [`doc:${ext}`] });
  }
  await svc.flush();
}

const subject = { kind: 'document' as const, ref: 'DOC-3', externalIds: ['DOC-3'], binderUuids: [] };

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'docdesk-proofs-'));
  anchorFolder = path.join(root, 'anchor');
  mkdirSync(anchorFolder);
  const keyA = randomBytes(32);
  const dirA = path.join(root, 'a');
  const dirRewritten = path.join(root, 'a-rewritten');
  for (const d of [dirA, path.join(root, 'b')]) mkdirSync(d);
  // Log A: a few events, then a copy of the whole data folder (the later rewriter's starting point).
  let svc = await openAuditService({ dataDir: dirA, auditKey: keyA, actor });
  await appendDocs(svc, 0, 10, 'a');
  await svc.close();
  cpSync(dirA, dirRewritten, { recursive: true });
  // Log A goes on, with its checkpoints copied off the PC.
  svc = await openAuditService({ dataDir: dirA, auditKey: keyA, actor });
  await svc.setAnchorFolder(anchorFolder);
  await appendDocs(svc, 10, 120, 'a');
  const cp = await svc.checkpoint();
  await appendDocs(svc, 120, 300, 'a');
  bundle = path.join(root, 'bundle');
  bundleWarnings = (await svc.export(subject, '시험용 증거 묶음', bundle)).warnings;
  await svc.close();
  anchoredFile = path.join(anchorFolder, readdirSync(anchorFolder).find((f) => f.endsWith(`-${String(cp.size).padStart(12, '0')}.txt`))!);
  expect(existsSync(anchoredFile)).toBe(true);
  newestAnchoredOfA = path.join(anchorFolder, readdirSync(anchorFolder).sort().at(-1)!);

  // The rewrite: the same log id and key, other events from row 11 on, growing past the anchored size.
  svc = await openAuditService({ dataDir: dirRewritten, auditKey: keyA, actor });
  await svc.setAnchorFolder(anchorFolder);
  await appendDocs(svc, 10, 400, 'rewritten');
  rewrittenBundle = path.join(root, 'rewritten-bundle');
  rewrittenWarnings = (await svc.export(subject, '다시 쓰인 로그의 묶음', rewrittenBundle)).warnings;
  await svc.close();

  // Log B: another log with its own key.
  svc = await openAuditService({ dataDir: path.join(root, 'b'), auditKey: randomBytes(32), actor });
  await appendDocs(svc, 0, 50, 'b');
  otherBundle = path.join(root, 'other-bundle');
  await svc.export(subject, '다른 로그', otherBundle);
  await svc.close();
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A copy of `dir` changed by `edit` (SHA256SUMS rewritten to match unless `rehash` is false). */
const tampered = (dir: string, name: string, edit: (copy: string) => void, rehash = true): string => tamperedCopy(dir, path.join(root, name), edit, rehash);

const proofsOf = (dir: string) => proofsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'proofs.json'), 'utf8')));

describe('bundle format 2', () => {
  it('holds only the subject’s events, each with an inclusion proof, and both verifiers accept it', async () => {
    const info = JSON.parse(readFileSync(path.join(bundle, 'bundle-info.json'), 'utf8')) as Record<string, unknown>;
    expect(info['format']).toBe('docdesk-evidence/2');
    const lines = readFileSync(path.join(bundle, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(40);
    for (const l of lines) expect(JSON.stringify((JSON.parse(l) as { subj: unknown }).subj)).toContain('DOC-3');
    const proofs = proofsOf(bundle);
    expect(proofs.inclusion.map((e) => e.seq)).toEqual(lines.map((l) => (JSON.parse(l) as { seq: number }).seq));
    // The newest anchored checkpoint before the export is cited, with a consistency proof to the bundle's checkpoint.
    expect(proofs.consistency).toHaveLength(1);
    expect(proofs.consistency[0]!.anchored).toBe(true);
    expect(existsSync(path.join(bundle, 'verify.py'))).toBe(true);
    expect(existsSync(path.join(bundle, 'verify-chain.mjs'))).toBe(false);
    const v = await verifyBoth(bundle, [anchoredFile]);
    expect(v.python.status, v.python.stdout).toBe(0);
    expect(v.python.stdout).toMatch(/^OK: 기록 \d+건이 checkpoints\/checkpoint-\d{12}\.txt/);
    expect(v.inProcess.problems).toEqual([]);
    expect(v.inProcess.ok).toBe(true);
    expect(v.inProcess.format).toBe('docdesk-evidence/2');
  });

  it('a changed event byte: EVENT_CHANGED', async () => {
    const dir = tampered(bundle, 'event-byte', (d) => {
      const f = path.join(d, 'events.jsonl');
      const text = readFileSync(f, 'utf8');
      const i = text.indexOf('"status":200');
      writeFileSync(f, `${text.slice(0, i)}"status":201${text.slice(i + 12)}`);
    });
    const v = await verifyBoth(dir);
    expectRefused(v, 'EVENT_CHANGED', true);
    expect(v.inProcess.firstBadSeq).toBe(proofsOf(dir).inclusion[0]!.seq);
  });

  it('a changed proof node: INCLUSION_PROOF', async () => {
    const dir = tampered(bundle, 'proof-node', (d) => {
      const f = path.join(d, 'proofs.json');
      const proofs = proofsOf(d);
      const node = proofs.inclusion[1]!.path[2]!;
      const changed = `${node.slice(0, 10)}${node[10] === '0' ? '1' : '0'}${node.slice(11)}`;
      writeFileSync(f, readFileSync(f, 'utf8').replace(node, changed));
    });
    expectRefused(await verifyBoth(dir), 'INCLUSION_PROOF', true);
  });

  it('a checkpoint of another log: CHECKPOINT_OTHER_LOG', async () => {
    const dir = tampered(bundle, 'other-log', (d) => {
      const name = proofsOf(d).checkpoint;
      const other = proofsOf(otherBundle).checkpoint;
      for (const ext of ['txt', 'sig']) cpSync(path.join(otherBundle, 'checkpoints', `${other}.${ext}`), path.join(d, 'checkpoints', `${name}.${ext}`));
    });
    expectRefused(await verifyBoth(dir), 'CHECKPOINT_OTHER_LOG', true);
  });

  it('a rewritten log, signed with the same key, does not extend the anchored checkpoint: CONSISTENCY_PROOF', async () => {
    const proofs = proofsOf(rewrittenBundle);
    expect(proofs.consistency[0]?.from).toBe(path.basename(newestAnchoredOfA).replace(/^docdesk-checkpoint-[0-9a-f]{8}-/, 'checkpoint-').replace(/\.txt$/, ''));
    expectRefused(await verifyBoth(rewrittenBundle), 'CONSISTENCY_PROOF', false);
    // The export itself already warned, in Korean, naming the anchored checkpoint; the honest one did not.
    expect(rewrittenWarnings).toHaveLength(1);
    expect(rewrittenWarnings[0]).toContain('외부 보관 폴더의 최근 체크포인트');
    expect(rewrittenWarnings[0]).toContain(path.basename(newestAnchoredOfA));
    expect(bundleWarnings).toEqual([]);
    // Its own checkpoint at that size, had it cited one, differs from the copy kept off the PC.
    expect(readFileSync(newestAnchoredOfA, 'utf8')).not.toContain(readFileSync(path.join(rewrittenBundle, 'checkpoints', `${proofs.checkpoint}.txt`), 'utf8').split('\n')[2]!);
  });

  it('a checkpoint kept off the PC that the bundle does not prove extended (--anchor): ANCHOR_NOT_PROVEN', async () => {
    // The rewriter leaves the anchored checkpoint out: the verifier holding it still refuses.
    const dir = tampered(rewrittenBundle, 'anchor-left-out', (d) => {
      const f = path.join(d, 'proofs.json');
      const proofs = proofsOf(d);
      for (const c of proofs.consistency) for (const ext of ['txt', 'sig']) rmSync(path.join(d, 'checkpoints', `${c.from}.${ext}`));
      writeFileSync(f, JSON.stringify({ ...proofs, consistency: [] }));
      const sums = path.join(d, 'SHA256SUMS');
      writeFileSync(sums, readFileSync(sums, 'utf8').split('\n').filter((l) => !proofs.consistency.some((c) => l.includes(c.from))).join('\n'));
    });
    expect((await verifyBoth(dir)).python.status).toBe(0);
    expectRefused(await verifyBoth(dir, [newestAnchoredOfA]), 'ANCHOR_NOT_PROVEN', true);
  });

  it('a missing event line: EVENT_MISSING', async () => {
    const dir = tampered(bundle, 'missing-line', (d) => {
      const f = path.join(d, 'events.jsonl');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.splice(2, 1);
      writeFileSync(f, lines.join('\n'));
    });
    expectRefused(await verifyBoth(dir), 'EVENT_MISSING', true);
  });

  it('a proofs.json of another shape, or an event line with a non-numeric seq: BUNDLE_FORMAT / EVENT_FORMAT, no crash', async () => {
    const shape = tampered(bundle, 'proofs-shape', (d) => writeFileSync(path.join(d, 'proofs.json'), JSON.stringify({ ...proofsOf(d), inclusion: [7] })));
    expectRefused(await verifyBoth(shape), 'BUNDLE_FORMAT', true);
    const seq = tampered(bundle, 'seq-text', (d) => {
      const f = path.join(d, 'events.jsonl');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.push('{"seq":"5"}', '');
      writeFileSync(f, lines.filter((l, i) => l !== '' || i === lines.length - 1).join('\n'));
    });
    expectRefused(await verifyBoth(seq), 'EVENT_FORMAT', true);
  });

  it('a file that does not match SHA256SUMS: SUMS_MISMATCH', async () => {
    const dir = tampered(bundle, 'sums', (d) => writeFileSync(path.join(d, 'report.html'), '<p>다른 보고서</p>'), false);
    expectRefused(await verifyBoth(dir), 'SUMS_MISMATCH', false);
  });
});

describe('bundle format 1 (before issue 17)', () => {
  it('still verifies with its chain, and a changed row is refused (CHAIN)', async () => {
    const v1 = path.join(root, 'v1');
    cpSync(path.resolve(import.meta.dirname, '../fixtures/audit/bundle-v1'), v1, { recursive: true });
    const ok = await verifyEvidenceBundle(v1);
    expect(ok.problems).toEqual([]);
    expect(ok.format).toBe('docdesk-evidence/1');
    expect(ok.chain).toMatch(/^OK: rows 0\.\.\d+ \(\d+ disclosed\)/);
    const bad = tampered(v1, 'v1-changed', (d) => {
      const f = path.join(d, 'events.jsonl');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"duration_ms":12', '"duration_ms":13'));
    });
    const r = await verifyEvidenceBundle(bad);
    expect(r.problems.map((p) => p.code).sort()).toEqual(['CHAIN', 'SUMS_SIGNATURE']);
  });
});
