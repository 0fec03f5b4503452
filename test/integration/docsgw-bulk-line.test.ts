// The bulk-only line (seed 001 §2.2, issue 15 item 4): with docsgw.bulkLocalAddress set, bulk send and bulk status
// leave this PC from that address, and everything else — OTT verify, read status, single send and status — from
// docsgw.localAddress. Proven over loopback aliases (127.0.0.2 = bulk line, 127.0.0.3 = the other line): the
// sandbox ledger records each request's source address (req.socket.remoteAddress).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { openDocsGwLedger } from '../../main/sandbox/docsgw/ledger.ts';
import { sandboxAutoReads } from '../../main/sandbox/docsgw/recipients.ts';
import { statusOf } from '../../main/sandbox/docsgw/lifecycle.ts';
import { profileSchema } from '../../shared/domain/profile.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';
import { bulkItem, singleDocument, startTestSandbox as startDocsGwOnly } from '../helpers/sandbox-docsgw.ts';

const BULK_LINE = '127.0.0.2';
const OTHER_LINE = '127.0.0.3';
const lines = { localAddress: OTHER_LINE, bulkLocalAddress: BULK_LINE };

/** endpoint → the set of source addresses the gateway saw it from. */
function sourcesByEndpoint(requests: { endpoint: string; remoteAddress: string | null }[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const r of requests) (out[r.endpoint] ??= new Set()).add(r.remoteAddress ?? '(none)');
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

describe('docs-gw client on two lines', () => {
  it('sends bulk send and bulk status from the bulk address, every other call from localAddress', async () => {
    const t = await startDocsGwOnly();
    try {
      const { client } = t.client({ service: lines });
      const sent = await client.bulkSend({ documents: [bulkItem('LINE-1', 'accepted', 1), bulkItem('LINE-2', 'accepted', 2)] });
      expect(sent.kind).toBe('ok');
      const binder = sent.kind === 'ok' ? (sent.value.documents[0]?.document_binder_uuid ?? '') : '';
      expect((await client.bulkStatus([binder])).kind).toBe('ok');
      const single = await client.singleSend(singleDocument('accepted', 3));
      expect(single.kind).toBe('ok');
      expect((await client.singleStatus(binder)).kind).toBe('ok');
      t.sandbox.advanceClock(15 * 60_000); // SENT → RECEIVED: the recipient can open it
      const opened = t.sandbox.openDocument(binder);
      expect((await client.verifyToken(binder, opened.token)).kind).toBe('ok');
      expect((await client.readStatus(binder)).kind).toBe('ok');

      expect(sourcesByEndpoint(t.sandbox.ledger.requests())).toEqual({
        bulkSend: [BULK_LINE],
        bulkStatus: [BULK_LINE],
        singleSend: [OTHER_LINE],
        singleStatus: [OTHER_LINE],
        verifyToken: [OTHER_LINE],
        readStatus: [OTHER_LINE],
      });
    } finally {
      await t.close();
    }
  });

  it('without bulkLocalAddress every call uses localAddress (one line)', async () => {
    const t = await startDocsGwOnly();
    try {
      const { client } = t.client({ service: { localAddress: OTHER_LINE } });
      expect((await client.bulkSend({ documents: [bulkItem('ONE-1', 'accepted', 4)] })).kind).toBe('ok');
      expect((await client.singleSend(singleDocument('accepted', 5))).kind).toBe('ok');
      expect(sourcesByEndpoint(t.sandbox.ledger.requests())).toEqual({ bulkSend: [OTHER_LINE], singleSend: [OTHER_LINE] });
    } finally {
      await t.close();
    }
  });

  it('the profile schema takes the bulk address and refuses one that is not an IP address', () => {
    const base = { name: 'lines', kind: 'production', docsgw: { host: 'docs-gw-gs.kakaopay.com', addresses: ['113.29.182.90'], port: 443 } };
    expect(profileSchema.parse({ ...base, docsgw: { ...base.docsgw, ...lines } }).docsgw).toMatchObject(lines);
    const bad = profileSchema.safeParse({ ...base, docsgw: { ...base.docsgw, bulkLocalAddress: 'bulk-line.local' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['docsgw', 'bulkLocalAddress']);
  });
});

describe('the send engine and the landing flow each on their own line', () => {
  let sandbox: RunningSandboxes;
  let b: Backend;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ timeScale: 17_280 });
    b = await backendFor(sandbox, { docsgw: lines });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await sandbox?.close();
  });

  it('a mailing is sent and polled over 127.0.0.2; the landing page verifies the token and reports the read over 127.0.0.3', { timeout: 90_000 }, async () => {
    const list = path.join(tempDir(), 'list.xlsx');
    await b.samples.writeRecipientList(list, { rows: 30 });
    const { mailingId } = await b.mailing.import(list, {
      defaults: { title: '회선 분리', link: 'https://docdesk.example/doc', csNumber: '02-123-4567', csName: '관리사무소', expiresInDays: 30, verifyName: false },
    });
    const sent = await b.mailing.send(mailingId!, {});
    expect(sent.stopped).toBe('done');

    // A recipient opens one RECEIVED document through the landing server (token verify → read status).
    let binder: string | undefined;
    const deadline = Date.now() + 30_000;
    while (binder === undefined && Date.now() < deadline) {
      for (const ext of sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()) {
        if (sandboxAutoReads(ext)) continue;
        const id = sandbox.docsgw.ledger.itemsFor(ext).find((i) => i.result === 'ACCEPTED')?.documentBinderUuid ?? undefined;
        const doc = id ? sandbox.docsgw.ledger.document(id) : null;
        if (doc && doc.behaviour === 'accepted' && statusOf(doc, sandbox.docsgw.now()).doc_box_status === 'RECEIVED') binder = id;
      }
      if (binder === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    expect(binder).toBeDefined();
    const landing = await b.landing.serve({ eventsFile: path.join(tempDir(), 'landing.jsonl'), institution: '테스트 관리사무소' });
    try {
      const opened = new URL(sandbox.docsgw.openDocument(binder!).url);
      const page = await fetch(`${landing.url}${opened.pathname}${opened.search}`);
      expect(page.status).toBe(200);
      const session = /name="session" value="([^"]+)"/.exec(await page.text())?.[1];
      expect(session).toBeTruthy();
      const confirmed = await fetch(`${landing.url}/landing/confirm`, { method: 'POST', body: new URLSearchParams({ session: session! }) });
      expect(confirmed.status).toBe(200);
      await confirmed.text();
      const rendered = await fetch(`${landing.url}/landing/rendered`, { method: 'POST', body: new URLSearchParams({ session: session! }) });
      expect(rendered.ok).toBe(true);
      await rendered.text();
    } finally {
      await landing.close();
    }

    // Status polling: the first poll is due 5 s after sending (the profile's poll.firstAfterSec).
    const pollDeadline = Date.now() + 30_000;
    while (!sandbox.docsgw.ledger.requests().some((r) => r.endpoint === 'bulkStatus') && Date.now() < pollDeadline) {
      await b.mailing.pollOnce(mailingId!);
      await new Promise((r) => setTimeout(r, 500));
    }

    const seen = sourcesByEndpoint(sandbox.docsgw.ledger.requests());
    expect(seen.bulkSend).toEqual([BULK_LINE]);
    expect(seen.bulkStatus).toEqual([BULK_LINE]);
    expect(seen.verifyToken).toEqual([OTHER_LINE]);
    expect(seen.readStatus).toEqual([OTHER_LINE]);
  });
});

describe('sandbox ledger', () => {
  it('a ledger from before the source-address column is upgraded in place; its old rows have no source', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE requests (id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
      address TEXT NOT NULL, received_at INTEGER NOT NULL, item_count INTEGER NOT NULL, http_status INTEGER, outcome TEXT NOT NULL, fault TEXT)`);
    old.prepare(`INSERT INTO requests (endpoint, method, path, address, received_at, item_count, http_status, outcome) VALUES ('bulkSend', 'POST', '/v1/documents/bulk', '127.0.0.1', 1, 1, 200, 'OK')`).run();
    old.pragma('user_version = 1');
    old.close();
    const ledger = openDocsGwLedger(file);
    try {
      ledger.insertRequest({ endpoint: 'bulkStatus', method: 'POST', path: '/v1/documents/bulk/status', address: '127.0.0.1', remoteAddress: BULK_LINE, receivedAt: 2, itemCount: 1, httpStatus: 200, outcome: 'OK' });
      expect(ledger.requests().map((r) => r.remoteAddress)).toEqual([null, BULK_LINE]);
    } finally {
      ledger.close();
    }
  });
});
