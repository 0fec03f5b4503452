// What reading one input file may cost (DESIGN §12: memory and time stay bounded on any input — crafted zips,
// huge cells, endless lines). Each limit is far above a real recipient list of 1,000,000 rows (the 500,000-row
// sample list: a 48 MB .xlsx whose sheet inflates to ~100 MB), and each refusal names the limit it hit.
import { ImportError, formatMb } from './errors.ts';

const MiB = 1024 * 1024;

/**
 * A worksheet's XML once inflated. It is inflated and parsed as a stream (only the rows not yet validated are
 * held), so this bounds time rather than memory.
 */
export const MAX_SHEET_XML_BYTES = 1024 * MiB;
/** One <row> element with all its cells, and what precedes or follows the rows in a worksheet part. */
export const MAX_ROW_XML_BYTES = 16 * MiB;
/** The shared-strings part once inflated: every string in it is held while the sheet is read. */
export const MAX_SHARED_STRINGS_XML_BYTES = 256 * MiB;
/** Entries of the shared-strings table (a 1,000,000-row list has at most a few unique texts per row). */
export const MAX_SHARED_STRINGS = 4_000_000;
/** Any other part the reader inflates whole: workbook, styles, relationships. */
export const MAX_SMALL_PART_BYTES = 32 * MiB;

/** One CSV record in characters (a quoted field may span lines; an unterminated quote would run to the end). */
export const MAX_CSV_RECORD_CHARS = 1_048_576;
/** Fields of one CSV record: as many columns as Excel has. */
export const MAX_CSV_FIELDS = 16_384;

/**
 * SheetJS reads a whole file and builds every cell at once (~15 bytes of memory per byte of sheet XML), so it only
 * gets: .xls and HTML/SpreadsheetML ".xls" files up to this size on disk, and .xlsx/.ods files our own reader
 * does not handle (prefixed XML, odd cell types) up to this size on disk ...
 */
export const MAX_SHEETJS_FILE_BYTES = 32 * MiB;
/** ... whose zip entries, checked by our own streaming inflate first, inflate to no more than this in total. */
export const MAX_SHEETJS_UNZIPPED_BYTES = 64 * MiB;

const count = (n: number): string => n.toLocaleString('ko-KR');
const SPLIT = '파일을 여러 개로 나누어 가져와 주세요.';
const RESAVE = 'Excel에서 열어 .xlsx(Excel 통합 문서)로 다시 저장하면 더 큰 파일도 가져올 수 있습니다.';

function limitExceeded(limit: string, max: number, message: string): ImportError {
  return new ImportError('LIMIT_EXCEEDED', message, { limit, max });
}

export const refuse = {
  sheetXml: (declared?: number): ImportError =>
    limitExceeded(
      'sheetXmlBytes',
      MAX_SHEET_XML_BYTES,
      `압축을 푼 시트 크기가 한도(${formatMb(MAX_SHEET_XML_BYTES)})를 넘습니다` +
        `${declared === undefined ? '' : `(파일에 적힌 크기 ${formatMb(declared)})`}. ${SPLIT}`,
    ),
  rowXml: (nearRow: number): ImportError =>
    limitExceeded(
      'rowXmlBytes',
      MAX_ROW_XML_BYTES,
      `${count(nearRow)}행 근처의 한 행 크기가 한도(${formatMb(MAX_ROW_XML_BYTES)})를 넘습니다. ` +
        '셀에 지나치게 긴 내용이 없는지 확인하고, Excel에서 .xlsx로 다시 저장한 뒤 가져와 주세요.',
    ),
  xmlItem: (part: string): ImportError =>
    limitExceeded(
      'rowXmlBytes',
      MAX_ROW_XML_BYTES,
      `파일 안의 '${part}'에서 한 항목(행, 문자열, 머리·꼬리 부분)의 크기가 한도(${formatMb(MAX_ROW_XML_BYTES)})를 넘습니다. ` +
        'Excel에서 열어 .xlsx로 다시 저장한 뒤 가져와 주세요.',
    ),
  sharedStringsXml: (declared?: number): ImportError =>
    limitExceeded(
      'sharedStringsXmlBytes',
      MAX_SHARED_STRINGS_XML_BYTES,
      `압축을 푼 공유 문자열 표(sharedStrings.xml) 크기가 한도(${formatMb(MAX_SHARED_STRINGS_XML_BYTES)})를 넘습니다` +
        `${declared === undefined ? '' : `(파일에 적힌 크기 ${formatMb(declared)})`}. ${SPLIT}`,
    ),
  sharedStrings: (): ImportError =>
    limitExceeded(
      'sharedStrings',
      MAX_SHARED_STRINGS,
      `공유 문자열 표(sharedStrings.xml)의 문자열이 한도(${count(MAX_SHARED_STRINGS)}개)보다 많습니다. ${SPLIT}`,
    ),
  smallPart: (part: string, declared?: number): ImportError =>
    limitExceeded(
      'partBytes',
      MAX_SMALL_PART_BYTES,
      `압축을 푼 '${part}' 크기가 한도(${formatMb(MAX_SMALL_PART_BYTES)})를 넘습니다` +
        `${declared === undefined ? '' : `(파일에 적힌 크기 ${formatMb(declared)})`}. ` +
        'Excel에서 열어 .xlsx로 다시 저장한 뒤 가져와 주세요.',
    ),
  csvRecord: (line: number): ImportError =>
    limitExceeded(
      'csvRecordChars',
      MAX_CSV_RECORD_CHARS,
      `${count(line)}번째 줄의 길이가 한도(${count(MAX_CSV_RECORD_CHARS)}자)를 넘습니다. ` +
        '닫히지 않은 따옴표(")나 줄바꿈 없이 이어진 내용이 없는지 확인해 주세요.',
    ),
  csvFields: (line: number): ImportError =>
    limitExceeded(
      'csvFields',
      MAX_CSV_FIELDS,
      `${count(line)}번째 줄의 칸(필드) 수가 한도(${count(MAX_CSV_FIELDS)}개)를 넘습니다. 구분 문자(쉼표 등)가 잘못 들어가지 않았는지 확인해 주세요.`,
    ),
  sheetJsFile: (size: number): ImportError =>
    limitExceeded(
      'sheetJsFileBytes',
      MAX_SHEETJS_FILE_BYTES,
      `이 형식(.xls, HTML 표, 또는 표준과 다르게 저장된 .xlsx)의 파일은 ${formatMb(MAX_SHEETJS_FILE_BYTES)}까지 가져올 수 있습니다` +
        `(이 파일 ${formatMb(size)}). ${RESAVE}`,
    ),
  sheetJsUnzipped: (): ImportError =>
    limitExceeded(
      'sheetJsUnzippedBytes',
      MAX_SHEETJS_UNZIPPED_BYTES,
      `표준과 다르게 저장된 이 .xlsx/.ods 파일은 압축을 푼 크기 ${formatMb(MAX_SHEETJS_UNZIPPED_BYTES)}까지 가져올 수 있습니다. ${RESAVE}`,
    ),
} as const;
