// The mailing's operator-driven steps as the docdesk writer runs them (action-steps-protocol.ts), each in its own
// savepoint of the writer's group transaction: the change and the operator action recording it commit together.
import { createOperatorActionInsert, type OperatorChainEntry } from '../store/operator-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { mailingActionStepInputs } from './action-steps-protocol.ts';
import { createJournal } from './journal.ts';
import { createMailingQueries } from './mailing-queries.ts';
import { createOneDocumentWrite } from './one-document.ts';
import { MailingError } from './types.ts';

export function mailingActionSteps(db: Db, chain: StepOutbox<OperatorChainEntry>): StepHandlers {
  const journal = createJournal(db);
  const queries = createMailingQueries(db);
  const storeOne = createOneDocumentWrite(db, queries);
  const recordAction = createOperatorActionInsert(db, chain);

  return stepHandlers(mailingActionStepInputs, {
    'mailing.resolveUnknown': (m) => {
      if (!queries.getMailing(m.mailingId)) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${m.mailingId}을(를) 찾을 수 없습니다.`, 2);
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
  });
}
