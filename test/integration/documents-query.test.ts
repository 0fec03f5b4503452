// documents:query, documents:export and dashboard:summary over a real encrypted database: a real send through the
// embedded sandbox plus 20,000 synthetic documents. Expected values come from a second, independent connection.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { resolveExportPath } from '../../main/documents/export-paths.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import type { ContractResult } from '../../shared/ipc.ts';
import type { DashboardSummary, DocumentsPage } from '../../shared/domain/documents-query.ts';
import { tempDir } from '../helpers/test-backend.ts';

let b: Backend;
let dataDir: string;
let side: Db; // an independent read-write connection (WAL) for expectations and planted values
let mailingId: string;
let invoke: (channel: string, input: unknown) => Promise<ContractResult<unknown>>;

async function page(input: unknown): Promise<DocumentsPage> {
  const r = await invoke('documents:query', input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as DocumentsPage;
}
const n = (sql: string, ...args: unknown[]) => (side.prepare(sql).get(...args) as { n: number }).n;

beforeAll(async () => {
  dataDir = tempDir();
  b = await createBackend({ dataDir, env: {} });
  invoke = (channel, input) => createContractHandlers(b, () => {}).invoke(channel, input);
  const file = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(file, { rows: 120 });
  const imp = await b.mailing.import(file, { defaults: { title: '그리드 테스트', link: 'https://docdesk.example/g', csNumber: '02-1', csName: '센터' }, name: '그리드 테스트' });
  mailingId = imp.mailingId ?? '';
  await b.mailing.send(mailingId);
  await b.documents.insertSynthetic({ documents: 30_000, perMailing: 12_000, seed: 7 });
  side = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
}, 120_000);

afterAll(async () => {
  side?.close();
  await b?.close();
});

describe('documents:query', () => {
  it('pages all documents in id order with the total, and refuses oversized pages and unknown sort columns', async () => {
    const all = n('SELECT count(*) n FROM documents');
    const first = await page({ limit: 500 });
    expect(first.total).toBe(all);
    expect(first.rows).toHaveLength(500);
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((x, y) => x - y));
    const deep = await page({ offset: all - 10, limit: 100 });
    expect(deep.rows).toHaveLength(10);
    expect(deep.rows.at(-1)?.id).toBe(n('SELECT max(id) n FROM documents'));
    expect(await invoke('documents:query', { limit: 501 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('documents:query', { sort: 'recipient_key' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('documents:query', { sort: 'id; DROP TABLE documents' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('documents:query', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('sorts by a whitelisted column with id as the tiebreak, in both directions', async () => {
    const p = await page({ sort: 'stateAt', direction: 'desc', offset: 1000, limit: 300 });
    for (let i = 1; i < p.rows.length; i++) {
      const [a, c] = [p.rows[i - 1]!, p.rows[i]!];
      expect(a.stateAt > c.stateAt || (a.stateAt === c.stateAt && a.id > c.id)).toBe(true);
    }
    const byState = await page({ sort: 'state', limit: 500, offset: 5000 });
    for (let i = 1; i < byState.rows.length; i++) expect(byState.rows[i - 1]!.state <= byState.rows[i]!.state).toBe(true);
  });

  it('filters by mailing, our states, gateway status (unpolled accepted = SENT) and error code', async () => {
    const m = await page({ mailingId, limit: 500 });
    expect(m.total).toBe(n('SELECT count(*) n FROM documents WHERE mailing_id = ?', mailingId));
    expect(m.rows.every((r) => r.mailingId === mailingId && r.mailingName === '그리드 테스트')).toBe(true);

    const rejected = await page({ states: ['REJECTED', 'UNKNOWN'], limit: 500 });
    expect(rejected.total).toBe(n(`SELECT count(*) n FROM documents WHERE state IN ('REJECTED','UNKNOWN')`));
    expect(rejected.rows.every((r) => r.state === 'REJECTED' || r.state === 'UNKNOWN')).toBe(true);

    // The real send was not polled: its accepted documents have no gateway status yet and count as SENT.
    const unpolled = n(`SELECT count(*) n FROM documents WHERE mailing_id = ? AND state = 'ACCEPTED' AND doc_box_status IS NULL`, mailingId);
    expect(unpolled).toBeGreaterThan(0);
    const sent = await page({ mailingId, docBoxStatuses: ['SENT'], limit: 500 });
    expect(sent.total).toBe(unpolled);
    expect(sent.rows.every((r) => r.state === 'ACCEPTED' && r.docBoxStatus === 'SENT')).toBe(true);

    const read = await page({ docBoxStatuses: ['READ', 'EXPIRED'], limit: 10 });
    expect(read.total).toBe(n(`SELECT count(*) n FROM documents WHERE doc_box_status IN ('READ','EXPIRED')`));

    const forbidden = await page({ errorCode: 'FORBIDDEN', states: ['REJECTED'] });
    expect(forbidden.total).toBe(n(`SELECT count(*) n FROM documents WHERE error_code = 'FORBIDDEN' AND state = 'REJECTED'`));
    expect(forbidden.total).toBeGreaterThan(0);
  });

  it('pages a broad filter sorted by another column (walking the sort index) exactly like SQL says', async () => {
    const readPage = await page({ docBoxStatuses: ['RECEIVED', 'READ', 'EXPIRED'], sort: 'readAt', direction: 'desc', offset: 5000, limit: 200 });
    const expected = side
      .prepare(`SELECT id FROM documents WHERE state = 'ACCEPTED' AND doc_box_status IN ('RECEIVED','READ','EXPIRED') ORDER BY read_at DESC, id DESC LIMIT 200 OFFSET 5000`)
      .all() as { id: number }[];
    expect(readPage.total).toBeGreaterThan(20_000); // above the threshold where the sort index is walked
    expect(readPage.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    const accepted = await page({ states: ['ACCEPTED'], docBoxStatuses: ['SENT', 'RECEIVED', 'READ'], sort: 'stateAt', offset: 3000, limit: 100 });
    const expected2 = side
      .prepare(
        `SELECT id FROM documents WHERE state = 'ACCEPTED' AND coalesce(doc_box_status, 'SENT') IN ('SENT','RECEIVED','READ') ORDER BY state_at, id LIMIT 100 OFFSET 3000`,
      )
      .all() as { id: number }[];
    expect(accepted.rows.map((r) => r.id)).toEqual(expected2.map((r) => r.id));
  });

  it('searches by phone (full, dashed, last 4), name prefix, external id and binder uuid, returning only masked data', async () => {
    const doc = side
      .prepare(`SELECT id, recipient_key, external_document_uuid ext, gateway_binder_uuid binder FROM documents WHERE mailing_id = ? AND state = 'ACCEPTED' ORDER BY id LIMIT 1`)
      .get(mailingId) as { id: number; recipient_key: string; ext: string; binder: string };
    const [, phone = '', name = ''] = doc.recipient_key.split(':');
    const ids = async (search: string) => (await page({ search, limit: 500 })).rows.map((r) => r.id);

    expect(await ids(phone)).toContain(doc.id);
    expect(await ids(`${phone.slice(0, 3)}-${phone.slice(3, -4)}-${phone.slice(-4)}`)).toContain(doc.id);
    const last4 = await page({ search: phone.slice(-4), limit: 500 });
    expect(last4.rows.map((r) => r.id)).toContain(doc.id);
    const phoneOf = `substr(recipient_key, 3, instr(substr(recipient_key, 3), ':') - 1)`;
    expect(last4.total).toBe(n(`SELECT count(*) n FROM documents WHERE recipient_key LIKE 'p:%' AND (${phoneOf} LIKE ? OR ${phoneOf} LIKE ?)`, `%${phone.slice(-4)}`, `${phone.slice(-4)}%`));
    expect(await ids(name)).toContain(doc.id);
    expect(await ids(doc.ext.toLowerCase())).toEqual([doc.id]);
    expect(await ids(doc.binder)).toEqual([doc.id]);

    const rows = (await page({ search: phone, limit: 500 })).rows;
    const text = JSON.stringify(rows);
    expect(text).not.toContain(phone);
    if ([...name].length >= 2) expect(text).not.toContain(name);
    expect(rows.find((r) => r.id === doc.id)?.recipient).toMatch(/^\S+ \d{3}-\*{4}-\d{4}$/);
  });

  it('treats search text as data: quotes and SQL change nothing', async () => {
    const before = n('SELECT count(*) n FROM documents');
    const r = await page({ search: `'; DROP TABLE documents; --` });
    expect(r).toEqual({ total: 0, rows: [] });
    expect((await page({ search: '%' })).total).toBe(0);
    expect(n('SELECT count(*) n FROM documents')).toBe(before);
  });

  it('keeps the total current when documents change', async () => {
    const before = (await page({ states: ['CANCELLED'] })).total;
    side.prepare(`UPDATE documents SET state = 'CANCELLED' WHERE id = (SELECT min(id) FROM documents WHERE state = 'QUEUED')`).run();
    expect((await page({ states: ['CANCELLED'] })).total).toBe(before + 1);
  });
});

describe('documents:export', () => {
  it('writes the current view under exports/ with neutralised text cells and numbers kept as numbers', async () => {
    const target = side.prepare(`SELECT id FROM documents WHERE state = 'REJECTED' ORDER BY id LIMIT 1`).get() as { id: number };
    side.prepare(`UPDATE documents SET error_message = '=HYPERLINK("http://evil.example","x")', error_code = '-FORBIDDEN' WHERE id = ?`).run(target.id);
    const r = await invoke('documents:export', { states: ['REJECTED'], sort: 'id', columns: ['id', 'recipient', 'errorCode', 'errorMessage', 'stateAt'] });
    expect(r.ok).toBe(true);
    const { filePath, rows, truncated } = (r as { value: { filePath: string; rows: number; truncated: boolean } }).value;
    expect(path.dirname(filePath)).toBe(path.join(dataDir, 'exports'));
    expect(rows).toBe(n(`SELECT count(*) n FROM documents WHERE state = 'REJECTED'`));
    expect(truncated).toBe(false);
    const ws = XLSX.read(readFileSync(filePath), { dense: true }).Sheets['문서 상태']!;
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
    expect(aoa[0]).toEqual(['문서 번호', '수신자(마스킹)', '오류 코드', '오류 메시지', '상태 변경 시각']);
    expect(aoa).toHaveLength(rows + 1);
    const planted = aoa.find((row) => row[0] === target.id)!;
    expect(typeof planted[0]).toBe('number');
    expect(planted[2]).toBe(`'-FORBIDDEN`);
    expect(planted[3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(String(planted[4])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('confines paths handed out to <dataDir>/exports/ (traversal, absolute paths, symlinks)', () => {
    const exportsDir = path.join(dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    writeFileSync(path.join(exportsDir, 'ok.xlsx'), 'x');
    expect(resolveExportPath(dataDir, 'ok.xlsx')).toBe(path.join(exportsDir, 'ok.xlsx'));
    expect(() => resolveExportPath(dataDir, '../docdesk.db')).toThrow(/exports/);
    expect(() => resolveExportPath(dataDir, path.join(dataDir, 'docdesk.db'))).toThrow(/exports/);
    symlinkSync(path.join(dataDir, 'docdesk.db'), path.join(exportsDir, 'link.xlsx'));
    expect(() => resolveExportPath(dataDir, 'link.xlsx')).toThrow(/exports/);
    expect(() => resolveExportPath(dataDir, 'missing.xlsx')).toThrow(/찾을 수 없습니다/);
  });
});

describe('dashboard:summary', () => {
  it('reports today against the pre-review line, the funnel, read rate per day and recent errors', async () => {
    const r = await invoke('dashboard:summary', {});
    expect(r.ok).toBe(true);
    const d = (r as { value: DashboardSummary }).value;
    expect(d.today.preReviewThreshold).toBe(500_000);
    expect(d.today.preReviewRequired).toBe(false);
    expect(d.today.pending).toBe(n(`SELECT count(*) n FROM documents WHERE state IN ('DRAFT','QUEUED','IN_FLIGHT')`));
    expect(d.today.planned).toBe(d.today.accepted + d.today.pending);
    expect(d.funnel.accepted).toBe(n(`SELECT count(*) n FROM documents WHERE state = 'ACCEPTED'`));
    expect(d.funnel.read).toBe(n(`SELECT count(*) n FROM documents WHERE state = 'ACCEPTED' AND doc_box_status = 'READ'`));
    expect(d.funnel.received).toBe(d.funnel.read + n(`SELECT count(*) n FROM documents WHERE state = 'ACCEPTED' AND doc_box_status = 'RECEIVED'`));
    expect(d.readRate.length).toBeGreaterThan(1);
    for (const day of d.readRate) expect(day.rate).toBeCloseTo(day.read / day.accepted, 2);
    expect(d.recentErrors.length).toBeGreaterThan(0);
    expect(d.recentErrors.every((e) => e.count > 0 && e.errorCode.length > 0)).toBe(true);
  });
});
