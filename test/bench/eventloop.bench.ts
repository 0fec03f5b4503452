// Issue 2 figure 3: the backend's event-loop lag while it imports a 100,000-row list AND sends 50,000
// documents at the same time; limit p99 ≤ 50 ms (perf_hooks.monitorEventLoopDelay in the backend process).
// The sandbox runs in its own process, so its work never counts as the backend's lag.
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { benchBackend, BENCH_DEFAULTS } from './lib/bench-backend.ts';
import { emitFigure } from './lib/figures.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'eventloop';
const SEND_ROWS = scaled(52_100); // 51,058 valid documents
const IMPORT_ROWS = scaled(100_000);

const ws = createWorkspace(BENCH);
const sandbox = await startSandboxProcess({ ledgerPath: path.join(ws.dir, 'ledger.db'), timeScale: 172_800 });
const backend = await benchBackend(ws.sub('data'), sandbox.info, { concurrency: 4 });

try {
  const sendList = await ws.sampleList(SEND_ROWS);
  const importList = await ws.sampleList(IMPORT_ROWS);
  log(BENCH, `importing ${SEND_ROWS} rows to send (not measured)`);
  const a = await backend.mailing.import(sendList, { defaults: BENCH_DEFAULTS, name: 'bench-eventloop-send' });
  if (a.mailingId === null) throw new Error('import produced no mailing');

  log(BENCH, `importing ${IMPORT_ROWS} rows while sending ${a.report.valid} documents`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const t0 = performance.now();
  delay.enable();
  const [imported, sent] = await Promise.all([
    backend.mailing.import(importList, { defaults: BENCH_DEFAULTS, name: 'bench-eventloop-import' }),
    backend.mailing.send(a.mailingId, { acknowledgePreReview: true }),
  ]);
  delay.disable();
  const ms = performance.now() - t0;
  const p = (q: number): number => delay.percentile(q) / 1e6;
  emitFigure({
    bench: BENCH,
    figure: 'eventloop.p99',
    value: p(99),
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail:
      `p50 ${p(50).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms over ${(ms / 1000).toFixed(1)} s; ` +
      `imported ${imported.report.valid} valid rows; sent ${a.report.valid}: ${sent.counts.ACCEPTED} accepted, ${sent.counts.REJECTED} rejected, ` +
      `${sent.counts.UNKNOWN} unknown, ${sent.counts.QUEUED} still queued${scaleNote()}`,
  });
} finally {
  await backend.close();
  await sandbox.stop();
  ws.cleanup();
}
