// The chain recomputed from the stored bytes, chunk by chunk (sqlite-audit-verify.ts runs it on the calling thread and
// in sqlite-audit-verify.worker.ts). Kept apart from sqlite-audit-verify.ts so a worker loads only this, SQLite and node:crypto.
// Every chunk is checked against the STORED chain of the row before it. By induction the first chunk that
// fails, and the first row in it, are what one sequential pass would report — which is what lets chunks be
// verified in any order and on any thread.
// Cost per row is the point (issue 4: verify ≤ 2× a bare SHA-256 pass): a chunk's leaf and chain columns come
// back as ONE buffer (concatenated by SQLite), records as one Buffer each, and both hashes
// are one-shot over reused scratch buffers; the per-row path is taken only for chunks with gaps or purged rows.
import type { AuditDb } from '../audit/audit-db.ts';
import {
  parseChainMaxSeq,
  parseChainSeq,
  parseChainValue,
  parseChunkHashes,
  parseChunkRecords,
  parseChunkRecordsWithSeq,
  parseTreeChunkSummary,
  parseTreeHashes,
  parseTreeRowPage,
} from '../audit/audit-rows.ts';
import { chainMatches, leafDigestOfPrefixed } from '../audit/hashing.ts';
import { HASH_BYTES, nodeHashEquals } from '../audit/merkle/node-hash.ts';
import { storedHashIndex } from '../audit/merkle/stored-hash-index.ts';
import { perfectSubtreeInto, storedLevelOffset, storedLevelsAt, TILE_HEIGHT, TILE_LEAVES } from '../audit/merkle/tiles.ts';
import { createLeafRangeReader } from '../audit/tree-store.ts';
import type { VerifyProblem } from '../audit/verify-report.ts';

export const VERIFY_CHUNK_ROWS = 4096;

export interface PurgedRange {
  lo: number;
  hi: number;
}

export interface ChunkGrid {
  /** Rows in the log (max seq + 1). */
  size: number;
  chunkRows: number;
}

export function chunkCount(g: ChunkGrid): number {
  return Math.ceil(g.size / g.chunkRows);
}

function bounds(g: ChunkGrid, k: number): { lo: number; hi: number } {
  const lo = k * g.chunkRows;
  return { lo, hi: Math.min(g.size, lo + g.chunkRows) };
}

export function createChunkVerifier(db: AuditDb, purged: PurgedRange[]) {
  const isPurged = (seq: number) => purged.some((g) => seq >= g.lo && seq <= g.hi);
  const chainAt = db.prepare('SELECT chain FROM audit_chain WHERE seq = ?').pluck();
  // leaf ‖ chain of every row in seq order, as one blob (64 bytes a row). The casts only relabel bytes in a
  // UTF-8 database (`||` and string_agg work on byte lengths, NULs included); the length is checked below.
  const hashesOf = db.prepare(`SELECT count(*), CAST(string_agg(CAST(leaf || chain AS TEXT), '' ORDER BY seq) AS BLOB) FROM audit_chain WHERE seq >= ? AND seq < ?`).raw();
  const seqsOf = db.prepare('SELECT seq FROM audit_chain WHERE seq >= ? AND seq < ? ORDER BY seq').pluck();
  const nextSeq = db.prepare('SELECT min(seq) FROM audit_chain WHERE seq >= ?').pluck();
  // Each record behind the leaf prefix (0x00), as the leaf hash reads it: SQLite copies it anyway.
  const recordsOf = db.prepare(`SELECT CAST(x'00' || record AS BLOB) FROM audit_record WHERE seq >= ? AND seq < ? ORDER BY seq`).pluck();
  const recordsWithSeqOf = db.prepare(`SELECT seq, CAST(x'00' || record AS BLOB) FROM audit_record WHERE seq >= ? AND seq < ? ORDER BY seq`).raw();
  // The chunk's tree rows as one blob, with what proves their layout (merkle/tiles.ts): every row at a seq that
  // completes a 16-leaf tile, every such seq's row, and each row exactly one hash per trailing 1 bit of its seq from
  // level 4 on.
  const treeBlobOf = db
    .prepare(
      `SELECT count(*), coalesce(sum((seq & ${TILE_LEAVES - 1}) = ${TILE_LEAVES - 1}), 0),
         coalesce(sum(((seq + 1) % (1 << (length(hashes) / 32 + ${TILE_HEIGHT - 1}))) = 0 AND ((seq + 1) % (2 << (length(hashes) / 32 + ${TILE_HEIGHT - 1}))) <> 0), 0),
         CAST(string_agg(CAST(hashes AS TEXT), '' ORDER BY seq) AS BLOB)
       FROM audit_tree WHERE seq >= ? AND seq < ?`,
    )
    .raw();
  const treeRowsOf = db.prepare('SELECT seq, hashes FROM audit_tree WHERE seq >= ? AND seq < ? ORDER BY seq').raw();
  const treeRowAt = db.prepare('SELECT hashes FROM audit_tree WHERE seq = ?').pluck();
  const leavesIn = createLeafRangeReader(db);
  const tile = Buffer.alloc((TILE_LEAVES / 2) * HASH_BYTES);

  const treeProblem = (code: 'TREE_HASH_MISMATCH' | 'TREE_HASH_MISSING', seq: number, level: number | null): VerifyProblem =>
    level === null
      ? { code, seq, message: `머클 트리의 순번 ${seq} 행이 ${code === 'TREE_HASH_MISSING' ? '없거나 있어서는 안 되는 자리에 있습니다' : '올바른 길이가 아닙니다'} (변조 또는 손상).` }
      : {
          code,
          seq,
          message: `머클 트리의 ${level}단계 해시(색인 ${storedHashIndex(level, (seq + 1) / 2 ** level - 1)}, 순번 ${seq}에 저장)가 그 아래 해시들과 맞지 않습니다 (변조).`,
        };

  /** The first seq ≥ lo that completes a tile. */
  const firstTileEnd = (lo: number): number => lo + ((TILE_LEAVES - 1 - (lo % TILE_LEAVES)) % TILE_LEAVES);

  /**
   * The Merkle tree rows of [lo, hi) (issue 17), given the chunk's verified leaves (`hashes`, leaf ‖ chain per row):
   * every stored level-4 hash must be the tile's 16 leaves hashed up (recomputed, as every root and proof recomputes
   * levels 1–3), every higher one the node hash of its two halves stored earlier (in this chunk, or before it: one
   * read per level). By induction from the verified leaves, every stored hash then equals the tree recomputed from
   * the leaves, and so does every root or proof made from them. `rowAt(seq)` gives a row of the chunk as
   * (buffer, offset); rows are visited in seq order.
   */
  function checkTreeRows(lo: number, hi: number, hashes: Buffer, rowAt: (seq: number) => { buf: Buffer; at: number; length: number } | null): VerifyProblem | null {
    for (let seq = firstTileEnd(lo); seq < hi; seq += TILE_LEAVES) {
      const row = rowAt(seq);
      if (!row) return treeProblem('TREE_HASH_MISSING', seq, null);
      const levels = storedLevelsAt(seq);
      if (row.length !== levels * HASH_BYTES) return treeProblem('TREE_HASH_MISMATCH', seq, null);
      // Level 4: the tile's leaves, from the chunk when they are in it (chunks of VERIFY_CHUNK_ROWS are tile-aligned).
      const first = seq - (TILE_LEAVES - 1);
      if (first >= lo) perfectSubtreeInto(hashes, (first - lo) * 64, 64, TILE_LEAVES, tile);
      else {
        const leaves = leavesIn(first, seq + 1);
        if (!leaves) return treeProblem('TREE_HASH_MISMATCH', seq, TILE_HEIGHT);
        perfectSubtreeInto(leaves, 0, HASH_BYTES, TILE_LEAVES, tile);
      }
      if (tile.compare(row.buf, row.at, row.at + HASH_BYTES, 0, HASH_BYTES) !== 0) return treeProblem('TREE_HASH_MISMATCH', seq, TILE_HEIGHT);
      for (let level = TILE_HEIGHT + 1; level < TILE_HEIGHT + levels; level++) {
        // Subtree (level, k) ends at leaf seq; its left half ends at seq − 2^(level−1), its right half is stored just below it.
        const leftEnd = seq - 2 ** (level - 1);
        const leftRow = leftEnd >= lo ? rowAt(leftEnd) : ((b) => (b ? { buf: b, at: 0, length: b.length } : null))(parseTreeHashes(treeRowAt.get(leftEnd)));
        const half = storedLevelOffset(level - 1);
        const ok =
          leftRow !== null &&
          leftRow.length >= half + HASH_BYTES &&
          nodeHashEquals(leftRow.buf, leftRow.at + half, row.buf, row.at + half, row.buf, row.at + storedLevelOffset(level));
        if (!ok) return treeProblem('TREE_HASH_MISMATCH', seq, level);
      }
    }
    return null;
  }

  function verifyTree(lo: number, hi: number, hashes: Buffer): VerifyProblem | null {
    const firstEnd = firstTileEnd(lo);
    const rowCount = hi > firstEnd ? Math.floor((hi - 1 - firstEnd) / TILE_LEAVES) + 1 : 0;
    const [count, aligned, lengthsOk, blob] = parseTreeChunkSummary(treeBlobOf.get(lo, hi));
    if (count === rowCount && aligned === count && lengthsOk === count) {
      // Fast path: the layout is proven, so each row's place in the blob follows from the seqs.
      const starts = new Int32Array(rowCount + 1);
      for (let i = 0, at = 0; i < rowCount; i++) {
        starts[i] = at;
        at += storedLevelsAt(firstEnd + TILE_LEAVES * i) * HASH_BYTES;
        starts[i + 1] = at;
      }
      const all = blob ?? Buffer.alloc(0);
      if (all.length === starts[rowCount]) {
        const found = checkTreeRows(lo, hi, hashes, (seq) => {
          const i = (seq - firstEnd) / TILE_LEAVES;
          return { buf: all, at: starts[i]!, length: starts[i + 1]! - starts[i]! };
        });
        if (!found) return null;
      }
    }
    // Something is wrong: the rows one by one, to name the first bad one exactly.
    const rows = parseTreeRowPage(treeRowsOf.all(lo, hi));
    const bySeq = new Map(rows.map(([seq, b]) => [seq, b]));
    const stray = rows.find(([seq]) => storedLevelsAt(seq) === 0);
    const problem = checkTreeRows(lo, hi, hashes, (seq) => {
      const b = bySeq.get(seq);
      return b ? { buf: b, at: 0, length: b.length } : null;
    });
    if (stray && (!problem || stray[0] < problem.seq!)) return treeProblem('TREE_HASH_MISSING', stray[0], null);
    return problem;
  }

  /** Rows [lo, hi): the first problem, or null. */
  function verifyRows(lo: number, hi: number): VerifyProblem | null {
    if (lo >= hi) return null;
    // The previous chain value is read in place: the row before the range, then the chunk's own chain column.
    let prev: Buffer;
    let prevAt = 0;
    if (lo === 0) prev = Buffer.alloc(32);
    else {
      const stored = parseChainValue(chainAt.get(lo - 1));
      if (!stored) return { code: 'SEQ_GAP', seq: lo - 1, message: `순번 ${lo - 1}의 행이 없습니다.` };
      prev = stored;
    }
    const [count, hashes] = parseChunkHashes(hashesOf.get(lo, hi));
    if (count !== hi - lo) {
      // A gap: rows before it are still checked first, so the report names the first bad row.
      let expected = lo;
      for (const seq of seqsOf.iterate(lo, hi)) {
        if (parseChainSeq(seq) !== expected) break;
        expected++;
      }
      const next = parseChainMaxSeq(nextSeq.get(expected)) ?? hi;
      return verifyRows(lo, expected) ?? { code: 'SEQ_GAP', seq: expected, message: `순번 ${expected}의 행이 없습니다 (다음 행은 ${next}).` };
    }
    // leaf and chain are BLOBs of exactly 32 bytes (STRICT table, CHECK constraints).
    if (!hashes || hashes.length !== count * 64) throw new Error(`audit_chain rows ${lo}–${hi - 1}: unexpected hash sizes`);
    let records = parseChunkRecords(recordsOf.all(lo, hi));
    if (records.length !== count) {
      // Purged (or deleted) records: place each stored record at its row.
      const placed: (Buffer | null)[] = Array.from({ length: count }, () => null);
      for (const [seq, record] of parseChunkRecordsWithSeq(recordsWithSeqOf.all(lo, hi))) placed[seq - lo] = record;
      records = placed;
    }
    // Stored leaves compared as latin1 text (one character per byte) with the computed digests: no Buffer per row.
    const stored = hashes.toString('latin1');
    for (let i = 0; i < count; i++) {
      const seq = lo + i;
      const at = i * 64;
      const record = records[i];
      let leaf: Uint8Array | string;
      if (record) {
        leaf = leafDigestOfPrefixed(record);
        if (!stored.startsWith(leaf, at)) return { code: 'LEAF_MISMATCH', seq, message: `순번 ${seq}의 기록 내용이 해시와 다릅니다 (변조).` };
      } else if (isPurged(seq)) leaf = hashes.subarray(at, at + 32);
      else return { code: 'RECORD_MISSING', seq, message: `순번 ${seq}의 기록이 삭제되었습니다 (보존 기간 파기 아님).` };
      if (!chainMatches(prev, prevAt, leaf, hashes, at + 32)) {
        return { code: 'CHAIN_MISMATCH', seq, message: `순번 ${seq}의 체인 해시가 맞지 않습니다 (행 순서 변경 또는 변조).` };
      }
      prev = hashes;
      prevAt = at + 32;
    }
    return verifyTree(lo, hi, hashes);
  }

  return (g: ChunkGrid, k: number): VerifyProblem | null => {
    const { lo, hi } = bounds(g, k);
    return verifyRows(lo, hi);
  };
}
export type ChunkVerifier = ReturnType<typeof createChunkVerifier>;

/**
 * Chunks are handed out through a shared counter (slot 0) so fast and slow threads balance themselves; slot 1
 * holds the lowest chunk found bad, and no thread starts a chunk above it (it cannot be the first problem).
 */
export function takeChunk(shared: Int32Array, g: ChunkGrid): number | null {
  const k = Atomics.add(shared, 0, 1);
  return k < chunkCount(g) && k < Atomics.load(shared, 1) ? k : null;
}

export function markBad(shared: Int32Array, k: number): void {
  let current = Atomics.load(shared, 1);
  while (k < current) {
    const seen = Atomics.compareExchange(shared, 1, current, k);
    if (seen === current) return;
    current = seen;
  }
}

export interface ChunkProblem {
  chunk: number;
  problem: VerifyProblem;
}

/** One thread's share: takes chunks until none is left; `pause` lets the calling thread serve its event loop. */
export async function verifyChunks(verify: ChunkVerifier, shared: Int32Array, g: ChunkGrid, pause?: () => Promise<void>): Promise<ChunkProblem[]> {
  const found: ChunkProblem[] = [];
  for (let k = takeChunk(shared, g); k !== null; k = takeChunk(shared, g)) {
    const problem = verify(g, k);
    if (problem) {
      found.push({ chunk: k, problem });
      markBad(shared, k);
    }
    if (pause) await pause();
  }
  return found;
}
