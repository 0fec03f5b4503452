// Worker thread of journal-writer.ts: a cancel batch's steps (exchange records, answers, next claim window) are
// committed here, on its own connection to the same encrypted database (WAL, synchronous=FULL), so neither the
// commit's fsync nor the SQLCipher page work stalls the HTTPS connections on the main thread.
import { createExchangeLogInsert } from '../store/exchange-log.ts';
import { serveWriterThread } from '../store/writer-thread-worker.ts';
import { createPayupJournal } from './journal.ts';
import { writerRequestSchema, type WriterReply } from './journal-writer-protocol.ts';

serveWriterThread<ReturnType<typeof writerRequestSchema.parse>, WriterReply>(writerRequestSchema, (db) => {
  const journal = createPayupJournal(db);
  // No audit tee here: the audit chain has one writer, on the main thread; it appends these rows' events with
  // the seqs returned below (and main/audit/recover.ts appends any a crash kept from it).
  const insertExchange = createExchangeLogInsert(db);
  return (m) => {
    const seqs: number[] = [];
    // IMMEDIATE: see main/kcp/journal-writer.worker.ts.
    const window = journal.step.immediate(m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
    return { window, seqs };
  };
});
