// Issue 2 figures 1 and 4: DocDesk's send and poll throughput divided by a minimal client's, measured in one
// run against one sandbox process (docs/benchmarks.md). Issue 16 adds a second baseline to both, the durable
// minimal client (lib/durable-client.ts: the same requests plus two commits each), and the CPU each thread of
// the process spends per document of a send, of a poll round and of a second round once due (lib/thread-cpu.ts).
//  - send: ~50,000 imported documents through the whole engine (journal, exchange log, pinned HTTPS) vs bare
//    undici posting the same item bodies (fresh external ids) at the same concurrency. Limit ≥ 0.8.
//  - poll: one poll round over ~100,000 accepted, non-final documents vs bare bulk-status calls for the same
//    ids in groups of 100 at the same concurrency. Limit ≥ 0.8. The sandbox runs at time scale 1 so the
//    documents stay SENT/RECEIVED (reference kakaopay-edoc-api.md §8) and every one is still pollable.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { benchBackend, BENCH_DEFAULTS, mailingItems, openBenchDb, pollableBinders } from './lib/bench-backend.ts';
import { emitFigure } from './lib/figures.ts';
import { openDurableClient } from './lib/durable-client.ts';
import { createMinimalClient, groupsOf, runConcurrently } from './lib/minimal-client.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { startCpuPhase } from './lib/cpu-meter.ts';
import { clientCpuUs, cpuByThread, emitThreadCpuFigures, nameWorkerThreads, snapshotThreads } from './lib/thread-cpu.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'mailing';
const CONCURRENCY = 4;
/** 52,100 rows → 51,058 valid documents; two such mailings leave ~100,000 accepted (2 of 98 are refused). */
const SEND_ROWS = scaled(52_100);

// Before the backend starts its workers, so the per-thread figures can name them.
nameWorkerThreads();
const ws = createWorkspace(BENCH);
const sandbox = await startSandboxProcess({ ledgerPath: path.join(ws.dir, 'ledger.db'), timeScale: 1 });
const dataDir = ws.sub('data');
const backend = await benchBackend(dataDir, sandbox.info, { concurrency: CONCURRENCY, firstPollAfterSec: 5 });
const db = openBenchDb(dataDir);
const minimal = createMinimalClient(sandbox.info, CONCURRENCY);
const durable = openDurableClient(path.join(ws.sub('durable'), 'durable.db'));
const rate = (n: number, ms: number): number => n / (ms / 1000);
const itemPropertySchema = z.record(z.string(), z.unknown());
/** An imported item body with another external id (≤40 chars, reference §5), so the sandbox accepts it again. */
const withExternalId = (item: Record<string, unknown>, id: string): Record<string, unknown> => ({
  ...item,
  property: { ...itemPropertySchema.parse(item['property']), external_document_uuid: id },
});
const bulkSendAnswerSchema = z.object({
  documents: z.array(z.object({ external_document_uuid: z.string(), document_binder_uuid: z.string().optional(), error_code: z.string().optional() })),
});
const bulkStatusAnswerSchema = z.object({
  documents: z.array(z.object({ document_binder_uuid: z.string(), status_data: z.object({ doc_box_status: z.string() }).optional(), error_code: z.string().optional() })),
});

try {
  const list = await ws.sampleList(SEND_ROWS);
  log(BENCH, `importing ${SEND_ROWS} rows (not timed)`);
  const a = await backend.mailing.import(list, { defaults: BENCH_DEFAULTS, name: 'bench-send' });
  if (a.mailingId === null) throw new Error('import produced no mailing');
  const items = mailingItems(db, a.mailingId);

  // Minimal client: the same item bodies with fresh external ids, no journal.
  const tag = `MIN${Date.now().toString(36).toUpperCase()}`;
  const bodies = groupsOf(
    items.map((item, i) => withExternalId(item, `${tag}-${i}`)),
    100,
  );
  // Durable minimal client: the same bodies with ids of their own, stored as queued rows first (not timed).
  const durableTag = `DUR${Date.now().toString(36).toUpperCase()}`;
  const durableGroups = groupsOf(
    items.map((item, i) => ({ key: `${durableTag}-${i}`, document: withExternalId(item, `${durableTag}-${i}`) })),
    100,
  );
  durable.enqueue(durableGroups.flat().map((d) => d.key));
  // Both baselines send half of the bodies before DocDesk and half after (bare, durable, DocDesk, durable,
  // bare), so a machine whose load drifts during the run (the build VM is shared) weighs on all sides alike.
  let minimalAccepted = 0;
  let minimalCpuUs = 0;
  const minimalSend = async (part: typeof bodies): Promise<number> => {
    const cpu0 = snapshotThreads();
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (documents) => {
      const res = await minimal.post('/v1/documents/bulk', { documents });
      if (res.status !== 200) throw new Error(`minimal bulk send: HTTP ${res.status}`);
      const results = (res.json as { documents?: { document_binder_uuid?: string }[] }).documents ?? [];
      minimalAccepted += results.filter((r) => r.document_binder_uuid !== undefined).length;
    });
    const ms = performance.now() - t0;
    minimalCpuUs += clientCpuUs(cpu0, snapshotThreads());
    return ms;
  };
  let durableAccepted = 0;
  let durableCpuUs = 0;
  const durableSend = async (part: typeof durableGroups): Promise<number> => {
    const cpu0 = snapshotThreads();
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (group) => {
      const keys = group.map((d) => d.key);
      await durable.exchange({ service: 'docsgw', endpoint: 'bulkSend', path: '/v1/documents/bulk', keys }, async () => {
        const requestBody = JSON.stringify({ documents: group.map((d) => d.document) });
        const res = await minimal.postText('/v1/documents/bulk', requestBody);
        if (res.status !== 200) throw new Error(`durable bulk send: HTTP ${res.status}`);
        const answer = bulkSendAnswerSchema.parse(JSON.parse(res.text));
        durableAccepted += answer.documents.filter((r) => r.document_binder_uuid !== undefined).length;
        const results = answer.documents.map((r) => [r.external_document_uuid, r.document_binder_uuid ?? r.error_code ?? 'NO_ANSWER'] as const);
        return { requestBody, status: res.status, responseBody: res.text, results };
      });
    });
    const ms = performance.now() - t0;
    durableCpuUs += clientCpuUs(cpu0, snapshotThreads());
    return ms;
  };
  const half = Math.ceil(bodies.length / 2);
  log(BENCH, `minimal clients: sending ${items.length} documents each (half before, half after DocDesk)`);
  const minCpu = startCpuPhase(sandbox.pid);
  let minimalMs = await minimalSend(bodies.slice(0, half));
  const minCpuText = minCpu.stop().text;
  const durCpu = startCpuPhase(sandbox.pid);
  let durableMs = await durableSend(durableGroups.slice(0, half));
  const durCpuText = durCpu.stop().text;

  log(BENCH, `DocDesk: sending ${items.length} documents`);
  const threads0 = snapshotThreads();
  const d0 = performance.now();
  const ddCpu = startCpuPhase(sandbox.pid);
  const sent = await backend.mailing.send(a.mailingId, { acknowledgePreReview: true });
  const ddCpuPhase = ddCpu.stop();
  const docdeskMs = performance.now() - d0;
  const docdeskThreads = cpuByThread(threads0, snapshotThreads());
  durableMs += await durableSend(durableGroups.slice(half));
  minimalMs += await minimalSend(bodies.slice(half));
  const docdeskRate = rate(items.length, docdeskMs);
  const minimalRate = rate(items.length, minimalMs);
  const durableRate = rate(items.length, durableMs);
  const ddCpuText = ddCpuPhase.text;
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
  // Issue 16: the limit of a crash-safe sender — group commit and overlap should beat one-at-a-time durability.
  emitFigure({
    bench: BENCH,
    figure: 'send.durable.ratio',
    value: docdeskRate / durableRate,
    unit: '× durable minimal client',
    limit: 1,
    comparison: '>=',
    detail:
      `DocDesk ${Math.round(docdeskRate)} docs/s, durable minimal ${Math.round(durableRate)} docs/s (${durableAccepted} accepted; ${durable.commits} commits in its ` +
      `database incl. 1 enqueue; ${durCpuText}), bare minimal ${Math.round(minimalRate)} docs/s, chunks of 100, concurrency ${CONCURRENCY}${scaleNote()}`,
  });
  emitThreadCpuFigures(BENCH, 'send', 'doc', docdeskThreads, items.length, {
    what: `a send of ${items.length} documents in chunks of 100`,
    durableUsPerItem: durableCpuUs / items.length,
    minimalUsPerItem: minimalCpuUs / items.length,
    simulatorUsPerItem: (ddCpuPhase.otherMs * 1000) / items.length,
  });

  // Figure 4: a second mailing brings the accepted, non-final documents to ~100,000 (not timed).
  log(BENCH, 'importing and sending a second mailing for the poll figure (not timed)');
  const b = await backend.mailing.import(list, { defaults: BENCH_DEFAULTS, name: 'bench-poll' });
  if (b.mailingId === null) throw new Error('import produced no mailing');
  await backend.mailing.send(b.mailingId, { acknowledgePreReview: true });
  // firstPollAfterSec is 5: wait until the last accepted document is due.
  await new Promise((r) => setTimeout(r, 5_500));
  const binders = pollableBinders(db);
  durable.enqueue(binders);

  let minimalStatuses = 0;
  let minimalPollCpuUs = 0;
  const idGroups = groupsOf(binders, 100);
  const minimalPoll = async (part: string[][]): Promise<number> => {
    const cpu0 = snapshotThreads();
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (ids) => {
      const res = await minimal.post('/v1/documents/bulk/status', { document_binder_uuids: ids });
      if (res.status !== 200) throw new Error(`minimal bulk status: HTTP ${res.status}`);
      minimalStatuses += ((res.json as { documents?: unknown[] }).documents ?? []).length;
    });
    const ms = performance.now() - t0;
    minimalPollCpuUs += clientCpuUs(cpu0, snapshotThreads());
    return ms;
  };
  let durableStatuses = 0;
  let durablePollCpuUs = 0;
  const durablePoll = async (part: string[][]): Promise<number> => {
    const cpu0 = snapshotThreads();
    const t0 = performance.now();
    await runConcurrently(part, CONCURRENCY, async (ids) => {
      await durable.exchange({ service: 'docsgw', endpoint: 'bulkStatus', path: '/v1/documents/bulk/status', keys: ids }, async () => {
        const requestBody = JSON.stringify({ document_binder_uuids: ids });
        const res = await minimal.postText('/v1/documents/bulk/status', requestBody);
        if (res.status !== 200) throw new Error(`durable bulk status: HTTP ${res.status}`);
        const answer = bulkStatusAnswerSchema.parse(JSON.parse(res.text));
        durableStatuses += answer.documents.length;
        const results = answer.documents.map((r) => [r.document_binder_uuid, r.status_data?.doc_box_status ?? r.error_code ?? 'NO_ANSWER'] as const);
        return { requestBody, status: res.status, responseBody: res.text, results };
      });
    });
    const ms = performance.now() - t0;
    durablePollCpuUs += clientCpuUs(cpu0, snapshotThreads());
    return ms;
  };
  const pollHalf = Math.ceil(idGroups.length / 2);
  log(BENCH, `minimal clients: bulk status of the same ${binders.length} ids each (half before, half after DocDesk)`);
  let minimalPollMs = await minimalPoll(idGroups.slice(0, pollHalf));
  let durablePollMs = await durablePoll(idGroups.slice(0, pollHalf));

  log(BENCH, `DocDesk: one poll round over ${binders.length} documents`);
  const pollThreads0 = snapshotThreads();
  const pollCpu = startCpuPhase(sandbox.pid);
  const p0 = performance.now();
  const round = await backend.mailing.pollOnce();
  const pollMs = performance.now() - p0;
  const pollCpuPhase = pollCpu.stop();
  const pollThreads = cpuByThread(pollThreads0, snapshotThreads());
  durablePollMs += await durablePoll(idGroups.slice(pollHalf));
  minimalPollMs += await minimalPoll(idGroups.slice(pollHalf));
  const docdeskPollRate = rate(round.polled, pollMs);
  const minimalPollRate = rate(binders.length, minimalPollMs);
  const durablePollRate = rate(binders.length, durablePollMs);
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
  emitFigure({
    bench: BENCH,
    figure: 'poll.durable.ratio',
    value: docdeskPollRate / durablePollRate,
    unit: '× durable minimal client',
    limit: 1,
    comparison: '>=',
    detail:
      `DocDesk ${Math.round(docdeskPollRate)} docs/s, durable minimal ${Math.round(durablePollRate)} docs/s (${durableStatuses} statuses applied, ` +
      `two commits per call of 100 ids), bare minimal ${Math.round(minimalPollRate)} docs/s, concurrency ${CONCURRENCY}${scaleNote()}`,
  });
  // Issue 16: CPU per polled document, per thread of DocDesk's process during its round (as for the send): the
  // figure to compare before and after a change, which the machine's load disturbs less than the ratios.
  emitThreadCpuFigures(BENCH, 'poll', 'doc', pollThreads, round.polled, {
    what: `a poll round over ${round.polled} documents in groups of 100`,
    durableUsPerItem: durablePollCpuUs / binders.length,
    minimalUsPerItem: minimalPollCpuUs / binders.length,
    simulatorUsPerItem: (pollCpuPhase.otherMs * 1000) / round.polled,
  });

  // The tracker's steady state: the same documents polled again once due (the bench schedule asks every 5 s), when
  // most answers repeat the status held. CPU per document per thread only: the baselines store no state to compare.
  await new Promise((r) => setTimeout(r, 5_500));
  const repeatThreads0 = snapshotThreads();
  const repeatCpu = startCpuPhase(sandbox.pid);
  const repeat = await backend.mailing.pollOnce();
  const repeatCpuPhase = repeatCpu.stop();
  emitThreadCpuFigures(BENCH, 'poll.repeat', 'doc', cpuByThread(repeatThreads0, snapshotThreads()), repeat.polled, {
    what: `a second poll round over ${repeat.polled} documents (${repeat.changed} changed status)`,
    durableUsPerItem: durablePollCpuUs / binders.length,
    minimalUsPerItem: minimalPollCpuUs / binders.length,
    simulatorUsPerItem: (repeatCpuPhase.otherMs * 1000) / repeat.polled,
  });
} finally {
  await minimal.close();
  durable.close();
  db.close();
  await backend.close();
  await sandbox.stop();
  ws.cleanup();
}
