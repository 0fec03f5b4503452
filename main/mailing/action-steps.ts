// The mailing's operator-driven steps as the docdesk writer runs them (action-steps-protocol.ts), each in its own
// savepoint of the writer's group transaction: the change and the operator action recording it commit together.
import { createOperatorActionInsert, type OperatorChainEntry } from '../store/operator-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { mailingActionStepInputs } from './action-steps-protocol.ts';
import { createJournal } from './journal.ts';
import { createMailingQueries } from './mailing-queries.ts';
import { createOneDocumentWrite } from './one-document-write.ts';
import { MailingError } from './types.ts';

const notFound = (mailingId: string): MailingError => new MailingError('MAILING_NOT_FOUND', `발송 건 ${mailingId}을(를) 찾을 수 없습니다.`, 2);
const cancelledNoResend = (mailingId: string): MailingError =>
  new MailingError(
    'MAILING_CANCELLED',
    `발송 건 ${mailingId}은(는) 취소되었으므로 확인 불가(UNKNOWN) 문서를 다시 보낼 수 없습니다. '포기'로 정리하고, 꼭 보내야 할 받는 사람은 새 발송 건으로 보내세요.`,
    2,
  );

export function mailingActionSteps(db: Db, chain: StepOutbox<OperatorChainEntry>): StepHandlers {
  const journal = createJournal(db);
  const queries = createMailingQueries(db);
  const storeOne = createOneDocumentWrite(db, queries);
  const recordAction = createOperatorActionInsert(db, chain);

  return stepHandlers(mailingActionStepInputs, {
    'mailing.resolveUnknown': (m) => {
      const mailing = queries.getMailing(m.mailingId);
      if (!mailing) throw notFound(m.mailingId);
      // Re-queued documents of a cancelled mailing would wait for a send that refuses to start (sender.ts), and the
      // mailing would leave CANCELLED for PAUSED: refused, nothing changes. Abandoning stays possible.
      if (m.resolution === 'resend' && mailing.state === 'CANCELLED') throw cancelledNoResend(m.mailingId);
      const ids = queries.idsInState(m.mailingId, 'UNKNOWN');
      const resolved = journal.setState(ids, 'UNKNOWN', m.resolution === 'resend' ? 'QUEUED' : 'ABANDONED', 'resolved', { resolution: m.resolution });
      const action = recordAction({ ...m.action, data: { ...m.action.data, documents: resolved } });
      if (m.resolution === 'resend' && resolved > 0) queries.setMailingState(m.mailingId, 'PAUSED');
      return { resolved, action };
    },
    'mailing.createOne': (m) => {
      const { action, ...one } = m;
      const created = storeOne(one, action.at);
      return { ...created, action: recordAction({ ...action, data: { ...action.data, mailingId: created.mailingId } }) };
    },
    'mailing.beginImport': (m) => {
      const { at, ...head } = m;
      return { mailingId: queries.insertMailing({ ...head, report: null, complete: false }, at) };
    },
    'mailing.completeImport': (m) => {
      queries.completeImport(m.mailingId, m.report);
      return { action: recordAction(m.action) };
    },
    'mailing.discardImport': (m) => queries.discardImportSlice(m.mailingId, m.limit),
    'mailing.pause': (m) => {
      if (!queries.getMailing(m.mailingId)) throw notFound(m.mailingId);
      journal.setSendState(m.mailingId, 'PAUSED');
      return {};
    },
    'mailing.cancel': (m) => {
      if (!queries.getMailing(m.mailingId)) throw notFound(m.mailingId);
      // A claimed document (QUEUED, its attempt open) may be accepted yet: its answer settles it (journal.ts).
      const queued = journal.setState(queries.unsentQueuedIds(m.mailingId), 'QUEUED', 'CANCELLED', 'cancelled', {});
      const drafts = journal.setState(queries.idsInState(m.mailingId, 'DRAFT'), 'DRAFT', 'CANCELLED', 'cancelled', {});
      queries.setMailingState(m.mailingId, 'CANCELLED');
      const cancelled = queued + drafts;
      return { cancelled, action: recordAction({ ...m.action, data: { ...m.action.data, documents: cancelled } }) };
    },
  });
}
