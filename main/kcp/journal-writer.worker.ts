// Worker thread of journal-writer.ts: the batch journal's steps (answers, their exchange records, the next
// claim) are committed here, on its own connection to the same encrypted database (WAL, synchronous=FULL), so
// a commit's fsync never stalls the sockets of the batch.
import { createExchangeLogInsert } from '../store/exchange-log.ts';
import { serveWriterThread } from '../store/writer-thread-worker.ts';
import { createKcpJournal } from './journal.ts';
import { writerRequestSchema, type WriterReply } from './journal-writer-protocol.ts';

serveWriterThread<ReturnType<typeof writerRequestSchema.parse>, WriterReply>(writerRequestSchema, (db) => {
  const journal = createKcpJournal(db);
  // No audit tee here: the audit chain has one writer, on the main thread; it appends these rows' events with
  // the seqs returned below (and main/audit/recover.ts appends any a crash kept from it).
  const insertExchange = createExchangeLogInsert(db);
  return (m) => {
    switch (m.type) {
      case 'step': {
        const seqs: number[] = [];
        // IMMEDIATE: the main thread's connection writes the same file; a step that read first could otherwise
        // fail with SQLITE_BUSY_SNAPSHOT instead of waiting (main/mailing/journal.ts `tx`).
        const rows = journal.step.immediate(m.batchId, m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
        return { rows, seqs };
      }
      case 'requeue':
        journal.requeue.immediate(m.ids);
        return {};
    }
  };
});
