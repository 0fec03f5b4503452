// The Merkle tree's stored hashes in audit.db (migration 2 of audit-db.ts): level 0 is audit_chain.leaf; levels
// ≥ 4 are audit_tree row `seq` (the leaf completing a 16-leaf tile, merkle/tiles.ts), level 4 first; levels 1–3
// are recomputed from at most 16 leaves, read in one statement. This is the SQLite HashReader of the pure tree
// code (merkle/); a PostgreSQL store would map the same stored indexes onto its own tables.
import type { AuditDb } from './audit-db.ts';
import { parseChunkHashes, parseLeafValue, parseTreeHashes } from './audit-rows.ts';
import { MissingHashError, type HashReader } from './merkle/hash-reader.ts';
import { HASH_BYTES } from './merkle/node-hash.ts';
import { splitStoredHashIndex } from './merkle/stored-hash-index.ts';
import { perfectSubtreeInto, storedLevelOffset, TILE_HEIGHT, TILE_LEAVES } from './merkle/tiles.ts';
import { treeRoot } from './merkle/tree-root.ts';

/** The leaf whose row stores subtree (level, k): its last leaf. */
export const storingLeaf = (level: number, k: number): number => (k + 1) * 2 ** level - 1;

/** Leaves [lo, hi) as one blob, 32 bytes each in seq order, or null when one is missing. */
export function createLeafRangeReader(db: AuditDb): (lo: number, hi: number) => Buffer | null {
  // The casts only relabel bytes in a UTF-8 database (string_agg works on byte lengths, NULs included).
  const leavesOf = db.prepare(`SELECT count(*), CAST(string_agg(CAST(leaf AS TEXT), '' ORDER BY seq) AS BLOB) FROM audit_chain WHERE seq >= ? AND seq < ?`).raw();
  return (lo, hi) => {
    const [count, blob] = parseChunkHashes(leavesOf.get(lo, hi));
    return count === hi - lo && blob && blob.length === count * HASH_BYTES ? blob : null;
  };
}

export function createTreeReader(db: AuditDb): HashReader {
  const leafAt = db.prepare('SELECT leaf FROM audit_chain WHERE seq = ?').pluck();
  const leavesIn = createLeafRangeReader(db);
  const rowAt = db.prepare('SELECT hashes FROM audit_tree WHERE seq = ?').pluck();
  return (indexes) =>
    indexes.map((index) => {
      const { level, k } = splitStoredHashIndex(index);
      if (level === 0) {
        const leaf = parseLeafValue(leafAt.get(k));
        if (!leaf) throw new MissingHashError(`감사 로그에 순번 ${k}의 leaf가 없습니다.`);
        return leaf;
      }
      if (level < TILE_HEIGHT) {
        const span = 2 ** level;
        const leaves = leavesIn(k * span, (k + 1) * span);
        if (!leaves) throw new MissingHashError(`감사 로그에 순번 ${k * span}–${(k + 1) * span - 1}의 leaf가 모두 있지 않아 ${level}단계 해시(색인 ${index})를 만들 수 없습니다.`);
        const node = Buffer.alloc(TILE_LEAVES * HASH_BYTES);
        perfectSubtreeInto(leaves, 0, HASH_BYTES, span, node);
        return node.subarray(0, HASH_BYTES);
      }
      const seq = storingLeaf(level, k);
      const row = parseTreeHashes(rowAt.get(seq));
      const at = storedLevelOffset(level);
      if (!row || row.length < at + HASH_BYTES) throw new MissingHashError(`감사 로그의 머클 트리에 순번 ${seq}이 완성한 ${level}단계 해시(색인 ${index})가 없습니다.`);
      return row.subarray(at, at + HASH_BYTES);
    });
}

/** MTH of the log's first `size` leaves from the stored hashes. */
export function storedTreeRoot(db: AuditDb, size: number): Buffer {
  return treeRoot(size, createTreeReader(db));
}
