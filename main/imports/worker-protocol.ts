// Messages between importRecipientFile/listSheets (main thread) and import.worker.ts.
import { z } from 'zod';
import { importErrorCodeSchema, importProgressSchema, importReportSchema } from '../../shared/domain/import.ts';
import type { DraftDocument } from '../../shared/domain/import.ts';
import type { DocumentRows } from '../mailing/document-rows.ts';
import type { ImportOptions } from './run-import.ts';

export const workerJobSchema = z.discriminatedUnion('kind', [
  // Options are checked field by field inside runImport (defaults and mapping are zod-parsed there).
  z.object({
    kind: z.literal('import'),
    filePath: z.string(),
    options: z.custom<ImportOptions>((v) => typeof v === 'object' && v !== null),
    /** 'documents': draft objects (the caller keeps them); 'rows': stored-row columns, acknowledged one batch at a time. */
    output: z.enum(['documents', 'rows']),
  }),
  z.object({ kind: z.literal('listSheets'), filePath: z.string(), maxFileBytes: z.number().optional() }),
]);
export type WorkerJob = z.infer<typeof workerJobSchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: importProgressSchema }),
  // Drafts come from our own worker, which builds them field by field; re-parsing 100,000 of them here
  // would block the main thread the worker exists to keep free (the schema is enforced by the tests).
  z.object({ type: z.literal('documents'), batch: z.custom<DraftDocument[]>((v) => Array.isArray(v)) }),
  // Same reasoning: flat string arrays built by our worker (main/mailing/document-rows.ts).
  z.object({ type: z.literal('rows'), rows: z.custom<DocumentRows>((v) => typeof v === 'object' && v !== null) }),
  z.object({ type: z.literal('done'), report: importReportSchema }),
  z.object({ type: z.literal('sheets'), names: z.array(z.string()) }),
  z.object({
    type: z.literal('error'),
    code: importErrorCodeSchema,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Main thread → worker: one 'rows' batch has been stored (the worker keeps only a few batches ahead). */
export const workerAckSchema = z.object({ type: z.literal('ack') });
