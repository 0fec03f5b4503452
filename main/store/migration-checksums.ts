// Each migration's checksum is recorded in its database when it is applied (DESIGN §4: never edited after release,
// checksummed). A migration edited after a folder applied it would leave two folders at the same user_version with
// different schemas; instead the open is refused, before anything is written.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { Migration } from './migrations.ts';

/**
 * sha-256 (hex) of the migration's SQL text as the code holds it. A template literal's line breaks are LF whatever
 * the checkout's line endings (ECMAScript normalises CR LF in template literals), so a Windows checkout hashes the same.
 */
export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql, 'utf8').digest('hex');
}

/** An applied migration whose text differs from the one recorded: CLI exit 4 (main/cli/errors.ts reads exitCode). */
export class MigrationChangedError extends Error {
  readonly code = 'MIGRATION_CHANGED';
  readonly exitCode = 4;
}

// 'applied': recorded in the migration's own transaction. 'adopted': recorded at the first open by a DocDesk that
// keeps checksums, for migrations applied before that by this code's ancestors (their text is trusted as it is now).
const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  recorded_at INTEGER NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('applied', 'adopted'))
) STRICT;`;

const recordedRows = z.array(z.object({ version: z.number().int(), sha256: z.string() }));

/** version → recorded sha-256; empty for a database made before checksums (no table yet). */
function recordedChecksums(db: Database.Database): Map<number, string> {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined;
  if (!hasTable) return new Map();
  const rows = recordedRows.parse(db.prepare('SELECT version, sha256 FROM schema_migrations').all());
  return new Map(rows.map((r) => [r.version, r.sha256]));
}

function changed(db: Database.Database, m: Migration, recorded: string, now: string): MigrationChangedError {
  return new MigrationChangedError(
    `${path.basename(db.name)}에 적용된 마이그레이션 ${m.version}('${m.name}')의 내용이 이 DocDesk에서 바뀌었습니다` +
      ` (기록된 체크섬 ${recorded.slice(0, 12)}…, 지금 ${now.slice(0, 12)}…). 데이터 폴더에서는 아무것도 바꾸지 않았습니다.` +
      ' 이 폴더를 마지막으로 연 DocDesk 정식 버전(또는 더 새 정식 버전)을 설치해 여세요.' +
      ' 개발 중이라면 그 마이그레이션을 원래대로 되돌리고, 바꿀 내용은 새 마이그레이션으로 추가하세요.',
  );
}

/**
 * Checks the migrations the database has applied (version ≤ `current`) against their recorded checksums, reading
 * only: a mismatch throws MigrationChangedError with nothing written. Then records, once, the checksums of applied
 * migrations that have none — a folder made before checksums existed: those migrations were applied by this code's
 * ancestors, so today's text is what they ran.
 */
export function verifyAppliedMigrations(db: Database.Database, migrations: readonly Migration[], current: number): void {
  const unrecorded = unrecordedAppliedMigrations(db, migrations, current);
  if (unrecorded.length === 0) return;
  db.transaction(() => {
    for (const m of unrecorded) recordMigrationChecksum(db, m, 'adopted');
  }).immediate();
}

/**
 * The applied migrations (version ≤ `current`) whose checksum is not recorded yet, reading only — a read-only
 * connection can ask; a recorded checksum that differs throws MigrationChangedError.
 */
export function unrecordedAppliedMigrations(db: Database.Database, migrations: readonly Migration[], current: number): Migration[] {
  const recorded = recordedChecksums(db);
  const applied = migrations.filter((m) => m.version <= current);
  for (const m of applied) {
    const want = recorded.get(m.version);
    const now = migrationChecksum(m);
    if (want !== undefined && want !== now) throw changed(db, m, want, now);
  }
  return applied.filter((m) => !recorded.has(m.version));
}

/** Records one migration's checksum; call inside the transaction that applies it. */
export function recordMigrationChecksum(db: Database.Database, m: Migration, how: 'applied' | 'adopted'): void {
  db.exec(CREATE_TABLE);
  db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, sha256, recorded_at, how) VALUES (?, ?, ?, ?, ?)').run(
    m.version,
    m.name,
    migrationChecksum(m),
    Date.now(),
    how,
  );
}
