// Issue 5 figure: a batch of 10,000 PayUp cancels through DocDesk (file → journal → signed HTTPS → answers
// applied, exchange log) divided by a minimal client (bare undici, same signatures, same concurrency, no
// journal) against the same simulator process, measured in one run. Limit ≥ 0.8. Issue 16: also divided by the
// durable minimal client (lib/durable-client.ts: the same signed cancels plus two commits each). Limit ≥ 1. And the
// CPU each thread of the process spends per cancel of DocDesk's batch (`cancel.cpu_us_per_cancel[thread]`,
// lib/thread-cpu.ts), as the KCP bench's per verification.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { z } from 'zod';
import { cancelSignature } from '../../main/payup/signature.ts';
import { SANDBOX_PAYUP_API_CERT_KEY } from '../../main/sandbox/credentials.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import { backendWithProfile } from './lib/bench-backend.ts';
import { openDurableClient } from './lib/durable-client.ts';
import { emitFigure } from './lib/figures.ts';
import { runConcurrently } from './lib/minimal-client.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { startCpuPhase } from './lib/cpu-meter.ts';
import { clientCpuUs, cpuByThread, emitThreadCpuFigures, nameWorkerThreads, snapshotThreads } from './lib/thread-cpu.ts';
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
function startSandbox(ledgerPath: string): Promise<{ info: Info; pid: number; stop(): Promise<void> }> {
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
      resolve({ info: JSON.parse(line) as Info, pid: child.pid ?? 0, stop });
    });
  });
}

// Before the backend starts its workers, so the per-thread figures can name them.
nameWorkerThreads();
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
  const cancelAnswerSchema = z.object({ responseCode: z.string().optional() });
  /** One signed cancel on the wire: the request text, the status, the answer's text and its response code. */
  const postCancel = async (transactionId: string): Promise<{ requestBody: string; status: number; responseBody: string; code: string | undefined }> => {
    const requestBody = JSON.stringify({ transactionId, cancelReason: '벤치마크 취소', signature: cancelSignature(pu.merchantId, transactionId, SANDBOX_PAYUP_API_CERT_KEY) });
    const res = await pool.request({
      method: 'POST',
      path: cancelPath,
      headers: { host: `${pu.host}:${pu.port}`, 'content-type': 'application/json; charset=utf-8' },
      body: requestBody,
    });
    const responseBody = await res.body.text();
    const code = cancelAnswerSchema.parse(JSON.parse(responseBody)).responseCode;
    if (code !== '0000') throw new Error(`cancel ${transactionId}: ${code}`);
    return { requestBody, status: res.statusCode, responseBody, code };
  };
  const minimalCancel = async (transactionId: string): Promise<void> => {
    await postCancel(transactionId);
  };
  // The durable minimal client: the same cancel between its two commits (one row per request).
  const durable = openDurableClient(path.join(ws.sub('durable'), 'durable.db'));
  const durableCancel = async (transactionId: string): Promise<void> => {
    await durable.exchange({ service: 'payup', endpoint: 'cancel', path: cancelPath, keys: [transactionId] }, async () => {
      const r = await postCancel(transactionId);
      return { ...r, results: [[transactionId, r.code ?? 'NO_CODE']] };
    });
  };

  // Warm-up (not timed): TLS sessions and JIT on every side.
  await runConcurrently(Array.from({ length: 200 }, (_, i) => sandboxTransactionId(9_000_000 + i)), CONCURRENCY, minimalCancel);
  const durableWarm = Array.from({ length: 200 }, (_, i) => sandboxTransactionId(9_200_000 + i));
  durable.enqueue(durableWarm);
  await runConcurrently(durableWarm, CONCURRENCY, durableCancel);
  const warm = path.join(ws.dir, 'warm.csv');
  writeFileSync(warm, ['거래번호,취소사유', ...Array.from({ length: 200 }, (_, i) => `${sandboxTransactionId(9_100_000 + i)},워밍업`)].join('\n'));
  await backend.payup.runBatch(warm);

  // Each baseline runs half its cancels before and half after DocDesk's batch (bare, durable, DocDesk, durable,
  // bare), so a machine whose speed drifts during the run (shared CI hosts) weighs on all sides alike.
  const minimalIds = Array.from({ length: CANCELS }, (_, i) => sandboxTransactionId(1_000_000 + i));
  const durableIds = Array.from({ length: CANCELS }, (_, i) => sandboxTransactionId(3_000_000 + i));
  durable.enqueue(durableIds);
  const half = Math.floor(CANCELS / 2);
  // The clients' CPU (their threads: DocDesk's workers idle meanwhile), for the per-thread figures' context.
  const clientUs = { minimal: 0, durable: 0 };
  const timed = async (ids: string[], cancel: (id: string) => Promise<void>, side: keyof typeof clientUs): Promise<number> => {
    const cpu0 = snapshotThreads();
    const t0 = performance.now();
    await runConcurrently(ids, CONCURRENCY, cancel);
    const ms = performance.now() - t0;
    clientUs[side] += clientCpuUs(cpu0, snapshotThreads());
    return ms;
  };
  log(BENCH, `minimal clients: first ${half} of ${CANCELS} cancels each`);
  let minimalMs = await timed(minimalIds.slice(0, half), minimalCancel, 'minimal');
  let durableMs = await timed(durableIds.slice(0, half), durableCancel, 'durable');

  const file = path.join(ws.dir, 'batch.csv');
  writeFileSync(file, ['거래번호,취소사유,금액', ...Array.from({ length: CANCELS }, (_, i) => `${sandboxTransactionId(2_000_000 + i)},벤치마크 취소,${1000 + i}`)].join('\n'));
  log(BENCH, `DocDesk: batch of ${CANCELS} cancels`);
  const threads0 = snapshotThreads();
  const simulatorCpu = startCpuPhase(sandbox.pid);
  const d0 = performance.now();
  const r = await backend.payup.runBatch(file);
  const docdeskMs = performance.now() - d0;
  const simulatorMs = simulatorCpu.stop().otherMs;
  const docdeskThreads = cpuByThread(threads0, snapshotThreads());
  if (r.counts.CANCELLED !== CANCELS) throw new Error(`DocDesk cancelled ${r.counts.CANCELLED} of ${CANCELS}: ${JSON.stringify(r.counts)}`);

  log(BENCH, `minimal clients: last ${CANCELS - half} cancels each`);
  durableMs += await timed(durableIds.slice(half), durableCancel, 'durable');
  minimalMs += await timed(minimalIds.slice(half), minimalCancel, 'minimal');

  const docdeskRate = rate(CANCELS, docdeskMs);
  const minimalRate = rate(CANCELS, minimalMs);
  const durableRate = rate(CANCELS, durableMs);
  emitFigure({
    bench: BENCH,
    figure: 'batch cancel throughput / minimal client',
    value: docdeskRate / minimalRate,
    unit: 'ratio',
    limit: 0.8,
    comparison: '>=',
    detail: `DocDesk ${docdeskRate.toFixed(0)} cancels/s (${(docdeskMs / 1000).toFixed(1)} s incl. file read and journal; sending ${(r.elapsedMs / 1000).toFixed(1)} s), minimal ${minimalRate.toFixed(0)} cancels/s (${(minimalMs / 1000).toFixed(1)} s), ${CANCELS} each, concurrency ${CONCURRENCY}${scaleNote()}`,
  });
  emitFigure({
    bench: BENCH,
    figure: 'batch cancel throughput / durable minimal client',
    value: docdeskRate / durableRate,
    unit: 'ratio',
    limit: 1,
    comparison: '>=',
    detail: `DocDesk ${docdeskRate.toFixed(0)} cancels/s, durable minimal ${durableRate.toFixed(0)} cancels/s (${(durableMs / 1000).toFixed(1)} s, ${durable.commits} commits incl. 2 enqueues and the warm-up), bare minimal ${minimalRate.toFixed(0)} cancels/s, ${CANCELS} each, concurrency ${CONCURRENCY}${scaleNote()}`,
  });
  emitThreadCpuFigures(BENCH, 'cancel', 'cancel', docdeskThreads, CANCELS, {
    what: `a batch of ${CANCELS} cancels (file read, journal, signed HTTPS, exchange log, audit chain)`,
    durableUsPerItem: clientUs.durable / CANCELS,
    minimalUsPerItem: clientUs.minimal / CANCELS,
    simulatorUsPerItem: (simulatorMs * 1000) / CANCELS,
  });
  durable.close();
  await pool.close();
  await backend.close();
} finally {
  await sandbox.stop();
  ws.cleanup();
}
