// Client-side validation BEFORE sending (reference §4.2, §5, §6, checklist §13): a request that breaks a
// documented rule is refused here with a typed error and nothing leaves the machine.
import type { z } from 'zod';
import {
  EDOC_LIMITS,
  bulkSendRequestSchema,
  bulkStatusRequestSchema,
  singleDocumentSchema,
  type BulkSendRequest,
  type SingleDocument,
} from '../../shared/domain/edoc.ts';
import { DocsGwRequestError, type RequestIssue } from './errors.ts';

type Issue = z.core.$ZodIssue;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(body)' : out;
}

/** Flattens zod issues to `path: message`, naming the offending field (unknown keys, union branches). */
export function issuesFromZod(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): RequestIssue[] {
  const out: RequestIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // receiver is `ci` xor phone+name+birthday: report the branch the caller came closest to.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...issuesFromZod(best, path));
    } else if (issue.code === 'custom' && issue.message.includes('read_expired_at')) {
      // The "exactly one deadline" rule sits on the document; name both fields.
      out.push({ path: pathText([...path, 'read_expired_at|read_expired_sec']), message: issue.message });
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: pathText([...path, key]), message: 'undocumented field (not allowed)' });
    } else {
      out.push({ path: pathText(path), message: issue.message });
    }
  }
  return out;
}

function refuse(endpoint: string, issues: RequestIssue[]): never {
  throw new DocsGwRequestError(endpoint, issues);
}

function checkDeadline(doc: { read_expired_at?: number | undefined }, path: string, nowMs: number, issues: RequestIssue[]): void {
  // reference §4.2: read_expired_at must lie in the future, otherwise the send fails.
  if (doc.read_expired_at !== undefined && doc.read_expired_at * 1000 <= nowMs) {
    issues.push({ path: `${path}read_expired_at`, message: 'must be in the future (Unix seconds)' });
  }
}

export function validateBulkSend(req: unknown, nowMs: number): BulkSendRequest {
  const count = (req as { documents?: unknown } | null)?.documents;
  if (Array.isArray(count) && count.length > EDOC_LIMITS.bulkMaxDocuments) {
    refuse('bulkSend', [
      { path: 'documents', message: `한 요청에 최대 ${EDOC_LIMITS.bulkMaxDocuments}건까지 보낼 수 있습니다 (현재 ${count.length}건)` },
    ]);
  }
  const parsed = bulkSendRequestSchema.safeParse(req);
  if (!parsed.success) refuse('bulkSend', issuesFromZod(parsed.error.issues));
  const issues: RequestIssue[] = [];
  const seen = new Map<string, number>();
  parsed.data.documents.forEach((doc, i) => {
    const ext = doc.property.external_document_uuid;
    const first = seen.get(ext);
    // seed 001 §3.2.1: unique within the request (the gateway checks only this; DocDesk also keeps it global).
    if (first !== undefined) {
      issues.push({ path: `documents[${i}].property.external_document_uuid`, message: `duplicate of documents[${first}] (${ext})` });
    } else seen.set(ext, i);
    checkDeadline(doc, `documents[${i}].`, nowMs, issues);
  });
  if (issues.length > 0) refuse('bulkSend', issues);
  return parsed.data;
}

export function validateSingleDocument(doc: unknown, nowMs: number): SingleDocument {
  const parsed = singleDocumentSchema.safeParse(doc);
  if (!parsed.success) refuse('singleSend', issuesFromZod(parsed.error.issues));
  const issues: RequestIssue[] = [];
  checkDeadline(parsed.data, '', nowMs, issues);
  if (issues.length > 0) refuse('singleSend', issues);
  return parsed.data;
}

export function validateBulkStatusIds(ids: unknown): string[] {
  if (Array.isArray(ids) && ids.length > EDOC_LIMITS.bulkStatusMaxIds) {
    refuse('bulkStatus', [
      { path: 'document_binder_uuids', message: `한 요청에 최대 ${EDOC_LIMITS.bulkStatusMaxIds}건까지 조회할 수 있습니다 (현재 ${ids.length}건)` },
    ]);
  }
  const parsed = bulkStatusRequestSchema.safeParse({ document_binder_uuids: ids });
  if (!parsed.success) refuse('bulkStatus', issuesFromZod(parsed.error.issues));
  return parsed.data.document_binder_uuids;
}

/** reference §2: document_binder_uuid is an opaque string of ≤40 characters. */
export function validateBinderUuid(endpoint: string, binderUuid: unknown): string {
  if (typeof binderUuid !== 'string' || binderUuid.length === 0 || binderUuid.length > EDOC_LIMITS.documentBinderUuid) {
    refuse(endpoint, [{ path: 'document_binder_uuid', message: `must be a string of 1–${EDOC_LIMITS.documentBinderUuid} characters` }]);
  }
  return binderUuid;
}

/** reference §7.1 documents tokens of ≤50 characters; a little slack, since a longer token is not ours to refuse. */
export const MAX_TOKEN_LENGTH = 200;

export function validateToken(token: unknown): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    refuse('verifyToken', [{ path: 'token', message: `must be a string of 1–${MAX_TOKEN_LENGTH} characters` }]);
  }
  return token;
}
