// What the audit screens and exports read of docdesk.db to find a subject's events (issue 16 step 9): plain
// objects, so the reads interface (main/reads/docdesk-reads.ts) names no database type.
import { z } from 'zod';

/** Every external id and binder uuid the matched documents were sent under (the ids the audit chain is indexed by). */
// `binderOf`: the binder uuid KakaoPay gave each external id it accepted (an attempt's own pair) — the two lists are
// sets of different lengths (a refused attempt has no binder), so they never pair by position.
export const sentIdsSchema = z.object({ externalIds: z.array(z.string()), binderUuids: z.array(z.string()), binderOf: z.record(z.string(), z.string()) });
export type SentIds = z.infer<typeof sentIdsSchema>;
