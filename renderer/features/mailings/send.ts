// Starts a send and keeps it going whatever screen is open: mailing:send resolves only when the mailing stops,
// while mailing:progress events update the list. Failures are kept per mailing so the list can show them.
import type { QueryClient } from '@tanstack/react-query';
import type { PreReviewSend } from '../../../shared/domain/pre-review.ts';
import { call, ContractCallError, errorMessage } from '../../bridge/call.ts';

/** Why a send stopped; `code` lets the list offer the next step (e.g. the pre-review confirmation). */
export type SendFailure = { message: string; code: string | null };

const failures = new Map<string, SendFailure>();
const running = new Set<string>();

export function sendFailure(mailingId: string): SendFailure | undefined {
  return failures.get(mailingId);
}

export function isSending(mailingId: string): boolean {
  return running.has(mailingId);
}

/** `preReview`: the operator's decision on a day at 500,000 or more (PreReviewPanel), audited with the send. */
export function startSend(qc: QueryClient, mailingId: string, preReview?: PreReviewSend): void {
  if (running.has(mailingId)) return;
  running.add(mailingId);
  failures.delete(mailingId);
  void qc.invalidateQueries({ queryKey: ['mailings'] });
  call('mailing:send', { mailingId, ...(preReview !== undefined ? { preReview } : {}) })
    .catch((e: unknown) => {
      failures.set(mailingId, { message: errorMessage(e), code: e instanceof ContractCallError ? e.code : null });
    })
    .finally(() => {
      running.delete(mailingId);
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      void qc.invalidateQueries({ queryKey: ['documents'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    });
}
