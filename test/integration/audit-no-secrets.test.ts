// "No secret appears anywhere" (issue 4; DESIGN §12; reference evidence-and-audit.md §9): unique markers are
// planted as every secret (docs-gw access token and Contract-Uuid, PayUp apiCertKey, KCP site_key, the data
// folder passphrase), a demo-like run goes through the contract (import → send → poll → landing loop with OTT
// tokens → audit verify/events/checkpoints/export), and then the decrypted databases (docdesk.db and audit.db
// including the decrypted side-table blobs), every file in the data folder and the export, the landing event
// log and every IPC response are searched for the markers, the OTT tokens and the audit signing key.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { openBlob, type BlobEncoding } from '../../main/audit/blob-cipher.ts';
import { createFileKeyVault } from '../../main/audit/signing-key.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { exchangeRecordJson, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { startSandboxes, type RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const M = {
  token: 'MARKERtoken7f3a91c2e4b5d6a8',
  contract: 'MARKERcontract-2b8e-4c1d-9f0a',
  payup: 'MARKERpayupCertKey5e6f7a8b',
  kcp: 'MARKERkcpSiteKey1c2d3e4f',
  pass: 'MARKERpassphrase-한글-9d8c7b',
};

let sandbox: RunningSandboxes;
let b: Backend;
let dataDir: string;
const responses: string[] = [];
const ottTokens: string[] = [];
let landingFile: string;
let closed = false;

function dumpDb(rows: Record<string, unknown>[]): string {
  return rows.map((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') + v.toString('utf8') : String(v))).join('\u0001')).join('\n');
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

beforeAll(async () => {
  sandbox = await startSandboxes({ ledgerPath: path.join(tempDir('docdesk-ledger-'), 'ledger.db'), timeScale: 17_280, accessToken: M.token, contractUuid: M.contract });
  dataDir = tempDir();
  const profileFile = path.join(dataDir, 'profile.json');
  writeFileSync(
    profileFile,
    JSON.stringify({
      name: 'marker-sandbox',
      kind: 'sandbox',
      docsgw: { host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile, timeoutMs: 10_000, connectTimeoutMs: 2_000, rateLimitPerSec: 1000, concurrency: 2, poll: { firstAfterSec: 5, dayOneEverySec: 5, laterEverySec: 5 } },
    }),
  );
  const setup = await createBackend({ dataDir, env: {}, passphrase: M.pass, access: 'read' });
  await setup.importProfile(profileFile);
  await setup.useProfile('marker-sandbox');
  await setup.close();
  b = await createBackend({ dataDir, env: {}, passphrase: M.pass });
  // Stored in the vault (a sandbox profile takes no credential from the environment).
  await b.secrets.set('docsgw.accessToken', M.token);
  await b.secrets.set('docsgw.contractUuid', M.contract);
  await b.secrets.set('payup.apiCertKey', M.payup);
  await b.secrets.set('kcp.siteKey', M.kcp);
}, 60_000);

afterAll(async () => {
  if (!closed) await b?.close();
  await sandbox?.close();
});

describe('no secret anywhere', () => {
  it('runs the whole loop through the contract, then finds no marker, token or key anywhere', async () => {
    const handlers = createContractHandlers(b, (event, payload) => responses.push(JSON.stringify({ event, payload })));
    const invoke = async (channel: string, input: unknown) => {
      const r = await handlers.invoke(channel, input);
      responses.push(JSON.stringify(r));
      return r as { ok: boolean; value?: unknown };
    };
    const list = uploadPath(dataDir, 'list.xlsx');
    await writeSampleRecipientList(list, { rows: 40 });
    const imp = (await invoke('mailing:import', { filePath: list, defaults: { title: '비밀 점검', link: 'https://docdesk.example/n', csNumber: '02-1', csName: '센터' } })) as { ok: boolean; value: { mailingId: string } };
    expect(imp.ok).toBe(true);
    const mailingId = imp.value.mailingId;
    expect((await invoke('mailing:send', { mailingId })).ok).toBe(true);

    // Landing loop with real OTT tokens (the tokens must not be logged either).
    landingFile = path.join(dataDir, 'landing.jsonl');
    const landing = await b.landing.serve({ eventsFile: landingFile });
    let opened = 0;
    for (const ext of sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()) {
      if (opened >= 3) break;
      const binder = sandbox.docsgw.ledger.itemsFor(ext).find((i) => i.result === 'ACCEPTED')?.documentBinderUuid;
      if (!binder) continue;
      let doc;
      try {
        doc = sandbox.docsgw.openDocument(binder);
      } catch {
        continue; // not yet received / never a member
      }
      ottTokens.push(doc.token);
      const u = new URL(doc.url);
      const page = await fetch(`${landing.url}${u.pathname}${u.search}`);
      const html = await page.text();
      const session = /name="session" value="([^"]+)"/.exec(html)?.[1];
      if (!session) continue;
      await (await fetch(`${landing.url}/landing/confirm`, { method: 'POST', body: new URLSearchParams({ session }) })).text();
      await (await fetch(`${landing.url}/landing/rendered`, { method: 'POST', body: new URLSearchParams({ session }) })).text();
      await (await fetch(`${landing.url}${u.pathname}${u.search}`)).text(); // a replay, logged as a failure
      opened++;
    }
    await landing.close();
    expect(opened).toBeGreaterThan(0);

    await invoke('mailing:poll', { mailingId });
    await invoke('mailing:status', { mailingId });
    await invoke('settings:secretStatus', {});
    await invoke('profiles:show', { name: 'marker-sandbox' });
    const ext = [...sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()][0]!;
    await invoke('documents:show', { ref: ext });
    expect((await invoke('audit:verify', {})).ok).toBe(true);
    expect((await invoke('audit:events', { limit: 500 })).ok).toBe(true);
    const docEvents = (await invoke('audit:events', { document: ext })) as { ok: boolean; value: { total: number } };
    expect(docEvents.ok).toBe(true);
    expect(docEvents.value.total).toBeGreaterThan(0);
    const overview = (await invoke('audit:checkpoints', {})) as { ok: boolean; value: { keyFingerprint: string; checkpoints: unknown[] } };
    expect(overview.ok).toBe(true);
    expect(overview.value.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await invoke('audit:settings', { retentionDays: 1095 })).ok).toBe(true);
    expect((await invoke('audit:settings', { retentionDays: 30 })).ok).toBe(false);
    const exp = (await invoke('audit:export', { subject: { kind: 'document', ref: ext }, reason: '비밀 점검 내보내기' })) as { ok: boolean; value: { outDir: string } };
    expect(exp.ok, JSON.stringify(exp)).toBe(true);
    await invoke('audit:export', { subject: { kind: 'range', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, reason: '전체 기간 점검' });
    await b.close();
    closed = true;

    // The audit signing key, as it sits in the vault (DER) — its raw seed must not leak either.
    const keys = loadDataDirKeys(dataDir, M.pass);
    const ak = deriveAuditKeys(keys.auditKey);
    const pkcs8 = createFileKeyVault(path.join(dataDir, 'audit-signing-key.bin'), ak.signingWrapKey).load()!;
    const seed = pkcs8.subarray(pkcs8.length - 32);
    const needles = [...Object.values(M), ...ottTokens, seed.toString('hex'), seed.toString('base64'), seed.toString('latin1')];
    expect(ottTokens.length).toBeGreaterThan(0);

    const haystacks: { where: string; text: string }[] = [];
    const main = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey);
    for (const t of main.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]) {
      haystacks.push({ where: `docdesk.db:${t}`, text: dumpDb(main.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) });
    }
    // A large exchange record is stored deflated (migration 14): searched as its JSON text, as the smaller ones are.
    const records = z.array(storedExchangeRecordSchema).parse(main.prepare('SELECT record_json, record_deflated FROM exchange_log').all());
    expect(records.some((r) => r.record_deflated !== null)).toBe(true);
    haystacks.push({ where: 'docdesk.db:exchange_log records', text: records.map(exchangeRecordJson).join('\n') });
    main.close();
    const audit = openAuditDatabase(path.join(dataDir, 'audit.db'), ak.dbKey);
    for (const t of audit.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]) {
      haystacks.push({ where: `audit.db:${t}`, text: dumpDb(audit.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) });
    }
    const blobs = audit.prepare('SELECT sha256, nonce, ciphertext, encoding FROM audit_blob').all() as { sha256: Buffer; nonce: Buffer; ciphertext: Buffer; encoding: BlobEncoding }[];
    expect(blobs.length).toBeGreaterThan(0);
    for (const bl of blobs) {
      const plain = openBlob(ak.blobKey, bl.sha256, bl);
      expect(createHash('sha256').update(plain).digest().equals(bl.sha256)).toBe(true);
      haystacks.push({ where: `audit.db:blob ${bl.sha256.toString('hex').slice(0, 8)}`, text: plain.toString('utf8') });
    }
    audit.close();
    for (const f of allFiles(dataDir)) {
      const buf = readFileSync(f);
      haystacks.push({ where: path.relative(dataDir, f), text: buf.toString('utf8') + buf.toString('latin1') });
    }
    haystacks.push({ where: 'IPC responses and events', text: responses.join('\n') });
    expect(allFiles(path.join(dataDir, 'exports')).length).toBeGreaterThan(10);
    expect(readFileSync(landingFile, 'utf8')).toContain('token_reused');

    const leaks: string[] = [];
    for (const h of haystacks) for (const n of needles) if (h.text.includes(n)) leaks.push(`${h.where} contains ${n.slice(0, 16)}…`);
    expect(leaks).toEqual([]);
  }, 180_000);
});
