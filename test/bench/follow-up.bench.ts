// Issue 14 item 2 at scale: the mailings list and the follow-up view ask for every mailing's deadline and counts
// every few seconds. At 500,000 documents the counts are read on a thread of their own (main/follow-up/follow-up-reads.ts),
// so the backend's event loop stays within the p99 ≤ 50 ms while they are recounted after a change; the
// per-mailing chart (read curve from a covering index, also on that thread) answers like a grid page (≤ 50 ms).
//   npx node test/bench/follow-up.bench.ts        (DOCDESK_BENCH_SCALE shrinks it)
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createBackend } from '../../main/app/backend.ts';
import { emitFigure } from './lib/figures.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'follow-up';
const DOCUMENTS = scaled(500_000);
const ROUNDS = 5;

const ws = createWorkspace(BENCH);
const b = await createBackend({ dataDir: ws.sub('data'), env: {}, actor: 'bench' });
try {
  const t0 = performance.now();
  const mailings = await b.documents.insertSynthetic({ documents: DOCUMENTS, perMailing: Math.ceil(DOCUMENTS / 5), seed: 2026 });
  log(BENCH, `seeded ${DOCUMENTS} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await b.followUp.overview({});

  const delay = monitorEventLoopDelay({ resolution: 5 });
  const walls: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Any commit invalidates the cached counts: the next overview recounts.
    await b.config.set('institutionName', `벤치 기관 ${i}`);
    delay.enable();
    const t = performance.now();
    await b.followUp.overview({});
    walls.push(performance.now() - t);
    delay.disable();
  }
  const tCached = performance.now();
  await b.followUp.overview({});
  const cachedMs = performance.now() - tCached;

  const charts: number[] = [];
  for (const id of mailings) {
    const t = performance.now();
    await b.followUp.chart(id);
    charts.push(performance.now() - t);
  }

  const p = (q: number): number => delay.percentile(q) / 1e6;
  emitFigure({
    bench: BENCH,
    figure: 'overview.eventloop.p99',
    value: p(99),
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail:
      `max ${(delay.max / 1e6).toFixed(1)} ms while recounting ${mailings.length} mailings × ${ROUNDS}; ` +
      `recount ${walls.map((w) => w.toFixed(0)).join('/')} ms, cached ${cachedMs.toFixed(1)} ms${scaleNote()}`,
  });
  emitFigure({
    bench: BENCH,
    figure: 'chart.max',
    value: Math.max(...charts),
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail: `per-mailing funnel and read curve, ${charts.map((c) => c.toFixed(0)).join('/')} ms${scaleNote()}`,
  });
} finally {
  await b.close();
  ws.cleanup();
}
