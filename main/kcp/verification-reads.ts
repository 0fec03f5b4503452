// The KCP verification journal's reads (KcpReads, main/reads/docdesk-reads.ts): served on the backend's read-only
// connection to the service and the screens, and on the writer's connection to the journal's own steps. Every row
// is parsed where it leaves SQL (verification-rows.ts).
import type { KcpStateCounts, KcpVerificationRow } from '../../shared/domain/kcp-verification.ts';
import type { KcpReads } from '../reads/docdesk-reads.ts';
import type { Synchronous } from '../reads/synchronous-reads.ts';
import type { Db } from '../store/open-database.ts';
import { parseBatch, parseInterruptedCount, parseStateCounts, parseVerificationRow, parseVerificationRows, parseWarnings, type VerificationDbRow } from './verification-rows.ts';

export function toVerificationRow(r: VerificationDbRow): KcpVerificationRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    sourceRow: r.source_row,
    profile: r.profile,
    transport: r.transport,
    state: r.state,
    bankCodeInput: r.bank_code_input,
    bankCode: r.bank_code,
    accountNo: r.account_no,
    ownerName: r.owner_name,
    orderId: r.order_id,
    attempts: r.attempts,
    resCd: r.res_cd,
    resMsg: r.res_msg,
    tno: r.tno,
    appTime: r.app_time,
    appTimeMs: r.app_time_ms,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    warnings: parseWarnings(JSON.parse(r.warnings_json)),
    createdAt: r.created_at,
  };
}

export function createKcpVerificationReads(db: Db): Synchronous<KcpReads> {
  const s = {
    get: db.prepare('SELECT * FROM kcp_verifications WHERE id = ?'),
    list: db.prepare('SELECT * FROM kcp_verifications ORDER BY id DESC LIMIT ?'),
    batchRows: db.prepare('SELECT * FROM kcp_verifications WHERE batch_id = ? ORDER BY source_row, id'),
    batch: db.prepare('SELECT * FROM kcp_batches WHERE id = ?'),
    counts: db.prepare('SELECT state, count(*) n FROM kcp_verifications WHERE batch_id = ? GROUP BY state'),
    unconfirmedBankRows: db.prepare(`SELECT * FROM kcp_verifications WHERE batch_id = ? AND state = 'INVALID' AND error_code = 'UNVERIFIED_BANK' ORDER BY id`),
    interrupted: db
      .prepare(`SELECT (SELECT count(*) FROM kcp_verifications WHERE state = 'IN_FLIGHT') + (SELECT count(*) FROM kcp_batches WHERE state = 'RUNNING')`)
      .pluck(),
  };
  return {
    verification(id) {
      const r = parseVerificationRow(s.get.get(id));
      return r ? toVerificationRow(r) : null;
    },
    list: (limit) => parseVerificationRows(s.list.all(limit)).map(toVerificationRow),
    batch(batchId) {
      const b = parseBatch(s.batch.get(batchId));
      return b ? { id: b.id, sourceFile: b.source_file, profile: b.profile, rowCount: b.row_count, state: b.state, createdAt: b.created_at } : null;
    },
    batchRows: (batchId) => parseVerificationRows(s.batchRows.all(batchId)).map(toVerificationRow),
    counts(batchId) {
      const c: KcpStateCounts = { QUEUED: 0, INVALID: 0, IN_FLIGHT: 0, VERIFIED: 0, NOT_VERIFIED: 0, FAILED: 0, UNKNOWN: 0 };
      for (const r of parseStateCounts(s.counts.all(batchId))) c[r.state] = r.n;
      return c;
    },
    unconfirmedBankRows: (batchId) => parseVerificationRows(s.unconfirmedBankRows.all(batchId)).map(toVerificationRow),
    interrupted: () => parseInterruptedCount(s.interrupted.get()),
  };
}
