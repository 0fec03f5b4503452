// An input file → sheets, with the reader chosen by content (sniff.ts). Every refusal is an ImportError whose
// Korean message names the file (or the limit it hit) and says what to do. What SheetJS may receive is bounded
// here (limits.ts): it reads whole files into memory at once, so it gets only small files, and a zip only after
// our own streaming inflate has checked what every entry inflates to.
import path from 'node:path';
import type { SheetGrid } from './grid.ts';
import { ImportError } from './errors.ts';
import { openCsv } from './csv-reader.ts';
import type { CsvEncoding } from './csv-reader.ts';
import type { InputFile } from './input-file.ts';
import { MAX_SHEETJS_FILE_BYTES, MAX_SHEETJS_UNZIPPED_BYTES, refuse } from './limits.ts';
import { EXCEL_EXTENSIONS, extensionOf, sniff } from './sniff.ts';
import type { Sniffed } from './sniff.ts';
import { readSheetNames, readWorkbook, sheetGrid } from './workbook-reader.ts';
import type { ReadWorkbookResult } from './workbook-reader.ts';
import { tryReadXlsx, UnsupportedXlsx } from './xlsx-fast-reader.ts';
import { UnreadableZip, checkZipForSheetJs } from './zip.ts';
import { josa } from './messages.ts';

export type OpenedBook = {
  readonly format: 'excel' | 'csv';
  readonly encoding?: CsvEncoding;
  readonly sheetNames: readonly string[];
  /** Sheet names in order, hidden sheets left out (they are never picked automatically). */
  readonly visibleSheetNames: readonly string[];
  /** Throws ImportError SHEET_NOT_FOUND for a name the file does not have. */
  sheet(name: string): Promise<SheetGrid>;
};

type Route = { reader: 'excel'; sniffed: Sniffed['kind'] } | { reader: 'csv' };

const quoted = (fileName: string): string => `'${fileName}'${josa(fileName, '은', '는')}`;

/** Decides the reader, or throws NOT_SPREADSHEET with the reason. */
function route(fileName: string, head: Uint8Array): Route {
  const ext = extensionOf(fileName);
  const s = sniff(head);
  const excelExt = (EXCEL_EXTENSIONS as readonly string[]).includes(ext);
  switch (s.kind) {
    case 'zip':
    case 'cfb':
      return { reader: 'excel', sniffed: s.kind };
    case 'markup':
      // Web systems save HTML tables as ".xls" and Excel opens them; as ".xlsx" Excel itself refuses them.
      if (ext === '.xlsx' || ext === '.xlsm') break;
      return { reader: 'excel', sniffed: s.kind };
    case 'other-binary':
      throw new ImportError(
        'NOT_SPREADSHEET',
        `${quoted(fileName)} Excel 또는 CSV 파일이 아닙니다(${s.what}). .xlsx, .xls 또는 .csv 파일을 선택해 주세요.`,
        { detected: s.what },
      );
    case 'text':
      if (!excelExt) return { reader: 'csv' };
      break;
  }
  throw new ImportError(
    'NOT_SPREADSHEET',
    `'${fileName}'의 확장자는 ${ext}이지만 내용은 Excel 파일이 아닌 텍스트입니다. ` +
      'CSV 파일이라면 확장자를 .csv로 바꾸고, 아니라면 Excel에서 열어 .xlsx로 다시 저장한 뒤 가져와 주세요.',
    { extension: ext },
  );
}

export function corrupt(fileName: string, cause: unknown): ImportError {
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/password|encrypt/i.test(text)) {
    return new ImportError(
      'FILE_UNREADABLE',
      `${quoted(fileName)} 암호가 걸려 있어 읽을 수 없습니다. Excel에서 암호를 해제하고 저장한 뒤 다시 가져와 주세요.`,
      { cause: text },
    );
  }
  return new ImportError(
    'CORRUPT_FILE',
    `${quoted(fileName)} 손상되었거나 저장이 끝나지 않아 Excel 파일로 읽을 수 없습니다. ` +
      'Excel에서 열리는지 확인하고, 열리면 "다른 이름으로 저장"(.xlsx)한 뒤 다시 가져와 주세요.',
    { cause: text },
  );
}

export function sheetNotFound(requested: string, sheetNames: readonly string[]): ImportError {
  return new ImportError(
    'SHEET_NOT_FOUND',
    `'${requested}' 시트가 없습니다. 이 파일의 시트: ${sheetNames.map((n) => `'${n}'`).join(', ')}. 가져올 시트를 다시 선택해 주세요.`,
    { requested, sheets: [...sheetNames] },
  );
}

/** Exact name first, then ignoring case, width and surrounding spaces ("수신자 " vs "수신자"). */
export function findSheetName(requested: string, names: readonly string[]): string | undefined {
  if (names.includes(requested)) return requested;
  const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();
  return names.find((n) => norm(n) === norm(requested));
}

type OpenOptions = {
  onlySheet?: string;
  onRead?: (done: number, total: number) => void;
  onParse?: (done: number, total: number) => void;
  /** Sheets our own readers handle are parsed as their rows are asked for (SheetGrid.readMore). */
  streamRows?: boolean;
};

/** Opens `file` (which stays the caller's to close: a CSV sheet reads from it as its rows are asked for). */
export async function openBook(file: InputFile, options: OpenOptions = {}): Promise<OpenedBook> {
  const fileName = file.name;
  const r = route(fileName, file.head);
  if (r.reader === 'csv') {
    // Excel names a CSV's only sheet after the file; the user sees that name in the tab.
    const name = path.basename(fileName, path.extname(fileName));
    const { encoding, grid } = await openCsv(file, name, options.onRead);
    options.onParse?.(0, 1);
    options.onParse?.(1, 1);
    return {
      format: 'csv',
      encoding,
      sheetNames: [name],
      visibleSheetNames: [name],
      sheet: (requested) => {
        if (findSheetName(requested, [name]) === undefined) return Promise.reject(sheetNotFound(requested, [name]));
        return Promise.resolve(grid);
      },
    };
  }
  if (r.sniffed !== 'zip' && file.size > MAX_SHEETJS_FILE_BYTES) throw refuse.sheetJsFile(file.size);
  const buf = await file.readAll(options.onRead);
  options.onParse?.(0, 1);
  const fast = r.sniffed === 'zip' ? await tryReadXlsx(buf) : null;
  if (fast !== null) {
    if (fast.sheetNames.length === 0) throw corrupt(fileName, new Error('no sheets'));
    options.onParse?.(1, 1);
    // A sheet the fast reader turns out not to handle is read with SheetJS instead (parsed on first need).
    let slow: Promise<OpenedBook> | null = null;
    return {
      format: 'excel',
      sheetNames: fast.sheetNames,
      visibleSheetNames: fast.sheetNames.filter((n) => !fast.hidden.has(n)),
      sheet: async (requested) => {
        const found = findSheetName(requested, fast.sheetNames);
        if (found === undefined) throw sheetNotFound(requested, fast.sheetNames);
        try {
          return refusedIfBrokenLater(fileName, await fast.sheet(found, options.streamRows === true));
        } catch (e) {
          if (!(e instanceof UnsupportedXlsx)) throw e;
          slow ??= openWithSheetJs(fileName, buf, r.sniffed, options.onlySheet);
          return (await slow).sheet(found);
        }
      },
    };
  }
  const book = await openWithSheetJs(fileName, buf, r.sniffed, options.onlySheet);
  options.onParse?.(1, 1);
  return book;
}

/** Once a progressive sheet has given rows, SheetJS can no longer take over: a part found broken later is refused. */
function refusedIfBrokenLater(fileName: string, grid: SheetGrid): SheetGrid {
  const readMore = grid.readMore;
  if (readMore === undefined) return grid;
  return Object.assign(grid, {
    readMore: async (): Promise<boolean> => {
      try {
        return await readMore();
      } catch (e) {
        if (e instanceof UnsupportedXlsx) throw corrupt(fileName, e);
        throw e;
      }
    },
  });
}

/** SheetJS gets a zip only within MAX_SHEETJS_FILE_BYTES and after checkZipForSheetJs; other formats were sized before reading. */
async function sheetJsMayRead(fileName: string, buf: Buffer, sniffed: Sniffed['kind']): Promise<void> {
  if (buf.length > MAX_SHEETJS_FILE_BYTES) throw refuse.sheetJsFile(buf.length);
  if (sniffed !== 'zip') return;
  try {
    await checkZipForSheetJs(buf, MAX_SHEETJS_UNZIPPED_BYTES, () => refuse.sheetJsUnzipped());
  } catch (e) {
    if (e instanceof UnreadableZip) throw corrupt(fileName, e);
    throw e;
  }
}

async function openWithSheetJs(fileName: string, buf: Buffer, sniffed: Sniffed['kind'], onlySheet: string | undefined): Promise<OpenedBook> {
  await sheetJsMayRead(fileName, buf, sniffed);
  let wb: ReadWorkbookResult;
  try {
    if (onlySheet !== undefined) {
      // Parse only the requested sheet, but say which sheets exist when it is missing.
      const names = readSheetNames(buf);
      const found = findSheetName(onlySheet, names);
      if (found === undefined) throw sheetNotFound(onlySheet, names);
      wb = readWorkbook(buf, found);
    } else {
      wb = readWorkbook(buf);
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw corrupt(fileName, e);
  }
  if (wb.sheetNames.length === 0) throw corrupt(fileName, new Error('no sheets'));
  return {
    format: 'excel',
    sheetNames: wb.sheetNames,
    visibleSheetNames: wb.sheetNames.filter((n) => !wb.hidden.has(n)),
    sheet: (requested) => {
      const found = findSheetName(requested, wb.sheetNames);
      const ws = found === undefined ? undefined : wb.sheets[found];
      if (found === undefined || ws === undefined) return Promise.reject(sheetNotFound(requested, wb.sheetNames));
      return Promise.resolve(sheetGrid(found, ws));
    },
  };
}

/** Sheet names without parsing cells (the wizard's sheet picker). */
export async function bookSheetNames(file: InputFile): Promise<string[]> {
  const fileName = file.name;
  const r = route(fileName, file.head);
  if (r.reader === 'csv') return [path.basename(fileName, path.extname(fileName))];
  if (r.sniffed !== 'zip' && file.size > MAX_SHEETJS_FILE_BYTES) throw refuse.sheetJsFile(file.size);
  const buf = await file.readAll();
  const fast = r.sniffed === 'zip' ? await tryReadXlsx(buf) : null;
  if (fast !== null && fast.sheetNames.length > 0) return fast.sheetNames;
  await sheetJsMayRead(fileName, buf, r.sniffed);
  try {
    const names = readSheetNames(buf);
    if (names.length === 0) throw new Error('no sheets');
    return names;
  } catch (e) {
    throw corrupt(fileName, e);
  }
}
