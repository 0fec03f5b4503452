// A value that changes whenever the database's content may have: data_version moves on commits by other
// connections (the writer threads), total_changes() on this one. Lets a costly aggregate be cached until then.
import type { Db } from './open-database.ts';

export function createDbVersion(db: Db): () => string {
  const own = db.prepare('SELECT total_changes() AS c').pluck();
  return () => `${String(db.pragma('data_version', { simple: true }))}:${String(own.get())}`;
}
