// A cancel batch commits its steps (exchange records, answers, next claim window) on the journal writer thread
// (main/payup/journal-writer.ts). Every exchange must still be in the exchange log AND in the audit chain under
// its exchange_log seq (xlog:<seq>) at once, and each answer group shares its commit with the next claim.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { expectChainedOnce, tempDir } from '../helpers/test-backend.ts';
import { payupBackend, startPayupTestSandbox } from './payup-helpers.ts';

const ROWS = 300;
let sandbox: RunningSandboxes;
let b: Backend;
let dataDir: string;
beforeAll(async () => {
  sandbox = await startPayupTestSandbox();
  dataDir = tempDir('docdesk-payupaudit-');
  b = await payupBackend(sandbox, { dataDir, concurrency: 4 });
});
afterAll(async () => {
  await b.close();
  await sandbox.close();
});

it('journals, logs and audits every cancel of a batch; claims come in windows with the answers', async () => {
  const txs = Array.from({ length: ROWS }, (_, i) => sandboxTransactionId(700_000 + i, i % 25 === 3 ? '1004' : '0000'));
  const file = path.join(dataDir, 'batch.csv');
  writeFileSync(file, ['거래번호,취소사유', ...txs.map((t) => `${t},감사 테스트`)].join('\n'));

  const r = await b.payup.runBatch(file);
  expect(r.counts.CANCELLED + r.counts.REJECTED).toBe(ROWS);
  expect(r.counts.IN_FLIGHT).toBe(0);
  expect(sandbox.payup.ledger.summary().transactionsCancelledMoreThanOnce).toBe(0);

  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  let seqs: number[];
  try {
    seqs = db.prepare(`SELECT seq FROM exchange_log WHERE service = 'payup' AND json_extract(correlation_json, '$.batchId') = ? ORDER BY seq`).pluck().all(r.batchId) as number[];
    // Each row stores two events, queued and its answer; the claim is carried by the answer (session 17).
    const events = db.prepare(`SELECT kind, count(*) n FROM payup_cancel_events GROUP BY kind`).all() as { kind: string; n: number }[];
    expect(Object.fromEntries(events.map((e) => [e.kind, e.n]))).toEqual({ queued: ROWS, cancelled: r.counts.CANCELLED, rejected: r.counts.REJECTED });
    // Claimed in windows (one commit each), never one commit per row.
    const claims = db.prepare(`SELECT count(DISTINCT sent_at) FROM payup_cancels WHERE batch_id = ?`).pluck().get(r.batchId) as number;
    expect(claims).toBeLessThanOrEqual(Math.ceil(ROWS / 16));
  } finally {
    db.close();
  }
  // The timeline still shows queued, sending (at the claim), then the answer.
  for (const tx of [txs[0] ?? '', txs[3] ?? '']) {
    const row = await b.payup.get(tx);
    expect((await b.payup.timeline(tx)).map((e) => e.kind)).toEqual(['queued', 'sending', tx === txs[3] ? 'rejected' : 'cancelled']);
    expect((await b.payup.timeline(tx))[1]).toMatchObject({ data: { attempt: 1 } });
    expect(row?.attempts).toBe(1);
  }
  await expectChainedOnce(b, seqs, ROWS);
  // The chain also finds them by transaction id (evidence bundles search this way).
  expect((await b.audit.events({ ev: 'net.', subject: `tx:${txs[0] ?? ''}` })).total).toBe(1);
});

it('an aborted batch leaves nothing IN_FLIGHT: claimed-ahead rows go back to QUEUED and a re-run sends each once', async () => {
  const txs = Array.from({ length: ROWS }, (_, i) => sandboxTransactionId(710_000 + i));
  const file = path.join(dataDir, 'abort.csv');
  writeFileSync(file, ['거래번호,취소사유', ...txs.map((t) => `${t},중단 테스트`)].join('\n'));
  const ac = new AbortController();
  const first = await b.payup.runBatch(file, { signal: ac.signal, onProgress: (p) => p.sent >= 40 && ac.abort() });
  expect(first.stopped).toBe('aborted');
  expect(first.counts.IN_FLIGHT).toBe(0);
  expect(first.counts.CANCELLED).toBeGreaterThanOrEqual(40);
  expect(first.counts.QUEUED).toBeGreaterThan(0);
  expect(first.counts.CANCELLED + first.counts.QUEUED).toBe(ROWS);

  // The re-run skips what is done and sends what went back to the queue.
  const second = await b.payup.runBatch(file);
  expect(second.stopped).toBe('done');
  expect(second.dispositions).toMatchObject({ SKIPPED: first.counts.CANCELLED, PENDING: first.counts.QUEUED });
  expect(second.counts.CANCELLED).toBe(first.counts.QUEUED);
  const requests = sandbox.payup.ledger.requestCounts();
  for (const t of txs) expect(requests.get(t), t).toBe(1);
});
