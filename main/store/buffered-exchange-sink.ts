// Exchange records are committed in the SAME transaction as the journal step they explain (the answer applied,
// the chunk requeued, the poll group updated), instead of one synchronous=FULL commit per record: a bulk send or a
// batch of cancels would otherwise spend most of its time in fsync. A crash before the step loses the record and
// the answer together; the work item is still IN_FLIGHT and becomes UNKNOWN at the next start, so nothing is
// resent blindly. The client appends here; the step that journals the call takes the records with it. A call made
// outside any journal step (a landing page's token check) is taken by its caller for a step of its own
// (`exchange.record`, exchange-log.ts) — there is no timer: a record never waits for one, nor leaves its step.
// Generic over the record (main/http/exchange.ts ExchangeRecord in the app): store/ imports no other main/ folder.

export type BufferedExchangeSink<R> = {
  append(record: R): void;
  /** Hands the buffered records over to the step that writes them. */
  take(): R[];
  pending(): number;
};

export function createBufferedExchangeSink<R>(): BufferedExchangeSink<R> {
  const buffer: R[] = [];
  return {
    append: (record) => void buffer.push(record),
    take: () => buffer.splice(0),
    pending: () => buffer.length,
  };
}
