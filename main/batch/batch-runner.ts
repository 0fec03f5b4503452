// The one pipeline behind every irreversible batch (bulk send, PayUp cancels, KCP verifications; issue 16 step 10):
// items are claimed IN_FLIGHT in windows committed before any of them leaves (DESIGN §6), at most `concurrency`
// requests are in flight, answers are journalled in steps by size or time — a step that also claims the next
// window commits both in ONE transaction — and a stop lets the requests in flight finish and be journalled, puts
// what was claimed but never sent back in the queue, then resolves. Generic over item and answer: it knows no
// database and no capability; each service gives it a journal and the request to make.

/**
 * The journal as the runner sees it. Steps are committed in the order they are called, and each resolves only
 * after its commit.
 */
export type BatchJournal<Item, Answer> = {
  /** Commits `answers`, then claims up to `claim` more items IN_FLIGHT (0: none) — one transaction. */
  step(answers: Answer[], claim: number): Promise<Item[]>;
  /** Puts claimed items that never left back in the queue. */
  requeue(items: Item[]): Promise<void>;
};

/** A token bucket shared with other work (the profile's request budget); see mailing/rate-limiter.ts. */
export type BatchRateLimit = {
  /** Takes a token only if one is free now. */
  tryAcquire(): boolean;
  /** Waits for a token; returns early (without one) once `signal` aborts. */
  acquire(signal: AbortSignal): Promise<void>;
};

/**
 * After each answer: go on; stop the batch (nothing new leaves); or the item went back to the queue (its answer
 * says so) and the request slot waits `retryAfterMs` before its next request.
 */
export type BatchVerdict = 'next' | 'stop' | { retryAfterMs: number };

export type BatchRunnerConfig<Item, Answer> = {
  journal: BatchJournal<Item, Answer>;
  /** Requests in flight at most. */
  concurrency: number;
  /** Items one claim step asks for. */
  window: number;
  /**
   * Claimed items kept ready beyond the request slots waiting for one, so the sockets do not wait for a commit.
   * A crash leaves at most `claimAhead + concurrency + window` claimed items unanswered (→ UNKNOWN at restart).
   */
  claimAhead: number;
  /** Claim steps under way at once: 1 for windows; one per request slot when each claim is one request. */
  claimsAtOnce: number;
  /** Answers are journalled once this many are waiting ... */
  flushSize: number;
  /** ... and at least this often, so a crash loses few recorded answers. */
  flushMs: number;
  /** Makes one request. `halted` aborts once the batch stops (for retries inside the request). */
  send(item: Item, halted: AbortSignal): Promise<Answer>;
  /** The answer to journal when `send` threw: the request's fate as this batch defines it (e.g. UNKNOWN). */
  lostAnswer(item: Item, error: unknown): Answer;
  /** Called once per answer, before it is journalled. */
  afterAnswer?(item: Item, answer: Answer): BatchVerdict;
  rateLimit?: BatchRateLimit;
  signal?: AbortSignal;
};

export type BatchRunResult = {
  /** 'stopped': an answer's verdict stopped it; 'aborted': the caller's signal; else every item was claimed. */
  ended: 'done' | 'stopped' | 'aborted';
  /** Requests made (answers journalled). */
  sent: number;
  /** Claimed items put back in the queue unsent. */
  requeued: number;
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Runs the batch to its end; rejects with the first failure (a journal step's) once every request and step has settled. */
export async function runClaimedBatch<Item, Answer>(c: BatchRunnerConfig<Item, Answer>): Promise<BatchRunResult> {
  const concurrency = Math.max(1, c.concurrency);
  const halt = new AbortController();
  let verdictStop = false;
  const onAbort = (): void => halt.abort();
  c.signal?.addEventListener('abort', onAbort, { once: true });
  if (c.signal?.aborted) halt.abort();

  const ready: Item[] = [];
  const pending: Answer[] = [];
  const steps = new Set<Promise<void>>();
  const claims = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let waiting = 0;
  let exhausted = false;
  // Bumped when an answer put its item back in the queue: an empty claim issued before that proves nothing.
  let returnedToQueue = 0;
  // An answer may return work to the queue by itself (a bulk-send document met an internal error and is retried),
  // so an empty claim proves the queue empty only when nothing claimed was unanswered when it was issued, or when
  // nothing is unanswered as it comes back and no answer arrived since it was issued (claims overlap: a send's
  // slots claim as their answers arrive). An empty claim that proves nothing is asked again only after another
  // answer arrived (no loop of empty commits); slots waiting for that wake on every answer and every claim.
  let inFlight = 0;
  let answers = 0;
  let emptyAtAnswers = -1;
  let wakeWaiters: () => void = () => undefined;
  let somethingChanged = new Promise<void>((resolve) => (wakeWaiters = resolve));
  const changed = (): void => {
    wakeWaiters();
    somethingChanged = new Promise<void>((resolve) => (wakeWaiters = resolve));
  };
  let sent = 0;
  let requeued = 0;

  const halted = (): boolean => halt.signal.aborted;
  const haltArrived = new Promise<void>((resolve) => {
    if (halt.signal.aborted) resolve();
    else halt.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  // A journal step that failed stops the batch; the run rejects once everything else has settled.
  const tracked = <T>(p: Promise<T>): Promise<T> => {
    const settled: Promise<void> = p.then(
      () => void steps.delete(settled),
      (error: unknown) => {
        failures.push(error);
        halt.abort();
        steps.delete(settled);
      },
    );
    steps.add(settled);
    return p;
  };
  const flush = (): void => {
    if (pending.length > 0) void tracked(c.journal.step(pending.splice(0), 0));
  };

  // Claims cover the slots waiting for an item plus `claimAhead`; a claim takes the waiting answers with it.
  const claimIfNeeded = (): void => {
    while (
      !exhausted &&
      !halted() &&
      emptyAtAnswers !== answers &&
      claims.size < c.claimsAtOnce &&
      ready.length + claims.size * c.window < c.claimAhead + waiting
    ) {
      const issuedAt = returnedToQueue;
      // Nothing claimed is unanswered: no request out, no claimed item waiting for a slot, no other claim running.
      const quiet = inFlight === 0 && ready.length === 0 && claims.size === 0;
      const answersAtIssue = answers;
      const claim: Promise<void> = tracked(c.journal.step(pending.splice(0), c.window)).then(
        (items) => {
          claims.delete(claim);
          if (items.length === 0) {
            const settled = inFlight === 0 && ready.length === 0 && claims.size === 0 && answers === answersAtIssue;
            if ((quiet || settled) && issuedAt === returnedToQueue) exhausted = true;
            else emptyAtAnswers = answersAtIssue;
          }
          ready.push(...items);
          changed();
        },
        () => {
          claims.delete(claim);
          changed();
        },
      );
      claims.add(claim);
    }
  };

  /** The next claimed item, or undefined when the batch stopped or nothing is left to claim. */
  async function take(): Promise<Item | undefined> {
    waiting++;
    try {
      for (;;) {
        if (halted()) return undefined;
        claimIfNeeded();
        if (pending.length >= c.flushSize) flush();
        const item = ready.shift();
        if (item !== undefined) return item;
        if (claims.size > 0) {
          await Promise.race(claims);
          continue;
        }
        if (exhausted || halted()) return undefined;
        // The queue looked empty while requests were out: their answers may return work to it.
        await Promise.race([somethingChanged, haltArrived]);
      }
    } finally {
      waiting--;
    }
  }

  async function slot(): Promise<void> {
    for (;;) {
      if (halted()) return;
      if (c.rateLimit && !c.rateLimit.tryAcquire()) {
        // Never hold an answer while waiting for a token: it would also hold the next claim's commit.
        flush();
        await c.rateLimit.acquire(halt.signal);
        if (halted()) return;
      }
      const item = await take();
      if (item === undefined) return;
      let answer: Answer;
      inFlight++;
      try {
        answer = await c.send(item, halt.signal);
      } catch (error) {
        answer = c.lostAnswer(item, error);
      } finally {
        inFlight--;
      }
      sent++;
      pending.push(answer);
      answers++;
      changed();
      const verdict = c.afterAnswer?.(item, answer) ?? 'next';
      if (verdict === 'stop') {
        verdictStop = true;
        halt.abort();
      } else if (verdict !== 'next') {
        // The item is back in the queue once this step commits; it may be claimed again.
        flush();
        returnedToQueue++;
        exhausted = false;
        await sleep(verdict.retryAfterMs, halt.signal);
      }
    }
  }

  const timer = setInterval(flush, c.flushMs);
  try {
    // A slot that threw (a service's hook) stops the others, and every slot ends before the last steps: no answer
    // is left behind.
    const stopOnError = (error: unknown): void => {
      failures.push(error);
      halt.abort();
    };
    await Promise.all(Array.from({ length: concurrency }, () => slot().catch(stopOnError)));
  } finally {
    halt.abort();
    while (claims.size > 0) await Promise.race(claims);
    clearInterval(timer);
    c.signal?.removeEventListener('abort', onAbort);
    flush();
    const unsent = ready.splice(0);
    if (unsent.length > 0) {
      requeued = unsent.length;
      void tracked(c.journal.requeue(unsent));
    }
    while (steps.size > 0) await Promise.race(steps);
  }
  if (failures.length > 0) throw failures[0];
  const ended = verdictStop ? 'stopped' : c.signal?.aborted ? 'aborted' : 'done';
  return { ended, sent, requeued };
}
