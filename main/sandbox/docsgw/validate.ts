// Request validation of the simulated gateway, to the letter of the spec (reference §4–§7) with the shared
// schemas: every violation answers 400 INVALID_VALUE for the WHOLE request, with a message naming the field.
import type { z } from 'zod';
import {
  EDOC_LIMITS,
  bulkSendRequestSchema,
  bulkStatusRequestSchema,
  readStatusRequestSchema,
  singleDocumentSchema,
  type BulkSendRequest,
  type SingleDocument,
} from '../../../shared/domain/edoc.ts';

export type Invalid = { ok: false; field: string; reason: string };
export type Valid<T> = { ok: true; value: T };

type Issue = z.core.$ZodIssue;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(body)' : out;
}

/** The first issue as (field, reason); union branches resolved to the closest one, unknown keys named. */
function firstIssue(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Invalid {
  const issue = issues[0];
  if (issue === undefined) return { ok: false, field: pathText(prefix), reason: 'invalid' };
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    const inner = firstIssue(best, path);
    return { ...inner, reason: `${inner.reason} (receiver는 ci 또는 phone_number+name+birthday+is_required_verify_name 중 한 형식만)` };
  }
  if (issue.code === 'unrecognized_keys') {
    return { ok: false, field: pathText([...path, issue.keys[0] ?? '?']), reason: 'undocumented field' };
  }
  if (issue.code === 'custom' && issue.message.includes('read_expired_at')) {
    return { ok: false, field: pathText([...path, 'read_expired_at|read_expired_sec']), reason: issue.message };
  }
  return { ok: false, field: pathText(path), reason: issue.message };
}

export function invalidMessage(inv: Invalid): string {
  return `유효하지 않은 값입니다. ${inv.field}: ${inv.reason}`;
}

function futureDeadline(doc: { read_expired_at?: number | undefined }, prefix: string, nowMs: number): Invalid | null {
  if (doc.read_expired_at !== undefined && doc.read_expired_at * 1000 <= nowMs) {
    return { ok: false, field: `${prefix}read_expired_at`, reason: 'must be in the future' };
  }
  return null;
}

export function validateBulkSendBody(body: unknown, nowMs: number): Valid<BulkSendRequest> | Invalid {
  const parsed = bulkSendRequestSchema.safeParse(body);
  if (!parsed.success) return firstIssue(parsed.error.issues);
  const seen = new Set<string>();
  for (const [i, doc] of parsed.data.documents.entries()) {
    const ext = doc.property.external_document_uuid;
    if (seen.has(ext)) return { ok: false, field: `documents[${i}].property.external_document_uuid`, reason: `duplicate ${ext}` };
    seen.add(ext);
    const late = futureDeadline(doc, `documents[${i}].`, nowMs);
    if (late) return late;
  }
  return { ok: true, value: parsed.data };
}

export type SingleSendForm = 'document' | 'none' | 'either';

/** reference §4.1: the wrapped form by default; `none` or `either` only when the sandbox is told so. */
export function validateSingleSendBody(body: unknown, form: SingleSendForm, nowMs: number): Valid<SingleDocument> | Invalid {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  const wrapped = isObject && 'document' in body;
  if (form === 'document' && !wrapped) return { ok: false, field: 'document', reason: 'single send must be wrapped in {"document": {...}}' };
  if (form === 'none' && wrapped) return { ok: false, field: 'document', reason: 'undocumented field (this gateway expects the unwrapped form)' };
  let doc: unknown = body;
  let prefix: PropertyKey[] = [];
  if (wrapped) {
    const keys = Object.keys(body);
    const extra = keys.find((k) => k !== 'document');
    if (extra !== undefined) return { ok: false, field: extra, reason: 'undocumented field' };
    doc = (body as { document: unknown }).document;
    prefix = ['document'];
  }
  const parsed = singleDocumentSchema.safeParse(doc);
  if (!parsed.success) return firstIssue(parsed.error.issues, prefix);
  const late = futureDeadline(parsed.data, wrapped ? 'document.' : '', nowMs);
  if (late) return late;
  return { ok: true, value: parsed.data };
}

export function validateBulkStatusBody(body: unknown): Valid<string[]> | Invalid {
  const parsed = bulkStatusRequestSchema.safeParse(body);
  if (!parsed.success) return firstIssue(parsed.error.issues);
  return { ok: true, value: parsed.data.document_binder_uuids };
}

export function validateReadStatusBody(body: unknown): Valid<true> | Invalid {
  const parsed = readStatusRequestSchema.safeParse(body);
  if (!parsed.success) return firstIssue(parsed.error.issues);
  return { ok: true, value: true };
}

export const MAX_TOKEN_LENGTH = 50; // reference §7.1
export const MAX_BINDER_LENGTH = EDOC_LIMITS.documentBinderUuid;
