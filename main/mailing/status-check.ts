// "지금 확인" (issue 14 item 4): one accepted document's status asked now through the single-status endpoint
// (reference §8), and applied exactly as a poll answer (poll-apply.ts: furthest state kept, 'status' event,
// next poll rescheduled) in one journal step that also commits the exchange record. The gateway's 5-second rule
// per document (reference §11) holds here too: a document asked less than 5 s ago is not asked again, and a final
// one (READ, EXPIRED) never.
import type { StatusData } from '../../shared/domain/edoc.ts';
import type { CallOutcome } from '../docsgw/outcome.ts';
import type { PollAnswer, PollSchedule, StoredDocument } from '../../shared/domain/mailing-store.ts';
import type { MailingStore } from './mailing-store.ts';
import { pollAnsweredOf } from './poll-answer.ts';
import { isFinalStatus, MIN_POLL_INTERVAL_MS } from './poll-schedule.ts';
import { MailingError, type MailingGateway } from './types.ts';

export type StatusCheckResult = {
  /** What the gateway said: a status (`ok`), a refusal with its code (`refused`), or no answer (`failed`). */
  outcome: 'ok' | 'refused' | 'failed';
  docBoxStatus: StoredDocument['docBoxStatus'];
  previous: StoredDocument['docBoxStatus'];
  changed: boolean;
  checkedAt: number;
  errorCode: string | null;
  message: string | null;
};

function answerOf(binderUuid: string, outcome: CallOutcome<StatusData>): PollAnswer {
  if (outcome.kind === 'ok') return { ok: true, documents: [{ document_binder_uuid: binderUuid, status_data: outcome.value }] };
  // A definite refusal (e.g. 404 NOT_FOUND for an unknown binder) is journalled as the document's status.error.
  if (outcome.kind === 'rejected') return { ok: true, documents: [{ document_binder_uuid: binderUuid, error_code: outcome.errorCode, error_message: outcome.message }] };
  return { ok: false };
}

export function createStatusCheck(deps: { store: Pick<MailingStore, 'applyPoll'>; gateway: () => MailingGateway; reread: (id: number) => Promise<StoredDocument | undefined>; now?: () => number }) {
  const now = deps.now ?? Date.now;

  async function check(doc: StoredDocument, schedule: PollSchedule): Promise<StatusCheckResult> {
    if (doc.state !== 'ACCEPTED' || doc.binderUuid === null || doc.acceptedAt === null) {
      throw new MailingError('NOT_ACCEPTED', `문서 #${doc.id}은(는) 게이트웨이가 접수한 문서가 아니라 상태를 조회할 수 없습니다 (현재 ${doc.state}). 접수된 문서만 조회할 수 있습니다.`, 2);
    }
    if (isFinalStatus(doc.docBoxStatus)) {
      throw new MailingError('ALREADY_FINAL', `문서 #${doc.id}은(는) 이미 최종 상태(${doc.docBoxStatus})라 더 바뀌지 않습니다. 다시 조회하지 않습니다.`, 2);
    }
    const sinceLast = doc.lastPolledAt === null ? Infinity : now() - doc.lastPolledAt;
    if (sinceLast < MIN_POLL_INTERVAL_MS) {
      const wait = Math.ceil((MIN_POLL_INTERVAL_MS - sinceLast) / 1000);
      throw new MailingError('CHECKED_RECENTLY', `이 문서는 방금 조회했습니다. 같은 문서는 5초에 한 번만 조회할 수 있으니 ${wait}초 뒤에 다시 누르세요.`, 1);
    }
    const outcome = await deps.gateway().singleStatus(doc.binderUuid, { mailingId: doc.mailingId, check: 'singleStatus' });
    const at = now();
    const row = { id: doc.id, b: doc.binderUuid, accepted_at: doc.acceptedAt, s: doc.docBoxStatus };
    const applied = await deps.store.applyPoll([pollAnsweredOf([row], answerOf(doc.binderUuid, outcome), at)], schedule);
    const after = (await deps.reread(doc.id))?.docBoxStatus ?? doc.docBoxStatus;
    const base = { previous: doc.docBoxStatus, docBoxStatus: after, changed: applied.changed > 0, checkedAt: at };
    if (outcome.kind === 'ok') return { ...base, outcome: 'ok', errorCode: null, message: null };
    if (outcome.kind === 'rejected') return { ...base, outcome: 'refused', errorCode: outcome.errorCode, message: outcome.message };
    return { ...base, outcome: 'failed', errorCode: outcome.code, message: outcome.message };
  }

  return { check };
}
