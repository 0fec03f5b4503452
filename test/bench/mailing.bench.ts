// Issue 2 figures 1 and 4: DocDesk's send and poll throughput divided by a minimal client's, measured in one
// run against one sandbox process (README "Benchmarks").
//  - send: ~50,000 imported documents through the whole engine (journal, exchange log, pinned HTTPS) vs bare
//    undici posting the same item bodies (fresh external ids) at the same concurrency. Limit ≥ 0.8.
//  - poll: one poll round over ~100,000 accepted, non-final documents vs bare bulk-status calls for the same
//    ids in groups of 100 at the same concurrency. Limit ≥ 0.8. The sandbox runs at time scale 1 so the
//    documents stay SENT/RECEIVED (reference kakaopay-edoc-api.md §8) and every one is still pollable.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchBackend, BENCH_DEFAULTS, mailingItems, openBenchDb, pollableBinders } from './lib/bench-backend.ts';
import { emitFigure } from './lib/figures.ts';
import { createMinimalClient, groupsOf, runConcurrently } from './lib/minimal-client.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { startCpuPhase } from './lib/cpu-meter.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'mailing';
const CONCURRENCY = 4;
/** 52,100 rows → 51,058 valid documents; two such mailings leave ~100,000 accepted (2 of 98 are refused). */
const SEND_ROWS = scaled(52_100);

const ws = createWorkspace(BENCH);
const sandbox = await startSandboxProcess({ ledgerPath: path.join(ws.dir, 'ledger.db'), timeScale: 1 });
const dataDir = ws.sub('data');
const backend = await benchBackend(dataDir, sandbox.info, { concurrency: CONCURRENCY, firstPollAfterSec: 5 });
const db = openBenchDb(dataDir);
const minimal = createMinimalClient(sandbox.info, CONCURRENCY);
const rate = (n: number, ms: number): number => n / (ms / 1000);

try {
  const list = await ws.sampleList(SEND_ROWS);
  log(BENCH, `importing ${SEND_ROWS} rows (not timed)`);
  const a = await backend.mailing.import(list, { defaults: BENCH_DEFAULTS, name: 'bench-send' });
  if (a.mailingId === null) throw new Error('import produced no mailing');
  const items = mailingItems(db, a.mailingId);

  // Minimal client: the same item bodies with fresh external ids (≤40 chars, reference §5), no journal.
  const tag = `MIN${Date.now().toString(36).toUpperCase()}`;
  const bodies = groupsOf(
    items.map((item, i) => ({ ...item, property: { ...(item['property'] as Record<string, unknown>), external_document_uuid: `${tag}-${i}` } })),
    100,
  );
  // The minimal client sends half of the bodies before DocDesk and half after, so a machine whose load drifts
  // during the run (the build VM is shared) weighs on both sides alike.
  let minimalAccepted = 0;
  const minimalSend = async (part: typeof bodies): Promise<number> => {
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (documents) => {
      const res = await minimal.post('/v1/documents/bulk', { documents });
      if (res.status !== 200) throw new Error(`minimal bulk send: HTTP ${res.status}`);
      const results = (res.json as { documents?: { document_binder_uuid?: string }[] }).documents ?? [];
      minimalAccepted += results.filter((r) => r.document_binder_uuid !== undefined).length;
    });
    return performance.now() - t0;
  };
  const half = Math.ceil(bodies.length / 2);
  log(BENCH, `minimal client: sending ${items.length} documents (half before, half after DocDesk)`);
  const minCpu = startCpuPhase(sandbox.pid);
  let minimalMs = await minimalSend(bodies.slice(0, half));
  const minCpuText = minCpu.stop().text;

  log(BENCH, `DocDesk: sending ${items.length} documents`);
  const d0 = performance.now();
  const ddCpu = startCpuPhase(sandbox.pid);
  const sent = await backend.mailing.send(a.mailingId, { acknowledgePreReview: true });
  const ddCpuText = ddCpu.stop().text;
  const docdeskMs = performance.now() - d0;
  minimalMs += await minimalSend(bodies.slice(half));
  const docdeskRate = rate(items.length, docdeskMs);
  const minimalRate = rate(items.length, minimalMs);
  emitFigure({
    bench: BENCH,
    figure: 'send.ratio',
    value: docdeskRate / minimalRate,
    unit: '× minimal client',
    limit: 0.8,
    comparison: '>=',
    detail:
      `DocDesk ${Math.round(docdeskRate)} docs/s (${items.length} docs in ${(docdeskMs / 1000).toFixed(1)} s, ${sent.counts.ACCEPTED} accepted, ` +
      `${sent.counts.UNKNOWN} unknown; ${ddCpuText}), minimal ${Math.round(minimalRate)} docs/s (${minimalAccepted} accepted; ${minCpuText}), concurrency ${CONCURRENCY}${scaleNote()}`,
  });

  // Figure 4: a second mailing brings the accepted, non-final documents to ~100,000 (not timed).
  log(BENCH, 'importing and sending a second mailing for the poll figure (not timed)');
  const b = await backend.mailing.import(list, { defaults: BENCH_DEFAULTS, name: 'bench-poll' });
  if (b.mailingId === null) throw new Error('import produced no mailing');
  await backend.mailing.send(b.mailingId, { acknowledgePreReview: true });
  // firstPollAfterSec is 5: wait until the last accepted document is due.
  await new Promise((r) => setTimeout(r, 5_500));
  const binders = pollableBinders(db);

  let minimalStatuses = 0;
  const idGroups = groupsOf(binders, 100);
  const minimalPoll = async (part: string[][]): Promise<number> => {
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (ids) => {
      const res = await minimal.post('/v1/documents/bulk/status', { document_binder_uuids: ids });
      if (res.status !== 200) throw new Error(`minimal bulk status: HTTP ${res.status}`);
      minimalStatuses += ((res.json as { documents?: unknown[] }).documents ?? []).length;
    });
    return performance.now() - t0;
  };
  const pollHalf = Math.ceil(idGroups.length / 2);
  log(BENCH, `minimal client: bulk status of the same ${binders.length} ids (half before, half after DocDesk)`);
  let minimalPollMs = await minimalPoll(idGroups.slice(0, pollHalf));

  log(BENCH, `DocDesk: one poll round over ${binders.length} documents`);
  const p0 = performance.now();
  const round = await backend.mailing.pollOnce();
  const pollMs = performance.now() - p0;
  minimalPollMs += await minimalPoll(idGroups.slice(pollHalf));
  const docdeskPollRate = rate(round.polled, pollMs);
  const minimalPollRate = rate(binders.length, minimalPollMs);
  emitFigure({
    bench: BENCH,
    figure: 'poll.ratio',
    value: docdeskPollRate / minimalPollRate,
    unit: '× minimal client',
    limit: 0.8,
    comparison: '>=',
    detail:
      `DocDesk ${Math.round(docdeskPollRate)} docs/s (${round.polled} polled in ${(pollMs / 1000).toFixed(1)} s, ${round.changed} changed, ${round.errors} errors), ` +
      `minimal ${Math.round(minimalPollRate)} docs/s (${minimalStatuses} statuses), concurrency ${CONCURRENCY}${scaleNote()}`,
  });
} finally {
  await minimal.close();
  db.close();
  await backend.close();
  await sandbox.stop();
  ws.cleanup();
}
