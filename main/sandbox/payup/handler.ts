// The PayUp cancel endpoint as the sandbox plays it (seed 002 §3.4, §4.1): parameter checks (6001/6002/6003),
// merchant (1001), signature against the merchant's apiCertKey (2001), then the deterministic rules (rules.ts)
// and "a transaction is cancelled at most once" (1005 for a repeat).
import { createHash } from 'node:crypto';
import type { PayupLedger } from './ledger.ts';
import { PAYUP_SANDBOX_MESSAGES, sandboxPayupRule } from './rules.ts';

export type PayupAnswer = { status: number; json: Record<string, string> | null };

const CANCEL_PATH = /^\/ep\/api\/kakao\/([^/?]+)\/cancel\/?(?:\?.*)?$/;
const ORDER_PATH = /^\/ep\/api\/kakao\/([^/?]+)\/order\/?(?:\?.*)?$/;

const msg = (code: string, param?: string): string => (PAYUP_SANDBOX_MESSAGES[code] ?? '').replace('{파라미터명}', param ?? '');
const answer = (code: string, extra: Record<string, string> = {}, param?: string): PayupAnswer => ({
  status: 200,
  json: { responseCode: code, responseMsg: msg(code, param), ...extra },
});

/** KST yyyyMMddHHmmss (seed 002: cancelDateTime). */
export function kstStamp(ms: number): string {
  return new Date(ms + 9 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export type HandlerContext = { merchants: ReadonlyMap<string, string>; ledger: PayupLedger; now: () => number };

/** Handles one request; `requestId` is the ledger row (for faults), null when the path is not ours. */
export function handlePayupRequest(ctx: HandlerContext, req: { method: string; url: string; contentType: string; body: string }): { requestId: number | null; answer: PayupAnswer } {
  const order = ORDER_PATH.exec(req.url);
  if (order && req.method === 'POST') return { requestId: null, answer: handleOrder(ctx, decodeURIComponent(order[1] ?? ''), req.body) };
  const m = CANCEL_PATH.exec(req.url);
  if (!m || req.method !== 'POST') return { requestId: null, answer: { status: 404, json: { responseCode: '9001', responseMsg: msg('9001') } } };
  const merchantId = decodeURIComponent(m[1] ?? '');
  const at = ctx.now();
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    parsed = null;
  }
  const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  const txRaw = body?.transactionId;
  const transactionId = typeof txRaw === 'string' ? txRaw : null;
  const record = (signatureOk: boolean, a: PayupAnswer): { requestId: number; answer: PayupAnswer } => ({
    requestId: ctx.ledger.insertRequest({ receivedAt: at, merchantId, transactionId, signatureOk, responseCode: a.json?.responseCode ?? null, httpStatus: a.status, fault: null }),
    answer: a,
  });

  if (!/^application\/json/i.test(req.contentType) || body === null) return record(false, answer('6003'));
  for (const field of ['transactionId', 'cancelReason', 'signature'] as const) {
    const v = body[field];
    if (v === undefined || v === null || v === '') return record(false, answer('6001', {}, field));
    // reference B2: every value is a string.
    if (typeof v !== 'string') return record(false, answer('6002', {}, field));
  }
  const tx = body.transactionId as string;
  const reason = body.cancelReason as string;
  const signature = body.signature as string;
  if (tx.length > 20) return record(false, answer('6002', {}, 'transactionId'));
  if ([...reason].length > 256) return record(false, answer('6002', {}, 'cancelReason'));
  if (!/^[0-9a-f]{64}$/.test(signature)) return record(false, answer('6002', {}, 'signature'));
  const key = ctx.merchants.get(merchantId);
  if (key === undefined) return record(false, answer('1001'));
  const expected = createHash('sha256').update(`${merchantId}|${tx}|${key}`, 'utf8').digest('hex');
  if (expected !== signature) return record(false, answer('2001'));

  if (ctx.ledger.isCancelled(tx)) {
    ctx.ledger.recordRepeat(tx);
    return record(true, answer('1005'));
  }
  const rule = sandboxPayupRule(tx);
  if (rule.kind === 'code') return record(true, { status: 200, json: { responseCode: rule.code, responseMsg: rule.message } });
  ctx.ledger.recordCancel(tx, at);
  return record(true, answer('0000', { cancelDateTime: kstStamp(at), transactionId: tx }));
}

/**
 * seed 002 §3.1 order request, only far enough to check its signature (DocDesk never orders; the sandbox
 * verifies the seed's order vector end to end): sha256(merchantId|orderNumber|amount|apiCertKey|timestamp).
 */
function handleOrder(ctx: HandlerContext, merchantId: string, raw: string): PayupAnswer {
  let body: Record<string, unknown> | null = null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) body = v as Record<string, unknown>;
  } catch {
    body = null;
  }
  if (body === null) return answer('6003');
  for (const field of ['orderNumber', 'amount', 'itemName', 'userName', 'returnUrl', 'signature', 'timestamp'] as const) {
    const v = body[field];
    if (v === undefined || v === null || v === '') return answer('6001', {}, field);
    if (typeof v !== 'string') return answer('6002', {}, field);
  }
  const key = ctx.merchants.get(merchantId);
  if (key === undefined) return answer('1001');
  const f = body as Record<string, string>;
  const expected = createHash('sha256').update(`${merchantId}|${f.orderNumber}|${f.amount}|${key}|${f.timestamp}`, 'utf8').digest('hex');
  if (expected !== f.signature) return answer('2001');
  return answer('0000', { good_mny: f.amount ?? '', site_cd: 'SBXKC', Ret_URL: f.returnUrl ?? '', buyr_name: f.userName ?? '', ordr_idxx: `SB${Date.now()}`.slice(0, 20), good_name: f.itemName ?? '' });
}
