// "Check every flow from this PC" (issue 15 item 6): one entry per flow of the firewall flow table — docs-gw to
// each IDC (seed 000 §5.1), PayUp, KCP (seed 004 §2.1.1) — each checked from the local address the profile binds,
// with what was checked and Korean advice that points at the form row or firewall row to fix.
import { z } from 'zod';
import { KAKAOPAY_GASAN_IP, KAKAOPAY_PANGYO_IP } from './network-hosts.ts';

/** KakaoPay's IDC addresses (seed 000 §3.2, 2021 values): they name the docs-gw flows. */
export const KAKAOPAY_IDCS: Readonly<Record<string, { id: string; label: string }>> = {
  [KAKAOPAY_GASAN_IP]: { id: 'gasan', label: '가산 IDC' },
  [KAKAOPAY_PANGYO_IP]: { id: 'pangyo', label: '판교 IDC' },
};

/**
 * Stable flow ids, shared with the firewall flow table: `docsgw-gasan`, `docsgw-pangyo` (another pinned address or
 * the host name: `docsgw-<address>`), the same with `-bulk` for the bulk-only line (seed 001 §2.2), `payup`, `kcp`.
 */
export function docsgwFlowId(destination: string, line: 'default' | 'bulk'): string {
  const idc = KAKAOPAY_IDCS[destination];
  return `docsgw-${idc ? idc.id : destination}${line === 'bulk' ? '-bulk' : ''}`;
}
export const PAYUP_FLOW_ID = 'payup';
export const KCP_FLOW_ID = 'kcp';

export const FLOW_CHECKS = ['dns', 'tcp', 'tls', 'module'] as const;
export const checkStatusSchema = z.enum(['ok', 'warn', 'fail', 'skipped']);

export const flowCheckSchema = z.object({
  check: z.enum(FLOW_CHECKS),
  target: z.string(),
  status: checkStatusSchema,
  durationMs: z.number(),
  /** What was observed, in Korean (addresses, certificate subject and issuer, the module's answer, the error). */
  detail: z.string(),
  /** What to do next, in Korean. */
  advice: z.string(),
});
export type FlowCheck = z.infer<typeof flowCheckSchema>;

export const flowResultSchema = z.object({
  id: z.string(),
  service: z.enum(['docsgw', 'payup', 'kcp']),
  /** What the flow carries, in Korean. */
  purpose: z.string(),
  /** The local address connections bind to; null = the operating system's choice. */
  source: z.string().nullable(),
  /** Host name, and the pinned address when there is one. */
  destination: z.string(),
  port: z.number().int(),
  /** No check failed (a warning passes). */
  ok: z.boolean(),
  checks: z.array(flowCheckSchema),
  /** The first failing check's advice, or that the flow is open. */
  advice: z.string(),
});
export type FlowResult = z.infer<typeof flowResultSchema>;

export const networkCheckReportSchema = z.object({
  profile: z.string(),
  kind: z.string(),
  startedAt: z.number().int(),
  ok: z.boolean(),
  flows: z.array(flowResultSchema),
});
export type NetworkCheckReport = z.infer<typeof networkCheckReportSchema>;
