// Issue 3 figure: the status grid's page query at 500,000 documents, p95 ≤ 50 ms. A backend on a temp sandbox data
// folder gets 500,000 synthetic documents (5 mailings, realistic state mix); then every page query goes through
// the contract (createContractHandlers: input validation, SQLite, output validation) the way the UI asks: for each
// view (sort × filter × search) the first page, then pages at random scroll positions. Runs on its own:
//   npx node test/bench/grid-query.bench.ts [--documents N]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { emitFigure } from './lib/figures.ts';
import { percentile } from './lib/percentile.ts';
import { seededRandom } from '../../main/imports/seeded-random.ts';

const BENCH = 'grid-query';
const { values } = parseArgs({ options: { documents: { type: 'string' } } });
const DOCUMENTS = Number(values.documents ?? 500_000);
const log = (text: string) => process.stderr.write(`[${BENCH}] ${text}\n`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-bench-grid-'));
const b = await createBackend({ dataDir, env: {}, actor: 'bench' });
try {
  const t0 = performance.now();
  const mailings = await b.documents.insertSynthetic({
    documents: DOCUMENTS,
    perMailing: Math.ceil(DOCUMENTS / 5),
    seed: 2026,
    onProgress: (n) => {
      if (n % 100_000 === 0) log(`${n.toLocaleString('ko-KR')} documents inserted`);
    },
  });
  log(`seeded ${DOCUMENTS} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { invoke } = createContractHandlers(b, () => {});

  // Search terms taken from the data itself, so every search finds something.
  const sample = await invoke('documents:query', { mailingId: mailings[2], states: ['ACCEPTED'], limit: 1, offset: 777 });
  if (!sample.ok) throw new Error(JSON.stringify(sample.error));
  const doc = (sample.value as { rows: { documentBinderUuid: string | null; externalDocumentUuid: string | null }[] }).rows[0];
  const views: Record<string, unknown>[] = [
    {},
    { direction: 'desc' },
    { sort: 'stateAt', direction: 'desc' },
    { sort: 'acceptedAt' },
    { sort: 'readAt', direction: 'desc' },
    { sort: 'docBoxStatus' },
    { sort: 'state' },
    { sort: 'errorCode', direction: 'desc' },
    { sort: 'sourceRow' },
    { sort: 'mailingId' },
    { mailingId: mailings[1] },
    { mailingId: mailings[1], sort: 'stateAt', direction: 'desc' },
    { mailingId: mailings[3], docBoxStatuses: ['READ'] },
    { states: ['REJECTED'] },
    { states: ['UNKNOWN'] },
    { docBoxStatuses: ['SENT'] },
    { docBoxStatuses: ['READ', 'EXPIRED'], sort: 'readAt' },
    { errorCode: 'FORBIDDEN' },
    { search: '5678' },
    { search: '010-1234' },
    { search: '김민준' },
    { search: doc?.externalDocumentUuid ?? 'DD' },
    { search: doc?.documentBinderUuid ?? 'SB' },
  ];
  const rand = seededRandom(7);
  const times: number[] = [];
  const perView: string[] = [];
  for (const view of views) {
    const viewTimes: number[] = [];
    let total = 0;
    for (let i = 0; i < 16; i++) {
      // First page (with the count), then random scroll positions as a virtualised grid asks for them.
      const offset = i === 0 ? 0 : Math.floor(rand() * Math.max(0, total - 100));
      const q0 = performance.now();
      const r = await invoke('documents:query', { ...view, offset, limit: 100 });
      const ms = performance.now() - q0;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      total = (r.value as { total: number }).total;
      times.push(ms);
      viewTimes.push(ms);
    }
    viewTimes.sort((x, y) => x - y);
    perView.push(`${JSON.stringify(view)} total=${total} p50=${percentile(viewTimes, 50).toFixed(1)} max=${(viewTimes.at(-1) ?? 0).toFixed(1)}`);
  }
  for (const line of perView) log(line);
  times.sort((x, y) => x - y);
  const p95 = percentile(times, 95);
  log(`${times.length} page queries: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms`);

  const d0 = performance.now();
  const dash = await invoke('dashboard:summary', {});
  if (!dash.ok) throw new Error(JSON.stringify(dash.error));
  const dashboardMs = performance.now() - d0;
  log(`dashboard:summary ${dashboardMs.toFixed(0)} ms`);

  emitFigure({
    bench: BENCH,
    figure: 'page.p95',
    value: Math.round(p95 * 10) / 10,
    unit: 'ms',
    limit: 50,
    comparison: '<=',
    detail: `${times.length} page queries (limit 100) over ${views.length} views at ${DOCUMENTS.toLocaleString('en-US')} documents, through the contract; p50 ${percentile(times, 50).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms; dashboard ${dashboardMs.toFixed(0)} ms`,
  });
} finally {
  await b.close();
  rmSync(dataDir, { recursive: true, force: true });
}
