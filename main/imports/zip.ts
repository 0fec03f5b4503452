// The zip container of .xlsx/.ods files (APPNOTE.TXT §4.3), read by us: the central directory, and each entry
// inflated as a stream. An entry never costs more than one inflated chunk at a time, and it is refused as soon as
// it inflates past our limit for its kind of part or past the size it declares — a zip bomb (a few MB declaring,
// or hiding, gigabytes) is stopped before it takes memory. The declared size is never used to size a buffer.
import { createInflateRaw } from 'node:zlib';
import { ImportError, formatMb } from './errors.ts';

/** Something this reader does not take apart (zip64, encryption, an unknown method, a damaged directory). */
export class UnreadableZip extends Error {}

export type ZipEntry = {
  readonly name: string;
  readonly method: number;
  /** Where the entry's extra fields are in the central directory (offset, length). */
  readonly centralExtra: readonly [number, number];
  readonly compressedSize: number;
  /** Uncompressed size as the central directory declares it. */
  readonly size: number;
  readonly localOffset: number;
};

/** Output chunk of the inflater: few callbacks per megabyte, little held while the consumer is busy. */
const INFLATE_CHUNK = 256 * 1024;
/** Stored (method 0) entries are handed out in slices of this size, like inflated ones. */
const STORED_SLICE = 1024 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The central directory, in its order (a name may repeat). The end record is looked for from the end of the file
 * backwards, as SheetJS does, so both read the same directory (see checkZipForSheetJs).
 */
export function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  const min = Math.max(0, buf.length - 22 - 65_535);
  for (let i = buf.length - 4; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || eocd + 22 > buf.length) throw new UnreadableZip('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff || (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR)) {
    throw new UnreadableZip('zip64');
  }
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new UnreadableZip('bad central directory');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      centralExtra: [p + 46 + nameLen, extraLen],
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    if ((flags & 1) !== 0) throw new UnreadableZip('encrypted zip entry');
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new UnreadableZip('zip64');
    }
    out.push(entry);
    p += 46 + nameLen + extraLen + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** The entry's stored bytes, found through its local header as every zip reader (SheetJS included) finds them. */
function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL) throw new UnreadableZip('bad local header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new UnreadableZip('entry runs past the end of the file');
  return buf.subarray(start, start + e.compressedSize);
}

function inflatedPastDeclared(e: ZipEntry): ImportError {
  return new ImportError(
    'CORRUPT_FILE',
    `파일 안의 '${e.name}'의 압축을 풀면 적힌 크기(${formatMb(e.size)})보다 커집니다. 손상되었거나 조작된 파일입니다. ` +
      '원본을 Excel에서 열어 .xlsx로 다시 저장한 뒤 가져와 주세요.',
    { part: e.name, declared: e.size },
  );
}

/**
 * The entry's content as a stream of chunks. Refuses at once (before inflating anything) when the entry declares
 * more than `maxBytes` (`tooLarge`), and while inflating as soon as the output passes the declared size. An
 * inflated size smaller than declared, or a broken deflate stream, is an UnreadableZip.
 */
export async function* entryChunks(buf: Buffer, e: ZipEntry, maxBytes: number, tooLarge: (declared: number) => Error): AsyncGenerator<Buffer> {
  if (e.size > maxBytes) throw tooLarge(e.size);
  const raw = entryData(buf, e);
  if (e.method === 0) {
    if (raw.length !== e.size) throw new UnreadableZip('stored entry size differs from its declared size');
    for (let p = 0; p < raw.length; p += STORED_SLICE) yield raw.subarray(p, Math.min(raw.length, p + STORED_SLICE));
    return;
  }
  if (e.method !== 8) throw new UnreadableZip(`compression method ${e.method}`);
  // The stream holds at most a chunk or two the consumer has not taken: zlib stops inflating until it reads more.
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  inflate.end(raw);
  let total = 0;
  try {
    for await (const out of inflate) {
      const chunk: unknown = out;
      if (!Buffer.isBuffer(chunk)) throw new UnreadableZip('inflate gave no bytes');
      total += chunk.length;
      if (total > e.size) throw inflatedPastDeclared(e);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new UnreadableZip(`inflate: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    inflate.destroy();
  }
  if (total !== e.size) throw new UnreadableZip('entry inflates to less than its declared size');
}

/** Whether the extra fields at [offset, offset + length) include a zip64 one (header id 1). */
function hasZip64Field(buf: Buffer, offset: number, length: number): boolean {
  const end = Math.min(buf.length, offset + length);
  for (let p = offset; p + 4 <= end; p += 4 + buf.readUInt16LE(p + 2)) if (buf.readUInt16LE(p) === 1) return true;
  return false;
}

/**
 * SheetJS inflates every entry of a zip at once into memory, sizing its output by the entry's *local* header (or
 * a zip64 extra field) and inflating to the end of the deflate stream. Before it sees a zip, every entry is
 * inflated here as a stream (output discarded): each must inflate to no more than its central directory declares,
 * all of them together to no more than `maxTotal`, and no header may announce more (no local size above the
 * declared one, no zip64 field). Anything this reader cannot check is refused.
 */
export async function checkZipForSheetJs(buf: Buffer, maxTotal: number, tooLarge: () => Error): Promise<void> {
  // Every entry of the directory, each time it appears: SheetJS inflates them all.
  const entries = zipEntries(buf);
  let declared = 0;
  for (const e of entries) declared += e.size;
  if (declared > maxTotal) throw tooLarge();
  for (const e of entries) {
    entryData(buf, e); // the local header is there
    const h = e.localOffset;
    if (buf.readUInt32LE(h + 22) > e.size) throw new UnreadableZip('local header declares more than the central directory');
    if (hasZip64Field(buf, ...e.centralExtra) || hasZip64Field(buf, h + 30 + buf.readUInt16LE(h + 26), buf.readUInt16LE(h + 28))) {
      throw new UnreadableZip('zip64');
    }
    const chunks = entryChunks(buf, e, maxTotal, tooLarge);
    while (!(await chunks.next()).done) {
      // output discarded: only its size matters
    }
  }
}
