// The follow-up list of one mailing: every unread or failed recipient, unmasked (the next channel needs the real
// phone number and name), with the reason in Korean and what the store kept of the imported row. The store keeps
// the source row number and the fields the import mapped (the gateway item, document_items.item_json); columns the
// import did not map are not stored, so they cannot be exported.
import { z } from 'zod';
import { documentAdvice } from '../../shared/domain/docsgw-advice.ts';
import { receiverSchema } from '../../shared/domain/edoc.ts';
import { FOLLOW_UP_NEXT_STEP, followUpReasonLabel, type FollowUpReason } from '../../shared/domain/follow-up.ts';
import type { FollowUpDocument } from '../../shared/domain/follow-up-reads.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import { followUpReasonOf } from './classify.ts';

/** What this list reads of a stored gateway item; everything else in it is ignored. */
const itemSchema = z
  .object({
    receiver: receiverSchema,
    title: z.string(),
    read_expired_sec: z.number().optional(),
    read_expired_at: z.number().optional(),
    property: z.object({ link: z.string(), message: z.string().optional(), payload: z.string().optional() }).loose(),
    bridge: z.object({ content: z.string() }).loose().optional(),
  })
  .loose();

export type FollowUpRecipient = {
  sourceRow: number;
  name: string;
  phone: string;
  birthday: string;
  ci: string;
  reason: FollowUpReason;
  reasonLabel: string;
  explanation: string;
  advice: string;
  state: string;
  errorCode: string;
  errorMessage: string;
  externalDocumentUuid: string;
  acceptedAt: number | null;
  /** The document's own deadline on the gateway's clock (ms UTC); null when it was never accepted. */
  deadlineAt: number | null;
  title: string;
  link: string;
  message: string;
  payload: string;
  bridgeContent: string;
};

function explain(reason: FollowUpReason, row: FollowUpDocument): { explanation: string; advice: string } {
  if (reason === 'UNREAD_SENT' || reason === 'UNREAD_RECEIVED' || reason === 'EXPIRED') return FOLLOW_UP_NEXT_STEP[reason].ko;
  const a = documentAdvice({ state: row.state, errorCode: row.errorCode, errorMessage: row.errorMessage });
  return a === null ? { explanation: '', advice: '' } : { explanation: a.explanation, advice: a.advice };
}

export function createFollowUpRecipients(reads: Pick<DocdeskReads, 'followUp'>) {
  /** The mailing's follow-up recipients in sheet order; `deadlinePassed` words the unread ones. */
  async function* of(mailingId: string, deadlinePassed: boolean): AsyncGenerator<FollowUpRecipient> {
    for await (const row of reads.followUp.followUpDocuments(mailingId)) {
      const reason = followUpReasonOf(row.state, row.docBoxStatus, row.errorCode);
      if (reason === null) continue;
      const item = itemSchema.parse(JSON.parse(row.itemJson));
      const r = item.receiver;
      const { explanation, advice } = explain(reason, row);
      const deadlineAt =
        row.acceptedAt === null
          ? null
          : item.read_expired_at !== undefined
            ? item.read_expired_at * 1000
            : item.read_expired_sec !== undefined
              ? row.acceptedAt + item.read_expired_sec * 1000
              : null;
      yield {
        sourceRow: row.sourceRow,
        name: 'ci' in r ? '' : r.name,
        phone: 'ci' in r ? '' : r.phone_number,
        birthday: 'ci' in r ? '' : r.birthday,
        ci: 'ci' in r ? r.ci : '',
        reason,
        reasonLabel: followUpReasonLabel(reason, { deadlinePassed, errorCode: row.errorCode }),
        explanation,
        advice,
        state: row.state === 'ACCEPTED' ? (row.docBoxStatus ?? 'SENT') : row.state,
        errorCode: row.errorCode ?? '',
        // An UNKNOWN or abandoned document keeps its reason in error_message; a refusal the gateway's message.
        errorMessage: row.errorMessage ?? '',
        externalDocumentUuid: row.externalDocumentUuid ?? '',
        acceptedAt: row.acceptedAt,
        deadlineAt,
        title: item.title,
        link: item.property.link,
        message: item.property.message ?? '',
        payload: item.property.payload ?? '',
        bridgeContent: item.bridge?.content ?? '',
      };
    }
  }

  return { of };
}
export type FollowUpRecipients = ReturnType<typeof createFollowUpRecipients>;
