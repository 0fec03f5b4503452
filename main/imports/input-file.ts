// The file the user chose, opened for reading only if it is a regular file: opening a FIFO blocks until a writer
// appears, and a directory or a device has no end or no content, so anything else is refused before it is opened.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ImportError, formatMb } from './errors.ts';

/** Bytes read per call, for progress and so a large file is not read in one system call. */
const READ_CHUNK = 8 * 1024 * 1024;
/** Enough of the file's start to recognise its format (sniff.ts). */
const HEAD_BYTES = 4096;

export type InputFile = {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  /** The first bytes (up to 4 KiB). */
  readonly head: Buffer;
  /** The whole file (its size when opened), reporting bytes read. */
  readAll(onProgress?: (done: number, total: number) => void): Promise<Buffer>;
  /**
   * Up to `length` bytes at `position` (fewer only at the end of the file), into `into` when given (a buffer the
   * caller reuses, so reading a file chunk by chunk leaves no garbage behind), else into a new buffer.
   */
  read(position: number, length: number, into?: Buffer): Promise<Buffer>;
  close(): Promise<void>;
};

const errnoSchema = z.object({ code: z.string() });
const errnoOf = (e: unknown): string => errnoSchema.safeParse(e).data?.code ?? 'unknown';

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return '폴더';
  if (stats.isFIFO()) return '파이프(FIFO)';
  if (stats.isSocket()) return '소켓';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return '장치 파일';
  return '일반 파일이 아닌 항목';
}

function notAFile(name: string, stats: Stats): ImportError {
  const kind = kindOf(stats);
  return new ImportError(
    'NOT_A_FILE',
    `'${name}'은(는) 파일이 아니라 ${kind}입니다. 가져올 Excel(.xlsx, .xls) 또는 CSV 파일을 선택해 주세요.`,
    { kind },
  );
}

function unreadable(name: string, e: unknown): ImportError {
  const code = errnoOf(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ImportError('FILE_NOT_FOUND', `'${name}' 파일을 찾을 수 없습니다. 파일이 옮겨지거나 지워졌는지 확인해 주세요.`);
  }
  return new ImportError(
    'FILE_UNREADABLE',
    `'${name}' 파일을 열 수 없습니다(${code}). 다른 프로그램(Excel 등)에서 열려 있다면 닫고 다시 시도해 주세요.`,
  );
}

/**
 * Opens `filePath` for reading after checking that it is a regular file of 1..maxBytes bytes. The check runs on
 * the path first (stat never blocks) and again on the opened descriptor, which is opened non-blocking, so a path
 * swapped for a FIFO in between cannot hang the import either.
 */
export async function openInputFile(filePath: string, maxBytes: number): Promise<InputFile> {
  const name = path.basename(filePath);
  let stats: Stats;
  try {
    stats = await fs.stat(filePath);
  } catch (e) {
    throw unreadable(name, e);
  }
  if (!stats.isFile()) throw notAFile(name, stats);
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK does not exist on Windows (0 there), where opening a pipe by a file path does not block.
    handle = await fs.open(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw unreadable(name, e);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notAFile(name, opened);
    const size = opened.size;
    if (size > maxBytes) {
      throw new ImportError(
        'FILE_TOO_LARGE',
        `'${name}' 파일이 너무 큽니다(${formatMb(size)}). 한 번에 ${formatMb(maxBytes)}까지 가져올 수 있으니 파일을 나누어 가져와 주세요.`,
        { size, limit: maxBytes },
      );
    }
    if (size === 0) throw new ImportError('EMPTY_FILE', `'${name}' 파일이 비어 있습니다. 내용이 있는 파일을 선택해 주세요.`);
    return await inputFile(filePath, name, size, handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
}

async function inputFile(filePath: string, name: string, size: number, handle: fs.FileHandle): Promise<InputFile> {
  /** Fills `buf` from `position`; shorter only if the file shrank while it was read. */
  const fill = async (buf: Buffer, position: number, onRead?: (done: number) => void): Promise<Buffer> => {
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await handle.read(buf, done, Math.min(READ_CHUNK, buf.length - done), position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
      onRead?.(done);
    }
    return done === buf.length ? buf : buf.subarray(0, done);
  };
  const read = (position: number, length: number, into?: Buffer): Promise<Buffer> => {
    const n = Math.max(0, Math.min(length, size - position));
    return fill(into === undefined ? Buffer.allocUnsafe(n) : into.subarray(0, Math.min(n, into.length)), position);
  };
  const head = await read(0, HEAD_BYTES);
  let closed = false;
  return {
    path: filePath,
    name,
    size,
    head,
    read,
    readAll(onProgress) {
      onProgress?.(0, size);
      return fill(Buffer.allocUnsafe(size), 0, (done) => onProgress?.(done, size));
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
