// Replays a KCP batch's journal steps on one connection, as the docdesk writer runs them (main/kcp/journal-steps.ts
// `kcp.step` inside the writer's group transaction: BEGIN IMMEDIATE, the step in a savepoint, COMMIT): a batch of
// `rows` verifications journalled, then steps that apply the previous claim's answers with their exchange records
// and claim the next `window` rows, until the batch is done. Prints the writer CPU per verification and per step,
// so a change to the journal's SQL or to the batch's window is measured without sockets, the simulator, the audit
// chain or the machine's other load.
//   npx node test/bench/kcp-journal-replay.ts [rows] [window]   (defaults 20,000 rows and a window of 64;
//   DOCDESK_REPLAY_SQL=… an experiment's schema change, run after the migrations)
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createKcpJournal } from '../../main/kcp/journal.ts';
import type { NewVerification, RowAnswer } from '../../main/kcp/journal-writer-protocol.ts';
import { queuedVerification } from './lib/kcp-queued-row.ts';
import { createExchangeLogInsert, serializeExchange, type SerializedExchange } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';

const ROWS = Number(process.argv[2] ?? 20_000);
const WINDOW = Number(process.argv[3] ?? 64);
const REPEATS = 3;

/** An answered verification's exchange record as the socket transport makes it (redacted, ~0.9 KB). */
function recordFor(id: number, orderId: string): ExchangeRecord {
  const payx = `payx_data=common=amount=0\x1fcust_ip=10.0.0.7\x1fescw_mod=N\x1f\x1ebank=bk_owner_nm=홍*동\x1fbk_txtype=74200000\x1fbk_code=04\x1fbk_account_no=123456******\x1f\x1e`;
  return {
    service: 'kcp',
    endpoint: 'acco',
    method: 'TCP',
    host: '127.0.0.1',
    path: '/kcpf/acco',
    address: '127.0.0.1',
    port: 9100,
    requestHeaders: {},
    requestBody: `site_cd=T0000,site_key=***,tx_cd=00100000,ordr_idxx=${orderId},${payx},ordr_data=ordr_data=ordr_idxx=${orderId}\x1f,rcvr_data=,escw_data=,modx_data=,enc_data=,enc_info=,trace_no=,cust_ip=10.0.0.7,log_level=3,opt=0`,
    status: null,
    responseHeaders: {},
    responseBody: `res_cd=0000\x1fres_msg=정상처리\x1ftno=${String(20261205000000 + id)}\x1fapp_time=20261205091500\x1fbk_owner_nm=홍*동\x1f`,
    startedAt: Date.now(),
    durationMs: 1.3,
    failure: null,
    correlation: { verificationId: String(id), batchId: 'replay', orderId },
    profile: 'sandbox',
  };
}

function answerFor(id: number): RowAnswer {
  return {
    id,
    answer: { kind: 'answered', state: 'VERIFIED', resCd: '0000', resMsg: '정상처리', tno: String(20261205000000 + id), appTime: '20261205091500', appTimeMs: 1_764_893_700_000, fields: { res_cd: '0000', res_msg: '정상처리', tno: String(20261205000000 + id), app_time: '20261205091500' } },
  };
}

function runOnce(): { usPerRow: number; steps: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-kcp-replay-'));
  try {
    const db = openDatabase(path.join(dir, 'docdesk.db'), randomBytes(32));
    const experiment = process.env['DOCDESK_REPLAY_SQL'];
    if (experiment) db.exec(experiment);
    const journal = createKcpJournal(db);
    const insertExchange = createExchangeLogInsert(db, null);
    const batchId = randomUUID();
    const rows: NewVerification[] = Array.from({ length: ROWS }, (_, i) => queuedVerification(i));

    db.transaction(() => journal.createBatch(batchId, 'replay.xlsx', 'sandbox', rows)).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const group = db.transaction((answers: RowAnswer[], records: SerializedExchange[]) => journal.step(batchId, answers, () => records.forEach(insertExchange), WINDOW));
    let claimed = group.immediate([], []);
    let steps = 0;
    const c0 = process.cpuUsage();
    while (claimed.length > 0) {
      const answers = claimed.map((r) => answerFor(r.id));
      // Serialised as the main thread hands them over (kcp/journal-writer.ts): timed with the rest of the loop.
      const records = claimed.map((r) => serializeExchange(recordFor(r.id, r.orderId ?? '')));
      claimed = group.immediate(answers, records);
      steps++;
    }
    const c = process.cpuUsage(c0);
    db.close();
    return { usPerRow: (c.user + c.system) / ROWS, steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (let i = 0; i < REPEATS; i++) {
  const r = runOnce();
  process.stdout.write(`rows ${ROWS}, window ${WINDOW}: ${r.steps} steps, ${r.usPerRow.toFixed(1)} µs of writer CPU per verification\n`);
}
