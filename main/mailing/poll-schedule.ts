// When a document is polled next (DESIGN §6, reference §11): never more often than every 5 s per document,
// less often once it is older than a day.
import type { DocBoxStatus } from '../../shared/domain/edoc.ts';
import type { PollSchedule } from '../../shared/domain/mailing-store.ts';

export type { PollSchedule } from '../../shared/domain/mailing-store.ts';

/** The gateway's documented minimum interval per document (reference §11). */
export const MIN_POLL_INTERVAL_MS = 5_000;
const DAY_MS = 86_400_000;

export const isFinalStatus = (s: DocBoxStatus | null): boolean => s === 'READ' || s === 'EXPIRED';

export function nextPollAt(now: number, acceptedAt: number, schedule: PollSchedule): number {
  const everySec = now - acceptedAt < DAY_MS ? schedule.dayOneEverySec : schedule.laterEverySec;
  return now + Math.max(MIN_POLL_INTERVAL_MS, everySec * 1000);
}
