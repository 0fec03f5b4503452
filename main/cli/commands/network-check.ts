// `docdesk network check [--json]` (issue 15 item 6–7): every flow of the active profile checked from this PC —
// one entry per flow with `ok`, what was checked and the Korean advice. Exit 0 when every flow passes, 1 otherwise.
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import type { Output } from '../output.ts';

const MARK = { ok: '통과', warn: '주의', fail: '실패', skipped: '건너뜀' } as const;

export async function networkCheck(b: Backend, _pos: string[], _v: CliValues, out: Output): Promise<number> {
  const report = await b.networkCheck();
  out.result(report);
  out.line(`프로필 '${report.profile}' (${report.kind}) — 이 PC에서 흐름 ${report.flows.length}개 점검`);
  for (const f of report.flows) {
    out.line('');
    out.line(`[${f.ok ? '통과' : '실패'}] ${f.id}: ${f.source ?? '(기본 경로)'} → ${f.destination}:${f.port} · ${f.purpose}`);
    for (const c of f.checks) out.line(`    ${c.check.toUpperCase().padEnd(6)} ${MARK[c.status]} · ${c.target} · ${c.detail}`);
    out.line(`    조치: ${f.advice}`);
  }
  const failed = report.flows.filter((f) => !f.ok).map((f) => f.id);
  out.line('');
  out.line(failed.length === 0 ? '모든 흐름이 통과했습니다.' : `통과하지 못한 흐름: ${failed.join(', ')}`);
  return report.ok ? 0 : 1;
}
