// The synchronous form of a DocdeskReads part: what an area's SQL over one SQLite connection answers at once
// (payup/cancel-reads.ts, kcp/verification-reads.ts, follow-up/follow-up-reads.ts). Those files type their reads
// with it, so the interface and the SQL cannot drift apart, and the same functions serve the writer's steps,
// which must read synchronously inside their transaction. sqlite-docdesk-reads.ts turns them into the async
// interface; nothing else does.

/** Each `(…) => Promise<R>` of `T` as `(…) => R`, each `(…) => AsyncIterable<R>` as `(…) => Iterable<R>`. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => R
    : T[K] extends (...args: infer A) => AsyncIterable<infer R>
      ? (...args: A) => Iterable<R>
      : T[K];
};
