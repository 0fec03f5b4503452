// One writer per database (issue 16 step 5): while a bulk send, a PayUp cancel batch and a KCP verification batch
// run at the same time in one backend, docdesk.db is open exactly twice in this process — the main thread's
// read-only connection (main/reads/: it cannot write) and the docdesk writer's, the only one opened read-write
// (the descriptors' open flags, /proc/self/fdinfo). Until issue 16 item 1 was finished the main thread also held a
// read-write connection that wrote nothing: three descriptors, two of them read-write. The grid's count thread and the follow-up tally thread (read-only) start
// only when the grid or the mailings list asks for totals, which nothing here does. Before: the main connection,
// one writer thread per capability (mailing, PayUp, KCP) and the checkpointer thread's connection.
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { SANDBOX_KCP_ACCOUNTS } from '../../main/sandbox/kcp/accounts.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import { descriptorsOf } from '../helpers/db-descriptors.ts';
import { tempDir } from '../helpers/test-backend.ts';

const ROWS = 300;
let b: Backend;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir('docdesk-onewriter-');
  // The default sandbox profile: docs-gw, PayUp and KCP simulators in this process.
  b = await createBackend({ dataDir, env: {} });
}, 60_000);
afterAll(async () => {
  await b.close();
});

function kcpList(file: string): void {
  const open = SANDBOX_KCP_ACCOUNTS.filter((a) => !a.closed);
  const wb = XLSX.utils.book_new();
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const a = open[i % open.length] ?? open[0]!;
    return [a.bankCode, a.accountNo, a.owner, `ONE${String(i).padStart(5, '0')}`];
  });
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주', '주문번호'], ...rows]), 'S');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

it.runIf(process.platform === 'linux')('a send, a PayUp batch and a KCP batch running together share one writer connection to docdesk.db', async () => {
  const dbFile = realpathSync(path.join(dataDir, 'docdesk.db'));
  const list = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(list, { rows: 1_200, seed: 16 });
  const { mailingId } = await b.mailing.import(list, { defaults: { title: '한 기록자', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 } });
  if (!mailingId) throw new Error('no mailing');
  const payupFile = path.join(dataDir, 'cancels.csv');
  writeFileSync(payupFile, ['거래번호,취소사유', ...Array.from({ length: ROWS }, (_, i) => `${sandboxTransactionId(760_000 + i)},한 기록자`)].join('\n'));
  const kcpFile = path.join(dataDir, 'accounts.xlsx');
  kcpList(kcpFile);

  const seen: { open: number; readWrite: number }[] = [];
  const sampler = setInterval(() => seen.push(descriptorsOf(dbFile)), 5);
  try {
    const [send, cancels, verifications] = await Promise.all([b.mailing.send(mailingId), b.payup.runBatch(payupFile), b.kcp.verifyBatch(kcpFile)]);
    // Each ran to its end through the writer.
    expect(send.stopped).toBe('done');
    expect(send.counts.ACCEPTED).toBeGreaterThan(1_000);
    expect(cancels.counts.CANCELLED + cancels.counts.REJECTED).toBe(ROWS);
    expect(verifications.counts.VERIFIED).toBe(ROWS);
  } finally {
    clearInterval(sampler);
  }
  seen.push(descriptorsOf(dbFile));
  // The main thread's read-only one and the one writer's, from the first sample to the last; one of them writes.
  expect(seen.length).toBeGreaterThan(10);
  expect(Math.max(...seen.map((d) => d.open))).toBe(2);
  expect(Math.max(...seen.map((d) => d.readWrite))).toBe(1);
  expect(seen.at(-1)).toEqual({ open: 2, readWrite: 1 });
}, 180_000);
