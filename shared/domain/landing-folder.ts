// The watched landing-events folder (issue 14 §6): the institution's landing page runs on its web host and writes
// JSON Lines there (a share); DocDesk imports each new line once. Shapes shared by the backend and the screens.
import { z } from 'zod';

export const landingLineErrorSchema = z.object({ line: z.number().int(), message: z.string() });

/** What has been read of one file of the folder. */
export const landingFolderFileSchema = z.object({
  name: z.string(),
  /** Lines read so far (valid and invalid). */
  lines: z.number().int(),
  /** Events added to the audit log from this file (a line already in the log is not added again). */
  added: z.number().int(),
  invalid: z.number().int(),
  /** The first refused lines, by line number. */
  errors: z.array(landingLineErrorSchema),
});

export const landingFolderStatusSchema = z.object({
  folder: z.string().nullable(),
  /** The folder is polled now (the desktop app or `docdesk web` is running with a folder set). */
  watching: z.boolean(),
  pollSeconds: z.number(),
  lastScanAt: z.number().nullable(),
  /** Why the last look at the folder failed (unreachable share, permissions), in Korean; null when it worked. */
  lastError: z.string().nullable(),
  files: z.array(landingFolderFileSchema),
});
export type LandingFolderStatus = z.infer<typeof landingFolderStatusSchema>;

export const landingSetFolderInputSchema = z.strictObject({ folder: z.string().trim().min(1).max(4096).nullable() });

/** Landing events reached the audit log (the drawer's reading evidence refreshes for these documents). */
export const landingImportedSchema = z.object({
  source: z.enum(['folder', 'upload']),
  added: z.number().int(),
  invalid: z.number().int(),
  /** External ids and binder uuids the added events name (at most 500). */
  documents: z.array(z.string()).max(500),
});
export type LandingImported = z.infer<typeof landingImportedSchema>;

export const landingFileImportSchema = z.object({ lines: z.number().int(), added: z.number().int(), duplicates: z.number().int() });
