// Issue 5: the CLI cancelling a batch is killed with SIGKILL at random moments and resumed each time. The
// simulator's ledger must show that no transaction was ever sent a second cancel unless an operator chose
// `retry` for it after an UNKNOWN, and that it was never cancelled twice.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { preparePayupDataDir, startPayupTestSandbox } from './payup-helpers.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

const ROWS = 1000;
const KILLS = 10;

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startPayupTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/**
 * Starts `payup cancel-batch` and SIGKILLs it `extraMs` after the simulator saw its first request of this run
 * (startup time varies a lot on a slow machine; the kill must land while cancels are in flight).
 * Resolves with the exit code (null when killed).
 */
function batchAndKill(dataDir: string, file: string, extraMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const before = sandbox.payup.ledger.summary().requests;
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'payup', 'cancel-batch', file, '--yes'], { stdio: 'ignore', env: hermeticEnv() });
    let timer: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (timer === undefined && sandbox.payup.ledger.summary().requests > before) timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
    }, 10);
    child.on('exit', (code) => {
      clearInterval(watch);
      if (timer !== undefined) clearTimeout(timer);
      resolve(code);
    });
  });
}

it('survives SIGKILL at random moments without a second cancel of any transaction', { timeout: 240_000 }, async () => {
  const dataDir = tempDir('docdesk-payup-crash-');
  await preparePayupDataDir(sandbox, dataDir, { concurrency: 4, timeoutMs: 5_000 });
  const txs = Array.from({ length: ROWS }, (_, i) => sandboxTransactionId(400_000 + i, i % 50 === 7 ? '1004' : '0000'));
  const file = path.join(dataDir, 'batch.csv');
  writeFileSync(file, ['거래번호,취소사유', ...txs.map((t) => `${t},크래시 테스트`)].join('\n'));
  // Slow answers so each run is killed with requests in flight.
  sandbox.payup.setFaults({ latencyMs: 120 });

  let killed = 0;
  for (let i = 0; i < KILLS; i++) {
    const code = await batchAndKill(dataDir, file, Math.floor(Math.random() * 600));
    if (code === null) killed++;
    else if (code !== 0 && code !== 3) throw new Error(`payup cancel-batch exited with ${code}`);
    else break;
  }
  expect(killed).toBeGreaterThanOrEqual(KILLS - 1); // each run is killed while cancels are in flight

  // Resume to the end.
  let run = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel-batch', file, '--yes']);
  expect([0, 3], run.stderr).toContain(run.code);
  sandbox.payup.clearFaults();

  // The operator decides: every other UNKNOWN is retried, the rest abandoned.
  const decided = new Map<string, 'retry' | 'abandon'>();
  {
    const b = await createBackend({ dataDir, env: {} });
    try {
      const unknown = (await b.payup.list({ state: 'UNKNOWN', limit: 10_000 }));
      for (const [i, r] of unknown.entries()) {
        const d = i % 2 === 0 ? 'retry' : 'abandon';
        decided.set(r.transactionId, d);
        await b.payup.resolve(r.transactionId, d);
      }
    } finally {
      await b.close();
    }
  }
  run = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel-batch', file, '--yes']);
  expect(run.code, run.stderr).toBe(0);

  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    const rows = db.prepare('SELECT transaction_id tx, state, unknown_count u FROM payup_cancels').all() as { tx: string; state: string; u: number }[];
    expect(rows).toHaveLength(ROWS);
    const requests = sandbox.payup.ledger.requestCounts();
    const cancelled = sandbox.payup.ledger.cancelledTransactions();
    expect(sandbox.payup.ledger.summary().transactionsCancelledMoreThanOnce).toBe(0);
    let everUnknown = 0;
    for (const r of rows) {
      const sent = requests.get(r.tx) ?? 0;
      expect(['CANCELLED', 'ALREADY_CANCELLED', 'REJECTED', 'ABANDONED'], r.tx).toContain(r.state);
      if (r.u === 0) {
        // Never ambiguous → sent exactly once, and the journal agrees with PayUp.
        expect(sent, r.tx).toBe(1);
        expect(r.state === 'CANCELLED', r.tx).toBe(cancelled.has(r.tx));
      } else {
        everUnknown++;
        const d = decided.get(r.tx);
        // A second request only ever follows the operator's `retry`.
        expect(sent, r.tx).toBeLessThanOrEqual(d === 'retry' ? 2 : 1);
        if (d === 'retry' && r.state !== 'REJECTED') expect(cancelled.has(r.tx), r.tx).toBe(true);
        if (r.state === 'ALREADY_CANCELLED') expect(sent).toBe(2);
      }
      if (cancelled.has(r.tx)) expect(['CANCELLED', 'ALREADY_CANCELLED', 'ABANDONED'], r.tx).toContain(r.state);
    }
    // Some kills landed with cancels in flight (recovered as UNKNOWN at the next start).
    const recovered = db.prepare(`SELECT count(*) n FROM payup_cancel_events WHERE kind = 'unknown' AND data_json LIKE '%crash-recovery%'`).get() as { n: number };
    expect(recovered.n).toBeGreaterThan(0);
    expect(everUnknown).toBe(decided.size);
    const resolutions = db.prepare(`SELECT count(*) n FROM operator_actions WHERE action = 'payup.resolve'`).get() as { n: number };
    expect(resolutions.n).toBe(decided.size);
  } finally {
    db.close();
  }
});
