// Issue 5 figure: a batch of 10,000 KCP account verifications through DocDesk (Excel file → validation →
// journal → socket transport → answers applied with their exchange records) divided by a minimal client (bare
// TCP, the same KCPF framing and EUC-KR payloads, one exchange per connection, same concurrency, no journal)
// against the same KCP gateway process, measured in one run. Limit ≥ 0.8. Two figures: a gateway answering at
// once (pure client overhead) and one answering after 5 ms. DocDesk is the composition root (createBackend), so its
// side pays what production pays: the writer thread, the audit chain on its own thread, background checkpoints.
// Issue 16: also divided by the durable minimal client (lib/durable-client.ts: the same frames plus two commits per
// verification). Limit ≥ 1. And the CPU each thread of the process spends per verification of DocDesk's batch
// (`verify.<latency>ms.cpu_us_per_verification[thread]`, lib/thread-cpu.ts), as the mailing bench's per document.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import type { Backend } from '../../main/app/backend.ts';
import { SANDBOX_KCP_ACCOUNTS, SANDBOX_KCP_SITE_CD, SANDBOX_KCP_SITE_KEY } from '../../main/sandbox/kcp/accounts.ts';
import { backendWithProfile } from './lib/bench-backend.ts';
import { openDurableClient, type DurableClient } from './lib/durable-client.ts';
import { startCpuPhase } from './lib/cpu-meter.ts';
import { emitFigure } from './lib/figures.ts';
import { runConcurrently } from './lib/minimal-client.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { clientCpuUs, cpuByThread, emitThreadCpuFigures, nameWorkerThreads, snapshotThreads, type ThreadSnapshot } from './lib/thread-cpu.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'kcp';
const CONCURRENCY = 4;
const ROWS = scaled(10_000);
const WARMUP = 300;
/** The batch is measured in interleaved rounds (see below). */
const ROUNDS = 2;
/** The second comparison's simulated gateway latency. */
const SLOW_GATEWAY_MS = 5;
const SERVE = fileURLToPath(new URL('../../main/sandbox/kcp/serve.ts', import.meta.url));

type Row = { bank: string; account: string; owner: string; orderId: string };

/** Every 7th row names the wrong holder, so both answers (0000 and 8201) are exercised. */
function rowsFor(n: number, tag: string): Row[] {
  const open = SANDBOX_KCP_ACCOUNTS.filter((a) => !a.closed);
  return Array.from({ length: n }, (_, i) => {
    const a = open[i % open.length] ?? open[0]!;
    return { bank: a.bankCode, account: a.accountNo, owner: i % 7 === 0 ? '홍길순' : a.owner, orderId: `${tag}${String(i).padStart(6, '0')}` };
  });
}

type Gateway = { host: string; port: number; latencyMs: number; pid: number; stop(): Promise<void> };

function startGateway(latencyMs: number): Promise<Gateway> {
  const child = spawn(process.execPath, [SERVE, '--host', '127.0.0.1', '--latency-ms', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('KCP gateway did not start')), 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line) as { host: string; port: number };
      resolve({
        ...info,
        latencyMs,
        pid: child.pid ?? 0,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

// ---- minimal client: the same message text built by hand, framed, one exchange per connection ----------------
const US = '\x1f';
const RS = '\x1e';
function minimalText(r: Row): string {
  const payx = `payx_data=common=amount=0${US}cust_ip=127.0.0.1${US}escw_mod=N${US}${RS}bank=bk_owner_nm=${r.owner}${US}bk_txtype=74200000${US}bk_code=${r.bank}${US}bk_account_no=${r.account}${US}${RS}`;
  return `site_cd=${SANDBOX_KCP_SITE_CD},site_key=${SANDBOX_KCP_SITE_KEY},tx_cd=00100000,ordr_idxx=${r.orderId},payx_data=${payx},ordr_data=ordr_data=ordr_idxx=${r.orderId}${US},rcvr_data=,escw_data=,modx_data=,enc_data=,enc_info=,trace_no=,cust_ip=127.0.0.1,log_level=3,opt=0`;
}

function minimalFrame(text: string): Buffer {
  const body = iconv.encode(text, 'euc-kr');
  const header = Buffer.alloc(8);
  header.write('KCPF', 0, 'ascii');
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function minimalExchange(host: string, port: number, frame: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    s.setNoDelay(true);
    s.once('connect', () => s.write(frame));
    s.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= 8 && buf.length >= 8 + buf.readUInt32BE(4)) {
        s.destroy();
        resolve(iconv.decode(buf.subarray(8, 8 + buf.readUInt32BE(4)), 'euc-kr'));
      }
    });
    s.once('error', reject);
  });
}

/**
 * The minimal client over `rows`; with `durable`, each verification goes between the durable client's two commits
 * (its row in flight before the frame leaves; the answer's res_cd with the exchange's texts after). Site key and
 * account text stay in the stored request as they are: redaction is DocDesk's work, not the least a client must do.
 */
async function runMinimal(host: string, port: number, rows: Row[], durable?: DurableClient): Promise<{ ms: number; ok: number }> {
  let ok = 0;
  durable?.enqueue(rows.map((r) => r.orderId));
  const t0 = performance.now();
  await runConcurrently(rows, CONCURRENCY, async (r) => {
    const text = minimalText(r);
    const exchange = (): Promise<string> => minimalExchange(host, port, minimalFrame(text));
    const line =
      durable === undefined
        ? await exchange()
        : (
            await durable.exchange({ service: 'kcp', endpoint: 'acco', path: `${host}:${port}`, keys: [r.orderId] }, async () => {
              const answer = await exchange();
              return { requestBody: text, status: null, responseBody: answer, results: [[r.orderId, /^res_cd=(\w+)/.exec(answer)?.[1] ?? 'NO_CODE']] };
            })
          ).responseBody;
    if (line.startsWith('res_cd=')) ok++;
  });
  return { ms: performance.now() - t0, ok };
}

function writeBatchFile(file: string, rows: Row[]): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주', '주문번호'], ...rows.map((r) => [r.bank, r.account, r.owner, r.orderId])]), '계좌');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

// Before the backend starts its workers, so the per-thread figures can name them.
nameWorkerThreads();
const ws = createWorkspace(BENCH);
const gateways = [await startGateway(0), await startGateway(SLOW_GATEWAY_MS)];
const dataDir = ws.sub('data');
const durable = openDurableClient(path.join(ws.sub('durable'), 'durable.db'));

/**
 * DocDesk exactly as the composition root wires it (main/app/backend.ts): journal steps on a writer thread, every
 * exchange chained in the audit log (committed on its own thread), background WAL checkpoints — production pays
 * all of this per verification, so does the figure. The profile points its kcp section at `gw`.
 */
function openDocDesk(gw: { host: string; port: number; latencyMs: number }): Promise<Backend> {
  // The sandbox profile's kcp.siteKey is the simulator's public test key (secret-store defaults).
  return backendWithProfile(
    dataDir,
    {
      name: `bench-kcp-${gw.latencyMs}ms`,
      kind: 'sandbox',
      // Never contacted here; a port other than 0 keeps the backend from starting its embedded simulators.
      docsgw: { host: 'docs-gw.sandbox.docdesk.test', addresses: ['127.0.0.1'], port: 1 },
      kcp: { transport: 'socket', host: gw.host, port: gw.port, siteCd: SANDBOX_KCP_SITE_CD, timeoutMs: 10_000 },
    },
    'bench@kcp',
  );
}

/** One comparison against one gateway process, with a DocDesk opened for it and closed after. */
async function compare(gw: Gateway, tag: string): Promise<void> {
  const backend = await openDocDesk(gw);
  try {
    await measure(gw, tag, backend.kcp);
  } finally {
    await backend.close();
  }
}

/** The warm-up and the interleaved rounds of both sides; emits one figure. */
async function measure(gw: Gateway, tag: string, service: Backend['kcp']): Promise<void> {
  const warmFile = path.join(ws.dir, `warmup-${tag}.xlsx`);
  writeBatchFile(warmFile, rowsFor(WARMUP, `W${tag}`));
  // Interleaved rounds (minimal, DocDesk, minimal, DocDesk) so drift on a shared machine — other load, the
  // kernel's TIME_WAIT table filling up with loopback connections — weighs on both sides alike.
  const all = rowsFor(ROWS, `D${tag}`);
  const rounds = Array.from({ length: ROUNDS }, (_, i) => all.slice((i * ROWS) / ROUNDS, ((i + 1) * ROWS) / ROUNDS));
  const files = rounds.map((rows, i) => {
    const f = path.join(ws.dir, `batch-${tag}-${i}.xlsx`);
    writeBatchFile(f, rows);
    return f;
  });
  log(BENCH, `gateway latency ${gw.latencyMs} ms: warm-up (${WARMUP} each, not timed)`);
  await runMinimal(gw.host, gw.port, rowsFor(WARMUP, `MW${tag}`));
  await runMinimal(gw.host, gw.port, rowsFor(WARMUP, `RW${tag}`), durable);
  await service.verifyBatch(warmFile);

  let minimalMs = 0;
  let minimalOk = 0;
  let durableMs = 0;
  let durableOk = 0;
  let docdeskMs = 0;
  // CPU per thread over DocDesk's batches only; the clients' CPU (main, V8, libuv: DocDesk's workers idle) over theirs.
  const docdeskCpu = new Map<string, number>();
  let gatewayCpuMs = 0;
  let minimalCpuUs = 0;
  let durableCpuUs = 0;
  const addThreads = (before: ThreadSnapshot): void => {
    for (const t of cpuByThread(before, snapshotThreads())) docdeskCpu.set(t.label, (docdeskCpu.get(t.label) ?? 0) + t.us);
  };
  const counts = { VERIFIED: 0, NOT_VERIFIED: 0, other: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    log(BENCH, `round ${i + 1}/${ROUNDS}: minimal client, durable minimal client, then DocDesk verify-batch, ${rounds[i]?.length ?? 0} verifications each, concurrency ${CONCURRENCY}`);
    let cpu0 = snapshotThreads();
    const m = await runMinimal(gw.host, gw.port, rowsFor(rounds[i]?.length ?? 0, `M${tag}${i}-`));
    minimalCpuUs += clientCpuUs(cpu0, snapshotThreads());
    minimalMs += m.ms;
    minimalOk += m.ok;
    cpu0 = snapshotThreads();
    const d = await runMinimal(gw.host, gw.port, rowsFor(rounds[i]?.length ?? 0, `R${tag}${i}-`), durable);
    durableCpuUs += clientCpuUs(cpu0, snapshotThreads());
    durableMs += d.ms;
    durableOk += d.ok;
    cpu0 = snapshotThreads();
    const gatewayCpu = startCpuPhase(gw.pid);
    const t0 = performance.now();
    const r = await service.verifyBatch(files[i] as string);
    docdeskMs += performance.now() - t0;
    gatewayCpuMs += gatewayCpu.stop().otherMs;
    addThreads(cpu0);
    counts.VERIFIED += r.counts.VERIFIED;
    counts.NOT_VERIFIED += r.counts.NOT_VERIFIED;
    counts.other += r.counts.UNKNOWN + r.counts.FAILED + r.counts.INVALID + r.counts.QUEUED;
  }
  const answered = counts.VERIFIED + counts.NOT_VERIFIED;
  const docdeskRate = answered / (docdeskMs / 1000);
  const minimalRate = minimalOk / (minimalMs / 1000);
  const durableRate = durableOk / (durableMs / 1000);
  log(BENCH, `DocDesk ${docdeskRate.toFixed(0)}/s (${answered} answered), minimal ${minimalRate.toFixed(0)}/s (${minimalOk} answered), durable minimal ${durableRate.toFixed(0)}/s (${durableOk} answered)`);
  emitFigure({
    bench: BENCH,
    figure: `verify-batch throughput / minimal client (gateway latency ${gw.latencyMs} ms)`,
    value: Math.round((docdeskRate / minimalRate) * 1000) / 1000,
    unit: 'ratio',
    limit: 0.8,
    comparison: '>=',
    detail:
      `${ROWS} verifications, concurrency ${CONCURRENCY}, simulator answering after ${gw.latencyMs} ms: DocDesk ${docdeskRate.toFixed(0)}/s ` +
      `(file read, validation, journal, exchange log included; ${counts.VERIFIED} verified, ${counts.NOT_VERIFIED} not verified, ${counts.other} other; ` +
      `${ROUNDS} interleaved rounds) vs minimal ${minimalRate.toFixed(0)}/s${scaleNote()}`,
  });
  emitFigure({
    bench: BENCH,
    figure: `verify-batch throughput / durable minimal client (gateway latency ${gw.latencyMs} ms)`,
    value: Math.round((docdeskRate / durableRate) * 1000) / 1000,
    unit: 'ratio',
    limit: 1,
    comparison: '>=',
    detail:
      `${ROWS} verifications, concurrency ${CONCURRENCY}, simulator answering after ${gw.latencyMs} ms: DocDesk ${docdeskRate.toFixed(0)}/s vs durable minimal ` +
      `${durableRate.toFixed(0)}/s (${durableOk} answered, two commits each; ${ROUNDS} interleaved rounds) vs bare minimal ${minimalRate.toFixed(0)}/s${scaleNote()}`,
  });
  emitThreadCpuFigures(BENCH, `verify.${gw.latencyMs}ms`, 'verification', [...docdeskCpu].map(([label, us]) => ({ label, us })).sort((x, y) => y.us - x.us), answered, {
    what: `${ROUNDS} batches of ${answered} verifications (file read, validation, journal, audit chain), gateway answering after ${gw.latencyMs} ms`,
    durableUsPerItem: durableCpuUs / Math.max(1, durableOk),
    minimalUsPerItem: minimalCpuUs / Math.max(1, minimalOk),
    simulatorUsPerItem: (gatewayCpuMs * 1000) / Math.max(1, answered),
  });
}

try {
  // 0 ms: pure client overhead on loopback (the harshest case). SLOW_GATEWAY_MS: a gateway that takes a few
  // milliseconds per answer — still far quicker than a real bank-account inquiry through KCP.
  for (const [i, gw] of gateways.entries()) await compare(gw, String(i));
} finally {
  for (const gw of gateways) await gw.stop();
  durable.close();
  ws.cleanup();
}
