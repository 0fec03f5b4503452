// Cleaning up <dataDir>/exports/ from the settings screen (issue 14 §7): list what is there with sizes and dates,
// delete chosen entries or those older than N days. Only direct children of exports/ are touched (a name is a
// name, never a path); a request naming anything that is not there deletes nothing. Every deletion is audited.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ExportEntry, ExportsDeleteInput, ExportsDeleteResult, ExportsList } from '../../shared/domain/exports.ts';
import { DocumentsError } from '../documents/errors.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import type { OperatorLog } from '../store/operator-log.ts';

const DAY_MS = 86_400_000;
/** Names listed in the audit event; a larger cleanup records the count and the first ones. */
const AUDITED_NAMES = 200;

/** Bytes of the regular files in `dir` and below (links are not followed). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(p);
    else if (e.isFile()) total += lstatSync(p).size;
  }
  return total;
}

function entryOf(root: string, name: string): ExportEntry | null {
  const filePath = path.join(root, name);
  const st = lstatSync(filePath, { throwIfNoEntry: false });
  if (!st || !(st.isFile() || st.isDirectory())) return null;
  const kind = st.isDirectory() ? 'folder' : 'file';
  return { name, filePath, kind, bytes: kind === 'folder' ? folderBytes(filePath) : st.size, modifiedAt: Math.round(st.mtimeMs) };
}

export function createExportsFolder(dataDir: string, operatorLog: OperatorLog) {
  function list(): ExportsList {
    const root = ensureExportsDir(dataDir);
    const entries = readdirSync(root)
      .map((name) => entryOf(root, name))
      .filter((e): e is ExportEntry => e !== null)
      .sort((a, b) => b.modifiedAt - a.modifiedAt || a.name.localeCompare(b.name));
    return { folder: root, entries, totalBytes: entries.reduce((n, e) => n + e.bytes, 0) };
  }

  async function remove(input: ExportsDeleteInput, now = Date.now()): Promise<ExportsDeleteResult> {
    const { folder, entries } = list();
    let chosen: ExportEntry[];
    if ('names' in input) {
      const byName = new Map(entries.map((e) => [e.name, e]));
      chosen = [];
      for (const name of new Set(input.names)) {
        const e = byName.get(name);
        if (name !== path.basename(name) || e === undefined) {
          throw new DocumentsError('EXPORT_NOT_FOUND', `내보내기 폴더에 '${name}'이(가) 없습니다(이미 지워졌을 수 있습니다). 목록을 새로 고친 뒤 다시 고르세요. 아무것도 지우지 않았습니다.`);
        }
        chosen.push(e);
      }
    } else {
      chosen = entries.filter((e) => e.modifiedAt < now - input.olderThanDays * DAY_MS);
    }
    for (const e of chosen) rmSync(path.join(folder, e.name), { recursive: true, force: true });
    const bytes = chosen.reduce((n, e) => n + e.bytes, 0);
    await operatorLog.record('exports.delete', 'exports', {
      ...('olderThanDays' in input ? { olderThanDays: input.olderThanDays } : {}),
      count: chosen.length,
      bytes,
      names: chosen.slice(0, AUDITED_NAMES).map((e) => e.name),
    });
    return { deleted: chosen.length, bytes };
  }

  return { list, delete: remove };
}
