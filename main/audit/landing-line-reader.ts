// Reads the complete lines of a landing events file from where the last read stopped (the watched landing folder,
// landing-folder.ts). The landing page's host may still be writing the file, possibly over a network share that
// shows a line before it is whole, so only what is known to be complete is handed out:
//   - a line ended by '\n';
//   - the last line of the file without '\n' only when it already parses as a JSON object (a cut-off object
//     never does: JSON Lines allows a final line without a line break, and a finished day's file may end so).
// Memory is bounded whatever the file holds: it is read in chunks, and a line longer than maxLineBytes is
// reported as too long (by its line number) and skipped to its end instead of being collected.
import { open } from 'node:fs/promises';

/** Where reading a file stopped: a byte offset and the number of '\n' before it. */
export interface LinePosition {
  offset: number;
  /** Line breaks before `offset` (the line at `offset` is number newlines + 1). */
  newlines: number;
  /**
   * The line at `offset` was already dealt with before its '\n' arrived: `taken` (a last line without a line
   * break, imported; only its '\n' may follow) or `skipped` (too long, reported; the rest is passed over).
   */
  inLine: 'taken' | 'skipped' | null;
}

export interface LineBatch {
  lines: { line: number; text: string }[];
  /** Lines refused before parsing, by line number: too long, or continued after being taken as complete. */
  refused: { line: number; reason: 'too_long' | 'continued' }[];
  /** The position after this batch: save it once the batch's lines are imported. */
  position: LinePosition;
}

export const START_OF_FILE: LinePosition = { offset: 0, newlines: 0, inLine: null };

const NL = 0x0a;

function decode(bytes: Buffer, atFileStart: boolean): string {
  let text = bytes.toString('utf8');
  if (atFileStart) text = text.replace(/^\uFEFF/, '');
  return text.replace(/\r$/, '');
}

function isJsonObject(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * Yields the complete lines after `from`, in batches of at most `batchLines` (the last batch may be empty but
 * carries the final position). The file is read up to its size when reading began; what is written meanwhile is
 * for the next call.
 */
export async function* readCompleteLines(
  filePath: string,
  from: LinePosition,
  options: {
    chunkBytes?: number;
    maxLineBytes?: number;
    batchLines?: number;
    /** The file is complete (an upload): its last line counts without a line break, whatever it holds. */
    final?: boolean;
  } = {},
): AsyncGenerator<LineBatch> {
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024;
  const batchLines = options.batchLines ?? 500;
  const handle = await open(filePath, 'r');
  try {
    const end = (await handle.stat()).size;
    let { offset, newlines, inLine } = from;
    // The bytes of the line being collected (bounded by maxLineBytes) and where it started.
    let lineStart = offset;
    let parts: Buffer[] = [];
    let partsBytes = 0;
    let batch: LineBatch = { lines: [], refused: [], position: { ...from } };
    const fresh = (): LineBatch => ({ lines: [], refused: [], position: { offset, newlines, inLine } });
    const buffer = Buffer.alloc(chunkBytes);
    let readAt = offset;

    const collected = (): Buffer => Buffer.concat(parts, partsBytes);
    const endLine = (after: number): void => {
      const number = newlines + 1;
      if (inLine === 'taken') {
        if (collected().toString('utf8').trim() !== '') batch.refused.push({ line: number, reason: 'continued' });
      } else if (inLine === null && partsBytes > 0) {
        const text = decode(collected(), lineStart === 0);
        if (text.trim() !== '') batch.lines.push({ line: number, text });
      }
      parts = [];
      partsBytes = 0;
      newlines++;
      inLine = null;
      offset = lineStart = after;
      batch.position = { offset, newlines, inLine };
    };

    while (readAt < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(chunkBytes, end - readAt), readAt);
      if (bytesRead === 0) break;
      let start = 0;
      while (start < bytesRead) {
        const nl = buffer.indexOf(NL, start);
        const stop = nl === -1 || nl >= bytesRead ? bytesRead : nl;
        if (inLine !== 'skipped' && stop > start) {
          if (partsBytes + (stop - start) > maxLineBytes) {
            // Reported now and passed over to its end, however long it is.
            batch.refused.push({ line: newlines + 1, reason: inLine === 'taken' ? 'continued' : 'too_long' });
            inLine = 'skipped';
            parts = [];
            partsBytes = 0;
          } else {
            parts.push(Buffer.from(buffer.subarray(start, stop)));
            partsBytes += stop - start;
          }
        }
        if (stop === bytesRead) break;
        endLine(readAt + nl + 1);
        start = nl + 1;
        if (batch.lines.length >= batchLines) {
          yield batch;
          batch = fresh();
        }
      }
      readAt += bytesRead;
    }
    if (inLine === 'skipped') {
      // Nothing of a skipped line is kept: the next read starts after what was read here.
      offset = readAt;
      batch.position = { offset, newlines, inLine };
    } else if (inLine === null && partsBytes > 0) {
      // The end of the file without a line break: a whole JSON object is a complete last line (any text, when the
      // file is known to be complete).
      const text = decode(collected(), lineStart === 0);
      if (options.final === true || isJsonObject(text)) {
        batch.lines.push({ line: newlines + 1, text });
        offset = readAt;
        inLine = 'taken';
        batch.position = { offset, newlines, inLine };
      }
    }
    yield batch;
  } finally {
    await handle.close();
  }
}
