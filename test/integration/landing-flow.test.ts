// The landing-page loop (issue 4 "What it must show"): KakaoPay's redirect → the token verified once (a replay is
// refused and logged) → the user's confirmation → the page rendered → read-status → the document is READ in the
// sandbox, and the document's audit timeline shows every step. Real sockets and TLS against the sandbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { statusOf } from '../../main/sandbox/docsgw/lifecycle.ts';
import { sandboxAutoReads } from '../../main/sandbox/docsgw/recipients.ts';
import { backendFor, startTestSandbox } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
let b: Backend;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
  // 1 real second = 4.8 virtual hours: received within a second, the 30-day deadline ~150 s away.
  sandbox = await startTestSandbox({ timeScale: 17_280 });
  b = await backendFor(sandbox);
}, 60_000);

afterAll(async () => {
  await b?.close();
  await sandbox?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A sent document that the sandbox will never read by itself, once it has reached RECEIVED. */
async function receivedDocument(): Promise<{ ext: string; binder: string }> {
  const list = path.join(root, 'list.xlsx');
  await b.samples.writeRecipientList(list, { rows: 30 });
  const { mailingId } = await b.mailing.import(list, {
    defaults: { title: '랜딩 테스트', link: 'https://docdesk.example/documents/notice', csNumber: '02-123-4567', csName: '관리사무소', expiresInDays: 30, verifyName: false },
  });
  await b.mailing.send(mailingId!, {});
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const ext of sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()) {
      if (sandboxAutoReads(ext)) continue;
      const binder = sandbox.docsgw.ledger.itemsFor(ext).find((i) => i.result === 'ACCEPTED')?.documentBinderUuid;
      const doc = binder ? sandbox.docsgw.ledger.document(binder) : null;
      if (doc && doc.behaviour === 'accepted' && statusOf(doc, sandbox.docsgw.now()).doc_box_status === 'RECEIVED') return { ext, binder: binder! };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no RECEIVED document that the sandbox leaves unread');
}

describe('landing server', () => {
  it('redirect → token verified once (replay refused and logged) → confirmation → rendered → read-status → READ', async () => {
    const { ext, binder } = await receivedDocument();
    const eventsFile = path.join(root, 'landing.jsonl');
    const landing = await b.landing.serve({ eventsFile, institution: '테스트 관리사무소' });
    try {
      // KakaoPay opens the document link with the three parameters; point it at our landing server.
      const opened = new URL(sandbox.docsgw.openDocument(binder).url);
      const redirect = `${landing.url}${opened.pathname}${opened.search}`;
      expect(opened.searchParams.get('external_document_uuid')).toBe(ext);

      const first = await fetch(redirect, { headers: { 'user-agent': 'KAKAOTALK test' } });
      expect(first.status).toBe(200);
      const html = await first.text();
      expect(html).toContain('문서 열람하기');
      const session = /name="session" value="([^"]+)"/.exec(html)?.[1];
      expect(session).toBeTruthy();

      const replay = await fetch(redirect);
      expect(replay.status).toBe(403);
      await replay.text();

      const confirmed = await fetch(`${landing.url}/landing/confirm`, { method: 'POST', body: new URLSearchParams({ session: session! }) });
      expect(confirmed.status).toBe(200);
      expect(await confirmed.text()).toContain('/landing/rendered');
      expect(statusOf(sandbox.docsgw.ledger.document(binder)!, sandbox.docsgw.now()).doc_box_status).toBe('RECEIVED');

      // what the page's load handler does in a browser
      const rendered = await fetch(`${landing.url}/landing/rendered`, { method: 'POST', body: new URLSearchParams({ session: session! }) });
      expect(rendered.status).toBe(204);

      expect(statusOf(sandbox.docsgw.ledger.document(binder)!, sandbox.docsgw.now()).doc_box_status).toBe('READ');

      // The JSON Lines file: the steps in order, token only as a hash.
      const lines = readFileSync(eventsFile, 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['ott.verify', 'page.failure', 'page.ack', 'page.entry', 'read_status']);
      const text = readFileSync(eventsFile, 'utf8');
      expect(text).toContain('"reason":"token_reused"');
      expect(text).toContain('"http_status":204');
      expect(text).not.toContain(opened.searchParams.get('token')!);

      // The document's audit timeline has all of it, including the docs-gw exchanges (token path redacted).
      const page = (await b.audit.eventsPage({ document: ext, offset: 0, limit: 500 }));
      const evs = page.rows.map((r) => r.ev);
      for (const ev of ['edoc.ott.verify', 'edoc.page.failure', 'edoc.page.ack', 'edoc.page.entry', 'edoc.read_status']) expect(evs).toContain(ev);
      const endpoints = page.rows.filter((r) => r.ev === 'net.exchange').map((r) => r.record?.data['endpoint']);
      expect(endpoints).toEqual(expect.arrayContaining(['bulkSend', 'verifyToken', 'readStatus']));
      expect(JSON.stringify(page)).not.toContain(opened.searchParams.get('token')!);

      // Importing the file the server wrote adds nothing: the same lines are already in the chain.
      expect(await b.audit.importLanding(eventsFile)).toMatchObject({ lines: 5, added: 0 });

      // DocDesk's own status poll sees READ too.
      const until = Date.now() + 60_000;
      let status = (await b.mailing.documentDetail(ext))?.docBoxStatus;
      while (status !== 'READ' && Date.now() < until) {
        await b.mailing.pollOnce();
        status = (await b.mailing.documentDetail(ext))?.docBoxStatus;
        if (status !== 'READ') await new Promise((r) => setTimeout(r, 1000));
      }
      expect(status).toBe('READ');
    } finally {
      await landing.close();
    }
  }, 120_000);

  it('a request without a token is a logged page failure', async () => {
    const landing = await b.landing.serve({});
    try {
      const r = await fetch(`${landing.url}/documents/notice?document_binder_uuid=x`);
      expect(r.status).toBe(400);
      await r.text();
      expect(landing.events()).toEqual([expect.objectContaining({ type: 'page.failure', reason: 'bad_request' })]);
      expect(landing.eventCount()).toBe(1);
    } finally {
      await landing.close();
    }
  });
});
