// Recipient-list import contract: column mapping, mailing defaults, per-row errors, draft documents and the
// import report. Runtime-neutral (zod only) so the renderer's import wizard can validate the same shapes.
// Field limits come from shared/domain/edoc.ts (reference kakaopay-edoc-api.md §4.2).
import { z } from 'zod';
import {
  COMMON_CATEGORIES,
  EDOC_LIMITS,
  bulkPropertySchema,
  commonCategorySchema,
  linkSchema,
  receiverSchema,
} from './edoc.ts';
import type { BulkDocumentItem } from './edoc.ts';

/** The fields a spreadsheet column can be mapped to. */
export const IMPORT_FIELDS = [
  'name',
  'phone',
  'birthday',
  'ci',
  'title',
  'link',
  'message',
  'payload',
  'csNumber',
  'csName',
  'category',
  'hash',
  'expiresInDays',
  'verifyName',
  'bridgeContent',
] as const;
export const importFieldSchema = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof importFieldSchema>;

/** Korean labels used in messages and in the wizard. */
export const IMPORT_FIELD_LABELS_KO: Record<ImportField, string> = {
  name: '이름',
  phone: '휴대폰 번호',
  birthday: '생년월일',
  ci: 'CI(연계정보)',
  title: '제목',
  link: '링크',
  message: '안내 메시지',
  payload: 'payload',
  csNumber: '고객센터 번호',
  csName: '고객센터 이름',
  category: '분류',
  hash: '해시',
  expiresInDays: '열람 만료 일수',
  verifyName: '실명 확인 여부',
  bridgeContent: '추가 내용',
};

/** Column letter as Excel shows it (A … XFD). */
export const columnLetterSchema = z.string().regex(/^[A-Z]{1,3}$/, 'column must be a letter such as "C"');

/** Field → column letter; partial, a column is used by at most one field. */
export const columnMappingSchema = z
  .partialRecord(importFieldSchema, columnLetterSchema)
  .refine((m) => new Set(Object.values(m)).size === Object.values(m).length, {
    message: 'a column can be mapped to only one field',
  });
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const mappingPresetSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  mapping: columnMappingSchema,
  /** 1-based sheet row of the header; absent = detect. */
  headerRow: z.number().int().min(1).max(1_048_576).optional(),
});
export type MappingPreset = z.infer<typeof mappingPresetSchema>;

/**
 * read_expired_sec has at most 8 digits (reference §4.2), so days × 86400 must stay ≤ 99,999,999:
 * 1157 days is the largest whole number of days the gateway can accept.
 */
export const MAX_EXPIRES_IN_DAYS = Math.floor(99_999_999 / 86_400);
export const DEFAULT_EXPIRES_IN_DAYS = 30;
export const SECONDS_PER_DAY = 86_400;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Mailing-level defaults; a mapped column overrides them row by row. title/link/csNumber/csName are optional
 * here because a column may supply them — the import refuses the file when a required field has neither.
 */
export const mailingDefaultsSchema = z.strictObject({
  title: text(EDOC_LIMITS.title).optional(),
  link: linkSchema.optional(),
  csNumber: text(EDOC_LIMITS.csNumber).optional(),
  csName: text(EDOC_LIMITS.csName).optional(),
  message: text(EDOC_LIMITS.message).optional(),
  payload: text(EDOC_LIMITS.payload).optional(),
  category: commonCategorySchema.optional(),
  expiresInDays: z.number().int().min(1).max(MAX_EXPIRES_IN_DAYS).default(DEFAULT_EXPIRES_IN_DAYS),
  verifyName: z.boolean().default(false),
  hash: text(EDOC_LIMITS.hash).optional(),
});
export type MailingDefaults = z.infer<typeof mailingDefaultsSchema>;
export type MailingDefaultsInput = z.input<typeof mailingDefaultsSchema>;

export const ROW_ERROR_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'BAD_PHONE',
  'BAD_BIRTHDAY',
  'HANGUL_IN_LINK',
  'BAD_LINK',
  'BAD_CATEGORY',
  'BAD_VERIFY_NAME',
  'BAD_EXPIRES',
  'BAD_VALUE',
  'NO_RECIPIENT',
  'BOTH_CI_AND_IDENTITY',
  'DUPLICATE_RECIPIENT',
] as const;
export const rowErrorCodeSchema = z.enum(ROW_ERROR_CODES);
export type RowErrorCode = z.infer<typeof rowErrorCodeSchema>;

export const rowErrorSchema = z.strictObject({
  /** Sheet row number as the user sees it in Excel (1-based). */
  row: z.number().int().min(1),
  /** Column letter, or '' when the error is not about one column (or the value came from a default). */
  column: z.union([columnLetterSchema, z.literal('')]),
  field: z.union([importFieldSchema, z.literal('row')]),
  code: rowErrorCodeSchema,
  /** Korean: names the field and what to do. */
  message: z.string().min(1),
});
export type RowError = z.infer<typeof rowErrorSchema>;

const readExpiredSecSchema = z.number().int().positive().max(99_999_999);

/** A BulkDocumentItem without property.external_document_uuid (the mailing engine assigns it). */
export const draftDocumentSchema = z.strictObject({
  sourceRow: z.number().int().min(1),
  title: z.string().min(1).max(EDOC_LIMITS.title),
  receiver: receiverSchema,
  property: bulkPropertySchema.omit({ external_document_uuid: true }),
  common_categories: z.array(commonCategorySchema).min(1).optional(),
  hash: z.string().min(1).max(EDOC_LIMITS.hash).optional(),
  read_expired_sec: readExpiredSecSchema,
  bridge: z.strictObject({ content: z.string().min(1).max(EDOC_LIMITS.bridgeContent) }).optional(),
  /** A CI recipient's name from the list: kept for display and search, never sent (the CI form has no name). */
  recipientName: z.string().min(1).max(EDOC_LIMITS.name).optional(),
});
export type DraftDocument = z.infer<typeof draftDocumentSchema>;

/** Adds the engine's id and drops the import bookkeeping: the result is a bulk-send item (seed 001 §3.2). */
export function toBulkDocumentItem(draft: DraftDocument, externalDocumentUuid: string): BulkDocumentItem {
  const { sourceRow: _sourceRow, recipientName: _recipientName, property, ...rest } = draft;
  return { ...rest, property: { ...property, external_document_uuid: externalDocumentUuid } };
}

export const unmappedColumnSchema = z.strictObject({ column: columnLetterSchema, header: z.string() });

export const importReportSchema = z.strictObject({
  fileName: z.string(),
  sheet: z.string(),
  sheets: z.array(z.string()),
  /** 1-based; 0 when the user said the sheet has no header row. */
  headerRow: z.number().int().min(0),
  mapping: columnMappingSchema,
  /** Data rows considered; blank rows (no value in any mapped column) are excluded. */
  rows: z.number().int().min(0),
  valid: z.number().int().min(0),
  /** Rows with at least one error, duplicates included (valid + invalid = rows). */
  invalid: z.number().int().min(0),
  errors: z.array(rowErrorSchema),
  /** Errors not listed because of the error cap (limits.maxErrors). */
  errorsOmitted: z.number().int().min(0),
  /** Rows excluded as DUPLICATE_RECIPIENT (counted in invalid too). */
  duplicates: z.number().int().min(0),
  /** Columns with a header that no field uses: shown so the user can map them if they meant to. */
  unmappedColumns: z.array(unmappedColumnSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const IMPORT_ERROR_CODES = [
  'FILE_NOT_FOUND',
  /** A folder, FIFO, socket or device given as the file. */
  'NOT_A_FILE',
  'FILE_UNREADABLE',
  'EMPTY_FILE',
  'FILE_TOO_LARGE',
  'TOO_MANY_ROWS',
  /** A bound on what reading the file may cost (main/imports/limits.ts); details.limit names it. */
  'LIMIT_EXCEEDED',
  'NOT_SPREADSHEET',
  'CORRUPT_FILE',
  'SHEET_NOT_FOUND',
  'NO_HEADER',
  'MISSING_FIELD',
  'BAD_MAPPING',
  'BAD_DEFAULTS',
  'ABORTED',
  'INTERNAL',
] as const;
export const importErrorCodeSchema = z.enum(IMPORT_ERROR_CODES);
export type ImportErrorCode = z.infer<typeof importErrorCodeSchema>;

export const importProgressSchema = z.strictObject({
  phase: z.enum(['read', 'parse', 'validate']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

/** Re-exported for the wizard's category picker. */
export { COMMON_CATEGORIES };
