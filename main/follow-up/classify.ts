// Which follow-up reason a stored document carries (shared/domain/follow-up.ts), from its state, gateway status
// and refusal code. One function for the counts, the export and the CLI, so they never disagree.
import { normalizeErrorCode } from '../../shared/domain/edoc.ts';
import type { FollowUpReason } from '../../shared/domain/follow-up.ts';

/** null: not on the follow-up list (READ, UNKNOWN, not sent yet, cancelled). */
export function followUpReasonOf(state: string, docBoxStatus: string | null, errorCode: string | null): FollowUpReason | null {
  if (state === 'ACCEPTED') {
    // An accepted document not polled yet is SENT: the gateway's first status (dashboard and grid do the same).
    const box = docBoxStatus ?? 'SENT';
    if (box === 'SENT') return 'UNREAD_SENT';
    if (box === 'RECEIVED') return 'UNREAD_RECEIVED';
    if (box === 'EXPIRED') return 'EXPIRED';
    return null;
  }
  if (state === 'REJECTED') {
    const code = errorCode === null ? null : normalizeErrorCode(errorCode);
    if (code === 'NOT_FOUND') return 'NOT_FOUND';
    if (code === 'FORBIDDEN') return 'FORBIDDEN';
    return 'REFUSED';
  }
  if (state === 'ABANDONED') return 'ABANDONED';
  return null;
}
