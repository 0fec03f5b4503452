// Fault injection for the sandbox PayUp (DESIGN §9). `count` limits a fault to the next N requests.
// Per request: latency first, then at most one of wholeRequest > timeoutAfterBody > resetMidResponse.
import { z } from 'zod';

const count = z.number().int().positive().optional();
const toggle = z.union([z.boolean(), z.strictObject({ count })]);

export const payupFaultsSchema = z.strictObject({
  latencyMs: z.union([z.number().int().min(0).max(600_000), z.strictObject({ ms: z.number().int().min(0).max(600_000), count })]).optional(),
  /** Process (cancel) and record the request, then never answer. */
  timeoutAfterBody: toggle.optional(),
  /** Process and record the request, then destroy the socket halfway through the response. */
  resetMidResponse: toggle.optional(),
  /** Answer the whole request with this HTTP status (e.g. 502); processFirst = cancel first, then fail. */
  wholeRequest: z.strictObject({ status: z.number().int().min(400).max(599), processFirst: z.boolean().optional(), count }).optional(),
});
export type PayupFaults = z.input<typeof payupFaultsSchema>;

export type PayupFaultAction = { kind: 'wholeRequest'; status: number; processFirst: boolean } | { kind: 'timeoutAfterBody' } | { kind: 'resetMidResponse' };

type Rule<T> = { value: T; remaining: number };

export function createPayupFaultBook() {
  let latency: Rule<number> | null = null;
  let whole: Rule<{ status: number; processFirst: boolean }> | null = null;
  let timeout: Rule<true> | null = null;
  let reset: Rule<true> | null = null;
  const rule = <T>(value: T, c: number | undefined): Rule<T> => ({ value, remaining: c ?? Number.POSITIVE_INFINITY });
  const toggleRule = (t: z.infer<typeof toggle> | undefined): Rule<true> | null =>
    t === undefined || t === false ? null : rule<true>(true, t === true ? undefined : t.count);
  const take = <T>(r: Rule<T> | null): r is Rule<T> => {
    if (r === null || r.remaining <= 0) return false;
    r.remaining -= 1;
    return true;
  };
  return {
    set(input: PayupFaults): void {
      const f = payupFaultsSchema.parse(input);
      latency = f.latencyMs === undefined ? null : typeof f.latencyMs === 'number' ? rule(f.latencyMs, undefined) : rule(f.latencyMs.ms, f.latencyMs.count);
      whole = f.wholeRequest === undefined ? null : rule({ status: f.wholeRequest.status, processFirst: f.wholeRequest.processFirst ?? false }, f.wholeRequest.count);
      timeout = toggleRule(f.timeoutAfterBody);
      reset = toggleRule(f.resetMidResponse);
    },
    clear(): void {
      latency = whole = timeout = reset = null;
    },
    take(): { latencyMs: number; action: PayupFaultAction | null } {
      const latencyMs = take(latency) ? latency.value : 0;
      let action: PayupFaultAction | null = null;
      if (take(whole)) action = { kind: 'wholeRequest', ...whole.value };
      else if (take(timeout)) action = { kind: 'timeoutAfterBody' };
      else if (take(reset)) action = { kind: 'resetMidResponse' };
      return { latencyMs, action };
    },
  };
}
export type PayupFaultBook = ReturnType<typeof createPayupFaultBook>;
