// What the network plan reads of docdesk.db (issue 16 step 9): plain objects, so the reads interface
// (main/reads/docdesk-reads.ts) names no database type.
import { z } from 'zod';

/**
 * One recorded bulk send that reached the gateway: when (ms UTC), its Content-Length header as recorded (a
 * string, or a number; null when absent) and its chunk's document count (null when the chunk is gone).
 */
export const recordedBulkSendSchema = z.object({ at: z.number().int(), bytes: z.union([z.number(), z.string()]).nullable(), docs: z.number().int().nullable() });
export type RecordedBulkSend = z.infer<typeof recordedBulkSendSchema>;
