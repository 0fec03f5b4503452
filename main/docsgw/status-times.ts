// Gateway timestamps are documented as "millis" but arrive as 10-digit seconds (reference §10; DESIGN §4).
// Every value is normalised to UTC milliseconds with gatewayEpochToMillis, and the raw number is kept next to
// it for evidence.
import { gatewayEpochToMillis, type StatusData } from '../../shared/domain/edoc.ts';

export const STATUS_TIME_FIELDS = [
  'doc_box_sent_at',
  'doc_box_received_at',
  'authenticated_at',
  'token_used_at',
  'doc_box_read_at',
  'user_notified_at',
] as const;
export type StatusTimeField = (typeof STATUS_TIME_FIELDS)[number];

export type NormalizedTime = {
  /** Exactly what the gateway sent. */
  raw: number;
  /** UTC milliseconds, or null when the value is implausible (< 10^9, e.g. the 8-digit typo of seed 001). */
  ms: number | null;
  implausible: boolean;
};

export type NormalizedStatusTimes = {
  status: StatusData['doc_box_status'];
  times: Partial<Record<StatusTimeField, NormalizedTime>>;
  /** Fields whose raw value could not be converted (to be logged as an anomaly). */
  implausible: StatusTimeField[];
};

export function normalizeStatusTimes(status: StatusData): NormalizedStatusTimes {
  const times: Partial<Record<StatusTimeField, NormalizedTime>> = {};
  const implausible: StatusTimeField[] = [];
  for (const field of STATUS_TIME_FIELDS) {
    const raw = status[field];
    if (raw === undefined) continue;
    const { ms, implausible: bad } = gatewayEpochToMillis(raw);
    times[field] = { raw, ms, implausible: bad };
    if (bad) implausible.push(field);
  }
  return { status: status.doc_box_status, times, implausible };
}
