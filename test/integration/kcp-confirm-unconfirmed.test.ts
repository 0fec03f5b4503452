// A batch row whose bank KCP support is unconfirmed is left out, with a message that names no command-line flag;
// the operator's confirmation afterwards (the screen's button, `verify-batch --resume ID --yes`) sends exactly
// those rows — never a row already answered — and is audited (issue 14 item 9: no screen speaks CLI).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKcpSandbox, type KcpSandbox } from '../../main/sandbox/kcp/gateway.ts';
import { kcpProfile, kcpTestService } from '../helpers/kcp-service.ts';
import { tempDir } from '../helpers/test-backend.ts';

const SITE_KEY = 'CONFIRM-SITEKEY-7f3e';
let gw: KcpSandbox;
beforeAll(async () => {
  gw = await startKcpSandbox({ siteKey: SITE_KEY });
});
afterAll(async () => {
  await gw.close();
});

it('leaves unconfirmed banks out without CLI wording, then verifies only them when the operator confirms', async () => {
  const file = path.join(tempDir('docdesk-kcpconfirm-'), 'accounts.csv');
  writeFileSync(file, '은행,계좌번호,예금주\n90,3333-01-1234567,박민수\n92,100012345678,토스\n50,12345678,홍길동\n04,12345678901234,홍길동\n');
  const t = kcpTestService({ profile: kcpProfile({ transport: 'socket', host: gw.host, port: gw.port }), siteKey: SITE_KEY });
  try {
    const first = await t.service.verifyBatch(file);
    const left = first.results.filter((r) => r.errorCode === 'UNVERIFIED_BANK');
    expect(left.map((r) => [r.row, r.state])).toEqual([
      [3, 'INVALID'],
      [4, 'INVALID'],
    ]);
    for (const r of left) {
      expect(r.message).toContain('확인하면 이 행도 인증합니다');
      expect(r.message).not.toMatch(/--yes|docdesk /);
    }
    const sentBefore = gw.ledger().length;
    expect(sentBefore).toBe(2);

    const confirmed = await t.service.resumeBatch(first.batchId, { confirmUnverifiedBanks: true });
    expect(confirmed.batchId).toBe(first.batchId);
    // Exactly the two left-out rows reached the gateway; the answered rows were not sent again.
    expect(gw.ledger().length - sentBefore).toBe(2);
    const byRow = new Map(confirmed.results.map((r) => [r.row, r]));
    expect(byRow.get(2)?.state).toBe('VERIFIED');
    for (const row of [3, 4]) {
      expect(byRow.get(row)?.state, `row ${row}`).toBe('NOT_VERIFIED');
      expect(byRow.get(row)?.orderId).toMatch(/^DDK/);
    }
    expect(confirmed.counts.INVALID).toBe(0);
    const action = t.db.prepare(`SELECT data_json FROM operator_actions WHERE action = 'kcp.confirmUnverifiedBanks'`).get() as { data_json: string };
    expect(JSON.parse(action.data_json)).toMatchObject({ rows: 2 });

    // Confirming again sends nothing more.
    await t.service.resumeBatch(first.batchId, { confirmUnverifiedBanks: true });
    expect(gw.ledger().length - sentBefore).toBe(2);
  } finally {
    await t.close();
  }
});
