// The import pipeline: read → parse → detect header/mapping → validate rows → report. Runs inside the
// import worker (import.worker.ts); it uses no worker API, so it can also be unit-tested in-thread.
import path from 'node:path';
import {
  IMPORT_FIELD_LABELS_KO,
  columnMappingSchema,
  mailingDefaultsSchema,
} from '../../shared/domain/import.ts';
import type {
  ColumnMapping,
  DraftDocument,
  ImportField,
  ImportProgress,
  ImportReport,
  MailingDefaults,
  MailingDefaultsInput,
  RowError,
} from '../../shared/domain/import.ts';
import { columnIndex, columnLetter } from './columns.ts';
import { ImportError } from './errors.ts';
import { ensureRows } from './grid.ts';
import type { SheetGrid } from './grid.ts';
import { HEADER_SEARCH_ROWS, detectHeaderAndMapping } from './header-detect.ts';
import type { HeaderDetection } from './header-detect.ts';
import { openInputFile } from './input-file.ts';
import { openBook, bookSheetNames } from './open-book.ts';
import type { OpenedBook } from './open-book.ts';
import { MSG } from './messages.ts';
import { todayInSeoul } from './normalize.ts';
import { RowValidator } from './validate-row.ts';

export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 1_000_000;
/** Errors kept in the report; beyond it only counted (a wrong mapping on a huge file would flood memory). */
export const DEFAULT_MAX_ERRORS = 50_000;
/** Documents per message from the worker: small, so storing starts soon after the first rows are read. */
export const DOCUMENT_BATCH = 2_000;

export type ImportLimits = { maxFileBytes?: number; maxRows?: number; maxErrors?: number };

export type ImportOptions = {
  /** Sheet name; absent = the first visible sheet whose header row is found. */
  sheet?: string;
  /** Field → column letter; absent = detected from the header row. */
  mapping?: ColumnMapping;
  /** 1-based header row; 0 = the sheet has no header (data starts at row 1); absent = detect. */
  headerRow?: number;
  defaults: MailingDefaultsInput;
  limits?: ImportLimits;
  /** Clock for the "birthday not in the future" rule (tests); default Date.now(). */
  nowMs?: number;
};

export type ImportSink = {
  progress(p: ImportProgress): void;
  documents(batch: DraftDocument[]): void;
  /** Back-pressure: after each batch, the next rows are validated only once this settles. */
  drained?: () => Promise<void>;
};

function parseDefaults(input: MailingDefaultsInput): MailingDefaults {
  const parsed = mailingDefaultsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))];
  const names = fields.map((f) => (f in IMPORT_FIELD_LABELS_KO ? IMPORT_FIELD_LABELS_KO[f as ImportField] : f));
  throw new ImportError(
    'BAD_DEFAULTS',
    `발송 기본값이 올바르지 않습니다: ${names.join(', ')}. 글자 수 제한과 형식(링크는 한글 없이 http(s)://로 시작)을 확인해 주세요.`,
    { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  );
}

function parseMapping(input: ColumnMapping): ColumnMapping {
  const parsed = columnMappingSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ImportError(
    'BAD_MAPPING',
    '열 지정이 올바르지 않습니다. 각 항목에 A, B, C 같은 열 이름을 하나씩, 서로 다른 열로 지정해 주세요.',
    { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  );
}

/** The first rows as arrays, for header detection. */
async function headRows(grid: SheetGrid): Promise<unknown[][]> {
  await ensureRows(grid, HEADER_SEARCH_ROWS);
  const rows: unknown[][] = [];
  for (let r = 0; r < Math.min(grid.rowCount, HEADER_SEARCH_ROWS); r++) {
    const width = grid.rowWidth(r);
    const row: unknown[] = [];
    for (let c = 0; c < width; c++) row.push(grid.cell(r, c));
    rows.push(row);
  }
  return rows;
}

function noHeader(sheets: readonly string[]): ImportError {
  return new ImportError(
    'NO_HEADER',
    `머리글 행을 찾지 못했습니다(확인한 시트: ${sheets.map((s) => `'${s}'`).join(', ')}). ` +
      `처음 ${HEADER_SEARCH_ROWS}행 안에 '이름', '휴대폰', '생년월일'(또는 'CI') 같은 열 제목을 넣거나, 열을 직접 지정해 주세요.`,
    { sheets: [...sheets] },
  );
}

type Chosen = { grid: SheetGrid; detection: HeaderDetection | null };

/** The requested sheet, or the first visible sheet whose header is found. */
async function chooseSheet(book: OpenedBook, options: ImportOptions): Promise<Chosen> {
  if (options.sheet !== undefined) {
    const grid = await book.sheet(options.sheet);
    return { grid, detection: detectHeaderAndMapping(await headRows(grid)) };
  }
  const candidates = book.visibleSheetNames.length > 0 ? book.visibleSheetNames : book.sheetNames;
  for (const name of candidates) {
    const grid = await book.sheet(name);
    const detection = detectHeaderAndMapping(await headRows(grid));
    if (detection !== null) return { grid, detection };
  }
  // No header anywhere: with an explicit mapping and header row the first sheet is still usable.
  const first = candidates[0];
  if (first === undefined) throw noHeader([]);
  return { grid: await book.sheet(first), detection: null };
}

/** The detected mapping, or — when the user named a different header row — the mapping that row gives. */
function mappingFor(grid: SheetGrid, headerRow: number, detection: HeaderDetection | null): ColumnMapping {
  if (detection !== null && detection.headerRow === headerRow) return detection.mapping;
  if (headerRow === 0) return {};
  const r = headerRow - 1;
  const cells: unknown[] = [];
  for (let c = 0; c < grid.rowWidth(r); c++) cells.push(grid.cell(r, c));
  return detectHeaderAndMapping([cells])?.mapping ?? {};
}

/** Refuses the file when a required field has neither a column nor a default. */
function requireFields(mapping: ColumnMapping, defaults: MailingDefaults): void {
  const missing = (['title', 'link', 'csNumber', 'csName'] as const).filter(
    (f) => mapping[f] === undefined && defaults[f] === undefined,
  );
  const identity = (['name', 'phone', 'birthday'] as const).filter((f) => mapping[f] === undefined);
  const receiverOk = mapping.ci !== undefined || identity.length === 0;
  if (missing.length === 0 && receiverOk) return;
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(
      `필수 항목 ${missing.map((f) => `'${IMPORT_FIELD_LABELS_KO[f]}'`).join(', ')}의 열도 기본값도 없습니다. 열을 지정하거나 발송 기본값에 입력해 주세요.`,
    );
  }
  if (!receiverOk) {
    parts.push(
      `수신자를 정할 열이 없습니다(찾지 못한 열: ${identity.map((f) => `'${IMPORT_FIELD_LABELS_KO[f]}'`).join(', ')}). ` +
        "'CI' 열 하나, 또는 '이름'·'휴대폰 번호'·'생년월일' 세 열을 모두 지정해 주세요.",
    );
  }
  throw new ImportError('MISSING_FIELD', parts.join(' '), {
    missing: [...missing, ...(receiverOk ? [] : identity)],
  });
}

export async function runImport(filePath: string, options: ImportOptions, sink: ImportSink): Promise<ImportReport> {
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxRows = options.limits?.maxRows ?? DEFAULT_MAX_ROWS;
  const maxErrors = options.limits?.maxErrors ?? DEFAULT_MAX_ERRORS;
  const defaults = parseDefaults(options.defaults);
  const userMapping = options.mapping === undefined ? undefined : parseMapping(options.mapping);

  const input = await openInputFile(filePath, maxFileBytes);
  try {
    const book = await openBook(input, {
      streamRows: true,
      ...(options.sheet !== undefined ? { onlySheet: options.sheet } : {}),
      onRead: (done, total) => sink.progress({ phase: 'read', done, total }),
      onParse: (done, total) => sink.progress({ phase: 'parse', done, total }),
    });
    return await importRows(filePath, book, options, sink, { maxRows, maxErrors, defaults, userMapping });
  } finally {
    await input.close();
  }
}

async function importRows(
  filePath: string,
  book: OpenedBook,
  options: ImportOptions,
  sink: ImportSink,
  o: { maxRows: number; maxErrors: number; defaults: MailingDefaults; userMapping: ColumnMapping | undefined },
): Promise<ImportReport> {
  const { maxRows, maxErrors, defaults, userMapping } = o;
  const { grid, detection } = await chooseSheet(book, options);
  // Up to the header row and the first data row (a progressive sheet may not have them yet).
  await ensureRows(grid, Math.max(HEADER_SEARCH_ROWS, (options.headerRow ?? 0) + 1));

  const headerRow = options.headerRow ?? detection?.headerRow;
  if (headerRow === undefined) throw noHeader(options.sheet !== undefined ? [grid.name] : book.visibleSheetNames);
  const mapping = userMapping ?? mappingFor(grid, headerRow, detection);
  requireFields(mapping, defaults);
  // Rows read from here on are only asked for their mapped cells: the others cost nothing but skipping.
  grid.keepColumns?.(Object.values(mapping).map((letter) => columnIndex(letter)));

  const validator = new RowValidator(mapping, defaults, todayInSeoul(options.nowMs));
  const first = headerRow; // 0-based index of the first data row
  const get = (r: number) => (c: number) => grid.cell(r, c);

  // A progressive sheet (our own .xlsx and CSV readers) is parsed while its rows are validated, so the first
  // documents reach the store before the whole file is read; `more(r)` parses on until row r exists or the end.
  const more = async (r: number): Promise<boolean> => {
    // readMore() is false once the sheet is complete, which its last call (that may add rows) also says.
    while (r >= grid.rowCount) if (grid.readMore === undefined || !(await grid.readMore())) return r < grid.rowCount;
    return true;
  };
  const tooMany = (count: number): ImportError =>
    new ImportError(
      'TOO_MANY_ROWS',
      `행이 너무 많습니다(${count.toLocaleString('ko-KR')}행). 한 번에 ${maxRows.toLocaleString('ko-KR')}행까지 가져올 수 있으니 파일을 나누어 가져와 주세요.`,
      { rows: count, limit: maxRows },
    );
  // Cheap bound first; count non-blank rows only when the sheet might be over the limit. (A progressive sheet
  // is checked as its rows come, below.)
  if (grid.readMore === undefined && grid.rowCount - first > maxRows) {
    let count = 0;
    for (let r = first; r < grid.rowCount; r++) if (!validator.isBlank(get(r))) count++;
    if (count > maxRows) throw tooMany(count);
  }

  let total = Math.max(0, (grid.declaredRowCount ?? grid.rowCount) - first);
  const step = Math.max(1_000, Math.floor(total / 100));
  const errors: RowError[] = [];
  let errorsOmitted = 0;
  const seen = new Map<string, number>();
  let rows = 0;
  let valid = 0;
  let invalid = 0;
  let duplicates = 0;
  let batch: DraftDocument[] = [];
  sink.progress({ phase: 'validate', done: 0, total });
  for (let r = first; r < grid.rowCount || (await more(r)); r++) {
    const cells = get(r);
    if (!validator.isBlank(cells)) {
      rows++;
      if (rows > maxRows) {
        // Over the limit: count the rest without validating, so the refusal names the real size; counted rows
        // are dropped at once, so counting an endless list holds nothing.
        let count = rows;
        for (let q = r + 1; q < grid.rowCount || (await more(q)); q++) {
          if (!validator.isBlank(get(q))) count++;
          grid.releaseRows?.(q, q + 1);
        }
        throw tooMany(count);
      }
      const rowNumber = r + 1;
      const result = validator.validate(rowNumber, cells);
      const rowErrors = result.errors;
      if (result.recipientKey !== null) {
        const firstRow = seen.get(result.recipientKey);
        if (firstRow === undefined) seen.set(result.recipientKey, rowNumber);
        else {
          duplicates++;
          rowErrors.push({
            row: rowNumber,
            column: '',
            field: 'row',
            code: 'DUPLICATE_RECIPIENT',
            message: MSG.duplicate(firstRow),
          });
        }
      }
      if (rowErrors.length === 0 && result.document !== null) {
        valid++;
        batch.push(result.document);
        if (batch.length >= DOCUMENT_BATCH) {
          sink.documents(batch);
          batch = [];
          if (sink.drained) await sink.drained();
        }
      } else {
        invalid++;
        for (const e of rowErrors) {
          if (errors.length < maxErrors) errors.push(e);
          else errorsOmitted++;
        }
      }
    }
    const done = r - first + 1;
    // Validated rows of a progressive sheet are not read again: a 500,000-row list is not held whole.
    if (done % DOCUMENT_BATCH === 0) grid.releaseRows?.(r + 1 - DOCUMENT_BATCH, r + 1);
    if (done % step === 0) {
      total = Math.max(total, grid.rowCount - first);
      sink.progress({ phase: 'validate', done, total });
    }
  }
  total = Math.max(0, grid.rowCount - first);
  if (batch.length > 0) sink.documents(batch);
  sink.progress({ phase: 'validate', done: total, total });

  return {
    fileName: path.basename(filePath),
    sheet: grid.name,
    sheets: [...book.sheetNames],
    headerRow,
    mapping,
    rows,
    valid,
    invalid,
    errors,
    errorsOmitted,
    duplicates,
    unmappedColumns: unmappedColumns(grid, headerRow, mapping),
  };
}

function unmappedColumns(grid: SheetGrid, headerRow: number, mapping: ColumnMapping): { column: string; header: string }[] {
  if (headerRow === 0) return [];
  const used = new Set(Object.values(mapping).map((l) => columnIndex(l)));
  const out: { column: string; header: string }[] = [];
  const r = headerRow - 1;
  let previous: unknown = undefined;
  for (let c = 0; c < grid.rowWidth(r); c++) {
    const v = grid.cell(r, c);
    const header = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
    // A header merged across columns repeats its value; list it once.
    if (header !== '' && !used.has(c) && v !== previous) out.push({ column: columnLetter(c), header });
    previous = v;
  }
  return out;
}

export async function runListSheets(filePath: string, maxFileBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<string[]> {
  const input = await openInputFile(filePath, maxFileBytes);
  try {
    return await bookSheetNames(input);
  } finally {
    await input.close();
  }
}
