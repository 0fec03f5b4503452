// Maps one transport result to a CallOutcome (reference §9, DESIGN §6):
// - never left the machine            → not-sent   (safe to retry / already failed over)
// - may have been sent, no answer      → ambiguous  (timeout or reset after the body)
// - 2xx matching the schema            → ok; unparsable 2xx → ambiguous (it may have been processed)
// - 4xx                                → rejected, error_code from the flat body or HTTP_<status>;
//                                        UNIDENTIFIED_USER is treated exactly like INVALID_VALUE
// - 5xx (INTERNAL_ERROR, INTERNAL_SERVER_ERROR, anything) and 1xx/3xx → ambiguous
import type { z } from 'zod';
import { errorBodySchema, normalizeErrorCode } from '../../shared/domain/edoc.ts';
import type { DocdeskUnknownReason } from '../../shared/domain/mailing.ts';
import { scrubSecrets } from '../http/redact.ts';
import type { ServiceCallResult, ServiceResponse } from '../http/service-client.ts';
import type { CallOutcome } from './outcome.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
export type ResponseParser<T> = (res: ServiceResponse) => ParseResult<T>;

/** Also the reason a send's documents become UNKNOWN when its 2xx answer cannot be read. */
export const UNPARSABLE_RESPONSE = 'UNPARSABLE_RESPONSE' satisfies DocdeskUnknownReason;

/** JSON body checked against a shared schema; unknown fields are ignored (reference §8). */
export function jsonParser<T>(schema: z.ZodType<T>): ResponseParser<T> {
  return (res) => {
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      return { ok: false, code: UNPARSABLE_RESPONSE, message: `HTTP ${res.status} 응답 본문이 JSON이 아닙니다.` };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first === undefined ? '' : ` (${first.path.join('.') || 'body'}: ${first.message})`;
      return { ok: false, code: UNPARSABLE_RESPONSE, message: `HTTP ${res.status} 응답이 규격과 다릅니다${where}.` };
    }
    return { ok: true, value: parsed.data };
  };
}

/**
 * The parser's result kept per response: a 2xx answer is read by the exchange log's check (parseProblem) and again
 * by toOutcome, and parsing a 100-document bulk answer with its schema twice was ~5 % of the main thread in a poll round.
 */
export function parseOnce<T>(parser: ResponseParser<T>): ResponseParser<T> {
  const parsed = new WeakMap<ServiceResponse, ParseResult<T>>();
  return (res) => {
    let result = parsed.get(res);
    if (result === undefined) {
      result = parser(res);
      parsed.set(res, result);
    }
    return result;
  };
}

/** Read status (reference §7.3): 204 with no body; any 2xx is success and a body is tolerated. */
export const noContentParser: ResponseParser<undefined> = () => ({ ok: true, value: undefined });

/** For the exchange log: a 2xx whose body does not parse is recorded as a `parse` failure. */
export function parseProblem<T>(parser: ResponseParser<T>): (res: ServiceResponse) => { code: string; message: string } | null {
  return (res) => {
    if (res.status < 200 || res.status > 299) return null;
    const r = parser(res);
    return r.ok ? null : { code: r.code, message: r.message };
  };
}

function flatError(res: ServiceResponse): { code: string; message: string; raw?: string } {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(res.body));
    if (parsed.success) {
      const code = normalizeErrorCode(parsed.data.error_code);
      return {
        code,
        message: parsed.data.error_message ?? '',
        ...(code !== parsed.data.error_code ? { raw: parsed.data.error_code } : {}),
      };
    }
  } catch {
    // not JSON: a proxy page or an empty body, classified by status (reference §9)
  }
  const snippet = res.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { code: `HTTP_${res.status}`, message: snippet === '' ? `HTTP ${res.status}` : `HTTP ${res.status}: ${snippet}` };
}

function attemptsText(result: Extract<ServiceCallResult, { kind: 'failure' }>): string {
  return result.attempts.map((a) => `${a.address ?? 'DNS'}: ${a.code}`).join(', ');
}

export function toOutcome<T>(
  result: ServiceCallResult,
  parser: ResponseParser<T>,
  opts: { host: string; secrets: readonly string[] },
): CallOutcome<T> {
  const clean = (s: string): string => scrubSecrets(s, opts.secrets);
  if (result.kind === 'failure') {
    const { failure } = result;
    if (!failure.bodySent) {
      return {
        kind: 'not-sent',
        code: failure.code,
        message: clean(
          `게이트웨이에 연결하지 못해 요청을 보내지 않았습니다 (${attemptsText(result)}). 네트워크·방화벽·프로필 주소를 확인한 뒤 다시 시도하세요.`,
        ),
      };
    }
    return {
      kind: 'ambiguous',
      code: failure.code,
      status: result.status,
      message: clean(
        `요청이 게이트웨이에 도달했을 수 있으나 응답을 받지 못했습니다 (${failure.code}: ${failure.message}). 자동으로 다시 보내지 않습니다. 상태 조회로 확인한 뒤 재발송 여부를 결정하세요.`,
      ),
    };
  }

  const res = result.response;
  if (res.status >= 200 && res.status <= 299) {
    const parsed = parser(res);
    if (parsed.ok) return { kind: 'ok', value: parsed.value, status: res.status, address: res.address ?? opts.host };
    return { kind: 'ambiguous', code: parsed.code, status: res.status, message: clean(parsed.message) };
  }
  const err = flatError(res);
  const raw = err.raw !== undefined ? { rawErrorCode: err.raw } : {};
  if (res.status >= 400 && res.status <= 499) {
    return { kind: 'rejected', status: res.status, errorCode: err.code, message: clean(err.message), ...raw };
  }
  return { kind: 'ambiguous', code: err.code, status: res.status, message: clean(err.message), ...raw };
}
