// What docdesk.db remembers about the audit log (issue 13; DESIGN §12: the log's identity and latest signed size
// live also outside audit.db, so losing or replacing audit.db is noticed). One row of docdesk.db's `settings`
// table, JSON validated on every read: no schema change, and one statement writes it whole.
// Written when the log is created or first seen (an upgraded folder), at every signed checkpoint and when the
// anchor folder changes; compared with audit.db at every open (log-continuity.ts).
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { parseSettingValue } from '../store/row-shapes.ts';

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

export interface AuditLogRecordStore {
  read(): AuditLogRecord | null;
  /** Replaces the record with what `next` returns for the current one (null: leave it), atomically. */
  update(next: (current: AuditLogRecord | null) => AuditLogRecord | null): void;
}

export class AuditLogRecordError extends Error {
  readonly code = 'AUDIT_LOG_RECORD_INVALID';
  readonly exitCode = 1 as const;
}

export function createAuditLogRecordStore(db: Db): AuditLogRecordStore {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  function read(): AuditLogRecord | null {
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
  }

  return {
    read,
    update(next) {
      // IMMEDIATE: a reader and the writer process may record at the same moment; each sees the other's write.
      db.transaction(() => {
        const record = next(read());
        if (record !== null) upsert.run(SETTINGS_KEY, JSON.stringify(auditLogRecordSchema.parse(record)));
      }).immediate();
    },
  };
}
