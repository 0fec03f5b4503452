// Fault injection for the sandbox docs-gw (DESIGN §9). Every fault may be limited to some endpoints and to a
// number of requests (`count`, decremented each time the fault is applied; gone at 0).
//
// Per request: `latencyMs` delays first; then at most ONE disruptive fault applies, in this precedence:
// nonJsonError > wholeRequest > timeoutAfterBody > resetMidResponse (only the applied one is consumed);
// `timestampsInMillis` applies to the endpoints that return timestamps (singleStatus, bulkStatus,
// verifyToken). `refuseAddresses` is not per request: the listener on each address really closes
// (ECONNREFUSED) until the address leaves the list.
import { z } from 'zod';

export const SANDBOX_ENDPOINTS = ['singleSend', 'bulkSend', 'verifyToken', 'readStatus', 'singleStatus', 'bulkStatus', 'unknown'] as const;
export const sandboxEndpointSchema = z.enum(SANDBOX_ENDPOINTS);
export type SandboxEndpoint = z.infer<typeof sandboxEndpointSchema>;

const TIMESTAMP_ENDPOINTS: ReadonlySet<SandboxEndpoint> = new Set(['singleStatus', 'bulkStatus', 'verifyToken']);

const scope = {
  /** Only these endpoints; all when omitted. */
  endpoints: z.array(sandboxEndpointSchema).min(1).optional(),
  /** Only the next N matching requests; unlimited when omitted. */
  count: z.number().int().positive().optional(),
};
const toggle = z.union([z.boolean(), z.strictObject(scope)]);

export const sandboxFaultsSchema = z.strictObject({
  latencyMs: z.union([z.number().int().min(0).max(600_000), z.strictObject({ ms: z.number().int().min(0).max(600_000), ...scope })]).optional(),
  refuseAddresses: z.array(z.string().min(1)).optional(),
  /** Process and record the request, then destroy the socket halfway through the response. */
  resetMidResponse: toggle.optional(),
  /** Process and record the request, then never answer. */
  timeoutAfterBody: toggle.optional(),
  /** Answer with this flat error; with processFirst the request is processed (and recorded) first. */
  wholeRequest: z
    .strictObject({
      status: z.number().int().min(400).max(599),
      errorCode: z.string().min(1).max(40),
      errorMessage: z.string().max(500).optional(),
      processFirst: z.boolean().optional(),
      ...scope,
    })
    .optional(),
  /** Status timestamps as 13-digit milliseconds instead of 10-digit seconds (reference §10). */
  timestampsInMillis: toggle.optional(),
  /** A proxy-like HTML error page (default 502), request not processed. */
  nonJsonError: z.union([z.boolean(), z.strictObject({ status: z.number().int().min(400).max(599).optional(), ...scope })]).optional(),
});
export type SandboxFaults = z.input<typeof sandboxFaultsSchema>;

type Rule<T> = { value: T; endpoints: ReadonlySet<SandboxEndpoint> | null; remaining: number };

export type FaultAction =
  | { kind: 'nonJsonError'; status: number }
  | { kind: 'wholeRequest'; status: number; errorCode: string; errorMessage: string; processFirst: boolean }
  | { kind: 'timeoutAfterBody' }
  | { kind: 'resetMidResponse' };

export type AppliedFaults = { latencyMs: number; action: FaultAction | null; timestampsInMillis: boolean; names: string[] };

export type FaultBook = {
  set(faults: SandboxFaults): void;
  clear(): void;
  /** The faults still active, in input form (counts show what is left). */
  current(): SandboxFaults;
  refusedAddresses(): string[];
  /** Decides (and consumes) the faults for one request to `endpoint`. */
  take(endpoint: SandboxEndpoint): AppliedFaults;
};

function rule<T>(value: T, s: { endpoints?: SandboxEndpoint[] | undefined; count?: number | undefined }): Rule<T> {
  return { value, endpoints: s.endpoints ? new Set(s.endpoints) : null, remaining: s.count ?? Number.POSITIVE_INFINITY };
}

function toggleRule(t: z.infer<typeof toggle> | undefined): Rule<true> | null {
  if (t === undefined || t === false) return null;
  return rule<true>(true, t === true ? {} : t);
}

const DEFAULT_WHOLE_MESSAGES: Record<string, string> = {
  INVALID_VALUE: '유효하지 않은 값입니다.',
  UNAUTHORIZED: '접근 권한이 없습니다.',
  FORBIDDEN: '허용되지 않는 요청입니다.',
  NOT_FOUND: '요청 정보를 찾을 수 없습니다.',
  INTERNAL_ERROR: '서버 에러입니다. 다시 시도해 주세요.',
  INTERNAL_SERVER_ERROR: '서버 에러입니다. 다시 시도해 주세요.',
};

export function createFaultBook(): FaultBook {
  let latency: Rule<number> | null = null;
  let refuse: string[] = [];
  let reset: Rule<true> | null = null;
  let timeout: Rule<true> | null = null;
  let whole: Rule<Omit<Extract<FaultAction, { kind: 'wholeRequest' }>, 'kind'>> | null = null;
  let millis: Rule<true> | null = null;
  let nonJson: Rule<number> | null = null;

  const applies = <T>(r: Rule<T> | null, endpoint: SandboxEndpoint): r is Rule<T> =>
    r !== null && r.remaining > 0 && (r.endpoints === null || r.endpoints.has(endpoint));
  const consume = <T>(r: Rule<T>): void => {
    r.remaining -= 1;
  };
  const scopeOut = <T>(r: Rule<T>): { endpoints?: SandboxEndpoint[]; count?: number } => ({
    ...(r.endpoints ? { endpoints: [...r.endpoints] } : {}),
    ...(Number.isFinite(r.remaining) ? { count: r.remaining } : {}),
  });
  const live = <T>(r: Rule<T> | null): r is Rule<T> => r !== null && r.remaining > 0;

  return {
    set(input) {
      const f = sandboxFaultsSchema.parse(input);
      latency =
        f.latencyMs === undefined ? null : typeof f.latencyMs === 'number' ? rule(f.latencyMs, {}) : rule(f.latencyMs.ms, f.latencyMs);
      refuse = [...new Set(f.refuseAddresses ?? [])];
      reset = toggleRule(f.resetMidResponse);
      timeout = toggleRule(f.timeoutAfterBody);
      millis = toggleRule(f.timestampsInMillis);
      whole =
        f.wholeRequest === undefined
          ? null
          : rule(
              {
                status: f.wholeRequest.status,
                errorCode: f.wholeRequest.errorCode,
                errorMessage: f.wholeRequest.errorMessage ?? DEFAULT_WHOLE_MESSAGES[f.wholeRequest.errorCode] ?? '오류가 발생했습니다.',
                processFirst: f.wholeRequest.processFirst ?? false,
              },
              f.wholeRequest,
            );
      nonJson =
        f.nonJsonError === undefined || f.nonJsonError === false
          ? null
          : f.nonJsonError === true
            ? rule(502, {})
            : rule(f.nonJsonError.status ?? 502, f.nonJsonError);
    },
    clear() {
      latency = reset = timeout = whole = millis = nonJson = null;
      refuse = [];
    },
    current() {
      const out: SandboxFaults = {};
      if (live(latency)) out.latencyMs = { ms: latency.value, ...scopeOut(latency) };
      if (refuse.length > 0) out.refuseAddresses = [...refuse];
      if (live(reset)) out.resetMidResponse = scopeOut(reset);
      if (live(timeout)) out.timeoutAfterBody = scopeOut(timeout);
      if (live(whole)) out.wholeRequest = { ...whole.value, ...scopeOut(whole) };
      if (live(millis)) out.timestampsInMillis = scopeOut(millis);
      if (live(nonJson)) out.nonJsonError = { status: nonJson.value, ...scopeOut(nonJson) };
      return out;
    },
    refusedAddresses: () => [...refuse],
    take(endpoint) {
      const names: string[] = [];
      let latencyMs = 0;
      if (applies(latency, endpoint)) {
        consume(latency);
        latencyMs = latency.value;
        names.push('latencyMs');
      }
      let action: FaultAction | null = null;
      if (applies(nonJson, endpoint)) {
        consume(nonJson);
        action = { kind: 'nonJsonError', status: nonJson.value };
      } else if (applies(whole, endpoint)) {
        consume(whole);
        action = { kind: 'wholeRequest', ...whole.value };
      } else if (applies(timeout, endpoint)) {
        consume(timeout);
        action = { kind: 'timeoutAfterBody' };
      } else if (applies(reset, endpoint)) {
        consume(reset);
        action = { kind: 'resetMidResponse' };
      }
      if (action !== null) names.push(action.kind);
      let timestampsInMillis = false;
      if (TIMESTAMP_ENDPOINTS.has(endpoint) && applies(millis, endpoint)) {
        consume(millis);
        timestampsInMillis = true;
        names.push('timestampsInMillis');
      }
      return { latencyMs, action, timestampsInMillis, names };
    },
  };
}
