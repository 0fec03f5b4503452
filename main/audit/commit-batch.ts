// One batch of the audit chain committed (reference evidence-and-audit.md §4–§5): inside BEGIN IMMEDIATE it reads
// the last chain value, gives each event its seq and salt, hashes the leaves into the chain and the Merkle tree
// (issue 17: leaf index = seq; the tree's right edge is read only when the writer does not hold it), seals the blobs (blob-cipher.ts:
// compressed when smaller, encrypted) and inserts every row; synchronous=FULL makes the commit durable. The same
// function runs on the main thread's connection (tests, tools) and on the audit commit thread
// (audit-commit-thread.ts) — there is one way to commit.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditDb } from './audit-db.ts';
import { parseChainTail } from './audit-rows.ts';
import { sealBlob } from './blob-cipher.ts';
import { chainHash, leafHashOfPrefixed, prefixedRecord, ZERO_HASH } from './hashing.ts';
import { createTreeAppender, rightEdgeIndexes, type TreeAppender } from './merkle/append-leaves.ts';
import { storedPartOf } from './merkle/tiles.ts';
import { createTreeReader } from './tree-store.ts';
import { bulkInsert } from '../store/bulk-insert.ts';

/**
 * An event ready to be chained, as it crosses to the commit thread: its canonical text around salt and seq
 * (`head` ‖ "salt":"…","seq":n, ‖ `tail`, made once by the producer's append), its blobs and subject keys.
 */
// Buffers on the producer's side, plain Uint8Arrays after the structured clone.
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes');
export const batchEventSchema = z.object({
  ts: z.string(),
  ev: z.string(),
  head: z.string(),
  tail: z.string(),
  blobs: z.array(z.object({ sha256: bytes, plain: bytes })),
  index: z.array(z.string()),
});
export type BatchEvent = z.infer<typeof batchEventSchema>;

/** The tree's right edge after the chain row `seq` whose chain value is `chain`. */
type HeldEdge = { seq: number; chain: Buffer; tree: TreeAppender };

/** Returns the function that commits one batch and answers the seqs it assigned, in order. */
export function createBatchCommit(db: AuditDb, blobKey: Buffer): (batch: readonly BatchEvent[]) => number[] {
  const lastRow = db.prepare('SELECT seq, chain FROM audit_chain ORDER BY seq DESC LIMIT 1');
  const insChain = bulkInsert(db, 'INSERT INTO audit_chain (seq, leaf, chain) VALUES', 3);
  const insRecord = bulkInsert(db, 'INSERT INTO audit_record (seq, ts, ev, record) VALUES', 4);
  const insBlob = bulkInsert(db, 'INSERT OR IGNORE INTO audit_blob (seq, sha256, nonce, ciphertext, encoding) VALUES', 5);
  const insSubject = bulkInsert(db, 'INSERT OR IGNORE INTO audit_subject (key, seq) VALUES', 2);
  const insTree = bulkInsert(db, 'INSERT INTO audit_tree (seq, hashes) VALUES', 2);
  const readTree = createTreeReader(db);
  const toBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

  /**
   * The tree's right edge as this writer's last commit left it, with the chain row it ends at. Reading the edge
   * costs ~10 statements and up to 7 node hashes (100–500 µs), once per commit: with the few events a commit of
   * PayUp cancels or KCP verifications holds, tens of µs per event. The next commit takes it when the log's last
   * chain row is still that row — the chain value commits to every leaf before it, so the leaves, and with them
   * the edge, are the same; any other tail (a failed commit, another writer) reads the edge from the file.
   */
  let heldEdge: HeldEdge | null = null;
  /** The edge after the transaction's inserts: held once its COMMIT returned, never after a rollback. */
  let committedEdge: HeldEdge | null = null;

  const commit = db.transaction((batch: readonly BatchEvent[]): number[] => {
    const last = parseChainTail(lastRow.get());
    let seq = last ? last.seq + 1 : 0;
    let prev = last ? last.chain : ZERO_HASH;
    const assigned: number[] = [];
    // The held tree is pushed to below: it is held again only once this transaction committed.
    const held = heldEdge;
    heldEdge = null;
    // A log whose tree is not built yet (tree-upgrade.ts) has no right edge: the read throws and nothing is written.
    const tree = held && last && held.seq === last.seq && held.chain.equals(last.chain) ? held.tree : createTreeAppender(seq, readTree(rightEdgeIndexes(seq)));
    const trees: unknown[] = [];
    const salts = randomBytes(16 * batch.length);
    const nonces = randomBytes(12 * batch.reduce((n, p) => n + p.blobs.length, 0));
    let nonceAt = 0;
    const chains: unknown[] = [];
    const records: unknown[] = [];
    const blobs: unknown[] = [];
    const subjects: unknown[] = [];
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      // salt is base64url: nothing to escape. Encoded from the range (no Buffer view per event: ~0.5 µs).
      const salt = salts.toString('base64url', i * 16, i * 16 + 16);
      const { prefixed, record } = prefixedRecord(`${p.head}"salt":"${salt}","seq":${seq},${p.tail}`);
      const leaf = leafHashOfPrefixed(prefixed);
      const chain = chainHash(prev, leaf);
      chains.push(seq, leaf, chain);
      // One tree row per 16 leaves (merkle/tiles.ts): the insert per row is what the tree costs the writer.
      const stored = storedPartOf(tree.push(leaf));
      if (stored) trees.push(seq, stored);
      records.push(seq, p.ts, p.ev, record);
      for (const b of p.blobs) {
        const sha256 = toBuffer(b.sha256);
        const { nonce, ciphertext, encoding } = sealBlob(blobKey, sha256, toBuffer(b.plain), nonces.subarray(nonceAt, (nonceAt += 12)));
        blobs.push(seq, sha256, nonce, ciphertext, encoding);
      }
      for (const k of p.index) subjects.push(k, seq);
      assigned.push(seq);
      prev = chain;
      seq++;
    }
    // audit_record references audit_chain (foreign key): chain rows first.
    insChain(chains);
    insTree(trees);
    insRecord(records);
    insBlob(blobs);
    insSubject(subjects);
    committedEdge = seq > 0 ? { seq: seq - 1, chain: prev, tree } : null;
    return assigned;
  });
  return (batch) => {
    committedEdge = null;
    const assigned = commit.immediate(batch);
    heldEdge = committedEdge;
    return assigned;
  };
}
