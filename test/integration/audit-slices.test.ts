// Per-document slices end to end (issue 17 item 2): a real bulk send and a real poll round against the sandbox
// gateway over TLS, then one document's slices disclosed from audit.db — its own request item and KakaoPay's status
// answer for it, nothing of the other documents — verified against the stored, chained exchange events; and stored
// slices that do not match their event's root are refused, not disclosed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import { leafHash } from '../../main/audit/hashing.ts';
import { discloseSlices, SliceDisclosureError } from '../../main/audit/slices/disclose-slices.ts';
import { createSqliteAuditReads } from '../../main/reads/sqlite-audit-reads.ts';
import { verifySliceDisclosure } from '../../main/audit/slices/verify-slice-disclosure.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { openLogOnWriter } from '../helpers/audit-log-on-writer.ts';
import { sendAndPollOnce } from '../helpers/sent-and-polled.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

interface DocRow {
  ext: string;
  binder: string | null;
  phone: string;
  status: string | null;
}

function documentsOf(dataDir: string): DocRow[] {
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    return (
      db.prepare('SELECT external_document_uuid ext, gateway_binder_uuid binder, recipient_key key, doc_box_status status FROM documents ORDER BY id').all() as {
        ext: string;
        binder: string | null;
        key: string;
        status: string | null;
      }[]
    ).map((r) => ({ ext: r.ext, binder: r.binder, phone: r.key.split(':')[1] ?? '', status: r.status }));
  } finally {
    db.close();
  }
}

it('discloses one document of a bulk send and a poll round: its request item and its status answer, nothing of the others, verified against the stored events', async () => {
  const dataDir = tempDir();
  const b = await backendFor(sandbox, { dataDir });
  try {
    const round = await sendAndPollOnce(b, 150);
    expect(round.polled).toBeGreaterThan(100);
  } finally {
    await b.close();
  }

  const docs = documentsOf(dataDir);
  const doc = docs.find((d) => d.status === 'READ' && d.binder !== null);
  if (!doc?.binder) throw new Error('no document was read in the sandbox');
  const subject = { externalIds: [doc.ext], binderUuids: [doc.binder] };

  const dbKey = deriveAuditKeys(loadDataDirKeys(dataDir, undefined).auditKey).dbKey;
  const audit = openAuditDatabase(path.join(dataDir, 'audit.db'), dbKey, { readonly: true });
  const reads = createSqliteAuditReads(audit, { path: path.join(dataDir, 'audit.db'), key: dbKey });
  try {
    const blobKey = deriveAuditKeys(loadDataDirKeys(dataDir, undefined).auditKey).blobKey;
    const seqs = audit.prepare('SELECT seq FROM audit_subject WHERE key = ? ORDER BY seq').pluck().all(`doc:${doc.ext}`) as number[];
    expect(seqs).toHaveLength(2); // its bulk send and its bulk status
    const disclosures = (await Promise.all(seqs.map((seq) => discloseSlices(reads, blobKey, seq, subject)))).flat();
    expect(disclosures).toHaveLength(2);
    const [sent, polled] = disclosures.map((d) => ({ d, slice: JSON.parse(d.slice) as Record<string, unknown> }));

    // Its own request item as sent (the recipient, the external id) and the gateway's answer for it.
    expect(sent!.d.count).toBeGreaterThan(1);
    expect(sent!.slice).toMatchObject({ external_document_uuid: doc.ext, document_binder_uuid: doc.binder, request: { property: { external_document_uuid: doc.ext }, receiver: { phone_number: doc.phone } }, response: { external_document_uuid: doc.ext, document_binder_uuid: doc.binder } });
    // KakaoPay's own status answer for it, with its timestamps.
    expect(polled!.slice).toMatchObject({ document_binder_uuid: doc.binder, request: doc.binder, response: { document_binder_uuid: doc.binder, status_data: { doc_box_status: 'READ' } } });
    const statusData = (polled!.slice['response'] as { status_data: Record<string, unknown> }).status_data;
    for (const k of ['doc_box_sent_at', 'doc_box_read_at', 'token_used_at', 'authenticated_at']) expect(typeof statusData[k]).toBe('number');

    // Nothing of the other documents leaves: no other external id, binder uuid or phone number in what is disclosed.
    const text = JSON.stringify(disclosures);
    for (const other of docs) {
      if (other.ext === doc.ext) continue;
      expect(text).not.toContain(`"${other.ext}"`);
      if (other.binder) expect(text).not.toContain(other.binder);
      if (other.phone !== doc.phone) expect(text).not.toContain(`"${other.phone}"`);
    }

    for (const d of disclosures) {
      const record = audit.prepare('SELECT record FROM audit_record WHERE seq = ?').pluck().get(d.seq) as Buffer;
      // The event is the one the chain holds (its leaf), and the slice verifies against it.
      const leaf = audit.prepare('SELECT leaf FROM audit_chain WHERE seq = ?').pluck().get(d.seq) as Buffer;
      expect(leafHash(record).equals(leaf)).toBe(true);
      expect(verifySliceDisclosure(record.toString('utf8'), d, subject)).toMatchObject({ ok: true });
    }
    // A neighbour in the same chunk of 100 gets its own slices from the same events, never this one's.
    const at = docs.indexOf(doc);
    const other = docs[at % 100 === 99 ? at - 1 : at + 1]!;
    const theirs = (await Promise.all(seqs.map((seq) => discloseSlices(reads, blobKey, seq, { externalIds: [other.ext], binderUuids: other.binder ? [other.binder] : [] })))).flat();
    expect(theirs.length).toBeGreaterThanOrEqual(1);
    for (const d of theirs) {
      expect(d.slice).not.toContain(doc.ext);
      expect(d.slice).toContain(`"${other.binder ?? other.ext}"`);
    }
    // An event without slices (the log's genesis, any exchange from before slices) discloses nothing.
    expect(await discloseSlices(reads, blobKey, 0, subject)).toEqual([]);
  } finally {
    audit.close();
  }
}, 180_000);

it('refuses to disclose stored slices that do not match the root their event committed to', async () => {
  const dataDir = tempDir();
  const keys = deriveAuditKeys(randomBytes(32));
  const opened = await openLogOnWriter(dataDir, keys, { checkpointOnClose: false });
  const { log } = opened;
  const reads = createSqliteAuditReads(opened.writer.db, { path: path.join(dataDir, 'audit.db'), key: keys.dbKey });
  try {
    const request = JSON.stringify({ document_binder_uuids: ['BIN-1', 'BIN-2'] });
    const response = JSON.stringify({ documents: [{ document_binder_uuid: 'BIN-2', status_data: { doc_box_status: 'READ', doc_box_read_at: 1796486457 } }] });
    const record = { service: 'docsgw' as const, endpoint: 'bulkStatus', method: 'POST', host: 'h', path: '/v1/documents/bulk/status', address: null, port: 443, requestHeaders: {}, requestBody: request, status: 200, responseHeaders: {}, responseBody: response, startedAt: Date.now(), durationMs: 5, failure: null, correlation: {} };
    const event = exchangeAuditEvent(record, keys.hmacKey);
    const good = await reads.size();
    log.append(event);
    // The same event with its slices blob swapped for other content: its committed root no longer matches.
    const forged = JSON.parse(String(event.blobs?.['slices'])) as { response: unknown }[];
    forged[0]!.response = { document_binder_uuid: 'BIN-1', status_data: { doc_box_status: 'READ' } };
    const bad = good + 1;
    log.append({ ...event, blobs: { ...event.blobs, slices: JSON.stringify(forged) } });
    log.flush();
    const subject = { externalIds: [], binderUuids: ['BIN-2'] };
    expect((await discloseSlices(reads, keys.blobKey, good, subject)).map((d) => d.index)).toEqual([1]);
    await expect(discloseSlices(reads, keys.blobKey, bad, subject)).rejects.toThrow(SliceDisclosureError);
    await expect(discloseSlices(reads, keys.blobKey, bad, subject)).rejects.toThrow(/root가 사건 기록의 root와 다릅니다/);
  } finally {
    await opened.close();
  }
});
