// The Merkle tree's stored hashes in audit.db (migration 2 of audit-db.ts): level 0 is audit_chain.leaf, and the
// subtrees leaf `seq` completes are audit_tree row `seq`, level 1 first. This is the SQLite HashReader of the pure
// tree code (merkle/); a PostgreSQL store would map the same stored indexes onto its own tables.
import type { AuditDb } from './audit-db.ts';
import { parseLeafValue, parseTreeHashes } from './audit-rows.ts';
import { MissingHashError, type HashReader } from './merkle/hash-reader.ts';
import { HASH_BYTES } from './merkle/node-hash.ts';
import { splitStoredHashIndex } from './merkle/stored-hash-index.ts';
import { treeRoot } from './merkle/tree-root.ts';

/** The leaf whose row stores subtree (level, k): its last leaf. */
export const storingLeaf = (level: number, k: number): number => (k + 1) * 2 ** level - 1;

export function createTreeReader(db: AuditDb): HashReader {
  const leafAt = db.prepare('SELECT leaf FROM audit_chain WHERE seq = ?').pluck();
  const rowAt = db.prepare('SELECT hashes FROM audit_tree WHERE seq = ?').pluck();
  return (indexes) =>
    indexes.map((index) => {
      const { level, k } = splitStoredHashIndex(index);
      if (level === 0) {
        const leaf = parseLeafValue(leafAt.get(k));
        if (!leaf) throw new MissingHashError(`감사 로그에 순번 ${k}의 leaf가 없습니다.`);
        return leaf;
      }
      const seq = storingLeaf(level, k);
      const row = parseTreeHashes(rowAt.get(seq));
      if (!row || row.length < level * HASH_BYTES) throw new MissingHashError(`감사 로그의 머클 트리에 순번 ${seq}이 완성한 ${level}단계 해시(색인 ${index})가 없습니다.`);
      return row.subarray((level - 1) * HASH_BYTES, level * HASH_BYTES);
    });
}

/** MTH of the log's first `size` leaves from the stored hashes. */
export function storedTreeRoot(db: AuditDb, size: number): Buffer {
  return treeRoot(size, createTreeReader(db));
}
