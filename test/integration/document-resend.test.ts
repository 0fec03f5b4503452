// Issue 14 item 4 on the sandbox: a document refused NOT_FOUND (phone ending 9999, main/sandbox/README.md) is
// corrected and sent again as a NEW document — accepted, exactly one new item in the ledger, both timelines linked —
// and never re-sent twice; bad input is refused in Korean and changes nothing; "check now" asks one document's
// status through the single-status endpoint and journals it like a poll answer; one new document to one recipient.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '3월 관리비 고지서', link: 'https://docdesk.example/bill/3', csNumber: '02-123-4567', csName: '관리사무소' };

let sandbox: RunningSandboxes;
let b: Backend;
let mailingId: string;

/** The external id of the mailing's document whose error is `code` (the grid's filter). */
async function refusedExt(code: string): Promise<string> {
  const row = (await b.documents.query({ mailingId, errorCode: code, limit: 1 })).rows[0];
  if (!row?.externalDocumentUuid) throw new Error(`no ${code} document`);
  return row.externalDocumentUuid;
}

function ledgerRequests(endpoint: string): number {
  return sandbox.docsgw.ledger.requests().filter((r) => r.endpoint === endpoint).length;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; details?: unknown };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const dataDir = tempDir('docdesk-resend-');
  b = await backendFor(sandbox, { dataDir });
  const list = path.join(dataDir, 'list.csv');
  // NOT_FOUND (9999), FORBIDDEN (4444), INVALID_VALUE (8888) and one ordinary recipient.
  writeFileSync(list, '이름,휴대폰,생년월일\n홍길동,010-1234-9999,1980-01-02\n김철수,010-2222-1111,19750505\n이영희,010-3333-4444,1990.03.04\n박민수,010-7777-8888,19851212\n');
  const imported = await b.mailing.import(list, { defaults: DEFAULTS, name: '재발송 시험' });
  mailingId = imported.mailingId ?? '';
  const sent = await b.mailing.send(mailingId);
  expect(sent.counts).toMatchObject({ ACCEPTED: 1, REJECTED: 3 });
});

afterAll(async () => {
  await b?.close();
  await sandbox?.close();
});

describe('fix and re-send one document', () => {
  it('re-sends a NOT_FOUND document with a corrected phone as a new, accepted document linked both ways', async () => {
    const ext = await refusedExt('NOT_FOUND');
    const mailings = (await b.mailing.list()).length;
    const bulkBefore = ledgerRequests('bulkSend');

    const plan = (await b.document.planResend(ext, { phone: '010-5555-6666' }));
    expect(plan.changes).toEqual([{ field: 'phone', before: '010-****-9999', after: '01055556666' }]);
    expect(plan).toMatchObject({ profile: 'test-sandbox', recipient: '홍*동 010-****-6666', title: DEFAULTS.title, expiresInDays: 30 });
    expect(plan.original).toMatchObject({ externalDocumentUuid: ext, state: 'REJECTED', errorCode: 'NOT_FOUND' });
    // A plan changes nothing.
    expect(await b.mailing.list()).toHaveLength(mailings);

    const r = await b.document.resend(ext, { phone: '010-5555-6666' }, plan.digest);
    expect(r).toMatchObject({ state: 'ACCEPTED', resendOf: ext, errorCode: null });
    const newExt = r.externalDocumentUuid ?? '';
    expect(newExt).not.toBe(ext);
    expect(newExt.length).toBeLessThanOrEqual(40);

    // Exactly one request with exactly one new item; the old id was not sent again.
    expect(ledgerRequests('bulkSend')).toBe(bulkBefore + 1);
    expect(sandbox.docsgw.ledger.itemsFor(newExt)).toMatchObject([{ result: 'ACCEPTED' }]);
    expect(sandbox.docsgw.ledger.itemsFor(ext)).toHaveLength(1);
    expect(sandbox.docsgw.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(0);

    const old = (await b.mailing.documentDetail(ext));
    expect(old?.resentAs).toMatchObject({ externalDocumentUuid: newExt, documentId: r.documentId, state: 'ACCEPTED' });
    expect(old?.timeline.find((e) => e.kind === 'resentAs')?.data).toMatchObject({ externalDocumentUuid: newExt });
    const fresh = (await b.mailing.documentDetail(newExt));
    expect(fresh?.resendOf).toMatchObject({ externalDocumentUuid: ext, state: 'REJECTED' });
    expect(fresh?.timeline.find((e) => e.kind === 'resendOf')?.data).toMatchObject({ externalDocumentUuid: ext });
    expect(fresh?.recipient).toBe('홍*동 010-****-6666');

    // The operator's decision is in the audit chain, naming the corrected field but not its value.
    const audited = await b.audit.events({ ev: 'op.document.resend', limit: 10 });
    expect(audited.rows.map((e) => e.record?.data)).toContainEqual(expect.objectContaining({ subject: ext, changed: ['phone'], profile: 'test-sandbox' }));
    expect(JSON.stringify(audited.rows)).not.toContain('01055556666');
    // The new document is found by the grid's search on its new phone number.
    expect((await b.documents.query({ search: '6666', limit: 5 })).rows.map((x) => x.externalDocumentUuid)).toContain(newExt);
  });

  it('never re-sends a document twice: a second request and two at once are refused with the document already sent', async () => {
    const ext = await refusedExt('NOT_FOUND');
    const newExt = (await b.mailing.documentDetail(ext))?.resentAs?.externalDocumentUuid;
    const again = await failure(Promise.resolve().then(() => b.document.planResend(ext, { phone: '010-6666-1313' })));
    expect(again.code).toBe('ALREADY_RESENT');
    expect(again.message).toContain(`이미 다시 보냈습니다: ${newExt}`);

    // Two requests for the same document at once (a double click): one document, one ledger item.
    const forbidden = await refusedExt('FORBIDDEN');
    const fix = { phone: '010-3333-2020' };
    const digest = (await b.document.planResend(forbidden, fix)).digest;
    const bulkBefore = ledgerRequests('bulkSend');
    const both = await Promise.allSettled([b.document.resend(forbidden, fix, digest), b.document.resend(forbidden, fix, digest)]);
    expect(both.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const refused = both.find((x) => x.status === 'rejected');
    expect(refused?.status === 'rejected' ? (refused.reason as { code: string }).code : null).toBe('ALREADY_RESENT');
    expect(ledgerRequests('bulkSend')).toBe(bulkBefore + 1);
    expect(sandbox.docsgw.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(0);
  });

  it('refuses bad input in Korean, naming the field, and changes nothing', async () => {
    const ext = await refusedExt('INVALID_VALUE');
    const mailings = (await b.mailing.list()).length;
    const requests = sandbox.docsgw.ledger.requests().length;

    const landline = await failure(Promise.resolve().then(() => b.document.planResend(ext, { phone: '02-1234-5678' })));
    expect(landline.code).toBe('INVALID_RECIPIENT');
    expect(landline.message).toContain('휴대폰 번호는 010처럼 01로 시작');
    expect(landline.details).toMatchObject({ errors: [{ field: 'phone', code: 'BAD_PHONE', column: '' }] });
    const future = await failure(Promise.resolve().then(() => b.document.planResend(ext, { birthday: '2999-01-01' })));
    expect(future.message).toContain('생년월일이 오늘 이후의 날짜입니다');
    const long = await failure(Promise.resolve().then(() => b.document.planResend(ext, { name: '가'.repeat(21) })));
    expect(long.message).toContain('이름은 최대 20자');

    // A digest other than the plan's (what was confirmed is not what would be sent) sends nothing.
    const plan = (await b.document.planResend(ext, { phone: '010-7777-1234' }));
    const stale = await failure(b.document.resend(ext, { phone: '010-7777-4321' }, plan.digest));
    expect(stale.code).toBe('CONFIRMATION_REQUIRED');
    // An accepted document is never re-sent (the recipient would get it twice); an unknown ref is named.
    const accepted = (await b.documents.query({ mailingId, states: ['ACCEPTED'], limit: 1 })).rows[0]?.externalDocumentUuid ?? '';
    const twice = await failure(Promise.resolve().then(() => b.document.planResend(accepted, {})));
    expect(twice.code).toBe('NOT_RESENDABLE');
    expect(twice.message).toContain('두 번');
    expect((await failure(Promise.resolve().then(() => b.document.planResend('NO-SUCH-DOC', {})))).code).toBe('DOCUMENT_NOT_FOUND');

    expect(await b.mailing.list()).toHaveLength(mailings);
    expect(sandbox.docsgw.ledger.requests()).toHaveLength(requests);
    expect((await b.mailing.documentDetail(ext))?.resentAs).toBeNull();
  });
});

describe('check one document now', () => {
  it('asks the single-status endpoint, journals the answer like a poll, and keeps the gateway’s 5-second rule', async () => {
    const ext = await refusedExt('NOT_FOUND');
    const newExt = (await b.mailing.documentDetail(ext))?.resentAs?.externalDocumentUuid ?? '';
    const binder = (await b.mailing.documentDetail(newExt))?.documentBinderUuid ?? '';
    // 172,800 virtual seconds a second: the document is in the recipient's box within a second of acceptance.
    await new Promise((r) => setTimeout(r, 1_000));
    const single = () => sandbox.docsgw.ledger.requests().filter((r) => r.endpoint === 'singleStatus' && r.path.includes(binder)).length;

    const r = await b.document.check(newExt);
    expect(r).toMatchObject({ outcome: 'ok', previous: null, changed: true, externalDocumentUuid: newExt });
    // The corrected number ends in 6666: a member who never reads (RECEIVED until the deadline, then EXPIRED).
    expect(r.docBoxStatus).toBe('RECEIVED');
    expect(single()).toBe(1);
    const detail = (await b.mailing.documentDetail(newExt));
    expect(detail?.docBoxStatus).toBe(r.docBoxStatus);
    expect(detail?.timeline.filter((e) => e.kind === 'status')).toHaveLength(1);
    // The exchange is in the audit chain under the document's binder uuid.
    expect((await b.audit.events({ ev: 'net.', subject: `binder:${binder}`, limit: 10 })).rows.some((e) => e.record?.data['endpoint'] === 'singleStatus')).toBe(true);

    // Asked again at once: refused before anything is sent.
    const soon = await failure(b.document.check(newExt));
    expect(soon.code).toBe('CHECKED_RECENTLY');
    expect(soon.message).toContain('5초');
    expect(single()).toBe(1);

    // Only accepted documents have a status to ask for; a final one is never asked again.
    expect((await failure(b.document.check(ext))).code).toBe('NOT_ACCEPTED');
    sandbox.docsgw.advanceClock(40 * 86_400_000);
    await new Promise((res) => setTimeout(res, 5_100));
    const last = await b.document.check(newExt);
    expect(last).toMatchObject({ outcome: 'ok', previous: 'RECEIVED', docBoxStatus: 'EXPIRED', changed: true });
    expect((await failure(b.document.check(newExt))).code).toBe('ALREADY_FINAL');
    expect(single()).toBe(2);
  }, 30_000);
});

describe('send one new document to one recipient', () => {
  it('uses the chosen mailing’s defaults, validates the typed recipient like an imported row, and sends it alone', async () => {
    const input = { baseMailingId: mailingId, recipient: { name: '최지우', phone: '+82 10-4242-0001', birthday: '1999년 9월 9일' } };
    const plan = (await b.document.planSendOne(input));
    expect(plan).toMatchObject({ recipient: '최*우 010-****-0001', title: DEFAULTS.title, link: DEFAULTS.link, baseMailing: { id: mailingId, name: '재발송 시험' }, original: null });
    const bulkBefore = ledgerRequests('bulkSend');
    const r = await b.document.sendOne(input, plan.digest);
    expect(r).toMatchObject({ state: 'ACCEPTED', resendOf: null });
    expect(ledgerRequests('bulkSend')).toBe(bulkBefore + 1);
    expect(sandbox.docsgw.ledger.itemsFor(r.externalDocumentUuid ?? '')).toMatchObject([{ result: 'ACCEPTED' }]);
    expect(await b.mailing.status(r.mailingId)).toMatchObject({ total: 1, state: 'SENT', profile: 'test-sandbox' });
    expect((await b.audit.events({ ev: 'op.document.send_one', limit: 5 })).rows).toHaveLength(1);

    // Both forms at once, or a content field over its limit: refused with the import's messages.
    const both = await failure(Promise.resolve().then(() => b.document.planSendOne({ recipient: { ci: 'C'.repeat(20), phone: '01012345678' }, content: DEFAULTS })));
    expect(both.message).toContain('CI와 휴대폰 번호·생년월일이 함께 입력되어');
    const noTitle = await failure(Promise.resolve().then(() => b.document.planSendOne({ recipient: input.recipient, content: { link: DEFAULTS.link } })));
    expect(noTitle.message).toContain('제목이 비어 있습니다');
  });
});
