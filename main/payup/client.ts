// PayUp cancel client (seed 002 §3.4) over the audited HTTPS plumbing (main/http/service-client.ts). Nothing
// here retries: whether a cancel may be sent again is the journal's decision (service.ts). Every network
// result is a CallOutcome; a thrown error means nothing was sent.
import { z } from 'zod';
import type { PayupService } from '../../shared/domain/profile.ts';
import type { CallOutcome } from '../docsgw/outcome.ts';
import type { ExchangeSink } from '../http/exchange.ts';
import { createServiceClient, type ServiceCallResult } from '../http/service-client.ts';
import { PayupError } from './errors.ts';
import { payupEndpoint, payupPaths } from './hosts.ts';
import { cancelSignature, signatureFingerprint } from './signature.ts';
import { validateCancelReason, validateTransactionId } from './validate.ts';

export const PAYUP_CONTENT_TYPE = 'application/json; charset=utf-8';

/** seed 002 §3.4 response; [002] marks nothing required, so only responseCode is insisted on. */
export const payupCancelResponseSchema = z.looseObject({
  responseCode: z.string().min(1).max(16),
  responseMsg: z.string().max(2000).optional(),
  cancelDateTime: z.string().max(32).optional(),
  transactionId: z.string().max(64).optional(),
});

export type PayupCancelAnswer = { responseCode: string; responseMsg: string; cancelDateTime: string | null };

export type PayupClientOptions = {
  service: PayupService;
  /** Read on every call so a rotated key is picked up; throws when missing. */
  apiCertKey: () => string;
  exchangeSink: ExchangeSink;
};

export type PayupClient = {
  cancel(req: { transactionId: string; cancelReason: string }, correlation?: Record<string, string>): Promise<CallOutcome<PayupCancelAnswer>>;
  close(): Promise<void>;
};

function parseAnswer(body: string): PayupCancelAnswer | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const r = payupCancelResponseSchema.safeParse(json);
  if (!r.success) return null;
  return { responseCode: r.data.responseCode, responseMsg: r.data.responseMsg ?? '', cancelDateTime: r.data.cancelDateTime ?? null };
}

/** The one question (DESIGN §6): could PayUp have cancelled? Only a parsed answer or a proven non-send is definite. */
export function toCancelOutcome(result: ServiceCallResult): CallOutcome<PayupCancelAnswer> {
  if (result.kind === 'failure') {
    const f = result.failure;
    if (!f.bodySent) return { kind: 'not-sent', code: f.code, message: f.message };
    return { kind: 'ambiguous', code: f.code, message: f.message, status: result.status };
  }
  const { status, body, address } = result.response;
  // A 5xx may come after PayUp cancelled (proxy timeout, crash after commit): never definite.
  if (status >= 500) return { kind: 'ambiguous', code: `HTTP_${status}`, message: `PayUp이 HTTP ${status}로 응답했습니다.`, status };
  const answer = parseAnswer(body);
  if (answer !== null) return { kind: 'ok', value: answer, status, address: address ?? '' };
  if (status >= 200 && status < 300) {
    return { kind: 'ambiguous', code: 'PAYUP_UNPARSABLE', message: `PayUp 응답(HTTP ${status})을 해석할 수 없습니다.`, status };
  }
  return { kind: 'rejected', status, errorCode: `HTTP_${status}`, message: `PayUp이 HTTP ${status}로 요청을 거부했습니다.` };
}

function checkKey(key: string): string {
  if (key.length === 0 || /[|\s]/.test(key)) {
    throw new PayupError('PAYUP_KEY_INVALID', 'PayUp apiCertKey 값이 비어 있거나 공백·줄바꿈이 들어 있습니다. 자격 증명(payup.apiCertKey)을 다시 입력하세요.', 4, { kind: 'credential', key: 'payup.apiCertKey' });
  }
  return key;
}

export function createPayupClient(opts: PayupClientOptions): PayupClient {
  const { service } = opts;
  const endpoint = payupEndpoint(service);
  const http = createServiceClient({ service: 'payup', endpoint, exchangeSink: opts.exchangeSink });
  return {
    async cancel(req, correlation = {}) {
      const transactionId = validateTransactionId(req.transactionId);
      const cancelReason = validateCancelReason(req.cancelReason);
      const key = checkKey(opts.apiCertKey());
      const signature = cancelSignature(service.merchantId, transactionId, key);
      const result = await http.request({
        endpoint: 'cancel',
        method: 'POST',
        path: endpoint.basePath + payupPaths.cancel(service.merchantId),
        headers: { 'content-type': PAYUP_CONTENT_TYPE, accept: 'application/json' },
        body: JSON.stringify({ transactionId, cancelReason, signature }),
        // The key and the signature never reach the log; the fingerprint ties the row to the request.
        secrets: [key, signature],
        correlation: { ...correlation, transactionId, signature: signatureFingerprint(signature) },
      });
      return toCancelOutcome(result);
    },
    close: () => http.close(),
  };
}
