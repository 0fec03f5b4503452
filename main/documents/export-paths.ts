// Files DocDesk hands out (downloads in the web bridge, "save as" in Electron) must come from <dataDir>/exports/:
// the path is resolved (symlinks included) and checked, so `..`, absolute paths elsewhere or a link out of the
// folder are refused (DESIGN §12).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ensureOwnerOnlyDir } from '../store/owner-only.ts';
import { DocumentsError } from './errors.ts';

export function exportsRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'exports');
}

/** <dataDir>/exports/, created owner-only: exports hold personal data (masked grids, evidence bundles). */
export function ensureExportsDir(dataDir: string): string {
  return ensureOwnerOnlyDir(exportsRoot(dataDir));
}

/** The real path of a file inside <dataDir>/exports/, or a typed error. */
export function resolveExportPath(dataDir: string, requested: string): string {
  const refuse = () => new DocumentsError('PATH_NOT_ALLOWED', '내보내기 폴더(exports) 안의 파일만 내려받을 수 있습니다.');
  if (requested.includes('\0')) throw refuse();
  let root: string;
  let real: string;
  try {
    root = realpathSync(exportsRoot(dataDir));
    real = realpathSync(path.resolve(root, requested));
  } catch {
    throw new DocumentsError('FILE_NOT_FOUND', '파일을 찾을 수 없습니다. 내보내기를 다시 실행하세요.');
  }
  const rel = path.relative(root, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse();
  return real;
}
