// Reading the audit log for the UI and the CLI: paged event search, one event, blobs of a row.
// Records are already masked (producers mask before appending), so they can be shown as stored.
import type { AuditDb } from './audit-db.ts';
import { parseAuditCount, parseAuditListRows, parseBlobRows } from './audit-rows.ts';
import { openBlob } from './blob-cipher.ts';
import { auditRecordSchema, type AuditRecord } from './event.ts';

export interface EventQuery {
  /** Event type prefix, e.g. `net.` or `op.mail`. */
  ev?: string;
  /** Subject index key(s), e.g. doc:<external id>, binder:<uuid>, phone:<hmac>. */
  subject?: string | string[];
  /** ISO times (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  /** Free text over the stored record (already masked). */
  text?: string;
  offset?: number;
  limit?: number;
}

export interface EventRow {
  seq: number;
  ts: string;
  ev: string;
  /** null when the record was purged after the retention period (its hashes remain). */
  record: AuditRecord | null;
  leaf: string;
}

export function parseRecord(bytes: Buffer): AuditRecord {
  return auditRecordSchema.parse(JSON.parse(bytes.toString('utf8')));
}

export function queryEvents(db: AuditDb, q: EventQuery): { total: number; rows: EventRow[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.ev) {
    where.push(`r.ev >= ? AND r.ev < ?`);
    args.push(q.ev, `${q.ev}\uffff`);
  }
  if (q.subject !== undefined) {
    const keys = Array.isArray(q.subject) ? q.subject : [q.subject];
    where.push(`c.seq IN (SELECT seq FROM audit_subject WHERE key IN (${keys.map(() => '?').join(',') || 'NULL'}))`);
    args.push(...keys);
  }
  if (q.from) {
    where.push('r.ts >= ?');
    args.push(q.from);
  }
  if (q.to) {
    where.push('r.ts < ?');
    args.push(q.to);
  }
  if (q.text) {
    where.push(`instr(CAST(r.record AS TEXT), ?) > 0`);
    args.push(q.text);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = `FROM audit_chain c LEFT JOIN audit_record r ON r.seq = c.seq ${filter}`;
  const total = parseAuditCount(db.prepare(`SELECT count(*) n ${from}`).get(...args)).n;
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const rows = parseAuditListRows(
    db.prepare(`SELECT c.seq, r.ts, r.ev, r.record, c.leaf ${from} ORDER BY c.seq DESC LIMIT ? OFFSET ?`).all(...args, limit, Math.max(q.offset ?? 0, 0)),
  );
  return {
    total,
    rows: rows.map((r) => ({ seq: r.seq, ts: r.ts ?? '', ev: r.ev ?? '(purged)', record: r.record ? parseRecord(r.record) : null, leaf: r.leaf.toString('hex') })),
  };
}

export function readBlobs(db: AuditDb, blobKey: Buffer, seq: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const rows = parseBlobRows(db.prepare('SELECT sha256, nonce, ciphertext, encoding FROM audit_blob WHERE seq = ?').all(seq));
  for (const r of rows) out.set(r.sha256.toString('hex'), openBlob(blobKey, r.sha256, r));
  return out;
}
