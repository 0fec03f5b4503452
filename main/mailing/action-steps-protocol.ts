// The mailing's operator-driven writes as steps on the docdesk writer (issue 16 step 6): resolving UNKNOWN
// documents, pausing and cancelling a mailing, storing a one-document mailing (re-send, send to one recipient) and an import's bookkeeping. An
// operator action travels inside the step whose change it records, so both commit in one transaction or neither
// does; the writer answers once its audit event is committed, so the caller is told it is done after that (issue 13).
import { z } from 'zod';
import { unknownResolutionSchema, type UnknownResolution } from '../../shared/domain/mailing.ts';
import { operatorActionRowSchema, operatorActionSchema, type OperatorLog } from '../store/operator-log.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import type { DraftItem } from './types.ts';

const newMailing = z.object({ name: z.string(), profile: z.string(), sourceFile: z.string(), defaults: z.unknown() });

export const mailingActionStepInputs = {
  'mailing.resolveUnknown': z.object({ mailingId: z.string().min(1), resolution: unknownResolutionSchema, action: operatorActionSchema }),
  'mailing.createOne': newMailing.extend({
    document: z.custom<DraftItem & { sourceRow: number }>((v) => typeof v === 'object' && v !== null),
    resendOf: z.object({ documentId: z.number().int(), changed: z.array(z.string()) }).optional(),
    action: operatorActionSchema,
  }),
  'mailing.beginImport': newMailing.extend({ at: z.number().int() }),
  'mailing.completeImport': z.object({ mailingId: z.string().min(1), report: z.unknown(), action: operatorActionSchema }),
  'mailing.discardImport': z.object({ mailingId: z.string().min(1), limit: z.number().int().positive() }),
  /** A mailing that is not sending becomes PAUSED (a running send is stopped on the main thread, sender.ts). */
  'mailing.pause': z.object({ mailingId: z.string().min(1) }),
  /** Every still-queued or draft document becomes CANCELLED, and the mailing, with the operator's record. */
  'mailing.cancel': z.object({ mailingId: z.string().min(1), action: operatorActionSchema }),
};

export const resolvedOutputSchema = z.object({ resolved: z.number().int().nonnegative(), action: operatorActionRowSchema });
export const createdOneOutputSchema = z.object({ mailingId: z.string(), documentId: z.number().int(), action: operatorActionRowSchema });
export const cancelledOutputSchema = z.object({ cancelled: z.number().int().nonnegative(), action: operatorActionRowSchema });
export const begunImportOutputSchema = z.object({ mailingId: z.string() });
export const completedImportOutputSchema = z.object({ action: operatorActionRowSchema });
/** `deleted` documents went in this step; `done` once the mailing row went too. */
export const discardedImportOutputSchema = z.object({ deleted: z.number().int().nonnegative(), done: z.boolean() });

/** One document's mailing as the step stores it; `action` is the operator's decision (its data gains the mailing id). */
export type OneDocumentInput = z.input<(typeof mailingActionStepInputs)['mailing.createOne']>;

/** What the engine calls: each a step, resolved after its commit and after the action's audit event is durable. */
export function createMailingActionSteps(writer: StepWriter, operatorLog: OperatorLog) {
  const run = stepCaller<typeof mailingActionStepInputs>(writer, '발송 기록');
  return {
    async resolveUnknown(mailingId: string, resolution: UnknownResolution): Promise<number> {
      const action = operatorLog.stamp(`mailing.unknown.${resolution}`, mailingId);
      const out = resolvedOutputSchema.parse(await run('mailing.resolveUnknown', { mailingId, resolution, action }));
      return out.resolved;
    },
    async createOne(o: Omit<OneDocumentInput, 'action'> & { action: { name: string; subject: string; data: Record<string, unknown> } }) {
      const action = operatorLog.stamp(o.action.name, o.action.subject, o.action.data);
      const out = createdOneOutputSchema.parse(await run('mailing.createOne', { ...o, action }));
      return { mailingId: out.mailingId, documentId: out.documentId };
    },
    beginImport: async (m: z.input<typeof newMailing>, at: number): Promise<string> =>
      begunImportOutputSchema.parse(await run('mailing.beginImport', { ...m, at })).mailingId,
    async completeImport(mailingId: string, report: unknown, action: { name: string; data: Record<string, unknown> }): Promise<void> {
      completedImportOutputSchema.parse(await run('mailing.completeImport', { mailingId, report, action: operatorLog.stamp(action.name, mailingId, action.data) }));
    },
    discardImport: async (mailingId: string, limit: number) => discardedImportOutputSchema.parse(await run('mailing.discardImport', { mailingId, limit })),
    pause: async (mailingId: string): Promise<void> => void (await run('mailing.pause', { mailingId })),
    /** Resolves with the number of documents cancelled, once they, the mailing's state and the record are durable. */
    async cancel(mailingId: string): Promise<number> {
      return cancelledOutputSchema.parse(await run('mailing.cancel', { mailingId, action: operatorLog.stamp('mailing.cancel', mailingId) })).cancelled;
    },
  };
}
export type MailingActionSteps = ReturnType<typeof createMailingActionSteps>;
