// Exchange records of PayUp calls are committed in the SAME transaction as the answers they carry (engine.ts
// flush), instead of one synchronous=FULL commit per record: a batch of 10,000 cancels would otherwise spend
// most of its time in fsync. A crash before the flush loses the record and the answer together; the row is
// still IN_FLIGHT and becomes UNKNOWN at the next start, so nothing is resent blindly.
import type { ExchangeRecord, ExchangeSink } from '../http/exchange.ts';

export type BufferedExchangeSink = ExchangeSink & {
  /** Writes the buffered records to the target (call inside the answer transaction). */
  flush(): void;
  pending(): number;
};

export function createBufferedExchangeSink(target: ExchangeSink): BufferedExchangeSink {
  const buffer: ExchangeRecord[] = [];
  return {
    append: (record) => void buffer.push(record),
    flush() {
      for (const r of buffer.splice(0)) target.append(r);
    },
    pending: () => buffer.length,
  };
}
