// Worker thread of journal-writer.ts: a cancel batch's steps (exchange records, answers, next claim window) are
// committed here, on its own connection to the same encrypted database (WAL, synchronous=FULL), so neither the
// commit's fsync nor the SQLCipher page work stalls the HTTPS connections on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createExchangeLogInsert } from '../store/exchange-log.ts';
import { openDatabase } from '../store/open-database.ts';
import { createPayupJournal } from './journal.ts';
import { writerRequestSchema, writerStartSchema, type WriterReply } from './journal-writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('journal-writer.worker.ts must run as a worker thread');
const start = writerStartSchema.parse(workerData);
const db = openDatabase(start.path, Buffer.from(start.key));
const journal = createPayupJournal(db);
// No audit tee here: the audit chain has one writer, on the main thread; it appends these rows' events with
// the seqs returned below (and main/audit/recover.ts appends any a crash kept from it).
const insertExchange = createExchangeLogInsert(db);
const post = (m: WriterReply): void => port.postMessage(m);

port.on('message', (raw: unknown) => {
  const m = writerRequestSchema.parse(raw);
  try {
    switch (m.type) {
      case 'step': {
        const seqs: number[] = [];
        // IMMEDIATE: the main thread's connection writes the same file; a step that read first could otherwise fail
        // with SQLITE_BUSY_SNAPSHOT instead of waiting (main/mailing/journal.ts `tx`).
        const window = journal.step.immediate(
          m.answers,
          () => {
            for (const r of m.records) seqs.push(insertExchange(r));
          },
          m.claim,
        );
        post({ id: m.id, window, seqs });
        break;
      }
      case 'close':
        db.close();
        post({ id: m.id });
        port.close();
        break;
    }
  } catch (err) {
    post({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
