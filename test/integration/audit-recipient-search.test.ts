// A bulk send is chained with its external ids as the only per-document index keys (exchange-event.ts); a search
// or an export by phone number still finds it, through the recipient's documents in docdesk.db. A bulk status
// asks by binder uuid but is indexed by the external ids the poller recorded with it; a search by binder uuid
// finds it through docdesk.db.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** A backend on a new data folder that imported and sent a sample list of `rows` rows. */
async function sentList(rows: number, seed: number): Promise<{ b: Backend; dataDir: string; mailingId: string }> {
  const dataDir = tempDir();
  const list = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(list, { rows, seed });
  const b = await backendFor(sandbox, { dataDir });
  const { mailingId } = await b.mailing.import(list, { defaults: { title: '고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 } });
  if (!mailingId) throw new Error('no mailing');
  await b.mailing.send(mailingId);
  return { b, dataDir, mailingId };
}

/** The first (or last) accepted document of a data folder: its phone number, binder uuid and external id. */
function acceptedDocument(dataDir: string, which: 'first' | 'last'): { phone: string; binder: string; ext: string } {
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    const row = db
      .prepare(`SELECT recipient_key key, gateway_binder_uuid binder, external_document_uuid ext FROM documents WHERE state = 'ACCEPTED' ORDER BY id ${which === 'first' ? 'ASC' : 'DESC'} LIMIT 1`)
      .get() as { key: string; binder: string; ext: string };
    return { phone: row.key.split(':')[1] ?? '', binder: row.binder, ext: row.ext };
  } finally {
    db.close();
  }
}

it('finds the bulk send of a recipient by phone number, though the send indexed external ids only', async () => {
  const { b, dataDir } = await sentList(200, 5);
  try {
    const doc = acceptedDocument(dataDir, 'first');

    const page = (await b.audit.eventsPage({ phone: doc.phone, offset: 0, limit: 50 }));
    const sends = page.rows.filter((r) => r.record?.ev === 'net.exchange' && (r.record.data as Record<string, unknown>)['endpoint'] === 'bulkSend');
    expect(sends.length).toBe(1);
    const subj = sends[0]!.record?.subj as Record<string, string[]>;
    expect(subj['external_document_uuid']).toContain(doc.ext);
    // The record still names every binder uuid the gateway returned; only the search index skips them.
    expect(subj['document_binder_uuid']?.length).toBeGreaterThan(0);
  } finally {
    await b.close();
  }
}, 120_000);

it('finds the status poll of a document by its binder uuid, though the poll indexed external ids only', async () => {
  const { b, dataDir, mailingId } = await sentList(150, 8);
  try {
    // The test profile polls first 5 s after acceptance.
    await new Promise((r) => setTimeout(r, 5_200));
    const round = await b.mailing.pollOnce(mailingId);
    expect(round.polled).toBeGreaterThan(100);
    const doc = acceptedDocument(dataDir, 'last');

    const page = (await b.audit.eventsPage({ document: doc.binder, offset: 0, limit: 50 }));
    const polls = page.rows.filter((r) => r.record?.ev === 'net.exchange' && (r.record.data as Record<string, unknown>)['endpoint'] === 'bulkStatus');
    expect(polls.length).toBe(1);
    const subj = polls[0]!.record?.subj as Record<string, string[]>;
    expect(subj['document_binder_uuid']).toContain(doc.binder);
    expect(subj['external_document_uuid']).toContain(doc.ext);

    // The chain's search index holds the external id, not the binder uuid, for both calls.
    const keys = loadDataDirKeys(dataDir, undefined);
    const audit = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(keys.auditKey).dbKey, { readonly: true });
    const seqsOf = (key: string): number[] => audit.prepare('SELECT seq FROM audit_subject WHERE key = ? ORDER BY seq').pluck().all(key) as number[];
    expect(seqsOf(`binder:${doc.binder}`)).toEqual([]);
    expect(seqsOf(`doc:${doc.ext}`)).toHaveLength(2);
    audit.close();
  } finally {
    await b.close();
  }
}, 120_000);
