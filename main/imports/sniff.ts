// Chooses the reader from the file's first bytes, not its name: staff rename files, web systems export HTML
// as ".xls", and a text file saved as ".xlsx" must get a clear refusal instead of a garbled sheet.
import path from 'node:path';

export type Sniffed =
  | { kind: 'zip' } // xlsx, xlsm, ods (or another zip: SheetJS decides)
  | { kind: 'cfb' } // legacy .xls (BIFF in an OLE2 compound file)
  | { kind: 'markup' } // HTML table or SpreadsheetML 2003 saved as .xls
  | { kind: 'text'; encoding: 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'unknown' }
  | { kind: 'other-binary'; what: string };

const startsWith = (buf: Uint8Array, bytes: readonly number[]): boolean =>
  bytes.every((b, i) => buf[i] === b);

const KNOWN_BINARIES: readonly { what: string; magic: readonly number[] }[] = [
  { what: 'PNG 이미지', magic: [0x89, 0x50, 0x4e, 0x47] },
  { what: 'JPEG 이미지', magic: [0xff, 0xd8, 0xff] },
  { what: 'GIF 이미지', magic: [0x47, 0x49, 0x46, 0x38] },
  { what: 'PDF 문서', magic: [0x25, 0x50, 0x44, 0x46] },
  { what: '7z 압축 파일', magic: [0x37, 0x7a, 0xbc, 0xaf] },
  { what: 'RAR 압축 파일', magic: [0x52, 0x61, 0x72, 0x21] },
];

/** `head` is the first few kilobytes of the file (at least 4 KiB when the file is that long). */
export function sniff(head: Uint8Array): Sniffed {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'zip' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'cfb' };
  for (const b of KNOWN_BINARIES) if (startsWith(head, b.magic)) return { kind: 'other-binary', what: b.what };
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le' };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be' };
  const bom = startsWith(head, [0xef, 0xbb, 0xbf]);
  if (head.includes(0)) return { kind: 'other-binary', what: '알 수 없는 형식의 파일' };
  const start = new TextDecoder('latin1').decode(head.subarray(bom ? 3 : 0, 2048)).trimStart().toLowerCase();
  if (
    start.startsWith('<!doctype html') ||
    start.startsWith('<html') ||
    start.startsWith('<table') ||
    (start.startsWith('<?xml') && start.includes('urn:schemas-microsoft-com:office:spreadsheet'))
  ) {
    return { kind: 'markup' };
  }
  return { kind: 'text', encoding: bom ? 'utf-8-bom' : 'unknown' };
}

export const EXCEL_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods'] as const;

export function extensionOf(filePath: string): string {
  return path.extname(filePath).toLowerCase();
}
