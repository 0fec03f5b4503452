// What DocDesk has written under <dataDir>/exports/ (result workbooks, error lists, evidence bundles, forms), as the
// settings screen lists it for cleaning up: exports hold personal data and should not pile up (issue 14 §7).
import { z } from 'zod';

export const exportEntrySchema = z.object({
  /** The file or folder name directly under exports/. */
  name: z.string(),
  filePath: z.string(),
  /** Evidence bundles are folders; everything else is a file. */
  kind: z.enum(['file', 'folder']),
  /** A folder's size is that of every file in it. */
  bytes: z.number().int().min(0),
  modifiedAt: z.number().int(),
});
export type ExportEntry = z.infer<typeof exportEntrySchema>;

export const exportsListSchema = z.object({ folder: z.string(), entries: z.array(exportEntrySchema), totalBytes: z.number().int().min(0) });
export type ExportsList = z.infer<typeof exportsListSchema>;

/** Delete the named entries, or every entry older than a number of days. */
export const exportsDeleteInputSchema = z.union([
  z.strictObject({ names: z.array(z.string().min(1).max(255)).min(1).max(10_000) }),
  z.strictObject({ olderThanDays: z.number().int().min(1, '1일 이상으로 입력하세요.').max(3650) }),
]);
export type ExportsDeleteInput = z.infer<typeof exportsDeleteInputSchema>;

export const exportsDeleteResultSchema = z.object({ deleted: z.number().int().min(0), bytes: z.number().int().min(0) });
export type ExportsDeleteResult = z.infer<typeof exportsDeleteResultSchema>;
