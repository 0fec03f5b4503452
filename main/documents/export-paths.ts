// Files DocDesk hands out (downloads in the web bridge, "save as" in Electron) must come from <dataDir>/exports/,
// and files a screen asks DocDesk to write go there too: the path is resolved (symlinks included) and checked, so
// `..`, absolute paths elsewhere or a link out of the folder are refused (DESIGN §12).
import { lstatSync, realpathSync, statSync } from 'node:fs';
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

/** `child` is `root` itself or below it (both already resolved the same way). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * `requested` resolved against exports/ as written, when that lies inside exports/ (named directly or through its
 * real path); null otherwise. Checked before touching the disk, so a path elsewhere is refused the same whether or
 * not it exists (no probing), and a refusal creates nothing.
 */
function lexicalExportPath(dataDir: string, requested: string): string | null {
  if (requested.includes('\0')) return null;
  const root = exportsRoot(dataDir);
  const target = path.resolve(root, requested);
  if (target !== root && isInside(root, target)) return target;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return null;
  }
  return target !== realRoot && isInside(realRoot, target) ? target : null;
}

/** The real path of a regular file inside <dataDir>/exports/, or a typed error. */
export function resolveExportPath(dataDir: string, requested: string): string {
  const refuse = () => new DocumentsError('PATH_NOT_ALLOWED', '내보내기 폴더(exports) 안의 파일만 내려받을 수 있습니다.');
  const lexical = lexicalExportPath(dataDir, requested);
  if (lexical === null) throw refuse();
  let root: string;
  let real: string;
  try {
    root = realpathSync(exportsRoot(dataDir));
    real = realpathSync(lexical);
  } catch {
    throw new DocumentsError('FILE_NOT_FOUND', '파일을 찾을 수 없습니다. 내보내기를 다시 실행하세요.');
  }
  if (real === root || !isInside(root, real)) throw refuse();
  // A folder, FIFO or socket cannot be handed out: reading a FIFO blocks, the others fail mid-stream.
  if (!statSync(real).isFile()) throw new DocumentsError('PATH_NOT_ALLOWED', '내보내기 폴더의 일반 파일만 내려받을 수 있습니다(폴더나 특수 파일은 안 됩니다).');
  return real;
}

/**
 * Where a screen may have DocDesk write a file it names: inside <dataDir>/exports/ only (a relative name lands
 * there), in a folder that exists, and not over a folder or a link.
 */
export function resolveExportOutput(dataDir: string, requested: string): string {
  const refuse = () =>
    new DocumentsError('PATH_NOT_ALLOWED', '결과 파일은 데이터 폴더의 내보내기 폴더(exports) 안에만 저장할 수 있습니다. 경로 없이 파일 이름만 지정하세요.');
  const target = lexicalExportPath(dataDir, requested);
  if (target === null) throw refuse();
  const root = realpathSync(ensureExportsDir(dataDir));
  let parent: string;
  try {
    parent = realpathSync(path.dirname(target));
  } catch {
    throw refuse();
  }
  const real = path.join(parent, path.basename(target));
  if (real === root || !isInside(root, real)) throw refuse();
  const existing = lstatSync(real, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw refuse();
  return real;
}
