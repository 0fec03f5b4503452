// Single use of a landing token (reference kakaopay-edoc-api.md §7.2: never verify one twice). A token's SHA-256 is
// claimed — committed — before docs-gw is asked, so neither two requests at once nor a restart of the server can
// use one twice. The standalone server keeps the claims in a small SQLite file of its own folder (token hashes
// only, nothing personal); the in-app server keeps them for its run (docs-gw itself refuses a second verify).
import Database from 'better-sqlite3-multiple-ciphers';

export interface UsedTokens {
  /** True the first time a token hash is claimed, false ever after. */
  claim(tokenSha256: string): boolean;
  close(): void;
}

export function memoryUsedTokens(): UsedTokens {
  const used = new Set<string>();
  return {
    claim(sha) {
      if (used.has(sha)) return false;
      used.add(sha);
      return true;
    },
    close() {},
  };
}

/** Claims older than keepDays are forgotten at open (a token lives minutes; a year is far beyond any replay). */
export function fileUsedTokens(filePath: string, options: { keepDays?: number; now?: () => number } = {}): UsedTokens {
  const now = options.now ?? Date.now;
  const db = new Database(filePath);
  try {
    db.pragma('journal_mode = WAL');
    // A claim must survive a power loss: it is what refuses the replay after the restart.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS used_token (token_sha256 TEXT PRIMARY KEY, used_at INTEGER NOT NULL) STRICT, WITHOUT ROWID');
    db.prepare('DELETE FROM used_token WHERE used_at < ?').run(now() - (options.keepDays ?? 365) * 86_400_000);
  } catch (err) {
    db.close();
    throw err;
  }
  const insert = db.prepare('INSERT OR IGNORE INTO used_token (token_sha256, used_at) VALUES (?, ?)');
  return {
    claim: (sha) => insert.run(sha, now()).changes === 1,
    close: () => db.close(),
  };
}
