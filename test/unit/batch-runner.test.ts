// The one batch runner (main/batch/batch-runner.ts) against a journal of its own kept in memory: each step
// commits after a delay, atomically (answers, then the claim), like a writer thread's transaction. The journal
// checks the runner's promises as they happen: a request leaves only for an item whose claim committed, at most
// N requests are in flight, a stop journals what was in flight and requeues exactly what never left, answers
// are flushed by size and by time, and a journal failure rejects the run.
import { expect, it } from 'vitest';
import { runClaimedBatch, type BatchRunnerConfig, type BatchVerdict } from '../../main/batch/batch-runner.ts';

type State = 'QUEUED' | 'IN_FLIGHT' | 'DONE' | 'UNKNOWN';
type Item = { id: number };
type Answer = { id: number; state: 'DONE' | 'UNKNOWN' | 'QUEUED' };
type StepLog = { answers: number; claimAsked: number; claimed: number; at: number };

/** A journal whose steps commit one at a time, in call order, `commitMs` after the previous one. */
function memoryJournal(total: number, o: { commitMs?: number; failOnStep?: number } = {}) {
  const state = new Map<number, State>(Array.from({ length: total }, (_, i) => [i + 1, 'QUEUED']));
  const answered = new Map<number, number>();
  const steps: StepLog[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  let calls = 0;
  const t0 = performance.now();
  const commit = <T>(work: () => T): Promise<T> => {
    const n = ++calls;
    const p = tail.then(async () => {
      await new Promise((r) => setTimeout(r, o.commitMs ?? 2));
      if (n === o.failOnStep) throw new Error('SQLITE_FULL: database or disk is full');
      return work();
    });
    tail = p.catch(() => undefined);
    return p;
  };
  return {
    state,
    answered,
    steps,
    count: (s: State) => [...state.values()].filter((v) => v === s).length,
    journal: {
      step: (answers: Answer[], claim: number) =>
        commit(() => {
          for (const a of answers) {
            if (state.get(a.id) !== 'IN_FLIGHT') throw new Error(`answer for ${a.id} which is ${String(state.get(a.id))}`);
            state.set(a.id, a.state);
            answered.set(a.id, (answered.get(a.id) ?? 0) + 1);
          }
          const claimed: Item[] = [];
          for (const [id, s] of state) {
            if (claimed.length >= claim) break;
            if (s === 'QUEUED') {
              state.set(id, 'IN_FLIGHT');
              claimed.push({ id });
            }
          }
          steps.push({ answers: answers.length, claimAsked: claim, claimed: claimed.length, at: performance.now() - t0 });
          return claimed;
        }),
      requeue: (items: Item[]) =>
        commit(() => {
          for (const i of items) {
            if (state.get(i.id) !== 'IN_FLIGHT') throw new Error(`requeue of ${i.id} which is ${String(state.get(i.id))}`);
            state.set(i.id, 'QUEUED');
          }
        }),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Requests that check the claim committed before they leave, and count what is in flight. */
function requests(mem: ReturnType<typeof memoryJournal>, o: { ms?: (id: number) => number } = {}) {
  let inFlight = 0;
  let maxInFlight = 0;
  const started: number[] = [];
  return {
    started,
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
    send: async (item: Item): Promise<Answer> => {
      if (mem.state.get(item.id) !== 'IN_FLIGHT') throw new Error(`item ${item.id} left before its claim committed`);
      started.push(item.id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await sleep(o.ms?.(item.id) ?? item.id % 3);
        return { id: item.id, state: 'DONE' };
      } finally {
        inFlight--;
      }
    },
  };
}

function windows(mem: ReturnType<typeof memoryJournal>, send: (item: Item) => Promise<Answer>, extra: Partial<BatchRunnerConfig<Item, Answer>> = {}): BatchRunnerConfig<Item, Answer> {
  return {
    journal: mem.journal,
    concurrency: 4,
    window: 32,
    claimAhead: 32,
    claimsAtOnce: 1,
    flushSize: 16,
    flushMs: 50,
    send,
    lostAnswer: (item) => ({ id: item.id, state: 'UNKNOWN' }),
    ...extra,
  };
}

it('claims every window before its requests leave, keeps at most N in flight, answers every item once', async () => {
  const mem = memoryJournal(500);
  const r = requests(mem);
  // Crash exposure: claimed but unanswered items at any moment stay within claimAhead + concurrency + window.
  let maxExposed = 0;
  const watch = setInterval(() => (maxExposed = Math.max(maxExposed, mem.count('IN_FLIGHT'))), 1);
  const result = await runClaimedBatch(windows(mem, r.send)).finally(() => clearInterval(watch));
  expect(result).toEqual({ ended: 'done', sent: 500, requeued: 0 });
  expect(r.maxInFlight()).toBe(4);
  expect(mem.count('DONE')).toBe(500);
  expect([...mem.answered.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(r.started).size).toBe(500);
  expect(maxExposed).toBeLessThanOrEqual(32 + 4 + 32);
  // Windows, not one claim per item; answers ride with the claims and flushes.
  expect(mem.steps.filter((s) => s.claimed > 0).length).toBeLessThanOrEqual(Math.ceil(500 / 32) + 1);
  expect(mem.steps.filter((s) => s.claimAsked > 0 && s.answers > 0).length).toBeGreaterThan(0);
});

it('a stop lets the requests in flight finish and be journalled, requeues exactly the unsent, and sends nothing more', async () => {
  const mem = memoryJournal(400);
  const r = requests(mem, { ms: () => 5 });
  const stop = new AbortController();
  let startedAtStop = -1;
  const result = await runClaimedBatch(
    windows(mem, r.send, {
      signal: stop.signal,
      afterAnswer: () => {
        if (r.started.length >= 50 && !stop.signal.aborted) {
          stop.abort();
          startedAtStop = r.started.length;
        }
        return 'next';
      },
    }),
  );
  expect(result.ended).toBe('aborted');
  // Nothing left after the stop: what had started is all that was sent.
  expect(r.started.length).toBe(startedAtStop);
  expect(result.sent).toBe(startedAtStop);
  expect(mem.count('IN_FLIGHT')).toBe(0);
  expect(mem.count('DONE')).toBe(startedAtStop);
  expect(mem.count('QUEUED')).toBe(400 - startedAtStop);
  // The requeued items are exactly those claimed and never sent.
  const claimed = mem.steps.reduce((n, s) => n + s.claimed, 0);
  expect(result.requeued).toBe(claimed - startedAtStop);
  expect(result.requeued).toBeGreaterThan(0);
});

it('a verdict that stops the batch ends it as stopped, with the same clean journal', async () => {
  const mem = memoryJournal(200);
  const r = requests(mem);
  const result = await runClaimedBatch(windows(mem, r.send, { afterAnswer: (item): BatchVerdict => (item.id === 20 ? 'stop' : 'next') }));
  expect(result.ended).toBe('stopped');
  expect(mem.count('IN_FLIGHT')).toBe(0);
  expect(mem.count('DONE')).toBe(result.sent);
  expect(mem.count('QUEUED')).toBe(200 - result.sent);
});

it('flushes answers by size', async () => {
  const mem = memoryJournal(95);
  const r = requests(mem, { ms: () => 0 });
  await runClaimedBatch(windows(mem, r.send, { concurrency: 1, window: 95, claimAhead: 0, flushSize: 10, flushMs: 3_600_000 }));
  const answerSteps = mem.steps.filter((s) => s.answers > 0).map((s) => s.answers);
  expect(answerSteps).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
});

it('flushes answers by time', async () => {
  const mem = memoryJournal(20);
  const r = requests(mem, { ms: () => 10 });
  const t0 = performance.now();
  await runClaimedBatch(windows(mem, r.send, { concurrency: 1, window: 20, claimAhead: 0, flushSize: 1_000, flushMs: 40 }));
  const runMs = performance.now() - t0;
  const answerSteps = mem.steps.filter((s) => s.answers > 0);
  // ~200 ms of requests, a flush at least every 40 ms: several commits while the batch runs, not one at the end.
  expect(answerSteps.length).toBeGreaterThanOrEqual(3);
  expect(answerSteps.filter((s) => s.at < runMs - 20).length).toBeGreaterThanOrEqual(2);
  expect(answerSteps.reduce((n, s) => n + s.answers, 0)).toBe(20);
});

it('a journal failure rejects the run loudly, after the requests in flight finished', async () => {
  const failing = memoryJournal(300, { failOnStep: 3 });
  const f = requests(failing, { ms: () => 5 });
  await expect(runClaimedBatch(windows(failing, f.send, { flushSize: 8 }))).rejects.toThrow(/SQLITE_FULL/);
  expect(f.inFlight()).toBe(0);
  expect(f.started.length).toBeLessThan(300);
});

it('a request that throws is journalled with the answer the configuration gives for a lost answer', async () => {
  const mem = memoryJournal(10);
  const result = await runClaimedBatch(
    windows(mem, async (item) => {
      if (item.id === 4) throw new Error('socket hang up after the body was written');
      return { id: item.id, state: 'DONE' };
    }),
  );
  expect(result.sent).toBe(10);
  expect(mem.state.get(4)).toBe('UNKNOWN');
  expect(mem.count('DONE')).toBe(9);
});

it('one request per claim (the bulk send): each answer commits with the next claim when a rate token is free', async () => {
  const mem = memoryJournal(40);
  const r = requests(mem, { ms: () => 15 });
  let tokens = 0;
  const result = await runClaimedBatch(
    windows(mem, r.send, {
      concurrency: 3,
      window: 1,
      claimAhead: 0,
      claimsAtOnce: 3,
      flushSize: 1,
      rateLimit: { tryAcquire: () => (tokens++, true), acquire: async () => undefined },
    }),
  );
  expect(result).toEqual({ ended: 'done', sent: 40, requeued: 0 });
  expect(tokens).toBeGreaterThanOrEqual(40);
  expect(r.maxInFlight()).toBe(3);
  // No answer waits for another: every step carries at most one; after the first claims, answers bring the next claim.
  expect(Math.max(...mem.steps.map((s) => s.answers))).toBe(1);
  expect(mem.steps.filter((s) => s.answers === 1 && s.claimed === 1).length).toBeGreaterThanOrEqual(40 - 3 - 3);
  expect(Math.max(...mem.steps.map((s) => s.claimed))).toBe(1);
});

it('an answer that puts its item back in the queue has it claimed again after the wait, even once the queue looked empty', async () => {
  const mem = memoryJournal(6);
  let refusedOnce = false;
  const sends: number[] = [];
  const result = await runClaimedBatch(
    windows(mem, async (item) => {
      sends.push(item.id);
      if (item.id === 6 && !refusedOnce) {
        refusedOnce = true;
        return { id: item.id, state: 'QUEUED' };
      }
      await sleep(20);
      return { id: item.id, state: 'DONE' };
    }, {
      concurrency: 2,
      window: 1,
      claimAhead: 0,
      claimsAtOnce: 2,
      flushSize: 1,
      afterAnswer: (_item, answer) => (answer.state === 'QUEUED' ? { retryAfterMs: 30 } : 'next'),
    }),
  );
  expect(result.ended).toBe('done');
  expect(sends.filter((id) => id === 6)).toHaveLength(2);
  expect(mem.count('DONE')).toBe(6);
});

it('an answer that returns its item to the queue with no verdict (a bulk-send document to retry) is claimed again: a queue is empty only when nothing was in flight', async () => {
  // The bulk send journals a document that met an internal error back to QUEUED inside an ordinary answer. A
  // slot that found the queue empty while that request was still out must not end the run (it ended PAUSED
  // with the document still queued).
  const mem = memoryJournal(2);
  let returnedOnce = false;
  const sends: number[] = [];
  const result = await runClaimedBatch(
    windows(mem, async (item) => {
      sends.push(item.id);
      await sleep(item.id === 2 ? 60 : 5);
      if (item.id === 2 && !returnedOnce) {
        returnedOnce = true;
        return { id: item.id, state: 'QUEUED' };
      }
      return { id: item.id, state: 'DONE' };
    }, { concurrency: 2, window: 1, claimAhead: 0, claimsAtOnce: 2, flushSize: 1 }),
  );
  expect(result.ended).toBe('done');
  expect(sends.filter((id) => id === 2)).toHaveLength(2);
  expect(mem.count('DONE')).toBe(2);
  expect(mem.count('QUEUED')).toBe(0);
  // While the slow request was out, the idle slot waited for it instead of asking the journal again and again.
  expect(mem.steps.filter((st) => st.claimAsked > 0 && st.claimed === 0).length).toBeLessThanOrEqual(4);
});

it('claims issued together at the start do not prove the queue empty while one of them holds an item that comes back', async () => {
  // Three request slots claim at once; one claim gets the only item, the others come back empty while it is
  // still claimed. Its answer returns it to the queue: it must be sent again (the send ended PAUSED, QUEUED 3).
  const mem = memoryJournal(1);
  let returnedOnce = false;
  const sends: number[] = [];
  const result = await runClaimedBatch(
    windows(mem, async (item) => {
      sends.push(item.id);
      await sleep(20);
      if (!returnedOnce) {
        returnedOnce = true;
        return { id: item.id, state: 'QUEUED' };
      }
      return { id: item.id, state: 'DONE' };
    }, { concurrency: 3, window: 1, claimAhead: 0, claimsAtOnce: 3, flushSize: 1 }),
  );
  expect(result.ended).toBe('done');
  expect(sends).toEqual([1, 1]);
  expect(mem.count('DONE')).toBe(1);
});

it('ends when the queue runs dry while the slots\' claims overlap (no quiet moment), instead of waiting for an answer that never comes', async () => {
  // The bulk send: four request slots each claim as their answer arrives, so near the end several empty claims
  // are in progress at once and none was issued with nothing else outstanding. The last one to come back, with
  // nothing unanswered and no answer since, proves the queue empty (a send hung in SENDING here).
  for (const total of [15, 16, 17]) {
    const mem = memoryJournal(total, { commitMs: 4 });
    const r = requests(mem, { ms: (id) => 3 + ((id * 7) % 11) });
    const run = runClaimedBatch(windows(mem, r.send, { concurrency: 4, window: 1, claimAhead: 0, claimsAtOnce: 4, flushSize: 1 }));
    const outcome = await Promise.race([run, sleep(5_000).then(() => 'hung' as const)]);
    expect(outcome).toEqual({ ended: 'done', sent: total, requeued: 0 });
    expect(mem.count('DONE')).toBe(total);
  }
});

it('a service hook that throws stops the batch and rejects the run, with every answer journalled and nothing left IN_FLIGHT', async () => {
  const mem = memoryJournal(200);
  const r = requests(mem, { ms: () => 5 });
  await expect(
    runClaimedBatch(
      windows(mem, r.send, {
        afterAnswer: (item) => {
          if (item.id === 10) throw new Error('progress callback failed');
          return 'next';
        },
      }),
    ),
  ).rejects.toThrow('progress callback failed');
  expect(r.inFlight()).toBe(0);
  expect(mem.count('IN_FLIGHT')).toBe(0);
  expect(mem.count('DONE')).toBe(r.started.length);
  expect(mem.count('QUEUED')).toBe(200 - r.started.length);
});
