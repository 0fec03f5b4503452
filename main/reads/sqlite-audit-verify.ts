// `docdesk audit verify` (reference evidence-and-audit.md §5 "Self-checks", §6): PRAGMA integrity_check, the
// guard triggers present in sqlite_schema, the whole chain recomputed from the stored bytes, every checkpoint
// signature and head, and any checkpoint held outside the database (an exported file or the anchor folder) —
// which is what catches a tail cut or a chain rebuilt after the checkpoint left the PC.
// AuditReads.verify of the SQLite implementation (sqlite-audit-reads.ts); the report's types are audit/verify-report.ts.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { AuditDb } from '../audit/audit-db.ts';
import { parseChainMaxSeq, parseChainValue, parseIntegrityCheck, parsePurgeGrants, parseSignedCheckpointRows } from '../audit/audit-rows.ts';
import { parseCheckpointBody, verifyCheckpointSignature } from '../audit/checkpoint.ts';
import { checkpointConsistencyProof, verifyCheckpointExtends } from '../audit/checkpoint-consistency.ts';
import type { VerifyOptions, VerifyProblem, VerifyReport } from '../audit/verify-report.ts';
import { MissingHashError } from '../audit/merkle/hash-reader.ts';
import { treeRoot } from '../audit/merkle/tree-root.ts';
import { createTreeReader } from '../audit/tree-store.ts';
import { missingTriggers } from './sqlite-audit-queries.ts';
import { chunkCount, createChunkVerifier, VERIFY_CHUNK_ROWS, verifyChunks, type ChunkGrid, type ChunkProblem } from './sqlite-audit-verify-range.ts';

const PURGED_SQL = 'SELECT lo, hi FROM purge_grant ORDER BY lo';

function preChecks(db: AuditDb, options: VerifyOptions): { problems: VerifyProblem[]; integrity: string; triggersMissing: string[]; size: number; purged: { lo: number; hi: number }[] } {
  const problems: VerifyProblem[] = [];
  const started = performance.now();
  const integrityRows = parseIntegrityCheck(db.pragma('integrity_check'));
  options.onIntegrityChecked?.(performance.now() - started);
  const integrity = integrityRows.map((r) => r.integrity_check).join('; ');
  if (integrity !== 'ok') problems.push({ code: 'INTEGRITY_CHECK', seq: null, message: `SQLite 무결성 검사 실패: ${integrity}` });
  const triggersMissing = missingTriggers(db);
  for (const t of triggersMissing) problems.push({ code: 'TRIGGER_MISSING', seq: null, message: `보호 트리거가 없습니다: ${t}` });
  const maxSeq = parseChainMaxSeq(db.prepare('SELECT max(seq) FROM audit_chain').pluck().get());
  return { problems, integrity, triggersMissing, size: maxSeq === null ? 0 : maxSeq + 1, purged: parsePurgeGrants(db.prepare(PURGED_SQL).all()) };
}

function finish(db: AuditDb, options: VerifyOptions, pre: ReturnType<typeof preChecks>, chainProblem: VerifyProblem | null): VerifyReport {
  const problems = [...pre.problems];
  if (chainProblem) problems.push(chainProblem);
  const size = pre.size;
  // A tree problem leaves the chain's verdict standing (heads are still compared), but no root above it is trusted.
  const treeOnly = chainProblem !== null && (chainProblem.code === 'TREE_HASH_MISMATCH' || chainProblem.code === 'TREE_HASH_MISSING');
  const firstChainBad = treeOnly ? null : (chainProblem?.seq ?? null);
  const firstTreeBad = chainProblem?.seq ?? null;
  const storedChain = db.prepare('SELECT chain FROM audit_chain WHERE seq = ?').pluck();
  const cps = parseSignedCheckpointRows(db.prepare('SELECT size, head, root, body, sig, key_fp FROM audit_checkpoint ORDER BY size').all());
  // The log may have grown while the chain was recomputed (the application kept appending and signed a new
  // checkpoint): a checkpoint beyond the verified size but within the log as it is now covers rows this run did
  // not recompute — it is left to the next run, not reported as a cut tail. Read after the checkpoints, so every
  // checkpoint read is covered by this count unless rows really went missing.
  const maxNow = parseChainMaxSeq(db.prepare('SELECT max(seq) FROM audit_chain').pluck().get());
  const liveSize = maxNow === null ? 0 : maxNow + 1;
  let newer = 0;

  function checkOne(source: string, cpSize: number, head: Buffer, root: Buffer | null, body: string, sig: Buffer, keyFp: string, keyId: Buffer | null = null): void {
    const seq = cpSize - 1;
    const pub = options.publicKeys.get(keyFp);
    if (!pub) problems.push({ code: 'CHECKPOINT_UNKNOWN_KEY', seq, message: `${source}: 알 수 없는 서명 키(${keyFp.slice(0, 16)}…)` });
    else if (!verifyCheckpointSignature(body, sig, pub, keyId)) problems.push({ code: 'CHECKPOINT_SIGNATURE', seq, message: `${source}: 서명이 올바르지 않습니다 (크기 ${cpSize}).` });
    if (cpSize > size) {
      if (cpSize <= liveSize) newer++;
      else problems.push({ code: 'CHECKPOINT_BEYOND_LOG', seq: liveSize, message: `${source}: 체크포인트는 ${cpSize}행을 보증하지만 로그에는 ${liveSize}행뿐입니다 — 순번 ${liveSize}부터 잘려 나갔습니다.` });
      return;
    }
    // Below the first bad row the stored chain equals the recomputed one; at or above it the head says nothing more.
    if (cpSize > 0 && (firstChainBad === null || firstChainBad > seq)) {
      const stored = parseChainValue(storedChain.get(seq));
      if (!stored || !stored.equals(head)) problems.push({ code: 'CHECKPOINT_HEAD', seq, message: `${source}: 순번 ${seq}까지의 체인이 체크포인트와 다릅니다.` });
      // The same for the tree: below the first bad row every stored subtree hash equals the recomputed tree
      // (verify-range.ts), so the root made from them is the root of the verified leaves.
      if (root && (firstTreeBad === null || firstTreeBad > seq)) {
        const computed = rootAt(cpSize);
        if (!computed || !computed.equals(root)) problems.push({ code: 'CHECKPOINT_ROOT', seq, message: `${source}: ${cpSize}행의 머클 트리 루트가 체크포인트와 다릅니다.` });
      }
    }
  }
  const readTree = createTreeReader(db);
  function rootAt(n: number): Buffer | null {
    try {
      return treeRoot(n, readTree);
    } catch (err) {
      if (err instanceof MissingHashError) return null;
      throw err;
    }
  }
  for (const c of cps) {
    let parsedOk = true;
    try {
      const p = parseCheckpointBody(c.body);
      const sameRoot = p.root === null ? c.root === null : c.root !== null && p.root.equals(c.root);
      if (p.size !== c.size || !p.head.equals(c.head) || !sameRoot || p.keyFp !== c.key_fp || (options.logId && p.logId !== options.logId)) parsedOk = false;
    } catch {
      parsedOk = false;
    }
    if (!parsedOk) problems.push({ code: 'CHECKPOINT_FORMAT', seq: c.size - 1, message: `체크포인트(크기 ${c.size})의 본문이 저장된 값과 다릅니다.` });
    checkOne(`체크포인트 ${c.size}`, c.size, c.head, c.root, c.body, c.sig, c.key_fp);
  }
  let externalChecked = 0;
  for (const e of options.external ?? []) {
    let parsed;
    try {
      parsed = parseCheckpointBody(e.body);
    } catch {
      problems.push({ code: 'CHECKPOINT_FORMAT', seq: null, message: `체크포인트 형식 오류: ${e.source}` });
      continue;
    }
    externalChecked++;
    if (options.logId && parsed.logId !== options.logId) {
      problems.push({ code: 'CHECKPOINT_FORMAT', seq: null, message: `${e.source}: 다른 로그의 체크포인트입니다.` });
      continue;
    }
    checkOne(e.source, parsed.size, parsed.head, parsed.root, e.body, e.signature, parsed.keyFp, e.keyId ?? null);
    // An exported checkpoint with a root is proven extended by the newest signed one (RFC 9162 consistency proof).
    const newest = [...cps].reverse().find((c) => c.root !== null && c.size <= size);
    if (parsed.root && newest && parsed.size <= newest.size && (firstTreeBad === null || firstTreeBad >= newest.size)) {
      const verdict = verifyCheckpointExtends(
        { source: e.source, body: e.body, signature: e.signature, keyId: e.keyId ?? null },
        { source: `체크포인트 ${newest.size}`, body: newest.body, signature: newest.sig },
        checkpointConsistencyProof(readTree, parsed.size, newest.size),
        options.publicKeys,
      );
      if (!verdict.ok && verdict.code !== 'CHECKPOINT_SIGNATURE') problems.push({ code: verdict.code, seq: parsed.size - 1, message: verdict.message });
    }
  }
  const seqs = problems.map((p) => p.seq).filter((s): s is number => s !== null);
  return {
    ok: problems.length === 0,
    size,
    firstBadSeq: seqs.length ? Math.min(...seqs) : null,
    integrity: pre.integrity,
    triggersMissing: pre.triggersMissing,
    checkpointsChecked: cps.length - newer,
    externalCheckpointsChecked: externalChecked,
    problems,
  };
}

export function verifyAuditDatabase(db: AuditDb, options: VerifyOptions): VerifyReport {
  const pre = preChecks(db, options);
  const grid: ChunkGrid = { size: pre.size, chunkRows: options.chunkRows ?? VERIFY_CHUNK_ROWS };
  const verify = createChunkVerifier(db, pre.purged);
  let problem: VerifyProblem | null = null;
  for (let k = 0; k < chunkCount(grid) && !problem; k++) problem = verify(grid, k);
  options.onProgress?.(pre.size);
  return finish(db, options, pre, problem);
}

const workerReply = z.object({
  found: z.array(z.object({ chunk: z.number().int(), problem: z.object({ code: z.string(), seq: z.number().int().nullable(), message: z.string() }) })),
});

/**
 * The same report, with the chain recomputed by `workers` threads — the calling thread and workers − 1 worker
 * threads, each with its own read-only connection — taking chunks from a shared counter. For large logs on
 * multi-core PCs; `useCallingThread: false` leaves every chunk to the workers (tests of the worker path).
 */
export async function verifyAuditDatabaseParallel(
  db: AuditDb,
  file: string,
  dbKey: Buffer,
  options: VerifyOptions & { workers?: number; useCallingThread?: boolean },
): Promise<VerifyReport> {
  const pre = preChecks(db, options);
  const grid: ChunkGrid = { size: pre.size, chunkRows: options.chunkRows ?? VERIFY_CHUNK_ROWS };
  const threads = Math.max(1, Math.min(options.workers ?? Math.min(availableParallelism(), 8, Math.ceil(pre.size / 50_000)), chunkCount(grid)));
  const inline = options.useCallingThread !== false;
  const workerCount = inline ? threads - 1 : threads;
  // [next chunk to take, lowest chunk found bad]
  const shared = new Int32Array(new SharedArrayBuffer(8));
  shared[1] = chunkCount(grid);
  const fromWorkers = Array.from(
    { length: workerCount },
    () =>
      new Promise<ChunkProblem[]>((resolve, reject) => {
        const w = new Worker(new URL('./sqlite-audit-verify.worker.ts', import.meta.url), {
          workerData: { file, key: dbKey.toString('hex'), size: grid.size, chunkRows: grid.chunkRows, purged: pre.purged, shared: shared.buffer },
        });
        w.once('message', (m: unknown) => {
          resolve(workerReply.parse(m).found as ChunkProblem[]);
          void w.terminate();
        });
        w.once('error', reject);
      }),
  );
  const own = inline ? await verifyChunks(createChunkVerifier(db, pre.purged), shared, grid, () => yieldToEventLoop()) : [];
  const found = [...own, ...(await Promise.all(fromWorkers)).flat()].sort((a, b) => a.chunk - b.chunk);
  options.onProgress?.(pre.size);
  return finish(db, options, pre, found[0]?.problem ?? null);
}
