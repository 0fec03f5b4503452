// The single writer of the audit chain (reference evidence-and-audit.md §4–§6). Producers call append()
// (validated and canonicalised synchronously, so a bad event throws at its producer — never dropped later);
// a batch is committed every `batchDelayMs` or `batchSize` events inside BEGIN IMMEDIATE, which reads the last
// chain value, appends the rows and commits with synchronous=FULL (commit-batch.ts) on the audit writer
// (audit-commit-thread.ts), one batch at a time and in append order. Callers that must not proceed before the
// record is durable await appendDurable() (an export, a landing-page event: nothing rebuilds those after a crash);
// it does not block — it starts a commit at once, and durable events that arrive meanwhile share the next one.
// If a commit fails, the batch stays queued, every later append() throws AuditUnavailableError until a flush
// succeeds, waiting appendDurable() calls are rejected, and onError is told at once.
// The log holds no connection (issue 16): what it reads of audit.db — its id, size, newest checkpoint, keys, the rows a
// checkpoint signs and the tree root — it reads through AuditReads, awaited, so a server database can serve it; the
// checkpoints it signs, the keys it uses, the log's id and the end of the tree upgrade are stored by named steps on
// the same writer (audit-store.ts). Appending and flushing stay synchronous; signing a checkpoint reads, so it is
// async: automatic ones run after the commit that made them due, one at a time, and a checkpoint someone asks for
// resolves once it is signed and stored.
// A second producer, docdesk.db's writer, posts the events of the exchange records and operator actions its steps
// committed straight to the commit thread (issue 16 step 8, producer-link.ts). The log learns of those commits from
// the thread's notices — checkpoints are signed over them, a failed one refuses appends as its own would — and its
// flush waits until every batch that writer posted was answered.
// A read backend's log (`readOnly`: opened without a writer, the app may be writing the file) writes nothing of its
// own and refuses appends, checkpoints and key rotation (AuditReadOnlyError); its reads and flush work as above.
import { randomUUID, sign } from 'node:crypto';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { AuditBatchCommitter, CommitAnswer } from './audit-commit-thread.ts';
import type { BatchEvent } from './commit-batch.ts';
import type { AuditStore } from './audit-store.ts';
import { batchesUnanswered, waitForProducer } from './producer-link.ts';
import { formatCheckpointBody, formatCheckpointFile, signCheckpoint } from './checkpoint.ts';
import { treeRootFromHashes, treeRootIndexes } from './merkle/tree-root.ts';
import { parseRecord, type StoredCheckpoint } from './audit-read-shapes.ts';
import type { AuditReads } from '../reads/audit-reads.ts';
import type { AuditEventInput } from './event.ts';
import { readyEvent, type ReadyEvent } from './batch-event.ts';
import { publicKeysOf } from './log-continuity.ts';
import { generateSigningKey, publicKeyPem, rawPublicKey, signingKeyFromPkcs8, type KeyVault, type SigningKey } from './signing-key.ts';

export class AuditUnavailableError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
}

/** A write asked of a log opened read-only (a read backend, open-audit-writer.ts `openAuditReader`): nothing written. */
export class AuditReadOnlyError extends Error {
  readonly code = 'AUDIT_READ_ONLY';
  readonly exitCode = 1 as const;
}

/** `what` (Korean) names the write refused. */
export const auditReadOnly = (what: string): AuditReadOnlyError =>
  new AuditReadOnlyError(
    `${what}: 감사 로그를 조회용(읽기 전용)으로 열어 기록할 수 없습니다. 아무것도 바꾸지 않았습니다. 기록하는 명령으로 다시 실행하세요(DocDesk 앱이 실행 중이면 앱에서 하거나 앱을 닫은 뒤에).`,
  );

export interface AuditLogOptions {
  /** What the log reads of audit.db (SQLite: the read-only connection opened once the writer opened and migrated the file). */
  reads: AuditReads;
  keyVault: KeyVault;
  now?: () => number;
  /** Sign a checkpoint every N rows (reference §6: 1,000) … */
  checkpointEvery?: number;
  /** … or after T ms of activity (reference §6: 15 minutes). */
  checkpointIntervalMs?: number;
  batchSize?: number;
  batchDelayMs?: number;
  /** A folder (e.g. a network share) that receives every checkpoint file; null = none. */
  anchorFolder?: () => string | null;
  onError?: (err: Error) => void;
  /** Sign a checkpoint at close (writer processes; a read-only face leaves checkpoints to the writer). */
  checkpointOnClose?: boolean;
  /**
   * Opened without a writer (a read backend: the app may be writing this file): the log writes nothing of its own —
   * no key registration, no checkpoint in a flush or at close — and refuses appends, checkpoints and key rotation
   * with AuditReadOnlyError. Commits of docdesk.db's writer (the committer's producer) are still awaited by flush.
   */
  readOnly?: boolean;
  /** The audit writer, where batches are committed. The log does not close it. */
  committer: AuditBatchCommitter;
  /** The same writer's named steps (checkpoints, keys, settings). */
  store: AuditStore;
  /** Runs after a checkpoint is signed and stored (the composition root records it in docdesk.db). */
  onCheckpoint?: (signed: { logId: string; size: number; head: Buffer }) => void;
}

/** The reason of the checkpoints the log signs by itself, every N events or after an interval. */
const AUTOMATIC = 'automatic';

/** How long a flush waits for docdesk.db's writer's batches before it reports the audit writer unavailable. */
const PRODUCER_TIMEOUT_MS = 60_000;

/** Someone awaiting an event's commit (appendDurable). */
interface Waiter {
  resolve: (seq: number) => void;
  reject: (err: Error) => void;
}

/** A queued event: what the commit needs (`ts` is the ISO form of `at`) and who awaits its seq. */
interface Pending extends ReadyEvent {
  waiters: Waiter[];
}

export async function openAuditLog(opts: AuditLogOptions) {
  const { reads } = opts;
  const now = opts.now ?? Date.now;
  const batchSize = opts.batchSize ?? 200;
  const batchDelayMs = opts.batchDelayMs ?? 100;
  const checkpointEvery = opts.checkpointEvery ?? 1000;
  const checkpointIntervalMs = opts.checkpointIntervalMs ?? 15 * 60_000;

  const { committer, store } = opts;
  const readOnly = opts.readOnly === true;
  // What the log reads once at open; afterwards it follows its own commits, the other producer's and its signatures.
  const [storedLogId, storedKeys, latestAtOpen, sizeAtOpen, treeMark] = await Promise.all([reads.logId(), reads.keys(), reads.latestCheckpoint(), reads.size(), reads.treeUpgrade()]);

  let queue: Pending[] = [];
  /** How many events at the queue's front the committer holds (0 or one batch). */
  let inFlight = 0;
  let timer: NodeJS.Timeout | null = null;
  let failure: Error | null = null;
  /** Whether `failure` came from the other producer's commit (its next good commit clears it). */
  let producerFailed = false;
  let closed = false;
  /**
   * Rows committed so far (the highest seq + 1), from the writer's answers and notices: whether an automatic
   * checkpoint is due is decided on it, with no read on the main thread after every commit.
   */
  let committedSize = sizeAtOpen;
  const committed = (size: number): void => {
    if (size > committedSize) committedSize = size;
  };

  // The last signed checkpoint's size and time, which maybeCheckpoint asks after every commit: reading the row each
  // time cost 0.5–1.3 ms on the main thread during a KCP batch (every commit of the writer empties the read-only
  // connection's page cache). This log signs every checkpoint of its process, so the copy follows each one; one
  // signed elsewhere meanwhile would only make the next automatic check early, and signing reads the row itself.
  let lastSigned: { size: number; createdAt: number } | null = latestAtOpen && { size: latestAtOpen.size, createdAt: latestAtOpen.createdAt };

  // ---- the signing key: made on first run, kept in the vault, every public key remembered in audit_key.
  /** Every key the log has used, by fingerprint: the signer of a checkpoint file signed before a rotation. */
  const publicKeys = publicKeysOf(storedKeys);
  function rememberKey(k: SigningKey): void {
    void store.registerKey({ fp: k.fingerprint, publicDer: k.publicKey.export({ type: 'spki', format: 'der' }), createdAt: now() });
    store.settle();
    publicKeys.set(k.fingerprint, k.publicKey);
  }
  let key: SigningKey;
  let startupKeyEvent: AuditEventInput | null = null;
  const stored = opts.keyVault.load();
  if (stored) key = signingKeyFromPkcs8(stored);
  else if (readOnly) throw auditReadOnly('서명 키 만들기');
  else {
    const made = generateSigningKey();
    opts.keyVault.save(made.pkcs8);
    key = made.key;
    const previous = storedKeys.at(-1)?.fp;
    // The log exists but its key is gone (vault lost): say so in the chain rather than pretend continuity.
    if (previous) startupKeyEvent = { ev: 'audit.key.rotated', data: { old_fp: previous, new_fp: key.fingerprint, reason: 'signing key missing from the vault' } };
  }
  // Read-only: the key is registered (open-audit-writer.ts opens a log read-only only then).
  if (!readOnly) rememberKey(key);

  let logId = storedLogId;

  const toPending = (e: AuditEventInput): Pending => ({ ...readyEvent(e, now), waiters: [] });

  const toWire = (p: Pending): BatchEvent => ({ ts: p.ts, ev: p.ev, head: p.head, tail: p.tail, blobs: p.blobs, index: p.index });

  /** Hands the first `n` queued events to the committer as one batch; they leave the queue when it answers. */
  function startCommit(n: number): void {
    const batch = queue.slice(0, n);
    inFlight = batch.length;
    committer.post(batch.map(toWire), (a) => finished(batch, a));
  }

  /** A failure keeps the batch queued and refuses later appends (append retries once first). */
  function finished(batch: Pending[], a: CommitAnswer): void {
    inFlight = 0;
    if ('error' in a) {
      const err = unavailable(a.error);
      failure = err;
      producerFailed = false;
      opts.onError?.(err);
      // Nobody waits for a retry that may never come: every durable append still queued is told now (its event
      // stays queued and may still be committed by a later flush).
      for (const p of queue) {
        p.waiters.forEach((w) => w.reject(err));
        p.waiters = [];
      }
      return;
    }
    failure = null;
    producerFailed = false;
    committed((a.seqs.at(-1) ?? -1) + 1);
    queue = queue.slice(batch.length);
    batch.forEach((p, i) => p.waiters.forEach((w) => w.resolve(a.seqs[i]!)));
    // The thread answered between turns (or inside a flush's drain): what queued meanwhile goes next turn.
    setImmediate(() => guarded(afterThreadCommit));
  }

  /** Commits the first `n` queued events and waits for the answer; throws the failure when it failed. */
  function commitFront(n: number): void {
    startCommit(n);
    committer.drain();
    if (failure) throw failure;
  }

  const unavailable = (why: string): AuditUnavailableError =>
    new AuditUnavailableError(`감사 로그에 기록하지 못했습니다: ${why}. 디스크 공간과 데이터 폴더 권한을 확인한 뒤 다시 시도하세요.`);

  /** What the other producer posted is committed (or answered with a failure) before this flush goes on. */
  function awaitProducer(): void {
    if (!committer.producer) return;
    // The audit writer may be keeping batches to commit them together (producer-link.ts PRODUCER_HOLD): not for a flush.
    if (batchesUnanswered(committer.producer.pending) > 0) committer.producer.hurry();
    if (waitForProducer(committer.producer.pending, PRODUCER_TIMEOUT_MS)) return;
    failure = unavailable('docdesk.db 기록 스레드의 감사 이벤트가 커밋되지 않았습니다');
    producerFailed = true;
    opts.onError?.(failure);
    throw failure;
  }

  /** `producer: false`: what the docdesk writer posted is not waited for (an automatic checkpoint, below). */
  function flush(o: { producer?: boolean } = {}): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (o.producer !== false) awaitProducer();
    // A batch already on its way is answered first (and, if it failed, tried again below: it is still queued).
    committer.drain();
    while (queue.length) commitFront(Math.min(batchSize, queue.length));
    maybeCheckpoint();
  }

  /** Events queued behind the thread's commit, in batches, before append() waits for it. */
  const MAX_BACKLOG_BATCHES = 4;

  function flushTurn(): void {
    if (queue.length === 0 || inFlight > 0) return; // an answer on its way continues the work
    startCommit(Math.min(queue.length, batchSize));
  }

  /** After the thread's answer: a full batch, or any event someone awaits, goes at once; the rest waits for the timer. */
  function afterThreadCommit(): void {
    if (failure) return;
    // Durable appends one after another keep a commit always on its way: a checkpoint due by its row count is
    // signed between them (a flush), not left for the first pause.
    if (inFlight > 0) {
      maybeCheckpoint();
      return;
    }
    if (queue.length >= batchSize || queue.some((p) => p.waiters.length > 0)) flushTurn();
    else if (queue.length > 0) schedule();
    else maybeCheckpoint();
  }

  /** Timer-driven work: a failure was already reported through onError; the batch stays queued and append() refuses. */
  function guarded(fn: () => void): void {
    try {
      fn();
    } catch {
      // see above
    }
  }

  function schedule(): void {
    // The thread commits while producers go on; only a backlog it cannot absorb blocks them: they wait for the commit
    // on its way, then everything queued meanwhile goes to the thread as one commit and they go on while it commits
    // (a flush here committed batch after batch with the producer waiting for each: no overlap at all). The backlog
    // is what queued behind the commit on its way: counting that commit too made the producer wait after a few
    // events whenever the commit was large, and the thread then sat idle while the producer refilled the queue.
    if (queue.length - inFlight >= MAX_BACKLOG_BATCHES * batchSize) {
      committer.drain();
      if (failure) flush(); // retries once, and throws the failure if it stays
      else {
        // A producer that never yields (no turn for afterThreadCommit) still gets its due checkpoint queued: signing
        // reads through AuditReads, so it is signed at the producer's next turn, over every row committed by then.
        maybeCheckpoint();
        if (inFlight === 0 && queue.length > 0) startCommit(queue.length);
      }
      return;
    }
    if (inFlight === 0 && queue.length >= batchSize) {
      startCommit(batchSize);
      return;
    }
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        guarded(flushTurn);
      }, batchDelayMs);
      timer.unref();
    }
  }

  // The other producer's commits: a failure is reported and refuses appends; a success may be due a checkpoint.
  let producerCommitted = false;
  committer.producer?.onNotice((n) => {
    // An entry whose event could not be built: its refusal event is in the chain, audit.db is available (producer-batches.ts).
    if (n.type === 'refused') {
      opts.onError?.(new Error(n.error));
      return;
    }
    if (n.type === 'failed') {
      failure = unavailable(n.error);
      producerFailed = true;
      opts.onError?.(failure);
      return;
    }
    if (producerFailed) {
      failure = null;
      producerFailed = false;
    }
    committed(n.size);
    if (producerCommitted) return;
    producerCommitted = true;
    // Not inside the thread's answer (it may arrive within a drain): on the next turn, once for every notice so far.
    setImmediate(() => {
      producerCommitted = false;
      if (!closed && inFlight === 0 && !failure) guarded(maybeCheckpoint);
    });
  });

  function append(e: AuditEventInput): void {
    if (readOnly) throw auditReadOnly(`감사 이벤트(${e.ev}) 기록`);
    if (closed) throw new AuditUnavailableError('감사 로그가 닫혔습니다.');
    if (failure) {
      // Try once more before refusing: a transient failure (disk full cleared, lock released) recovers here.
      flush();
    }
    queue.push(toPending(e));
    schedule();
  }

  /**
   * Resolves with the row's seq once its batch is committed (durable): a commit starts now unless one is on its
   * way, whose answer starts the next.
   */
  function appendDurable(e: AuditEventInput): Promise<number> {
    if (readOnly) return Promise.reject(auditReadOnly(`감사 이벤트(${e.ev}) 기록`));
    if (closed) return Promise.reject(new AuditUnavailableError('감사 로그가 닫혔습니다.'));
    return new Promise<number>((resolve, reject) => {
      try {
        const p = toPending(e);
        p.waiters.push({ resolve, reject });
        queue.push(p);
        if (failure) flush();
        else if (inFlight === 0) startCommit(Math.min(queue.length, batchSize));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  function anchorFileName(size: number): string {
    return `docdesk-checkpoint-${(logId ?? 'log').slice(0, 8)}-${String(size).padStart(12, '0')}.txt`;
  }

  /** A checkpoint as a file (C2SP signed note), with the key that signed it — an older one after a rotation. */
  function checkpointFileText(cp: Pick<StoredCheckpoint, 'body' | 'sig' | 'keyFp'>): string {
    const signer = cp.keyFp === key.fingerprint ? key.publicKey : publicKeys.get(cp.keyFp);
    if (!signer) throw new AuditUnavailableError(`체크포인트에 서명한 키(${cp.keyFp.slice(0, 16)}…)가 감사 로그에 없습니다.`);
    return formatCheckpointFile(cp.body, cp.sig, signer);
  }

  /** Copies every not-yet-anchored checkpoint to the anchor folder; failures are logged and retried next time. */
  async function anchorPending(): Promise<void> {
    const folder = opts.anchorFolder?.() ?? null;
    if (!folder) return;
    for (const cp of await reads.unanchoredCheckpoints()) {
      try {
        mkdirSync(folder, { recursive: true });
        const target = path.join(folder, anchorFileName(cp.size));
        const tmp = `${target}.tmp`;
        writeFileSync(tmp, checkpointFileText(cp));
        renameSync(tmp, target);
        void store.anchorCheckpoint(cp.size, new Date(now()).toISOString());
        store.settle();
      } catch (err) {
        queue.push(toPending({ ev: 'audit.anchor.failed', data: { size: cp.size, folder, error: err instanceof Error ? err.message : String(err) } }));
        schedule();
        return;
      }
    }
  }

  /** The event type of row `seq` (undefined: no such row, or its record purged). */
  async function eventTypeAt(seq: number): Promise<string | undefined> {
    const record = await reads.record(seq);
    return record ? parseRecord(record).ev : undefined;
  }

  /** Checkpoints are signed one at a time, in the order they were asked for. */
  let signing: Promise<unknown> = Promise.resolve();
  function oneAtATime<T>(sign: () => Promise<T>): Promise<T> {
    const signed = signing.then(sign);
    signing = signed.catch(() => {});
    return signed;
  }

  /** Makes the rows durable and signs a checkpoint over all of them (the newest one when nothing new was logged). */
  async function signOverCommitted(reason: string): Promise<StoredCheckpoint> {
    // An automatic checkpoint signs what audit.db holds now; the docdesk writer's batches still on their way are
    // in the next one. Waiting for them blocked the event loop — every socket of a KCP or PayUp batch — 10–20 ms
    // per checkpoint, one per 1,000 events (docs/benchmarks.md, session 12). A checkpoint someone asked for (CLI,
    // export, close, key rotation) still waits, so it covers every step its caller saw committed.
    flush(reason === AUTOMATIC ? { producer: false } : {});
    // Read after the flush: every row below `n` is committed, and committed rows never change.
    const [last, n] = await Promise.all([reads.latestCheckpoint(), reads.size()]);
    // Nothing but the previous checkpoint's own event since then: that checkpoint still describes the log.
    if (last && (n === last.size || (n === last.size + 1 && (await eventTypeAt(last.size)) === 'audit.checkpoint'))) return last;
    // The rows were committed with their tree hashes (commit-batch.ts): the root is O(log n) stored hashes.
    const [head, rootHashes] = await Promise.all([reads.chainAt(n - 1), reads.treeHashes(treeRootIndexes(n))]);
    if (!head) throw new AuditUnavailableError(`감사 로그에 순번 ${n - 1}의 체인 값이 없어 체크포인트에 서명할 수 없습니다. docdesk audit verify로 확인하세요.`);
    const root = treeRootFromHashes(rootHashes);
    const body = formatCheckpointBody({ logId: logId!, size: n, head, root, time: new Date(now()).toISOString(), keyFp: key.fingerprint });
    const sig = signCheckpoint(body, key.privateKey);
    const createdAt = now();
    void store.recordCheckpoint({ size: n, head, root, body, sig, keyFp: key.fingerprint, createdAt });
    store.settle();
    lastSigned = { size: n, createdAt };
    opts.onCheckpoint?.({ logId: logId!, size: n, head });
    queue.push(toPending({ ev: 'audit.checkpoint', data: { size: n, head: head.toString('base64'), root: root.toString('base64'), key_fp: key.fingerprint, reason } }));
    await anchorPending();
    schedule();
    return (await reads.latestCheckpoint())!;
  }

  /** Signs a checkpoint (signOverCommitted) once those asked for before it are signed. */
  function checkpoint(reason: string = 'manual'): Promise<StoredCheckpoint> {
    if (readOnly) return Promise.reject(auditReadOnly('체크포인트 서명'));
    return oneAtATime(() => signOverCommitted(reason));
  }

  function checkpointDue(): boolean {
    const since = committedSize - (lastSigned?.size ?? 0);
    return since >= checkpointEvery || (since > 1 && now() - (lastSigned?.createdAt ?? 0) >= checkpointIntervalMs);
  }

  /** An automatic checkpoint is queued or being signed: the next is decided once it is done. */
  let automaticQueued = false;
  function maybeCheckpoint(): void {
    // Read-only: the process that writes the log signs its checkpoints.
    if (readOnly || closed || automaticQueued || !logId || !checkpointDue()) return;
    automaticQueued = true;
    void oneAtATime(async () => {
      try {
        // Still due once the checkpoints asked for before it are signed (one of them may cover the rows).
        if (!closed && checkpointDue()) await signOverCommitted(AUTOMATIC);
      } catch (err) {
        // Nobody awaits an automatic checkpoint: its failure is reported here, unless audit.db is already reported
        // unavailable (a failed commit, which refuses appends until a flush succeeds; the next checkpoint is due then).
        if (!failure) opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      } finally {
        automaticQueued = false;
      }
    });
  }

  /** Rotation (reference §6 "Keys"): the old key signs a checkpoint covering the rotation event, the new key the next. */
  async function rotateKey(reason: string): Promise<{ oldFp: string; newFp: string }> {
    if (readOnly) throw auditReadOnly('서명 키 교체');
    const made = generateSigningKey();
    const oldFp = key.fingerprint;
    rememberKey(made.key);
    append({ ev: 'audit.key.rotated', data: { old_fp: oldFp, new_fp: made.key.fingerprint, reason } });
    await checkpoint('key rotation (old key)');
    opts.keyVault.save(made.pkcs8);
    key = made.key;
    append({ ev: 'audit.key.activated', data: { fp: key.fingerprint } });
    await checkpoint('key rotation (new key)');
    return { oldFp, newFp: key.fingerprint };
  }

  // ---- a log from before the Merkle tree: the writer built its tree from its leaves when it opened the file.
  if (treeMark === 'pending') throw new AuditUnavailableError('감사 로그의 머클 트리가 아직 만들어지지 않았습니다. 감사 로그 기록 스레드가 파일을 열지 못했을 수 있습니다. DocDesk를 다시 시작하고, 그래도 같으면 데이터 폴더를 그대로 두고 관리자나 지원 담당에게 알리세요.');
  const treeBuilt = treeMark;

  // Read-only: opened so only when neither the genesis nor the tree upgrade's event is due (open-audit-writer.ts).
  if (readOnly && (!logId || treeBuilt)) throw auditReadOnly('감사 로그 시작 기록');
  // ---- first run: genesis (reference §4), holding the log id, the creation time and the first key fingerprint.
  if (!logId) {
    if (committedSize > 0) throw new AuditUnavailableError('감사 로그의 로그 ID가 없습니다. 데이터 폴더가 손상되었을 수 있습니다.');
    logId = randomUUID();
    void store.setMeta('log_id', logId);
    store.settle();
    queue.push(toPending({ ev: 'audit.genesis', data: { log_id: logId, created: new Date(now()).toISOString(), key_fp: key.fingerprint } }));
    flush();
  }
  if (treeBuilt) {
    // The upgrade is itself evidence: what was built, from how many leaves, to which root.
    queue.push(toPending({ ev: 'audit.tree_built', data: { size: treeBuilt.size, root: treeBuilt.root, ms: treeBuilt.ms } }));
    flush();
    void store.finishTreeUpgrade();
    store.settle();
  }
  if (startupKeyEvent) append(startupKeyEvent);

  return {
    logId: logId,
    append,
    appendDurable,
    flush,
    checkpoint,
    /** Resolves once every checkpoint asked for so far, automatic ones included, is signed (or failed). */
    checkpointsSigned: (): Promise<void> => signing.then(() => {}),
    rotateKey,
    anchorFileName,
    /** The checkpoint file text (as written to the anchor folder and by `audit checkpoint --out`). */
    checkpointFile: (cp: StoredCheckpoint): string => checkpointFileText(cp),
    key: () => ({ fingerprint: key.fingerprint, publicKeyPem: publicKeyPem(key.publicKey), publicKeyRaw: rawPublicKey(key.publicKey) }),
    failure: () => failure,
    /** Ed25519 signature with the current key (the bundle's SHA256SUMS.sig); the private key never leaves. */
    signDetached: (data: Buffer): Buffer => sign(null, data, key.privateKey),
    /** Flushes, signs a shutdown checkpoint if anything new was logged, and stops accepting events. */
    async close(): Promise<void> {
      if (closed) return;
      try {
        flush();
        if (opts.checkpointOnClose !== false && !readOnly && committedSize > 0) await checkpoint('shutdown');
        else await signing; // an automatic checkpoint under way is finished, not cut off
        flush();
      } finally {
        closed = true;
        if (timer) clearTimeout(timer);
      }
    },
  };
}
export type AuditLog = Awaited<ReturnType<typeof openAuditLog>>;
