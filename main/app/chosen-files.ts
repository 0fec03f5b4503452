// The contract's "chosen files" rule (DESIGN §12): a channel that reads a file the screen names accepts only a file
// the user chose — an upload (the web bridge saves it under <dataDir>/uploads/) or a path the native open dialog
// returned in this run — plus, for channels that read DocDesk's own output, a file under <dataDir>/exports/.
// Electron IPC and the web bridge are the faces a compromised or foreign page could drive, so the rule lives in
// the contract handlers; the CLI calls the backend directly with the operator's own paths and is not restricted.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { exportsRoot, isInside } from '../documents/export-paths.ts';
import { uploadsRoot } from '../web/uploads-folder.ts';
import { ConfigError } from './errors.ts';

/** Dialog answers kept for the run: a person picks a handful; the bound keeps a misbehaving page from growing it. */
const MAX_PICKED = 1000;

function notAllowed(message = 'DocDesk 화면에서 고른 파일만 열 수 있습니다(파일 선택 창이나 업로드로 고른 파일). 파일 선택 버튼으로 파일을 다시 고르세요.'): ConfigError {
  return new ConfigError('PATH_NOT_ALLOWED', message, 2);
}

export interface ChosenFiles {
  /** Records what the native open dialog returned (files:pickOpen), by its real path. */
  rememberPicked(filePath: string): void;
  /**
   * The real path of a regular file the contract may read, or a ConfigError (PATH_NOT_ALLOWED, FILE_NOT_FOUND;
   * exit 2). `exports: true` also admits files under <dataDir>/exports/ (checkpoint files of a bundle).
   */
  readable(requested: string, also?: { exports: boolean }): string;
}

export function createChosenFiles(dataDir: string): ChosenFiles {
  const picked = new Set<string>();

  return {
    rememberPicked(filePath) {
      let real: string;
      try {
        real = realpathSync(path.resolve(filePath));
      } catch {
        return; // a dialog answer that does not exist cannot be read either
      }
      if (picked.size >= MAX_PICKED) picked.delete(picked.values().next().value ?? '');
      picked.add(real);
    },

    readable(requested, also = { exports: false }) {
      if (requested.includes('\0')) throw notAllowed();
      const roots = [uploadsRoot(dataDir), ...(also.exports ? [exportsRoot(dataDir)] : [])];
      const lexical = path.resolve(requested);
      let real: string;
      try {
        real = realpathSync(lexical);
      } catch {
        // "Not found" only where the contract could read: elsewhere the answer must not tell which files exist.
        const couldRead = picked.has(lexical) || roots.some((r) => isInside(r, lexical));
        throw couldRead ? new ConfigError('FILE_NOT_FOUND', '파일을 찾을 수 없습니다. 파일을 다시 고르세요.', 2) : notAllowed();
      }
      // Real paths on both sides, so a link placed in uploads/ that points at /etc/passwd stays outside.
      const realRoots = roots.flatMap((r) => {
        try {
          return [realpathSync(r)];
        } catch {
          return [];
        }
      });
      if (!picked.has(real) && !realRoots.some((r) => r !== real && isInside(r, real))) throw notAllowed();
      // A folder or a FIFO (whose open blocks until a writer appears) is never a list to read.
      if (!statSync(real).isFile()) throw notAllowed('폴더나 특수 파일은 읽을 수 없습니다. 일반 파일(.xlsx, .csv, .json)을 고르세요.');
      return real;
    },
  };
}
