// The sandbox PayUp ledger: every cancel request it received and how many times each transaction was
// cancelled, so tests can prove "never cancelled twice" (DESIGN §9). Plain SQLite (sandbox data only),
// kept across restarts when a file is given; ':memory:' otherwise.
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';

const DDL = `
CREATE TABLE IF NOT EXISTS payup_requests (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  merchant_id TEXT NOT NULL,
  transaction_id TEXT,
  signature_ok INTEGER NOT NULL,
  response_code TEXT,
  http_status INTEGER,
  fault TEXT
);
CREATE INDEX IF NOT EXISTS payup_requests_by_tx ON payup_requests(transaction_id);
CREATE TABLE IF NOT EXISTS payup_transactions (
  transaction_id TEXT PRIMARY KEY,
  cancelled_at INTEGER,
  cancel_count INTEGER NOT NULL DEFAULT 0,
  -- signed cancel requests that arrived after the transaction was already cancelled
  repeat_attempts INTEGER NOT NULL DEFAULT 0
);
`;

// The ledger's rows leave SQL through a parse (issue 16), as DocDesk's own do: a ZodError names the column.
const int = z.number().int();
const requestRowsSchema = z.array(
  z.object({
    id: int,
    received_at: int,
    merchant_id: z.string(),
    transaction_id: z.string().nullable(),
    signature_ok: int,
    response_code: z.string().nullable(),
    http_status: int.nullable(),
    fault: z.string().nullable(),
  }),
);
const transactionRowSchema = z.object({ cancelled_at: int.nullable(), cancel_count: int, repeat_attempts: int }).optional();
const requestCountRowsSchema = z.array(z.object({ transaction_id: z.string(), n: int }));
const transactionIdsSchema = z.array(z.string());
const summaryRowSchema = z.object({ requests: int, cancelled: int, repeats: int, twice: int });

export type PayupLedgerRequest = {
  id: number;
  receivedAt: number;
  merchantId: string;
  transactionId: string | null;
  signatureOk: boolean;
  responseCode: string | null;
  httpStatus: number | null;
  fault: string | null;
};

export type PayupLedgerSummary = { requests: number; cancelled: number; repeatAttempts: number; transactionsCancelledMoreThanOnce: number };

export type PayupLedgerReader = {
  requests(transactionId?: string): PayupLedgerRequest[];
  /** transactionId → number of signed cancel requests received. */
  requestCounts(): Map<string, number>;
  /** How many times the transaction was cancelled (0 or 1 unless the simulator itself is broken). */
  cancelCount(transactionId: string): number;
  cancelledTransactions(): Set<string>;
  repeatAttempts(transactionId: string): number;
  summary(): PayupLedgerSummary;
};

export type PayupLedger = PayupLedgerReader & {
  insertRequest(r: Omit<PayupLedgerRequest, 'id'>): number;
  setResult(id: number, code: string | null, httpStatus: number | null, fault: string | null): void;
  isCancelled(transactionId: string): boolean;
  recordCancel(transactionId: string, at: number): void;
  recordRepeat(transactionId: string): void;
  close(): void;
};

export function openPayupLedger(file: string | null): PayupLedger {
  const db = new Database(file ?? ':memory:');
  if (file !== null) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(DDL);
  const s = {
    insert: db.prepare(
      'INSERT INTO payup_requests (received_at, merchant_id, transaction_id, signature_ok, response_code, http_status, fault) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    setResult: db.prepare('UPDATE payup_requests SET response_code = ?, http_status = ?, fault = COALESCE(?, fault) WHERE id = ?'),
    tx: db.prepare('SELECT cancelled_at, cancel_count, repeat_attempts FROM payup_transactions WHERE transaction_id = ?'),
    cancel: db.prepare(
      `INSERT INTO payup_transactions (transaction_id, cancelled_at, cancel_count) VALUES (?, ?, 1)
       ON CONFLICT(transaction_id) DO UPDATE SET cancelled_at = excluded.cancelled_at, cancel_count = cancel_count + 1`,
    ),
    repeat: db.prepare('UPDATE payup_transactions SET repeat_attempts = repeat_attempts + 1 WHERE transaction_id = ?'),
    all: db.prepare('SELECT * FROM payup_requests ORDER BY id'),
    forTx: db.prepare('SELECT * FROM payup_requests WHERE transaction_id = ? ORDER BY id'),
    counts: db.prepare('SELECT transaction_id, count(*) n FROM payup_requests WHERE signature_ok = 1 AND transaction_id IS NOT NULL GROUP BY transaction_id'),
    cancelled: db.prepare('SELECT transaction_id FROM payup_transactions WHERE cancel_count > 0').pluck(),
    summary: db.prepare(
      `SELECT (SELECT count(*) FROM payup_requests) requests,
              (SELECT count(*) FROM payup_transactions WHERE cancel_count > 0) cancelled,
              (SELECT coalesce(sum(repeat_attempts), 0) FROM payup_transactions) repeats,
              (SELECT count(*) FROM payup_transactions WHERE cancel_count > 1) twice`,
    ),
  };
  type Raw = z.infer<typeof requestRowsSchema>[number];
  const toReq = (r: Raw): PayupLedgerRequest => ({
    id: r.id,
    receivedAt: r.received_at,
    merchantId: r.merchant_id,
    transactionId: r.transaction_id,
    signatureOk: r.signature_ok === 1,
    responseCode: r.response_code,
    httpStatus: r.http_status,
    fault: r.fault,
  });
  const txRow = (t: string) => transactionRowSchema.parse(s.tx.get(t));
  return {
    insertRequest: (r) =>
      Number(s.insert.run(r.receivedAt, r.merchantId, r.transactionId, r.signatureOk ? 1 : 0, r.responseCode, r.httpStatus, r.fault).lastInsertRowid),
    setResult: (id, code, status, fault) => void s.setResult.run(code, status, fault, id),
    isCancelled: (t) => (txRow(t)?.cancel_count ?? 0) > 0,
    recordCancel: (t, at) => void s.cancel.run(t, at),
    recordRepeat: (t) => void s.repeat.run(t),
    requests: (t) => requestRowsSchema.parse(t === undefined ? s.all.all() : s.forTx.all(t)).map(toReq),
    requestCounts: () => new Map(requestCountRowsSchema.parse(s.counts.all()).map((r) => [r.transaction_id, r.n])),
    cancelCount: (t) => txRow(t)?.cancel_count ?? 0,
    cancelledTransactions: () => new Set(transactionIdsSchema.parse(s.cancelled.all())),
    repeatAttempts: (t) => txRow(t)?.repeat_attempts ?? 0,
    summary: () => {
      const r = summaryRowSchema.parse(s.summary.get());
      return { requests: r.requests, cancelled: r.cancelled, repeatAttempts: r.repeats, transactionsCancelledMoreThanOnce: r.twice };
    },
    close: () => db.close(),
  };
}
