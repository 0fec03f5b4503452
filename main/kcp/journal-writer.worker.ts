// Worker thread of journal-writer.ts: the batch journal's claims and answers are committed here, on its own
// connection to the same encrypted database (WAL), so a commit's fsync never stalls the sockets of the batch.
import { parentPort, workerData } from 'node:worker_threads';
import { createSqliteExchangeSink } from '../store/exchange-log.ts';
import { openDatabase } from '../store/open-database.ts';
import { createKcpJournal } from './journal.ts';
import { writerRequestSchema, writerStartSchema, type WriterReply } from './journal-writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('journal-writer.worker.ts must run as a worker thread');
const start = writerStartSchema.parse(workerData);
const db = openDatabase(start.path, Buffer.from(start.key));
const journal = createKcpJournal(db);
const sink = createSqliteExchangeSink(db);
const post = (m: WriterReply): void => port.postMessage(m);

port.on('message', (raw: unknown) => {
  const m = writerRequestSchema.parse(raw);
  try {
    switch (m.type) {
      case 'claim':
        post({ id: m.id, rows: journal.claimGroup(m.batchId, m.limit) });
        break;
      case 'apply':
        journal.applyGroup(m.answers, () => m.records.forEach((r) => sink.append(r)));
        post({ id: m.id });
        break;
      case 'requeue':
        journal.requeue(m.ids);
        post({ id: m.id });
        break;
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
