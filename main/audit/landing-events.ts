// The landing-page event file (issue 4 §4; reference evidence-and-audit.md §1 O1/O2, §2): JSON Lines, UTF-8, one
// event per line, written by the institution's landing page (or `docdesk landing serve`) and imported with
// `docdesk audit import-landing FILE`. Format (docs: main/audit/LANDING-EVENTS.md):
//   {"type":"ott.verify","at":"2026-11-22T01:02:03.456Z","document_binder_uuid":"…","external_document_uuid":"…",
//    "token_sha256":"<hex>","result":"USED","ip":"211.234.10.20","user_agent":"…"}
// Each line is imported once: its SHA-256 is its identity, so importing the same file twice adds nothing.
// The raw OTT token must never be in the file (reference §9): a `token` field is rejected, not stripped.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { maskIp } from '../../shared/domain/masking.ts';
import { issueText } from '../../shared/domain/zod-issue-text.ts';
import type { AuditEventInput } from './event.ts';

const base = {
  at: z.iso.datetime({ offset: true }),
  document_binder_uuid: z.string().min(1).max(40).optional(),
  external_document_uuid: z.string().min(1).max(40).optional(),
  ip: z.string().max(64).optional(),
  user_agent: z.string().max(512).optional(),
  /** Optional producer's id of the event; not needed for de-duplication. */
  id: z.string().max(100).optional(),
  /** Which landing host wrote the line. */
  host: z.string().max(255).optional(),
};

export const landingEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('ott.verify'), token_sha256: z.string().regex(/^[0-9a-f]{64}$/), result: z.string().max(64), http_status: z.number().int().nullable().optional(), token_used_at: z.number().int().optional(), peer_date: z.string().max(64).optional() }),
  z.strictObject({ ...base, type: z.literal('page.entry'), content_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), rendered_at: z.iso.datetime({ offset: true }).optional() }),
  z.strictObject({ ...base, type: z.literal('page.ack'), control: z.string().max(64) }),
  z.strictObject({
    ...base,
    type: z.literal('page.failure'),
    reason: z.enum(['token_invalid', 'token_reused', 'ott_error', 'ott_timeout', 'render_error', 'backend_down', 'bad_request']),
    detail: z.string().max(500).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('read_status'), http_status: z.number().int().nullable(), attempt: z.number().int().min(1), result: z.string().max(64), peer_date: z.string().max(64).optional() }),
]);
export type LandingEvent = z.infer<typeof landingEventSchema>;

/** One line of a landing events file, checked: its identity (SHA-256 of the line) and event, or why it was refused. */
export type ParsedLandingLine = { ok: true; sha: string; event: LandingEvent } | { ok: false; message: string };

const TYPES = ['ott.verify', 'page.entry', 'page.ack', 'page.failure', 'read_status'].join(', ');

function issueInKorean(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (field === 'type' || (field === '' && issue.code === 'invalid_union')) return `type: 알 수 없는 이벤트 종류입니다(${TYPES} 중 하나)`;
  return `${field || '줄'}: ${issue.code === 'invalid_type' ? `값이 없거나 형식이 다릅니다(${issue.expected})` : issueText(issue)}`;
}

/** Checks one line (without its line break; a trailing CR is dropped). Empty lines are the caller's to skip. */
export function parseLandingLine(raw: string): ParsedLandingLine {
  const line = raw.replace(/\r$/, '');
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch {
    return { ok: false, message: 'JSON이 아닙니다' };
  }
  if (value && typeof value === 'object' && 'token' in value) return { ok: false, message: "원본 토큰('token')은 기록하면 안 됩니다. token_sha256만 쓰세요." };
  const r = landingEventSchema.safeParse(value);
  if (!r.success) return { ok: false, message: r.error.issues.map(issueInKorean).join('; ').slice(0, 500) };
  return { ok: true, sha: createHash('sha256').update(line, 'utf8').digest('hex'), event: r.data };
}

const EV: Record<LandingEvent['type'], string> = {
  'ott.verify': 'edoc.ott.verify',
  'page.entry': 'edoc.page.entry',
  'page.ack': 'edoc.page.ack',
  'page.failure': 'edoc.page.failure',
  read_status: 'edoc.read_status',
};

/** One landing event → an audit event: visitor IP masked in the chain, full value in the encrypted side table. */
export function landingAuditEvent(e: LandingEvent, lineSha256: string): AuditEventInput {
  const { type, at, document_binder_uuid, external_document_uuid, ip, host, ...rest } = e;
  const subj: Record<string, string> = {};
  if (document_binder_uuid) subj['document_binder_uuid'] = document_binder_uuid;
  if (external_document_uuid) subj['external_document_uuid'] = external_document_uuid;
  const index = [`landing:${lineSha256}`];
  if (document_binder_uuid) index.push(`binder:${document_binder_uuid}`);
  if (external_document_uuid) index.push(`doc:${external_document_uuid}`);
  const peerDate = 'peer_date' in rest ? rest.peer_date : undefined;
  const data: Record<string, unknown> = { ...rest, line_sha256: lineSha256 };
  delete data['peer_date'];
  if (ip) data['ip'] = maskIp(ip);
  return {
    ev: EV[type],
    at: Date.parse(at),
    actor: { type: 'landing', id: host ?? 'landing-page', ...(ip ? { ip: maskIp(ip) } : {}) },
    subj,
    data,
    ...(peerDate ? { peerDate } : {}),
    ...(ip ? { blobs: { visitor_ip: ip } } : {}),
    index,
  };
}
