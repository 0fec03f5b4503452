// The mailing journal: a document's claim (its open attempt row) is a committed transaction BEFORE the network sees
// it, and its state change a committed transaction AFTER the answer arrives (apply). No state lives only in memory
// (DESIGN §4, §6). A send step is recorded in the document row, its attempt row and its chunk row; the timeline is
// read from those (mailing-queries.ts documentDetail), not from a document_events row per document per step.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { idRowsSchema } from '../store/row-shapes.ts';
import type { DocdeskUnknownReason, DocumentState } from '../../shared/domain/mailing.ts';
import { createBinderIndex } from './binder-index.ts';
import { externalDocumentUuid } from './external-id.ts';
import { unsentQueuedSql } from './open-attempt-sql.ts';
import type { Chunk, ChunkRef, ClaimedDocument, ClaimedDocumentRef, ItemResult } from '../../shared/domain/mailing-store.ts';

type AttemptOutcome = 'ACCEPTED' | 'REJECTED' | 'RETRY' | 'NOT_SENT' | 'UNKNOWN';

const queuedRowsSchema = z.array(z.object({ id: z.number().int(), attempt_no: z.number().int(), internal_error_retries: z.number().int(), item_json: z.string(), ext_prefix: z.string() }));
const openAttemptRowsSchema = z.array(z.object({ document_id: z.number().int(), attempt_no: z.number().int(), external_document_uuid: z.string() }));
const chunkIdRowsSchema = z.array(z.object({ id: z.string() }));

export type { Chunk, ChunkRef, ClaimedDocument, ItemResult } from '../../shared/domain/mailing-store.ts';

/** Runs on the docdesk writer's connection (journal-steps.ts, action-steps.ts), and on a test's own. */
export function createJournal(db: Db, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  // On the docdesk writer these run as savepoints of its group transaction, which takes the write lock up front
  // (BEGIN IMMEDIATE, main/store/group-commit.ts): the main thread's connection writes the same file.
  const tx = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) => db.transaction(fn);
  const binders = createBinderIndex(db);
  const stmts = {
    event: db.prepare('INSERT INTO document_events (document_id, at, kind, data_json) VALUES (?, ?, ?, ?)'),
    pickQueued: db.prepare(
      `SELECT d.id, d.attempt_no, d.internal_error_retries, i.item_json, m.ext_prefix
       FROM documents d JOIN mailings m ON m.id = d.mailing_id JOIN document_items i ON i.document_id = d.id
       WHERE d.mailing_id = ? AND ${unsentQueuedSql('d')} ORDER BY d.id LIMIT ?`,
    ),
    insertChunk: db.prepare(`INSERT INTO chunks (id, mailing_id, state, doc_count, created_at) VALUES (?, ?, 'IN_FLIGHT', ?, ?)`),
    finishChunk: db.prepare('UPDATE chunks SET state = ?, finished_at = ?, http_status = ?, detail = ? WHERE id = ?'),
    insertAttempt: db.prepare(
      'INSERT INTO attempts (external_document_uuid, document_id, attempt_no, chunk_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    // The answer's document updates take a document in either layout: QUEUED with the attempt open (the claim wrote
    // only the attempt), or IN_FLIGHT (a claim of an older version). Each runs only after its attempt closed, and
    // records the attempt's number and external id, which the claim no longer writes on the document.
    accept: db.prepare(
      `UPDATE documents SET state = 'ACCEPTED', state_at = ?, gateway_binder_uuid = ?, accepted_at = ?, next_poll_at = ?,
       error_code = NULL, error_message = NULL, attempt_no = ?, external_document_uuid = ? WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    // Naming error_code in SET rewrites its grid index entry even when the value stays NULL (SQLite updates every
    // index on an assigned column), so a first attempt, which never had an error, is accepted without it.
    acceptFirst: db.prepare(
      `UPDATE documents SET state = 'ACCEPTED', state_at = ?, gateway_binder_uuid = ?, accepted_at = ?, next_poll_at = ?,
       attempt_no = ?, external_document_uuid = ? WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    reject: db.prepare(
      `UPDATE documents SET state = 'REJECTED', state_at = ?, error_code = ?, error_message = ?, attempt_no = ?, external_document_uuid = ?
       WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    retry: db.prepare(
      `UPDATE documents SET state = 'QUEUED', state_at = ?, error_code = ?, error_message = ?,
       internal_error_retries = internal_error_retries + 1, attempt_no = ?, external_document_uuid = ? WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    requeue: db.prepare(
      `UPDATE documents SET state = 'QUEUED', state_at = ?, attempt_no = ?, external_document_uuid = ? WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    // A document whose request provably never left, in a mailing the operator cancelled meanwhile: it joins the
    // mailing's other unsent documents as CANCELLED instead of waiting in a queue no send will take again.
    cancelUnsent: db.prepare(
      `UPDATE documents SET state = 'CANCELLED', state_at = ?, attempt_no = ?, external_document_uuid = ? WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    mailingState: db.prepare('SELECT state FROM mailings WHERE id = ?').pluck(),
    queueDrafts: db.prepare(`UPDATE documents SET state = 'QUEUED', state_at = ? WHERE mailing_id = ? AND state = 'DRAFT'`),
    // A send's own transitions (SENDING, SENT, PAUSED) never undo an operator's cancel that committed first.
    sendState: db.prepare(`UPDATE mailings SET state = ?, updated_at = ? WHERE id = ? AND state != 'CANCELLED'`),
    unknown: db.prepare(
      `UPDATE documents SET state = 'UNKNOWN', state_at = ?, error_code = NULL, error_message = ?, attempt_no = ?, external_document_uuid = ?
       WHERE id = ? AND state IN ('QUEUED', 'IN_FLIGHT')`,
    ),
    // An answer is applied once: only an open attempt closes, and only a closed attempt moves its document.
    closeAttempt: db.prepare(
      'UPDATE attempts SET outcome = ?, document_binder_uuid = ?, error_code = ?, detail = ? WHERE external_document_uuid = ? AND outcome IS NULL',
    ),
    openAttempts: db.prepare(`SELECT document_id, attempt_no, external_document_uuid FROM attempts WHERE outcome IS NULL`),
    // An IN_FLIGHT document left by an older version without an open attempt (nothing else to close: settled as before).
    legacyInFlight: db.prepare(`SELECT id FROM documents WHERE state = 'IN_FLIGHT'`),
    legacyUnknown: db.prepare(`UPDATE documents SET state = 'UNKNOWN', state_at = ?, error_code = NULL, error_message = ? WHERE id = ? AND state = 'IN_FLIGHT'`),
    inFlightChunks: db.prepare(`SELECT id FROM chunks WHERE state = 'IN_FLIGHT'`),
    sendingMailings: db.prepare(`UPDATE mailings SET state = 'PAUSED', updated_at = ? WHERE state = 'SENDING'`),
  };

  function event(documentId: number, kind: string, data: Record<string, unknown>, at = now()): void {
    stmts.event.run(documentId, at, kind, JSON.stringify(data));
  }

  /**
   * Claims up to `limit` queued documents for a new chunk, in one committed transaction. The claim is the open
   * attempt row (the chunk is named there only; documents.chunk_id keeps what older versions wrote): the document
   * stays QUEUED and changes state once, at its answer — moving it to IN_FLIGHT here moved four of its index entries
   * and the answer moved them again (issue 16). Readers show it IN_FLIGHT (open-attempt-sql.ts). The attempt's
   * primary key, its external id, refuses a second claim of the same attempt.
   */
  const claimChunk = tx((mailingId: string, limit: number): Chunk | null => {
    const rows = queuedRowsSchema.parse(stmts.pickQueued.all(mailingId, limit));
    if (rows.length === 0) return null;
    const chunkId = randomUUID();
    const t = now();
    stmts.insertChunk.run(chunkId, mailingId, rows.length, t);
    const documents: ClaimedDocument[] = [];
    for (const r of rows) {
      const attemptNo = r.attempt_no + 1;
      const ext = externalDocumentUuid(r.ext_prefix, r.id, attemptNo);
      stmts.insertAttempt.run(ext, r.id, attemptNo, chunkId, t);
      documents.push({ id: r.id, attemptNo, internalErrorRetries: r.internal_error_retries, externalDocumentUuid: ext, itemJson: r.item_json });
    }
    return { id: chunkId, mailingId, documents };
  });

  /** Closes a claimed document's open attempt; false when it was not open (answered already, or never claimed). */
  const closeAttempt = (claimed: ClaimedDocumentRef | undefined, outcome: AttemptOutcome, binder: string | null, errorCode: string | null, detail: string | null): claimed is ClaimedDocumentRef =>
    claimed !== undefined && stmts.closeAttempt.run(outcome, binder, errorCode, detail, claimed.externalDocumentUuid).changes > 0;

  /** Applies a chunk's outcome in one transaction. `firstPollAfterMs` schedules the first status poll. */
  const applyChunk = tx(
    (chunk: ChunkRef, chunkState: 'DONE' | 'NOT_SENT' | 'UNKNOWN' | 'REJECTED', httpStatus: number | null, detail: string, results: ItemResult[], firstPollAfterMs: number) => {
      const t = now();
      let cancelled: boolean | undefined;
      stmts.finishChunk.run(chunkState, t, httpStatus, detail, chunk.id);
      const byId = new Map(chunk.documents.map((d) => [d.id, d]));
      for (const r of results) {
        const claimed = byId.get(r.documentId);
        switch (r.kind) {
          case 'accepted':
            if (!closeAttempt(claimed, 'ACCEPTED', r.binderUuid, null, null)) break;
            if ((claimed.attemptNo === 1 ? stmts.acceptFirst : stmts.accept).run(t, r.binderUuid, t, t + firstPollAfterMs, claimed.attemptNo, claimed.externalDocumentUuid, r.documentId).changes > 0) {
              binders.accepted(r.documentId);
            }
            break;
          case 'rejected':
            if (!closeAttempt(claimed, 'REJECTED', null, r.errorCode, r.errorMessage)) break;
            stmts.reject.run(t, r.errorCode, r.errorMessage, claimed.attemptNo, claimed.externalDocumentUuid, r.documentId);
            break;
          case 'retry':
            if (!closeAttempt(claimed, 'RETRY', null, r.errorCode, r.errorMessage)) break;
            cancelled ??= cancelledMeanwhile(chunk.mailingId);
            if (cancelled) cancelUnsent(claimed, r.errorCode, t);
            else stmts.retry.run(t, r.errorCode, r.errorMessage, claimed.attemptNo, claimed.externalDocumentUuid, r.documentId);
            break;
          case 'unknown':
            if (!closeAttempt(claimed, 'UNKNOWN', null, null, r.reason)) break;
            stmts.unknown.run(t, r.reason, claimed.attemptNo, claimed.externalDocumentUuid, r.documentId);
            break;
        }
      }
      binders.writeIfDue();
    },
  );

  /** A send starts: the mailing's drafts join the queue (a resumed send finds them queued already). */
  const queueDrafts = tx((mailingId: string): number => stmts.queueDrafts.run(now(), mailingId).changes);

  /** A send starts: its drafts join the queue and the mailing is SENDING, in one commit (unless it was cancelled). */
  const startSend = tx((mailingId: string): number => {
    const queued = queueDrafts(mailingId);
    stmts.sendState.run('SENDING', now(), mailingId);
    return queued;
  });

  /** A send's state change of its own (SENT, PAUSED): refused silently for a mailing the operator cancelled. */
  function setSendState(mailingId: string, state: 'SENDING' | 'SENT' | 'PAUSED'): void {
    stmts.sendState.run(state, now(), mailingId);
  }

  /** A claimed document that was not sent goes CANCELLED, not back to the queue, once its mailing was cancelled. */
  const cancelledMeanwhile = (mailingId: string): boolean => stmts.mailingState.get(mailingId) === 'CANCELLED';
  const cancelUnsent = (d: ClaimedDocumentRef, why: string, t: number): void => {
    if (stmts.cancelUnsent.run(t, d.attemptNo, d.externalDocumentUuid, d.id).changes > 0) event(d.id, 'cancelled', { notSent: why }, t);
  };

  /**
   * A request that provably never left: the documents go back to the queue (their next attempt gets a new id) —
   * or, when the operator cancelled the mailing meanwhile, are CANCELLED as its other unsent documents were.
   */
  const requeueChunk = tx((chunk: ChunkRef, reason: string) => {
    const t = now();
    stmts.finishChunk.run('NOT_SENT', t, null, reason, chunk.id);
    const cancelled = cancelledMeanwhile(chunk.mailingId);
    for (const d of chunk.documents) {
      if (!closeAttempt(d, 'NOT_SENT', null, null, reason)) continue;
      if (cancelled) cancelUnsent(d, reason, t);
      else stmts.requeue.run(t, d.attemptNo, d.externalDocumentUuid, d.id);
    }
  });

  /**
   * After a crash every document in flight becomes UNKNOWN (DESIGN §6): its request may or may not have reached
   * the gateway, and the gateway does not de-duplicate across requests. In flight is an open attempt (its document
   * QUEUED, or IN_FLIGHT as an older version left it), or an IN_FLIGHT document an older version left without one.
   */
  const recoverInFlight = tx((): number => {
    const t = now();
    const reason: DocdeskUnknownReason = 'crash-recovery';
    let settled = 0;
    for (const a of openAttemptRowsSchema.parse(stmts.openAttempts.all())) {
      stmts.closeAttempt.run('UNKNOWN', null, null, reason, a.external_document_uuid);
      settled += stmts.unknown.run(t, reason, a.attempt_no, a.external_document_uuid, a.document_id).changes;
    }
    for (const d of idRowsSchema.parse(stmts.legacyInFlight.all())) settled += stmts.legacyUnknown.run(t, reason, d.id).changes;
    for (const c of chunkIdRowsSchema.parse(stmts.inFlightChunks.all())) stmts.finishChunk.run('UNKNOWN', t, null, reason, c.id);
    stmts.sendingMailings.run(t);
    return settled;
  });

  function setState(documentIds: number[], from: DocumentState, to: DocumentState, kind: string, data: Record<string, unknown>): number {
    const stmt = db.prepare('UPDATE documents SET state = ?, state_at = ? WHERE id = ? AND state = ?');
    let n = 0;
    const t = now();
    for (const id of documentIds) {
      n += stmt.run(to, t, id, from).changes;
      event(id, kind, data, t);
    }
    return n;
  }

  /** Applies an answer and claims the worker's next chunk in ONE commit (the claim still commits before its send). */
  const applyChunkAndClaimNext = tx(
    (chunk: ChunkRef, chunkState: Parameters<typeof applyChunk>[1], httpStatus: number | null, detail: string, results: ItemResult[], firstPollAfterMs: number, nextLimit: number): Chunk | null => {
      applyChunk(chunk, chunkState, httpStatus, detail, results, firstPollAfterMs);
      return claimChunk(chunk.mailingId, nextLimit);
    },
  );

  return { claimChunk, applyChunk, applyChunkAndClaimNext, queueDrafts, startSend, setSendState, requeueChunk, recoverInFlight, setState, event, transaction: <T>(fn: () => T): T => tx(fn)() };
}
export type Journal = ReturnType<typeof createJournal>;
