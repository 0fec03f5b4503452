// Exchange records are committed in the SAME transaction as the journal step they explain (the answer applied,
// the chunk requeued, the poll group updated), instead of one synchronous=FULL commit per record: a bulk send or a
// batch of cancels would otherwise spend most of its time in fsync. A crash before the flush loses the record and
// the answer together; the work item is still IN_FLIGHT and becomes UNKNOWN at the next start, so nothing is
// resent blindly. A record nobody flushes (a call outside any journal step) is written by a short timer.
// Generic over the record (main/http/exchange.ts ExchangeRecord in the app): store/ imports no other main/ folder.

export type BufferedExchangeSink<R> = {
  append(record: R): void;
  /** Writes the buffered records to the target (call inside the journal transaction). */
  flush(): void;
  /** Hands the buffered records over to a journal step that writes them itself (another connection). */
  take(): R[];
  pending(): number;
};

export function createBufferedExchangeSink<R>(target: { append(record: R): void }, options: { maxDelayMs?: number } = {}): BufferedExchangeSink<R> {
  const buffer: R[] = [];
  let timer: NodeJS.Timeout | null = null;
  function take(): R[] {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    return buffer.splice(0);
  }
  function flush(): void {
    for (const r of take()) target.append(r);
  }
  return {
    append(record) {
      buffer.push(record);
      if (!timer) {
        timer = setTimeout(flush, options.maxDelayMs ?? 100);
        timer.unref();
      }
    },
    flush,
    take,
    pending: () => buffer.length,
  };
}
