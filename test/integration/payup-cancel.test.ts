// PayUp cancel against the sandbox simulator over real HTTPS: the seed vectors end to end, every response code,
// the journal (skip, UNKNOWN, resolve), and secrets never in the exchange log or CLI output.
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { createPayupClient } from '../../main/payup/client.ts';
import { cancelSignature, orderSignature, signatureFingerprint } from '../../main/payup/signature.ts';
import { PAYUP_SANDBOX_MESSAGES, SANDBOX_DOWNSTREAM_CODE, sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { payupServiceSchema } from '../../shared/domain/profile.ts';
import { runCli } from '../helpers/cli.ts';
import { createMemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { seedVectors } from '../fixtures/payup/seed-002-vectors.ts';
import { payupBackend, preparePayupDataDir, startPayupTestSandbox } from './payup-helpers.ts';

const seed = seedVectors();
// Planted marker secret: must never appear in any log row or CLI output.
const MARKER_KEY = 'feedfacecafebeef0123456789abcdefMARKER';
const MARKER_MERCHANT = 'marker-merchant';

let sandbox: RunningSandboxes;
let n = 0;
const nextTx = (ending = '0000'): string => sandboxTransactionId(100_000 + ++n, ending);

beforeAll(async () => {
  sandbox = await startPayupTestSandbox({ [seed.cancel.merchantId]: seed.key, [MARKER_MERCHANT]: MARKER_KEY });
});
afterAll(async () => {
  await sandbox.close();
});

function service(merchantId: string, timeoutMs = 5_000) {
  const pu = sandbox.payup.info();
  return payupServiceSchema.parse({ baseUrl: pu.baseUrl, merchantId, addresses: pu.addresses, caFile: pu.caFile, timeoutMs });
}

describe('seed 002 vectors against the simulator', () => {
  it('the cancel vector is accepted by the simulator and only its fingerprint is logged', async () => {
    const sink = createMemoryExchangeSink();
    const client = createPayupClient({ service: service(seed.cancel.merchantId), apiCertKey: () => seed.key, exchangeSink: sink });
    try {
      const out = await client.cancel({ transactionId: seed.cancel.transactionId, cancelReason: '시드 벡터' });
      expect(out).toMatchObject({ kind: 'ok', value: { responseCode: '0000', responseMsg: '성공' } });
      const reqs = sandbox.payup.ledger.requests(seed.cancel.transactionId);
      expect(reqs).toHaveLength(1);
      expect(reqs[0]?.signatureOk).toBe(true);
      const rec = sink.records.at(-1);
      expect(rec?.correlation.signature).toBe(signatureFingerprint(seed.cancel.signature));
      expect(sink.serialized()).not.toContain(seed.cancel.signature);
      expect(sink.serialized()).not.toContain(seed.key);
      expect(rec?.path).toBe(`/ep/api/kakao/${seed.cancel.merchantId}/cancel`);
    } finally {
      await client.close();
    }
  });

  it('the order vector is accepted by the simulator; a wrong key is refused with 2001', async () => {
    const post = (body: unknown): Promise<{ responseCode: string }> =>
      new Promise((resolve, reject) => {
        const pu = sandbox.payup.info();
        const req = https.request(
          { host: pu.addresses[0], port: pu.port, servername: pu.host, path: `/ep/api/kakao/${seed.order.merchantId}/order`, method: 'POST', ca: [readCa(pu.caFile)], headers: { 'content-type': 'application/json; charset=utf-8', host: pu.host } },
          (res) => {
            let t = '';
            res.on('data', (c: Buffer) => (t += c.toString('utf8')));
            res.on('end', () => resolve(JSON.parse(t) as { responseCode: string }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    const o = seed.order;
    const sig = orderSignature(o.merchantId, o.orderNumber, o.amount, seed.key, o.timestamp);
    expect(sig).toBe(o.signature);
    const base = { orderNumber: o.orderNumber, amount: o.amount, itemName: '상품', userName: '김페이', returnUrl: 'https://x.test/r', timestamp: o.timestamp };
    expect((await post({ ...base, signature: sig })).responseCode).toBe('0000');
    expect((await post({ ...base, signature: orderSignature(o.merchantId, o.orderNumber, o.amount, '0'.repeat(32), o.timestamp) })).responseCode).toBe('2001');
  });
});

function readCa(file: string): string {
  return readFileSync(file, 'utf8');
}

describe('cancel service on the journal', () => {
  it('surfaces every response code with its Korean message, and cancels a normal transaction once', async () => {
    const b = await payupBackend(sandbox);
    try {
      const ok = await b.payup.cancel(nextTx(), '고객 요청 환불');
      expect(ok).toMatchObject({ state: 'CANCELLED', responseCode: '0000', sent: true });
      expect(ok.cancelDateTime).toMatch(/^\d{14}$/);
      expect(ok.summary).toContain('취소 완료');
      for (const code of [...Object.keys(PAYUP_SANDBOX_MESSAGES).filter((c) => c !== '0000'), SANDBOX_DOWNSTREAM_CODE]) {
        const r = await b.payup.cancel(nextTx(code), '응답코드 확인');
        expect(r.state, code).toBe('REJECTED');
        expect(r.responseCode).toBe(code);
        expect(r.summary).toContain(`[${code}]`);
        expect(r.summary).toMatch(/[가-힣]/);
        if (code !== SANDBOX_DOWNSTREAM_CODE && !(PAYUP_SANDBOX_MESSAGES[code] ?? '').includes('{')) expect(r.summary).toContain(PAYUP_SANDBOX_MESSAGES[code]);
      }
    } finally {
      await b.close();
    }
  });

  it('skips an already-cancelled transaction without sending', async () => {
    const b = await payupBackend(sandbox);
    try {
      const tx = nextTx();
      expect((await b.payup.cancel(tx, '첫 취소')).state).toBe('CANCELLED');
      const again = await b.payup.cancel(tx, '두 번째 취소');
      expect(again).toMatchObject({ disposition: 'SKIPPED', sent: false, state: 'CANCELLED' });
      expect(sandbox.payup.ledger.requests(tx)).toHaveLength(1);
      expect(sandbox.payup.ledger.cancelCount(tx)).toBe(1);
    } finally {
      await b.close();
    }
  });

  it.each([
    ['timeout after the body', { timeoutAfterBody: { count: 1 } }],
    ['reset mid-response', { resetMidResponse: { count: 1 } }],
    ['5xx after processing', { wholeRequest: { status: 502, processFirst: true, count: 1 } }],
    ['5xx from a proxy', { wholeRequest: { status: 503, count: 1 } }],
  ])('an ambiguous outcome (%s) becomes UNKNOWN and waits for the operator', async (_name, faults) => {
    const b = await payupBackend(sandbox, { timeoutMs: 1_500 });
    try {
      const tx = nextTx();
      sandbox.payup.setFaults(faults);
      const r = await b.payup.cancel(tx, '결과 불명 테스트');
      sandbox.payup.clearFaults();
      expect(r.state).toBe('UNKNOWN');
      // The operator's decision, worded for every face (the screen's dialog, the CLI's resolve line).
      expect(r.summary).toContain('다시 요청할지 포기할지 결정하세요');
      // Asked again: not sent, the operator must decide.
      const again = await b.payup.cancel(tx, '다시');
      expect(again).toMatchObject({ disposition: 'SKIPPED', sent: false, state: 'UNKNOWN' });
      const before = sandbox.payup.ledger.requests(tx).filter((x) => x.signatureOk).length;
      // retry → sent once more; PayUp answers 1005 if the first one went through → ALREADY_CANCELLED.
      expect((await b.payup.resolve(tx, 'retry')).state).toBe('QUEUED');
      const retried = await b.payup.cancel(tx, '재시도');
      expect(['CANCELLED', 'ALREADY_CANCELLED']).toContain(retried.state);
      expect(sandbox.payup.ledger.cancelCount(tx)).toBe(1);
      expect(sandbox.payup.ledger.requests(tx).filter((x) => x.signatureOk).length).toBe(before + 1);
      if (before === 1) expect(retried.state).toBe('ALREADY_CANCELLED');
    } finally {
      sandbox.payup.clearFaults();
      await b.close();
    }
  });

  it('abandon is journalled; an unreachable PayUp leaves the row QUEUED (not sent)', async () => {
    const b = await payupBackend(sandbox, { timeoutMs: 1_000 });
    try {
      const tx = nextTx();
      sandbox.payup.setFaults({ timeoutAfterBody: { count: 1 } });
      expect((await b.payup.cancel(tx, '포기 테스트')).state).toBe('UNKNOWN');
      expect((await b.payup.resolve(tx, 'abandon')).state).toBe('ABANDONED');
      await expect(b.payup.resolve(tx, 'retry')).rejects.toThrow(/UNKNOWN/);
      expect((await b.payup.cancel(tx, '또')).disposition).toBe('SKIPPED');
      expect((await b.payup.timeline(tx)).map((e) => e.kind)).toEqual(['queued', 'sending', 'unknown', 'resolved']);
    } finally {
      sandbox.payup.clearFaults();
      await b.close();
    }
    // A closed port: connection refused on every try → provably not sent → QUEUED, nothing in the ledger.
    const dataDir = tempDir('docdesk-payup-');
    await preparePayupDataDir(sandbox, dataDir);
    const closedProfile = path.join(dataDir, 'closed.json');
    const pu = sandbox.payup.info();
    writeFileSync(
      closedProfile,
      JSON.stringify({
        name: 'closed',
        kind: 'sandbox',
        docsgw: { host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile },
        payup: { baseUrl: `https://${pu.host}:1`, merchantId: pu.merchantId, addresses: pu.addresses, caFile: pu.caFile, timeoutMs: 1_000 },
      }),
    );
    const setup = await createBackend({ dataDir, env: {}, access: 'read' });
    await setup.importProfile(closedProfile);
    await setup.useProfile('closed');
    await setup.close();
    const b2 = await createBackend({ dataDir, env: {} });
    try {
      const tx = nextTx();
      const r = await b2.payup.cancel(tx, '연결 실패');
      expect(r.state).toBe('QUEUED');
      expect(sandbox.payup.ledger.requests(tx)).toHaveLength(0);
    } finally {
      await b2.close();
    }
  });
});

describe('secrets', () => {
  it('never appear in the exchange log or in any CLI output', { timeout: 60_000 }, async () => {
    const dataDir = tempDir('docdesk-payup-secret-');
    await preparePayupDataDir(sandbox, dataDir, { merchantId: MARKER_MERCHANT, timeoutMs: 1_500 });
    const txs = [nextTx(), nextTx('1004'), nextTx()];
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const r = await runCli(['--data-dir', dataDir, ...args]);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    // Stored write-only (a sandbox profile takes no credential from the environment).
    const setKey = async (value: string) => {
      const r = await runCli(['--data-dir', dataDir, 'secret', 'set', 'payup.apiCertKey'], { input: value });
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(0);
    };
    await setKey(MARKER_KEY);
    expect((await run('--json', 'payup', 'cancel', '--transaction', txs[0] ?? '', '--reason', '환불', '--yes')).code).toBe(0);
    expect((await run('payup', 'cancel', '--transaction', txs[1] ?? '', '--reason', '환불', '--yes')).code).toBe(1);
    sandbox.payup.setFaults({ timeoutAfterBody: { count: 1 } });
    expect((await run('--json', 'payup', 'cancel', '--transaction', txs[2] ?? '', '--reason', '환불', '--yes')).code).toBe(3);
    sandbox.payup.clearFaults();
    expect((await run('--json', 'payup', 'status')).code).toBe(0);
    expect((await run('payup', 'status', '--transaction', txs[2] ?? '')).code).toBe(0);
    // A wrong key: 2001 surfaces, the wrong key is not printed either.
    await setKey(`${MARKER_KEY}WRONG`);
    const wrong = await run('payup', 'cancel', '--transaction', nextTx(), '--reason', '환불', '--yes');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('[2001]');

    const signatures = txs.map((t) => cancelSignature(MARKER_MERCHANT, t, MARKER_KEY));
    const all = outputs.join('\n');
    expect(all).not.toContain('MARKER');
    for (const s of signatures) expect(all).not.toContain(s);

    const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
    try {
      const rows = db.prepare(`SELECT record_json, correlation_json FROM exchange_log WHERE service = 'payup'`).all() as { record_json: string; correlation_json: string }[];
      expect(rows.length).toBeGreaterThanOrEqual(4);
      const dump = JSON.stringify(rows) + JSON.stringify(db.prepare('SELECT * FROM operator_actions').all()) + JSON.stringify(db.prepare('SELECT * FROM payup_cancel_events').all());
      expect(dump).not.toContain('MARKER');
      for (const s of signatures) expect(dump).not.toContain(s);
      expect(dump).toContain(signatureFingerprint(signatures[0] ?? ''));
    } finally {
      db.close();
    }
  });
});
