// Streams a file as an HTTP response so that no file-system error can escape as an unhandled 'error' event: one
// such event ends the `docdesk web` process and leaves its data folder locked. A folder, FIFO, socket or device is
// refused before anything is sent; an error after the headers (a disk failing mid-read) ends that one response.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

export type OpenedFile = { ok: true; handle: FileHandle; size: number } | { ok: false; reason: 'missing' | 'not-regular' };

// Opening a FIFO for reading waits for a writer, forever, on a thread of libuv's small shared pool; non-blocking,
// the open returns at once and the fstat below refuses it. Windows has no FIFOs (nor the flag).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens `file` for reading if it is a regular file, judged by fstat of what was opened (no check-then-open race). */
export async function openRegularFile(file: string): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    // Gone since it was checked, or a socket/device that cannot be opened: either way nothing to send.
    const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
    return { ok: false, reason: missing ? 'missing' : 'not-regular' };
  }
  try {
    const st = await handle.stat();
    if (st.isFile()) return { ok: true, handle, size: st.size };
  } catch {
    // fall through: treated like a file that is not regular
  }
  await handle.close().catch(() => undefined);
  return { ok: false, reason: 'not-regular' };
}

/** Sends an opened file after the caller wrote the headers; the handle is closed however the stream ends. */
export function pipeOpenedFile(file: Extract<OpenedFile, { ok: true }>, res: ServerResponse): void {
  // pipeline destroys both sides on an error (the client sees a cut response); the rejection is the report.
  pipeline(file.handle.createReadStream({ autoClose: true }), res).catch(() => res.destroy());
}
