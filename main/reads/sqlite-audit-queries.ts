// audit.db's reads in SQL, each answering synchronously over one connection (the SQLite implementation of
// AuditReads, sqlite-audit-reads.ts, answers them through Promises): the event search, a row's encrypted bodies,
// the seqs under subject keys or in a time range, chain rows with their records, the log's keys. Rows are parsed
// where they leave SQL (audit/audit-rows.ts). Records are already masked (producers mask before appending), so they
// can be shown as stored.
import { AUDIT_TRIGGERS, type AuditDb } from '../audit/audit-db.ts';
import {
  parseAuditCount,
  parseAuditListRows,
  parseBlobRows,
  parseChainMaxSeq,
  parseChainValue,
  parseChainWalkPage,
  parseChainWalkRow,
  parseCheckpointRow,
  parseCheckpointRows,
  parseMaxIndexed,
  parseMetaValue,
  parseQuickCheck,
  parseRecordSeqBound,
  parseKeyRows,
  parseRecordBytes,
  parseRecordSeqs,
  parseSchemaNames,
  parseSubjectKeys,
  parseSubjectSeqs,
  type CheckpointDbRow,
} from '../audit/audit-rows.ts';
import {
  parseRecord,
  type AuditSettingKey,
  type ChainEntry,
  type ChainLink,
  type CheckpointSummary,
  type EventPage,
  type EventQuery,
  type LogKey,
  type QuickCheck,
  type SeqRange,
  type StoredBlob,
  type StoredCheckpoint,
} from '../audit/audit-read-shapes.ts';

export function queryEvents(db: AuditDb, q: EventQuery): EventPage {
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

export function logId(db: AuditDb): string | undefined {
  return parseMetaValue(db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get());
}

export function setting(db: AuditDb, key: AuditSettingKey): string | undefined {
  return parseMetaValue(db.prepare('SELECT value FROM audit_meta WHERE key = ?').pluck().get(key));
}

export function chainSize(db: AuditDb): number {
  const maxSeq = parseChainMaxSeq(db.prepare('SELECT max(seq) FROM audit_chain').pluck().get());
  return maxSeq === null ? 0 : maxSeq + 1;
}

export function chainAt(db: AuditDb, seq: number): Buffer | undefined {
  return parseChainValue(db.prepare('SELECT chain FROM audit_chain WHERE seq = ?').pluck().get(seq));
}

export function blobRows(db: AuditDb, seq: number): StoredBlob[] {
  return parseBlobRows(db.prepare('SELECT sha256, nonce, ciphertext, encoding FROM audit_blob WHERE seq = ?').all(seq));
}

/** Keys per statement of `indexedKeys` (well under SQLite's bound on parameters). */
const KEYS_PER_STATEMENT = 500;

export function indexedKeys(db: AuditDb, keys: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const some = keys.slice(i, i + KEYS_PER_STATEMENT);
    found.push(...parseSubjectKeys(db.prepare(`SELECT DISTINCT key FROM audit_subject WHERE key IN (${some.map(() => '?').join(',')})`).pluck().all(...some)));
  }
  return found;
}

export function maxIndexed(db: AuditDb, prefix: string): number {
  const max = parseMaxIndexed(db.prepare(`SELECT max(CAST(substr(key, ?) AS INTEGER)) FROM audit_subject WHERE key >= ? AND key < ?`).pluck().get(prefix.length + 1, prefix, `${prefix}\uffff`));
  return max ?? 0;
}

/** Seqs below `below` indexed under any of `keys`, ascending, each once. */
export function subjectSeqs(db: AuditDb, keys: readonly string[], below: number): number[] {
  const bySubject = db.prepare('SELECT seq FROM audit_subject WHERE key = ? AND seq < ?').pluck();
  const seqs = new Set<number>();
  for (const k of new Set(keys)) for (const q of parseSubjectSeqs(bySubject.all(k, below))) seqs.add(q);
  return [...seqs].sort((a, b) => a - b);
}

/** Seqs below `below` of the records stamped in [from, to), ascending. */
export function recordSeqsBetween(db: AuditDb, from: string, to: string, below: number): number[] {
  return parseRecordSeqs(db.prepare('SELECT seq FROM audit_record WHERE ts >= ? AND ts < ? AND seq < ? ORDER BY seq').pluck().all(from, to, below));
}

export function recordBytes(db: AuditDb, seq: number): Buffer | undefined {
  return parseRecordBytes(db.prepare('SELECT record FROM audit_record WHERE seq = ?').pluck().get(seq));
}

/** The chain rows at `seqs`, in that order, `batch` rows per array; a missing row is refused (audit-rows.ts). */
export function* chainEntries(db: AuditDb, seqs: readonly number[], batch: number): Generator<ChainEntry[]> {
  const rowAt = db.prepare('SELECT c.seq, c.leaf, c.chain, r.record FROM audit_chain c LEFT JOIN audit_record r ON r.seq = c.seq WHERE c.seq = ?').raw();
  for (let i = 0; i < seqs.length; i += batch) {
    const out: ChainEntry[] = [];
    for (const seq of seqs.slice(i, i + batch)) {
      const [s, leaf, , record] = parseChainWalkRow(rowAt.get(seq));
      out.push({ seq: s, leaf, record });
    }
    yield out;
  }
}

/** The chain rows from `from` on, `batch` rows per array, read a page at a time (each page its own read transaction). */
export function* chainFrom(db: AuditDb, from: number, batch: number): Generator<ChainLink[]> {
  const page = db.prepare('SELECT c.seq, c.leaf, c.chain, r.record FROM audit_chain c LEFT JOIN audit_record r ON r.seq = c.seq WHERE c.seq >= ? ORDER BY c.seq LIMIT ?').raw();
  for (let next = from; ; ) {
    const rows = parseChainWalkPage(page.all(next, batch));
    if (rows.length === 0) return;
    yield rows.map(([seq, leaf, chain, record]) => ({ seq, leaf, chain, record }));
    next = rows.at(-1)![0] + 1;
  }
}

export function recordsBefore(db: AuditDb, cutoff: string): SeqRange | null {
  const hi = parseRecordSeqBound(db.prepare('SELECT max(seq) FROM audit_record WHERE ts < ? AND seq > 0').pluck().get(cutoff));
  if (hi === null) return null;
  const lo = parseRecordSeqBound(db.prepare('SELECT min(seq) FROM audit_record WHERE seq > 0').pluck().get()) ?? 1;
  return lo > hi ? null : { lo, hi };
}

const CHECKPOINT_COLUMNS = 'size, head, root, body, sig, key_fp, created_at, anchored_at';

export function checkpointList(db: AuditDb): CheckpointSummary[] {
  return parseCheckpointRows(db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY size`).all()).map((c) => ({
    size: c.size,
    head: c.head.toString('base64'),
    keyFingerprint: c.key_fp,
    createdAt: c.created_at,
    anchoredAt: c.anchored_at,
  }));
}

const storedCheckpoint = (c: CheckpointDbRow): StoredCheckpoint => ({
  size: c.size,
  head: c.head,
  root: c.root,
  body: c.body,
  sig: c.sig,
  keyFp: c.key_fp,
  createdAt: c.created_at,
  anchoredAt: c.anchored_at,
});

export function latestCheckpoint(db: AuditDb): StoredCheckpoint | null {
  const row = parseCheckpointRow(db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY size DESC LIMIT 1`).get());
  return row ? storedCheckpoint(row) : null;
}

export function unanchoredCheckpoints(db: AuditDb): StoredCheckpoint[] {
  return parseCheckpointRows(db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE anchored_at IS NULL ORDER BY size`).all()).map(storedCheckpoint);
}

export function logKeys(db: AuditDb): LogKey[] {
  return parseKeyRows(db.prepare('SELECT fp, public_der, created_at FROM audit_key ORDER BY created_at, rowid').all()).map((r) => ({ fp: r.fp, publicDer: r.public_der, createdAt: r.created_at }));
}

/** The guard triggers of audit-db.ts that sqlite_schema lacks. */
export function missingTriggers(db: AuditDb): string[] {
  const present = new Set(parseSchemaNames(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`).pluck().all()));
  return AUDIT_TRIGGERS.filter((t) => !present.has(t));
}

export function quickCheck(db: AuditDb): QuickCheck {
  const result = parseQuickCheck(db.pragma('quick_check'))
    .map((r) => r.quick_check)
    .join('; ');
  return { result, triggersMissing: missingTriggers(db) };
}
