// Issue 14 figures: the status tracker at 500,000 documents of which 100,000 are accepted and non-final. While it
// catches up (every one of the 100,000 is due), the backend's event-loop p99 stays ≤ 50 ms and the grid's page
// p95 ≤ 50 ms (page queries through the contract, as the UI asks); its documents/s is reported, and a send of
// 20,000 documents with the tracker running is compared with the same send with the tracker paused.
// The 400,000 final documents are synthetic (main/documents/synthetic.ts); the 100,000 non-final ones are real
// sends to a sandbox process (synthetic binder uuids are unknown to the sandbox, and synthetic documents carry no
// poll schedule). The sandbox runs 1,000× real time: documents are read over the measurement, none expires.
//   npx node test/bench/tracker.bench.ts
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { seededRandom } from '../../main/imports/seeded-random.ts';
import { benchBackend, BENCH_DEFAULTS } from './lib/bench-backend.ts';
import { emitFigure } from './lib/figures.ts';
import { percentile } from './lib/percentile.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'tracker';
const SYNTHETIC = scaled(400_000);
const TRACKED_ROWS = scaled(105_000); // ≈100,000 accepted
const SEND_ROWS = scaled(20_400); // ≈20,000 documents per comparison send
const MEASURE_MS = 60_000;
const BASELINE_MS = 30_000;
const CONCURRENCY = 4;

const ws = createWorkspace(BENCH);
const sandbox = await startSandboxProcess({ ledgerPath: path.join(ws.dir, 'ledger.db'), timeScale: 1_000 });
const b = await benchBackend(ws.sub('data'), sandbox.info, { concurrency: CONCURRENCY });

async function importList(rows: number, name: string): Promise<string> {
  const r = await b.mailing.import(await ws.sampleList(rows), { defaults: BENCH_DEFAULTS, name });
  if (r.mailingId === null) throw new Error('import produced no mailing');
  return r.mailingId;
}

try {
  log(BENCH, `seeding ${SYNTHETIC} synthetic documents, importing ${TRACKED_ROWS} + 2 × ${SEND_ROWS} rows (not measured)`);
  await b.documents.insertSynthetic({ documents: SYNTHETIC, perMailing: 100_000, seed: 14 });
  const tracked = await importList(TRACKED_ROWS, 'bench-tracked');
  const withTracker = await importList(SEND_ROWS, 'bench-send-tracker-running');
  const withoutTracker = await importList(SEND_ROWS, 'bench-send-tracker-paused');
  const t = await b.mailing.send(tracked, { acknowledgePreReview: true });
  const c = (await b.mailing.status(tracked)).counts;
  const nonFinal = c.ACCEPTED - c.READ - c.EXPIRED;
  log(BENCH, `sent ${t.counts.ACCEPTED} tracked documents; ${nonFinal} non-final, all due within 5 s`);
  const total = (await b.mailing.list()).reduce((n, m) => n + m.total, 0);

  const { invoke, close } = createContractHandlers(b, () => {});
  const views: Record<string, unknown>[] = [{}, { mailingId: tracked }, { mailingId: tracked, sort: 'stateAt', direction: 'desc' }, { docBoxStatuses: ['SENT'] }, { docBoxStatuses: ['READ'], sort: 'readAt', direction: 'desc' }, { search: '5678' }];
  const rand = seededRandom(14);
  /** Pages through the grid as an operator scrolls (one page every 100 ms) for `ms`; the page times, sorted. */
  async function pageFor(ms: number): Promise<number[]> {
    const times: number[] = [];
    const start = performance.now();
    while (performance.now() - start < ms) {
      const view = views[Math.floor(rand() * views.length)] ?? {};
      const q0 = performance.now();
      const r = await invoke('documents:query', { ...view, offset: Math.floor(rand() * 5_000), limit: 100 });
      times.push(performance.now() - q0);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      await new Promise((res) => setTimeout(res, 100));
    }
    return times.sort((x, y) => x - y);
  }

  // Phase 0 (reference): the same paging with no tracker — what this machine's load alone does to the figures.
  const quiet = monitorEventLoopDelay({ resolution: 10 });
  quiet.enable();
  const quietPages = await pageFor(BASELINE_MS);
  quiet.disable();
  const reference = `without the tracker on this machine at the same time: event loop p99 ${(quiet.percentile(99) / 1e6).toFixed(1)} ms, page p95 ${percentile(quietPages, 95).toFixed(1)} ms`;
  log(BENCH, reference);

  // Phase 1: the tracker catches up on every non-final document while the grid is paged through the contract.
  let polled = 0;
  let rounds = 0;
  let seen: unknown = null;
  const stopStatus = b.tracker.onStatus((s) => {
    if (s.lastRound !== null && s.lastRound !== seen) {
      seen = s.lastRound;
      polled += s.lastRound.polled;
      rounds++;
    }
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  b.tracker.start();
  const pageTimes = await pageFor(MEASURE_MS);
  const elapsed = performance.now() - t0;
  delay.disable();
  const trackedPolled = polled;
  const docsPerSec = trackedPolled / (elapsed / 1000);
  const p = (q: number): number => delay.percentile(q) / 1e6;
  const scope = `${total.toLocaleString('en-US')} documents, ${nonFinal.toLocaleString('en-US')} non-final, ${(elapsed / 1000).toFixed(0)} s of tracking`;
  emitFigure({
    bench: BENCH,
    figure: 'eventloop.p99',
    value: Math.round(p(99) * 10) / 10,
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail: `backend event loop while the tracker runs: p50 ${p(50).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms; ${scope}; ${reference}${scaleNote()}`,
  });
  emitFigure({
    bench: BENCH,
    figure: 'grid.page.p95',
    value: Math.round(percentile(pageTimes, 95) * 10) / 10,
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail: `${pageTimes.length} page queries (limit 100) through the contract while the tracker runs; p50 ${percentile(pageTimes, 50).toFixed(1)} ms, max ${(pageTimes.at(-1) ?? 0).toFixed(1)} ms; ${scope}; ${reference}${scaleNote()}`,
  });
  // The limit: the production profiles' whole budget (20 requests/s × 100 ids), which caps the tracker there.
  emitFigure({
    bench: BENCH,
    figure: 'tracker.docs_per_s',
    value: Math.round(docsPerSec),
    unit: 'docs/s',
    limit: 2_000,
    comparison: '>=',
    detail: `${trackedPolled.toLocaleString('en-US')} documents asked in ${rounds} rounds of ≤2,000, concurrency ${CONCURRENCY}, rate limit not binding; ${scope}${scaleNote()}`,
  });

  // Phase 2: a send with the tracker paused, then one while it runs (one status call a second during a send),
  // each after 10 s to settle (the writer checkpoints what the catch-up wrote once it pauses).
  await b.tracker.setPaused(true);
  await new Promise((r) => setTimeout(r, 10_000));
  const s1 = performance.now();
  const sentWithout = await b.mailing.send(withoutTracker, { acknowledgePreReview: true });
  const withoutMs = performance.now() - s1;
  await b.tracker.setPaused(false);
  await new Promise((r) => setTimeout(r, 10_000));
  const before = polled;
  const s0 = performance.now();
  const sentWith = await b.mailing.send(withTracker, { acknowledgePreReview: true });
  const withMs = performance.now() - s0;
  const polledDuringSend = polled - before;
  const rateWith = sentWith.counts.ACCEPTED / (withMs / 1000);
  const rateWithout = sentWithout.counts.ACCEPTED / (withoutMs / 1000);
  emitFigure({
    bench: BENCH,
    figure: 'send.with_tracker.ratio',
    value: Math.round((rateWith / rateWithout) * 100) / 100,
    unit: '×',
    limit: 0.8,
    comparison: '>=',
    detail: `send with the tracker running ${Math.round(rateWith)} docs/s (${(withMs / 1000).toFixed(1)} s; tracker asked ${polledDuringSend.toLocaleString('en-US')} documents meanwhile) vs paused ${Math.round(rateWithout)} docs/s (${(withoutMs / 1000).toFixed(1)} s)${scaleNote()}`,
  });
  stopStatus();
  close();
} finally {
  await b.close();
  await sandbox.stop();
  ws.cleanup();
}
