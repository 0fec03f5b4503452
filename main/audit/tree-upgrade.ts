// A log written before the Merkle tree existed gets its tree once (issue 17): migration 2 marks it
// (audit_meta tree_upgrade = 'pending'); its writer (audit-commit.worker.ts) builds the tree from the stored leaves at open — pages of
// leaves, so memory stays bounded — in one transaction, and records what it built; the log then appends
// `audit.tree_built` with that size and root (audit-log.ts) and clears the mark. A crash in between builds
// nothing twice: the tree and the mark's {size, root} commit together, and the event follows at the next open.
import type { AuditDb } from './audit-db.ts';
import { treeBuiltSchema, type TreeBuilt } from './audit-read-shapes.ts';
import { parseLeafPage, parseMetaValue, parseTreeRowCount } from './audit-rows.ts';
import { createTreeAppender } from './merkle/append-leaves.ts';
import { storedPartOf } from './merkle/tiles.ts';
import { foldSubtrees } from './merkle/tree-root.ts';
import { bulkInsert } from '../store/bulk-insert.ts';

const MARK = 'tree_upgrade';
const PAGE_ROWS = 8192;


export class TreeUpgradeError extends Error {
  readonly code = 'AUDIT_TREE_UPGRADE';
}

/**
 * Builds the tree of a log marked for the upgrade; returns what was built (also when an earlier open built it and
 * its event is still due), or null when nothing is due.
 */
export function buildPendingTree(db: AuditDb, now: () => number = Date.now): TreeBuilt | null {
  const mark = treeUpgradeMark(db);
  if (mark !== 'pending') return mark;
  const started = now();
  const page = db.prepare('SELECT seq, leaf FROM audit_chain WHERE seq >= ? ORDER BY seq LIMIT ?').raw();
  const insTree = bulkInsert(db, 'INSERT INTO audit_tree (seq, hashes) VALUES', 2);
  const setMark = db.prepare('UPDATE audit_meta SET value = ? WHERE key = ?');
  return db
    .transaction((): TreeBuilt => {
      if (parseTreeRowCount(db.prepare('SELECT count(*) FROM audit_tree').pluck().get()) > 0) throw new TreeUpgradeError('머클 트리 변환 전인 감사 로그에 이미 트리 행이 있습니다.');
      const tree = createTreeAppender(0, []);
      for (;;) {
        const rows = parseLeafPage(page.all(tree.size(), PAGE_ROWS));
        if (rows.length === 0) break;
        const values: unknown[] = [];
        for (const [seq, leaf] of rows) {
          // The tree's leaf index is the seq: a gap would shift every later leaf, so it is refused, not papered over.
          if (seq !== tree.size()) {
            throw new TreeUpgradeError(
              `감사 로그에 순번 ${tree.size()}의 행이 없어 머클 트리를 만들 수 없습니다. 아무것도 바꾸지 않았습니다. docdesk audit verify로 확인한 뒤 관리자나 지원 담당에게 알리세요.`,
            );
          }
          const stored = storedPartOf(tree.push(leaf));
          if (stored) values.push(seq, stored);
        }
        insTree(values);
      }
      const built = { size: tree.size(), root: foldSubtrees(tree.rightEdge()).toString('base64'), ms: Math.max(0, now() - started) };
      setMark.run(JSON.stringify(built), MARK);
      return built;
    })
    .immediate();
}

/**
 * The upgrade as the mark says (a read, e.g. on the main thread's read-only connection once the writer built the
 * tree at open): null when none is due, 'pending' before the build, else what was built and whose event is due.
 */
export function treeUpgradeMark(db: AuditDb): TreeBuilt | 'pending' | null {
  const mark = parseMetaValue(db.prepare('SELECT value FROM audit_meta WHERE key = ?').pluck().get(MARK));
  if (mark === undefined) return null;
  if (mark === 'pending') return mark;
  let value: unknown = null;
  try {
    value = JSON.parse(mark);
  } catch {
    // refused below
  }
  const built = treeBuiltSchema.safeParse(value);
  if (!built.success) throw new TreeUpgradeError(`감사 로그의 머클 트리 변환 기록(audit_meta ${MARK})이 손상되었습니다. 데이터 폴더를 그대로 두고 관리자나 지원 담당에게 알리세요.`);
  return built.data;
}

/** The upgrade's event is in the chain: nothing more is due (a step on the audit writer, audit-writer-steps.ts). */
export function clearTreeUpgrade(db: AuditDb): void {
  db.prepare('DELETE FROM audit_meta WHERE key = ?').run(MARK);
}
