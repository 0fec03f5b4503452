// Zip archives written byte by byte (APPNOTE.TXT §4.3), so tests can build .xlsx files the way a crafted file would
// be: hand-written XML parts, parts far larger inflated than on disk, and headers that declare any size.
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A part's bytes as stored in the zip, and what its headers say about it. */
export type ZipPart = {
  name: string;
  /** Bytes as stored (deflated when `method` is 8). */
  stored: Buffer;
  method: 0 | 8;
  /** Uncompressed size written into both headers (a crafted file may write anything). */
  declaredSize: number;
  /** A different uncompressed size for the local header only. */
  localSize?: number;
  crc: number;
};

/** A part deflated (or stored) with its true size and CRC. */
export function part(name: string, content: string | Buffer, method: 0 | 8 = 8): ZipPart {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, stored: method === 8 ? deflateRawSync(data) : data, method, declaredSize: data.length, crc: crc32(data) };
}

/**
 * A deflated part of `head`, then `unit` repeated `times`, then `tail`, built without ever holding the inflated
 * content: each piece is deflated with a full flush (byte-aligned, no back-references across pieces), so the
 * deflated unit can be repeated as is. The CRC is left 0 (no reader here checks it; a zip bomb would not care).
 */
export function repeatedPart(name: string, head: string, unit: string | Buffer, times: number, tail: string): ZipPart {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const unitBytes = typeof unit === 'string' ? Buffer.from(unit, 'utf8') : unit;
  const deflatedUnit = deflateRawSync(unitBytes, flush);
  const pieces: Buffer[] = [deflateRawSync(Buffer.from(head, 'utf8'), flush)];
  for (let i = 0; i < times; i++) pieces.push(deflatedUnit);
  pieces.push(deflateRawSync(Buffer.from(tail, 'utf8'))); // ends with the final block
  const size = Buffer.byteLength(head) + unitBytes.length * times + Buffer.byteLength(tail);
  return { name, stored: Buffer.concat(pieces), method: 8, declaredSize: size, crc: 0 };
}

/** The archive: local headers and data, central directory, end record. Sizes must fit in 32 bits (no zip64). */
export function zipArchive(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const nameBuf = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.stored.length, 18);
    local.writeUInt32LE(p.localSize ?? p.declaredSize, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(p.method, 10);
    cd.writeUInt32LE(p.crc, 16);
    cd.writeUInt32LE(p.stored.length, 20);
    cd.writeUInt32LE(p.declaredSize, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, p.stored);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + p.stored.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
export const SHEET_NS = NS;

/**
 * The parts of a one-sheet workbook ('수신자') around the given worksheet part (named xl/worksheets/sheet1.xml)
 * and optional shared-strings and styles parts (xl/sharedStrings.xml, xl/styles.xml). `prefixed`: the workbook
 * part's elements carry a namespace prefix (<x:workbook>), legal XML that only SheetJS reads.
 */
export function workbookParts(options: { sst?: boolean; styles?: boolean; workbookPr?: string; prefixed?: boolean } = {}): ZipPart[] {
  const workbook = options.prefixed
    ? `<?xml version="1.0"?><x:workbook ${NS.replace('xmlns=', 'xmlns:x=')}><x:sheets><x:sheet name="수신자" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`
    : `<?xml version="1.0"?><workbook ${NS}>${options.workbookPr ?? ''}<sheets><sheet name="수신자" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  return [
    part(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (options.sst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        (options.styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : '') +
        '</Types>',
    ),
    part(
      '_rels/.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    part('xl/workbook.xml', workbook),
    part(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        (options.sst ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
        (options.styles ? '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>' : '') +
        '</Relationships>',
    ),
  ];
}
