// In-memory ExchangeSink for tests (the real one is SQLite, main/store). Every record is checked against the
// shared schema on append, so a malformed record fails the test that produced it.
import { exchangeRecordSchema, type ExchangeRecord, type ExchangeSink } from '../../main/http/exchange.ts';

export type MemoryExchangeSink = ExchangeSink & { records: ExchangeRecord[]; serialized(): string };

export function createMemoryExchangeSink(): MemoryExchangeSink {
  const records: ExchangeRecord[] = [];
  return {
    records,
    append(record) {
      records.push(exchangeRecordSchema.parse(record));
    },
    serialized: () => JSON.stringify(records),
  };
}
