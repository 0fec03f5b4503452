// What docdesk.db remembers about the audit log (issue 13; DESIGN §12: the log's identity and latest signed size
// live also outside audit.db, so losing or replacing audit.db is noticed). One row of docdesk.db's `settings`
// table, JSON validated on every read: no schema change, and one statement writes it whole.
// Written when the log is created or first seen (an upgraded folder), at every signed checkpoint and when the
// anchor folder changes; compared with audit.db at every open (log-continuity.ts). Written as a step on
// docdesk.db's writer (issue 16 step 8), which applies the change to the record it reads in the same transaction:
// never backwards, never over another log's record.
import { z } from 'zod';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { parseSettingValue } from '../store/row-shapes.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';

const SETTINGS_KEY = 'audit.log';

export const auditLogRecordSchema = z.strictObject({
  logId: z.uuid(),
  /** Rows covered by the latest signed checkpoint (0: none signed yet). */
  size: z.number().int().nonnegative(),
  /** That checkpoint's chain head (base64), null while size is 0. */
  head: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/)
    .nullable(),
  /** The anchor folder receiving checkpoint files, if one is set. */
  anchorFolder: z.string().min(1).nullable(),
  recordedAt: z.iso.datetime(),
});
export type AuditLogRecord = z.infer<typeof auditLogRecordSchema>;

/** What the log has to record: its id, a signed point (size, base64 head), the anchor folder, when. */
export const logRecordChangeSchema = z.object({
  logId: z.uuid(),
  signed: z.object({ size: z.number().int().nonnegative(), head: z.string() }).optional(),
  anchorFolder: z.string().min(1).nullable().optional(),
  at: z.iso.datetime(),
});
export type LogRecordChange = z.infer<typeof logRecordChangeSchema>;

/** The record after `change`, or null when it leaves the record as it is (nothing newer, or another log's record). */
export function nextLogRecord(current: AuditLogRecord | null, change: LogRecordChange): AuditLogRecord | null {
  // Another log in the record was refused at open; a process that still writes this one never overwrites it.
  if (current && current.logId !== change.logId) return null;
  const signed = change.signed && change.signed.size > (current?.size ?? 0) ? change.signed : null;
  const anchorFolder = change.anchorFolder !== undefined ? change.anchorFolder : (current?.anchorFolder ?? null);
  if (current && !signed && anchorFolder === current.anchorFolder) return null;
  return { logId: change.logId, size: signed?.size ?? current?.size ?? 0, head: signed?.head ?? current?.head ?? null, anchorFolder, recordedAt: change.at };
}

export interface AuditLogRecordStore {
  read(): AuditLogRecord | null;
  /** Brings the record up to `change` (nextLogRecord) in a step on docdesk.db's writer; resolves once committed. */
  record(change: LogRecordChange): Promise<void>;
}

export class AuditLogRecordError extends Error {
  readonly code = 'AUDIT_LOG_RECORD_INVALID';
  readonly exitCode = 1 as const;
}

/** Reads the record on `db`; refuses one that does not parse (AuditLogRecordError). */
export function auditLogRecordReader(db: Db): () => AuditLogRecord | null {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  return function read(): AuditLogRecord | null {
    const raw = parseSettingValue(select.get(SETTINGS_KEY));
    if (raw === undefined) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      value = null;
    }
    const parsed = auditLogRecordSchema.safeParse(value);
    if (!parsed.success) {
      throw new AuditLogRecordError(
        `docdesk.db에 저장된 감사 로그 기록(settings '${SETTINGS_KEY}')이 올바르지 않습니다. 감사 로그가 이어지는지 확인할 수 없어 시작하지 않았습니다. ` +
          '이 데이터 폴더를 그대로 보존하고(복사본을 만들어 두세요) 관리자나 DocDesk 지원 담당에게 알리세요.',
      );
    }
    return parsed.data;
  };
}

export const logRecordStepInputs = { 'auditLog.record': logRecordChangeSchema };

/** The writer's side: the change applied to the record as this transaction reads it. */
export function logRecordSteps(db: Db): StepHandlers {
  const read = auditLogRecordReader(db);
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  return stepHandlers(logRecordStepInputs, {
    'auditLog.record': (change) => {
      const record = nextLogRecord(read(), change);
      if (record !== null) upsert.run(SETTINGS_KEY, JSON.stringify(auditLogRecordSchema.parse(record)));
      return { recorded: record !== null };
    },
  });
}

/** Reads on `db` (the read-only connection), writes as steps on docdesk.db's writer. */
export function createAuditLogRecordStore(db: Db, writer: StepWriter): AuditLogRecordStore {
  const run = stepCaller<typeof logRecordStepInputs>(writer, '감사 로그 기록');
  return { read: auditLogRecordReader(db), record: async (change) => void (await run('auditLog.record', change)) };
}
