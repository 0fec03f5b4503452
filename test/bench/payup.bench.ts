// Issue 5 figure: a batch of 10,000 PayUp cancels through DocDesk (file → journal → signed HTTPS → answers
// applied, exchange log) divided by a minimal client (bare undici, same signatures, same concurrency, no
// journal) against the same simulator process, measured in one run. Limit ≥ 0.8.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { cancelSignature } from '../../main/payup/signature.ts';
import { SANDBOX_PAYUP_API_CERT_KEY } from '../../main/sandbox/credentials.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import { backendWithProfile } from './lib/bench-backend.ts';
import { emitFigure } from './lib/figures.ts';
import { runConcurrently } from './lib/minimal-client.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'payup';
const CONCURRENCY = 4;
const CANCELS = scaled(10_000);
const START_SANDBOX = fileURLToPath(new URL('../../main/sandbox/start-sandbox.ts', import.meta.url));

type Info = {
  host: string;
  port: number;
  addresses: string[];
  caFile: string;
  payup: { host: string; port: number; addresses: string[]; caFile: string; merchantId: string; baseUrl: string };
};

/** The simulators in their own process, so neither side shares an event loop with them. */
function startSandbox(ledgerPath: string): Promise<{ info: Info; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [START_SANDBOX, '--ledger', ledgerPath, '--address', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error('sandbox did not start within 60 s'));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${String(code)})`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ info: JSON.parse(line) as Info, stop });
    });
  });
}

const ws = createWorkspace(BENCH);
const sandbox = await startSandbox(path.join(ws.dir, 'ledger.db'));
const pu = sandbox.info.payup;
const rate = (n: number, ms: number): number => n / (ms / 1000);

try {
  // DocDesk side: a data folder whose profile points at the simulator process.
  const dataDir = ws.sub('data');
  const backend = await backendWithProfile(dataDir, {
    name: 'bench-payup',
    kind: 'sandbox',
    docsgw: { host: sandbox.info.host, addresses: ['127.0.0.1'], port: sandbox.info.port, caFile: sandbox.info.caFile },
    payup: { baseUrl: pu.baseUrl, merchantId: pu.merchantId, addresses: pu.addresses, caFile: pu.caFile, timeoutMs: 30_000, concurrency: CONCURRENCY },
  });

  // Minimal client: bare undici, same TLS settings, same signatures, same concurrency.
  const pool = new Pool(`https://${pu.addresses[0] ?? '127.0.0.1'}:${pu.port}`, {
    connections: CONCURRENCY,
    pipelining: 1,
    allowH2: false,
    connect: { ca: readFileSync(pu.caFile, 'utf8'), servername: pu.host },
  });
  const cancelPath = `/ep/api/kakao/${pu.merchantId}/cancel`;
  const minimalCancel = async (transactionId: string): Promise<void> => {
    const res = await pool.request({
      method: 'POST',
      path: cancelPath,
      headers: { host: `${pu.host}:${pu.port}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ transactionId, cancelReason: '벤치마크 취소', signature: cancelSignature(pu.merchantId, transactionId, SANDBOX_PAYUP_API_CERT_KEY) }),
    });
    const json = (await res.body.json()) as { responseCode?: string };
    if (json.responseCode !== '0000') throw new Error(`minimal cancel ${transactionId}: ${json.responseCode}`);
  };

  // Warm-up (not timed): TLS sessions and JIT on both sides.
  await runConcurrently(Array.from({ length: 200 }, (_, i) => sandboxTransactionId(9_000_000 + i)), CONCURRENCY, minimalCancel);
  const warm = path.join(ws.dir, 'warm.csv');
  writeFileSync(warm, ['거래번호,취소사유', ...Array.from({ length: 200 }, (_, i) => `${sandboxTransactionId(9_100_000 + i)},워밍업`)].join('\n'));
  await backend.payup.runBatch(warm);

  // The minimal client runs half its cancels before and half after DocDesk's batch, so a machine whose speed
  // drifts during the run (shared CI hosts) weighs on both sides alike.
  const minimalIds = Array.from({ length: CANCELS }, (_, i) => sandboxTransactionId(1_000_000 + i));
  const half = Math.floor(CANCELS / 2);
  log(BENCH, `minimal client: first ${half} of ${CANCELS} cancels`);
  const m0 = performance.now();
  await runConcurrently(minimalIds.slice(0, half), CONCURRENCY, minimalCancel);
  let minimalMs = performance.now() - m0;

  const file = path.join(ws.dir, 'batch.csv');
  writeFileSync(file, ['거래번호,취소사유,금액', ...Array.from({ length: CANCELS }, (_, i) => `${sandboxTransactionId(2_000_000 + i)},벤치마크 취소,${1000 + i}`)].join('\n'));
  log(BENCH, `DocDesk: batch of ${CANCELS} cancels`);
  const d0 = performance.now();
  const r = await backend.payup.runBatch(file);
  const docdeskMs = performance.now() - d0;
  if (r.counts.CANCELLED !== CANCELS) throw new Error(`DocDesk cancelled ${r.counts.CANCELLED} of ${CANCELS}: ${JSON.stringify(r.counts)}`);

  log(BENCH, `minimal client: last ${CANCELS - half} cancels`);
  const m1 = performance.now();
  await runConcurrently(minimalIds.slice(half), CONCURRENCY, minimalCancel);
  minimalMs += performance.now() - m1;

  const docdeskRate = rate(CANCELS, docdeskMs);
  const minimalRate = rate(CANCELS, minimalMs);
  emitFigure({
    bench: BENCH,
    figure: 'batch cancel throughput / minimal client',
    value: docdeskRate / minimalRate,
    unit: 'ratio',
    limit: 0.8,
    comparison: '>=',
    detail: `DocDesk ${docdeskRate.toFixed(0)} cancels/s (${(docdeskMs / 1000).toFixed(1)} s incl. file read and journal; sending ${(r.elapsedMs / 1000).toFixed(1)} s), minimal ${minimalRate.toFixed(0)} cancels/s (${(minimalMs / 1000).toFixed(1)} s), ${CANCELS} each, concurrency ${CONCURRENCY}${scaleNote()}`,
  });
  await pool.close();
  await backend.close();
} finally {
  await sandbox.stop();
  ws.cleanup();
}
