// The network plan through the contract (issue 15) on a real backend with the embedded sandbox: refused plans
// change nothing, saving and exporting are audited, the workbook reads back with SheetJS, the bandwidth uses the
// measured size of this folder's own bulk sends (the sample before the first one), and the plan's profile goes
// through the confirmed import (a replacement needs the digest of exactly what was shown).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { networkPlanViewSchema } from '../../shared/domain/network-documents.ts';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { validateBulkSend } from '../../main/docsgw/validate-request.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { sampleBulkRequest, sampleBulkRequestSize } from '../../main/network/request-size.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { exchangeRecordJson, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { startTestSandbox } from '../helpers/sandbox-docsgw.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';
import { planFor } from '../fixtures/network/plans.ts';

let b: Backend;
let invoke: ReturnType<typeof createContractHandlers>['invoke'];

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir(), env: {} });
  const handlers = createContractHandlers(b, () => undefined);
  invoke = (channel, input) => handlers.invoke(channel, input);
});
afterAll(async () => {
  await b?.close();
});

const viewOf = (r: Awaited<ReturnType<typeof invoke>>) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return networkPlanViewSchema.parse(r.value);
};

describe('saving a plan', () => {
  it('refuses a plan that breaks seed 000 §2.1 with a Korean message per field, and stores nothing', async () => {
    const bad = planFor('leased', { bulkLocalAddress: '127.0.0.2', otherLocalAddress: '127.0.0.3', server: { publicIps: ['192.168.0.10'], hostname: 'edoc.iptime.org' } });
    const r = await invoke('network:savePlan', { plan: bad });
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK_PLAN_INVALID' } });
    if (r.ok) return;
    expect(r.error.message).toContain('사설 IP 연동 불가');
    expect(r.error.message).toContain('유동 IP 연동 불가');
    const details = z.object({ issues: z.array(z.object({ field: z.string(), severity: z.string() })) }).parse(r.error.details);
    expect(details.issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual(['server.publicIps.0', 'server.hostname']);
    expect(viewOf(await invoke('network:plan', {}))).toMatchObject({ plan: null, documents: null });
    expect((await invoke('network:exportForms', {})).ok).toBe(false);
    expect((await b.audit.events({ ev: 'op.network', limit: 10 })).total).toBe(0);
  });

  it('stores a leased-line plan with its warnings, the forms and the flow table; the bandwidth uses the sample before any send', async () => {
    const plan = planFor('leased', { isps: ['KT'], bulkLocalAddress: '127.0.0.2', otherLocalAddress: '127.0.0.3' });
    const v = viewOf(await invoke('network:savePlan', { plan }));
    expect(v.issues.map((i) => `${i.severity} ${i.section}`)).toEqual(['warning seed 000 §4.2']);
    expect(v.documents?.forms.map((f) => f.id)).toEqual(['handover', 'leased']);
    expect(v.documents?.flows.every((f) => f.destination === '113.29.182.90')).toBe(true);
    expect(v.documents?.bandwidth.source.kind).toBe('sample');
    expect(v.documents?.bandwidth.bytesPer100).toBe(sampleBulkRequestSize(Date.now()).bytesPer100);
    expect(viewOf(await invoke('network:plan', {})).plan).toEqual(v.plan);
    expect((await b.audit.events({ ev: 'op.network.plan.save', limit: 10 })).total).toBe(1);
  });

  it('exports the workbook into exports/, one sheet per form and the flow table, audited', async () => {
    const r = await invoke('network:exportForms', {});
    if (!r.ok) throw new Error(r.error.message);
    const file = z.object({ filePath: z.string() }).parse(r.value).filePath;
    expect(path.dirname(file)).toBe(path.join(b.dataDir, 'exports'));
    const wb = XLSX.read(readFileSync(file), { dense: true });
    expect(wb.SheetNames).toEqual(['서버 정보 교환 (방화벽 작업 요청)', '전용선 신청양식', '방화벽 플로우']);
    const leased = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['전용선 신청양식'] as XLSX.WorkSheet, { header: 1, defval: '' });
    expect(leased[0]).toEqual(['번호', '항목', '내용']);
    expect(leased.find((row) => row[1] === 'BW(대역폭 / ex. 128k, 256k, 2M)')?.[2]).toMatch(/^\d+[kMG]/);
    expect((await b.audit.events({ ev: 'op.network.forms.export', limit: 10 })).total).toBe(1);
  });
});

describe('the bandwidth estimate measures this folder\'s own bulk sends', () => {
  it('after a send, bytes per 100 documents are the recent bulk requests\' bodies', { timeout: 120_000 }, async () => {
    const list = uploadPath(b.dataDir, 'measure.xlsx');
    await writeSampleRecipientList(list, { rows: 250 });
    const imported = await b.mailing.import(list, { defaults: { title: '대역폭 측정', link: 'https://docdesk.example/m', csNumber: '02-1', csName: '센터' } });
    await b.mailing.send(imported.mailingId ?? '');
    const bandwidth = viewOf(await invoke('network:plan', {})).documents?.bandwidth;
    expect(bandwidth?.source.kind).toBe('measured');

    // Independently: the logged request bodies and their document counts.
    const db = openDatabase(path.join(b.dataDir, 'docdesk.db'), loadDataDirKeys(b.dataDir, undefined).dbKey);
    try {
      const rows = z.array(storedExchangeRecordSchema).parse(db.prepare(`SELECT record_json, record_deflated FROM exchange_log WHERE endpoint = 'bulkSend' AND status IS NOT NULL ORDER BY seq DESC LIMIT 20`).all());
      const bodies = rows.map((r) => z.object({ requestBody: z.string() }).parse(JSON.parse(exchangeRecordJson(r))).requestBody);
      const bytes = bodies.reduce((s, x) => s + Buffer.byteLength(x, 'utf8'), 0);
      const docs = bodies.reduce((s, x) => s + z.object({ documents: z.array(z.unknown()) }).parse(JSON.parse(x)).documents.length, 0);
      expect(bandwidth?.source).toMatchObject({ requests: bodies.length, documents: docs });
      expect(bandwidth?.bytesPer100).toBe(Math.ceil((bytes / docs) * 100));
    } finally {
      db.close();
    }
  });

  it('the sample is exactly the body the docs-gw client puts on the wire', async () => {
    const s = await startTestSandbox();
    try {
      const { client, sink } = s.client();
      const req = sampleBulkRequest();
      const outcome = await client.bulkSend(req);
      expect(outcome.kind).toBe('ok');
      const sent = sink.records.find((r) => r.endpoint === 'bulkSend');
      expect(sent?.requestBody).toBe(JSON.stringify(validateBulkSend(req, Date.now())));
      expect(Number(sent?.requestHeaders['content-length'])).toBe(sampleBulkRequestSize(Date.now()).bytesPer100);
    } finally {
      await s.close();
    }
  });
});

describe('the profile the plan implies', () => {
  it('on a sandbox-only folder a production profile is refused before anything is written; the rehearsal is imported', async () => {
    const refused = await invoke('network:makeProfile', { name: 'agency-leased', target: 'production' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_LOOPBACK' } });
    expect((await b.profiles.list()).some((p) => p.name === 'agency-leased')).toBe(false);

    const made = await invoke('network:makeProfile', { name: 'agency-rehearsal', target: 'sandbox' });
    expect(made).toMatchObject({ ok: true, value: { name: 'agency-rehearsal', kind: 'sandbox', replaced: false } });
    expect((await b.profiles.get('agency-rehearsal')).docsgw).toMatchObject({ addresses: ['127.0.0.1'], localAddress: '127.0.0.3', port: 0 });
  });

  it('a changed plan replaces the profile only with the digest of the preview shown', async () => {
    const plan = viewOf(await invoke('network:plan', {})).plan;
    viewOf(await invoke('network:savePlan', { plan: { ...plan, mode: 'public', idc: undefined, isps: [], wishedOpeningDate: undefined } }));
    const preview = await invoke('network:previewProfile', { name: 'agency-rehearsal', target: 'sandbox' });
    if (!preview.ok) throw new Error(preview.error.message);
    const shown = z.object({ preview: z.object({ digest: z.string(), exists: z.boolean(), changes: z.array(z.object({ field: z.string(), after: z.string().nullable() })) }) }).parse(preview.value).preview;
    expect(shown.exists).toBe(true);
    expect(shown.changes).toContainEqual(expect.objectContaining({ field: 'docsgw.addresses', after: '127.0.0.1, 127.0.0.2' }));

    expect(await invoke('network:makeProfile', { name: 'agency-rehearsal', target: 'sandbox' })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    expect((await b.profiles.get('agency-rehearsal')).docsgw.addresses).toEqual(['127.0.0.1']);

    // The plan changes again after the preview: the old confirmation no longer fits.
    viewOf(await invoke('network:savePlan', { plan: { ...plan, mode: 'public', idc: undefined, isps: [], wishedOpeningDate: undefined, otherLocalAddress: '127.0.0.4' } }));
    expect(await invoke('network:makeProfile', { name: 'agency-rehearsal', target: 'sandbox', confirmReplace: shown.digest })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });

    viewOf(await invoke('network:savePlan', { plan: { ...plan, mode: 'public', idc: undefined, isps: [], wishedOpeningDate: undefined } }));
    expect(await invoke('network:makeProfile', { name: 'agency-rehearsal', target: 'sandbox', confirmReplace: shown.digest })).toMatchObject({ ok: true, value: { replaced: true } });
    expect((await b.profiles.get('agency-rehearsal')).docsgw.addresses).toEqual(['127.0.0.1', '127.0.0.2']);
    expect((await b.audit.events({ ev: 'op.profile.import', limit: 10 })).total).toBe(2);
  });

  it('refuses a profile name the import would refuse, in Korean', async () => {
    expect(await invoke('network:makeProfile', { name: 'Agency Leased', target: 'sandbox' })).toMatchObject({ ok: false, error: { code: 'INVALID_PROFILE_NAME' } });
    expect(await invoke('network:makeProfile', { name: 'sandbox', target: 'sandbox' })).toMatchObject({ ok: false, error: { code: 'INVALID_PROFILE_NAME' } });
  });
});
