// The `ppcli` transport end to end through the fake KCP module (test/fixtures/kcp): the real Linux `-h` and
// Windows `pp_cli_exe` grammars, UTF-8 (opt=1) and EUC-KR output, a code-page banner line, 9502 on empty output,
// the timeout that kills the module, S102 when the module cannot run — site_key never logged, and the module
// started with a minimal environment (no DOCDESK_*, no passphrase).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKcpSandbox, type KcpSandbox } from '../../main/sandbox/kcp/gateway.ts';
import { FAKE_PPCLI_HOME, kcpProfile, kcpTestService } from '../helpers/kcp-service.ts';
import { closedPort } from '../helpers/sandbox-raw-servers.ts';
import { tempDir } from '../helpers/test-backend.ts';

const SITE_KEY = 'PPCLI-SITEKEY-MARKER-7f3a';
let gw: KcpSandbox;
let argvFile: string;
/** The fake module's switches (fixtures/kcp/README.md): the module only sees what the service passes it. */
let fake: Record<string, string>;

beforeAll(async () => {
  gw = await startKcpSandbox({ siteKey: SITE_KEY });
});
afterAll(async () => {
  await gw.close();
});
beforeEach(() => {
  argvFile = path.join(tempDir('docdesk-ppcli-'), 'argv.jsonl');
  fake = { FAKE_PPCLI_NODE: process.execPath, FAKE_PPCLI_ARGV_FILE: argvFile };
});
afterEach(() => gw.clearFaults());

function setup(grammar: 'linux' | 'windows', kcp: Record<string, unknown> = {}) {
  return kcpTestService({
    profile: kcpProfile({ transport: 'ppcli', host: gw.host, port: gw.port, ppcliHome: FAKE_PPCLI_HOME, ...kcp }),
    siteKey: SITE_KEY,
    ppcliGrammar: grammar,
    ppcliEnv: fake,
  });
}

const argvRecords = (): { grammar: string; keys: string[]; opt: string | null; payx: string }[] =>
  readFileSync(argvFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('Linux grammar (pp_cli -h, opt=1)', () => {
  it('verifies a Korean holder end to end; the module got the exact key order and UTF-8 values', async () => {
    const t = setup('linux');
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '1234-5678-901234', ownerName: '홍길동', orderId: 'PP-1' });
      expect(r.state).toBe('VERIFIED');
      expect(r.resMsg).toBe('정상처리');
      expect(r.tno).toMatch(/^\d{14}$/);
      expect(r.appTime).toMatch(/^\d{14}$/);
      expect(r.orderId).toBe('PP-1');
      const [rec] = argvRecords();
      expect(rec?.grammar).toBe('linux');
      expect(rec?.opt).toBe('1');
      expect(rec?.keys[0]).toBe('home');
      expect(rec?.payx).toContain('bk_owner_nm=홍길동\x1f');
      expect(gw.ledger().at(-1)).toMatchObject({ bankCode: '04', accountLast4: '1234', resCd: '0000', ordrIdxx: 'PP-1' });
      const wrong = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길순' });
      expect(wrong.state).toBe('NOT_VERIFIED');
      expect(wrong.resCd).toBe('8201');
      expect(wrong.resMsg).toBe('예금주 성명 불일치');
    } finally {
      await t.close();
    }
  });

  it('decodes an EUC-KR answer from a module that ignores opt=1, after a banner line', async () => {
    fake.FAKE_PPCLI_OUTPUT = 'euc-kr';
    fake.FAKE_PPCLI_MODE = 'banner';
    const t = setup('linux');
    try {
      const r = await t.service.verify({ bankCode: '88', accountNo: '110-123-456789', ownerName: '김철수' });
      expect(r.state).toBe('VERIFIED');
      expect(r.resMsg).toBe('정상처리');
      const unknown = await t.service.verify({ bankCode: '88', accountNo: '999999999', ownerName: '김철수' });
      expect(unknown.resCd).toBe('8202');
      expect(unknown.resMsg).toBe('계좌번호 오류(존재하지 않는 계좌)');
    } finally {
      await t.close();
    }
  });

  it('synthesises 9502 on empty output after one retry, and records it as FAILED', async () => {
    fake.FAKE_PPCLI_MODE = 'empty';
    const t = setup('linux');
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(r.state).toBe('FAILED');
      expect(r.resCd).toBe('9502');
      expect(r.resMsg).toBe('연동 모듈 호출 오류');
      expect(t.exchangeCount()).toBe(2); // the first try and the one retry (reference A11)
      const row = t.db.prepare('SELECT attempts FROM kcp_verifications WHERE id = ?').get(r.id) as { attempts: number };
      expect(row.attempts).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('kills a hung module at the timeout and leaves the verification UNKNOWN', async () => {
    fake.FAKE_PPCLI_MODE = 'hang';
    const t = setup('linux', { timeoutMs: 1_000 });
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(r.state).toBe('UNKNOWN');
      expect(r.errorCode).toBe('TIMEOUT');
      expect(r.message).toMatch(/결과를 알 수 없습니다/);
    } finally {
      await t.close();
    }
  });

  // Observed with KCP's published Linux module (issue 15): a refused connection answers res_cd=S202 (exit 116), a
  // request sent without an answer res_cd=S204 (exit 72). Neither is an answer about the account.
  it('a gateway that refuses the connection is FAILED (S202, nothing sent), not "not verified"', async () => {
    const t = setup('linux', { host: '127.0.0.1', port: await closedPort() });
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(r.state).toBe('FAILED');
      expect(r.errorCode).toBe('S202');
      expect(r.message).toMatch(/KCP에 요청하지 못했습니다/);
    } finally {
      await t.close();
    }
  });

  it('a request that got no answer is UNKNOWN (S204: KCP may have it), not "not verified"', async () => {
    gw.setFaults({ closeMidFrame: true });
    const t = setup('linux');
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동', orderId: 'PP-S204' });
      expect(r.state).toBe('UNKNOWN');
      expect(r.errorCode).toBe('S204');
      expect(gw.ledger().some((e) => e.ordrIdxx === 'PP-S204')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('reports S102 when the module cannot be run', async () => {
    const t = setup('linux', { ppcliHome: tempDir('docdesk-nomodule-') });
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(r.state).toBe('FAILED');
      expect(r.errorCode).toBe('S102');
      expect(gw.ledger().some((e) => e.ordrIdxx === r.orderId)).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('Windows grammar (pp_cli_exe, one quoted string)', () => {
  it('passes plan_data, reads past the code-page banner and decodes EUC-KR', async () => {
    const t = setup('windows');
    try {
      const r = await t.service.verify({ bankCode: '20', accountNo: '1002-123-456789', ownerName: '이영희' });
      expect(r.state).toBe('VERIFIED');
      expect(r.resMsg).toBe('정상처리');
      const closed = await t.service.verify({ bankCode: '11', accountNo: '3020000123456', ownerName: '정다은' });
      expect(closed.resCd).toBe('8203');
      expect(closed.resMsg).toBe('해지 또는 거래중지 계좌');
      const [rec] = argvRecords();
      expect(rec?.grammar).toBe('windows');
      expect(rec?.keys).not.toContain('home');
      expect(rec?.keys).not.toContain('opt');
      expect(rec?.keys.at(-1)).toBe('plan_data');
    } finally {
      await t.close();
    }
  });
});

it('never logs the site_key, the full account number or the holder name (argv is redacted)', async () => {
  const t = setup('linux');
  try {
    await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
    const text = t.allText().replace(/"account_no":"12345678901234"/g, '').replace(/"owner_name":"홍길동"/g, '');
    const logs = JSON.stringify([t.db.prepare('SELECT * FROM exchange_log').all(), t.db.prepare('SELECT * FROM operator_actions').all()]);
    expect(text).not.toContain(SITE_KEY);
    expect(logs).not.toContain(SITE_KEY);
    expect(logs).not.toContain('12345678901234');
    expect(logs).not.toContain('홍길동');
    expect(logs).toContain('site_key=***');
    const rec = JSON.parse(t.exchangeRows()[0]?.record_json ?? '{}') as { service: string; endpoint: string; method: string };
    expect(rec).toMatchObject({ service: 'kcp', endpoint: 'acco', method: 'EXEC' });
  } finally {
    await t.close();
  }
});

it('starts the module with a minimal environment: no DOCDESK_* variable, no passphrase, nothing else of the shell', async () => {
  const planted = {
    DOCDESK_PASSPHRASE: 'PASSPHRASE-MARKER-5b1e9a77',
    DOCDESK_KCP_SITE_KEY: 'SITEKEY-ENV-MARKER-0d4c',
    DOCDESK_DATA_DIR: '/nonexistent/docdesk',
    SHELL_SECRET_TOKEN: 'SHELL-MARKER-93ad',
  };
  Object.assign(process.env, planted);
  const envFile = path.join(tempDir('docdesk-ppcli-env-'), 'env.json');
  fake.FAKE_PPCLI_ENV_FILE = envFile;
  const t = setup('linux');
  try {
    const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
    expect(r.state).toBe('VERIFIED');
  } finally {
    await t.close();
    for (const name of Object.keys(planted)) delete process.env[name];
  }
  const seen = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(envFile, 'utf8')));
  expect(Object.keys(seen).filter((n) => /^DOCDESK_/i.test(n))).toEqual([]);
  expect(seen.SHELL_SECRET_TOKEN).toBeUndefined();
  expect(JSON.stringify(seen)).not.toMatch(/MARKER/);
  expect(seen.PATH).toBe(process.env.PATH);
  // What a program needs (PATH, HOME, locale), the shell's own bookkeeping, and the fake's switches: nothing else.
  const expected = new Set(['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'LC_CTYPE', 'PWD', 'SHLVL', '_', ...Object.keys(fake)]);
  expect(Object.keys(seen).filter((n) => !expected.has(n))).toEqual([]);
});
