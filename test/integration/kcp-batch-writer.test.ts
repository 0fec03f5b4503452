// A verification batch commits its journal steps and exchange records on the journal writer thread
// (main/kcp/journal-writer.ts); every one of those exchanges must still reach the audit chain at once, under
// its exchange_log seq (xlog:<seq>), not only after a restart's recovery pass.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { SANDBOX_KCP_ACCOUNTS } from '../../main/sandbox/kcp/accounts.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { expectChainedOnce, tempDir } from '../helpers/test-backend.ts';

const ROWS = 300;
let b: Backend;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir('docdesk-kcpaudit-');
  b = await createBackend({ dataDir, env: {} });
});
afterAll(async () => {
  await b.close();
});

it('chains every exchange of a batch into the audit log while the batch runs, in claim groups', async () => {
  const open = SANDBOX_KCP_ACCOUNTS.filter((a) => !a.closed);
  const file = path.join(dataDir, 'list.xlsx');
  const wb = XLSX.utils.book_new();
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const a = open[i % open.length] ?? open[0]!;
    return [a.bankCode, a.accountNo, a.owner, `AUD${String(i).padStart(5, '0')}`];
  });
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주', '주문번호'], ...rows]), 'S');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  const r = await b.kcp.verifyBatch(file);
  expect(r.counts.VERIFIED).toBe(ROWS);

  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  let seqs: number[];
  try {
    seqs = (db.prepare(`SELECT seq FROM exchange_log WHERE service = 'kcp' AND json_extract(correlation_json, '$.batchId') = ? ORDER BY seq`).pluck().all(r.batchId) as number[]);
    // Every row was claimed before it was sent, and the claims came in groups (not one commit per row).
    const sending = db.prepare(`SELECT count(DISTINCT sent_at) FROM kcp_verifications WHERE batch_id = ?`).pluck().get(r.batchId) as number;
    expect(sending).toBeLessThanOrEqual(Math.ceil(ROWS / 16));
  } finally {
    db.close();
  }
  await expectChainedOnce(b, seqs, ROWS);
});
