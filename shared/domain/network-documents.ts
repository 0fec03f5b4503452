// What DocDesk makes from a network plan (issue 15): the firewall flow table (seed 000 §5.1, seed 004 §2.1.1), the
// forms for the agency (seed 000 §3.1, §4.1, §4.2; seed 001 §2.1) and the bandwidth estimate (seed 000 §4.2 5.).
// Built in main/network/; these schemas carry them over the contract and to the CLI's --json.
import { z } from 'zod';
import { networkPlanSchema, planIssueSchema } from './network-plan.ts';

/** Stable flow ids, shared with the flow check (`docdesk network check`). */
export const FLOW_IDS = ['docsgw-gasan', 'docsgw-pangyo', 'payup', 'kcp'] as const;
export const flowIdSchema = z.enum(FLOW_IDS);
export type FlowId = z.infer<typeof flowIdSchema>;

/** Which of this PC's addresses a flow leaves from: the bulk-only line, the other one, or the only one. */
export const FLOW_LINES = ['bulk', 'other', 'all'] as const;

/** One firewall opening: source → destination → port, and why. */
export const flowRowSchema = z.object({
  flow: flowIdSchema,
  service: z.enum(['docsgw', 'payup', 'kcp']),
  line: z.enum(FLOW_LINES),
  purpose: z.string(),
  /** This PC's address the calls are bound to (null: the operating system's route, or KCP's module decides). */
  localAddress: z.string().nullable(),
  /** 이용기관 발신용 IP: one of the plan's public fixed IPs. */
  source: z.string(),
  destinationHost: z.string(),
  /** An address when the vendor publishes one (KakaoPay), else the host name (PayUp, KCP). */
  destination: z.string(),
  port: z.number().int(),
  protocol: z.string(),
  section: z.string(),
});
export type FlowRow = z.infer<typeof flowRowSchema>;

export const FORM_IDS = ['handover', 'vpn', 'leased', 'preReview'] as const;
export const formFieldSchema = z.object({ no: z.string(), label: z.string(), value: z.string() });
export type FormField = z.infer<typeof formFieldSchema>;

/** A form in the seed's field order, filled in; `text` is what the copy button copies. */
export const filledFormSchema = z.object({
  id: z.enum(FORM_IDS),
  title: z.string(),
  section: z.string(),
  fields: z.array(formFieldSchema),
  /** Lines shown under the form (the bandwidth calculation, what the form does not ask but the agency needs). */
  appendix: z.array(z.string()),
  text: z.string(),
});
export type FilledForm = z.infer<typeof filledFormSchema>;

export const bandwidthEstimateSchema = z.object({
  dailyDocuments: z.number().int(),
  peakHourPercent: z.number(),
  peakHourDocuments: z.number().int(),
  peakHourRequests: z.number().int(),
  bytesPer100: z.number().int(),
  /** Where bytesPer100 comes from: the operator's recent bulk sends, or a sample request. */
  source: z.object({
    kind: z.enum(['measured', 'sample']),
    requests: z.number().int(),
    documents: z.number().int(),
    from: z.number().nullable(),
    to: z.number().nullable(),
  }),
  bitsPerSecond: z.number().int(),
  /** The smallest standard line size at or above bitsPerSecond (seed 000 §4.2 5.: 128k, 256k, 2M …). */
  line: z.string(),
  steps: z.array(z.string()),
});
export type BandwidthEstimate = z.infer<typeof bandwidthEstimateSchema>;

export const networkDocumentsSchema = z.object({
  forms: z.array(filledFormSchema),
  flows: z.array(flowRowSchema),
  flowsText: z.string(),
  bandwidth: bandwidthEstimateSchema,
});
export type NetworkDocuments = z.infer<typeof networkDocumentsSchema>;

/** The stored plan as the screen and `network plan show` see it, re-checked against today's date. */
export const networkPlanViewSchema = z.object({
  plan: networkPlanSchema.nullable(),
  savedAt: z.number().nullable(),
  today: z.string(),
  issues: z.array(planIssueSchema),
  documents: networkDocumentsSchema.nullable(),
});
export type NetworkPlanView = z.infer<typeof networkPlanViewSchema>;

/** The profile a plan produces: the real gateways of its flow table, or the simulators on this PC (rehearsal). */
export const PLAN_PROFILE_TARGETS = ['production', 'sandbox'] as const;
export const planProfileTargetSchema = z.enum(PLAN_PROFILE_TARGETS);
export type PlanProfileTarget = z.infer<typeof planProfileTargetSchema>;
