// Turns one bulk-send outcome into per-document results. The rule everywhere: resend automatically only what
// provably never reached the gateway; anything ambiguous becomes UNKNOWN (DESIGN §6, reference §11).
import { isInternalErrorCode, type BulkSendResponse } from '../../shared/domain/edoc.ts';
import type { DocdeskRefusalCode, DocdeskUnknownReason } from '../../shared/domain/mailing.ts';
import type { CallOutcome } from '../docsgw/outcome.ts';
import type { ChunkRef, ItemResult } from './journal.ts';

/** Per-item INTERNAL_ERROR is retried once, in a later chunk, as a new item (issue 2 "What it must show"). */
export const INTERNAL_ERROR_RETRIES = 1;

export type ChunkVerdict =
  | { kind: 'applied'; chunkState: 'DONE' | 'UNKNOWN' | 'REJECTED'; httpStatus: number | null; detail: string; results: ItemResult[] }
  | { kind: 'not-sent'; detail: string }
  /** The whole job must stop (bad credentials or contract): nothing was processed, documents go back to the queue. */
  | { kind: 'stop'; errorCode: string; message: string; status: number };

export function classifyBulkSend(chunk: ChunkRef, outcome: CallOutcome<BulkSendResponse>, retriesUsed: (documentId: number) => number): ChunkVerdict {
  switch (outcome.kind) {
    case 'not-sent':
      return { kind: 'not-sent', detail: `${outcome.code}: ${outcome.message}` };
    case 'ambiguous':
      return {
        kind: 'applied',
        chunkState: 'UNKNOWN',
        httpStatus: outcome.status,
        detail: `${outcome.code}: ${outcome.message}`,
        results: chunk.documents.map((d) => ({ documentId: d.id, kind: 'unknown', reason: outcome.code })),
      };
    case 'rejected': {
      // 401: the token was refused; 404 on send: unknown Contract-Uuid (reference §9). Nothing was processed.
      if (outcome.status === 401 || outcome.status === 404) {
        return { kind: 'stop', errorCode: outcome.errorCode, message: outcome.message, status: outcome.status };
      }
      // Other 4xx: a permanent refusal of the request as sent; the documents are not retried (reference §9).
      return {
        kind: 'applied',
        chunkState: 'REJECTED',
        httpStatus: outcome.status,
        detail: `${outcome.errorCode}: ${outcome.message}`,
        results: chunk.documents.map((d) => ({ documentId: d.id, kind: 'rejected', errorCode: outcome.errorCode, errorMessage: outcome.message })),
      };
    }
    case 'ok': {
      // Match by external_document_uuid, never by position (reference §5).
      const byExt = new Map(outcome.value.documents.map((r) => [r.external_document_uuid, r]));
      const results: ItemResult[] = chunk.documents.map((d) => {
        const r = byExt.get(d.externalDocumentUuid);
        if (!r) return { documentId: d.id, kind: 'unknown', reason: 'MISSING_FROM_RESPONSE' satisfies DocdeskUnknownReason };
        if (r.document_binder_uuid && !r.error_code) return { documentId: d.id, kind: 'accepted', binderUuid: r.document_binder_uuid };
        const code = r.error_code ?? ('NO_BINDER_UUID' satisfies DocdeskRefusalCode);
        const message = r.error_message ?? '';
        if (isInternalErrorCode(code) && retriesUsed(d.id) < INTERNAL_ERROR_RETRIES) {
          return { documentId: d.id, kind: 'retry', errorCode: code, errorMessage: message };
        }
        return { documentId: d.id, kind: 'rejected', errorCode: code, errorMessage: message };
      });
      return { kind: 'applied', chunkState: 'DONE', httpStatus: outcome.status, detail: `${outcome.value.documents.length} results`, results };
    }
  }
}
