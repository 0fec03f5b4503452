// `docdesk network plan show|import FILE.json|schema`, `docdesk network forms [--out FILE.xlsx]`,
// `docdesk network profile NAME [--sandbox] [--out FILE.json] [--yes]` (issue 15).
import { z } from 'zod';
import type { NetworkPlanView } from '../../../shared/domain/network-documents.ts';
import { NETWORK_MODE_LABELS, networkPlanSchema, type PlanIssue } from '../../../shared/domain/network-plan.ts';
import { PROFILE_KEY_FIELDS } from '../../../shared/domain/profile.ts';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { confirm } from './mail.ts';

const PLAN_USAGE = 'network plan show | network plan import FILE.json | network plan schema';

function printIssues(out: Output, issues: readonly PlanIssue[]): void {
  for (const i of issues) out.line(`  ${i.severity === 'error' ? '✗ 오류' : '⚠ 확인'} ${i.message}`);
}

function printView(out: Output, v: NetworkPlanView): void {
  if (!v.plan || !v.documents) {
    out.line("네트워크 계획이 없습니다. 'docdesk network plan import 파일.json'으로 가져오거나 설정 → 네트워크 계획에서 입력하세요.");
    return;
  }
  out.line(`이용기관: ${v.plan.institution.name} · 망 구성: ${NETWORK_MODE_LABELS[v.plan.mode]} · 기준일: ${v.today}`);
  if (v.issues.length > 0) {
    out.line(`확인할 항목 ${v.issues.length}개:`);
    printIssues(out, v.issues);
  }
  for (const f of v.documents.forms) out.line(`\n${f.text}`);
  out.line('\n[방화벽 플로우] (카카오페이 네트워크 연동 가이드 §5.1, NHN KCP 계좌인증 연동 가이드 §2.1.1)');
  out.line(v.documents.flowsText);
}

export async function networkPlan(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const [verb, file] = pos;
  switch (verb) {
    case 'show': {
      const v = await b.networkPlan.view();
      out.result(v);
      printView(out, v);
      return v.plan ? 0 : 1;
    }
    case 'import': {
      if (!file) throw new CliError('MISSING_ARGUMENT', '네트워크 계획 JSON 파일 경로가 필요합니다.', 2);
      const v = await b.networkPlan.importFile(file);
      out.result(v);
      out.line(`네트워크 계획을 저장했습니다 (${v.plan ? NETWORK_MODE_LABELS[v.plan.mode] : ''}).`);
      if (v.issues.length > 0) {
        out.line(`확인할 항목 ${v.issues.length}개:`);
        printIssues(out, v.issues);
      }
      out.line("양식과 방화벽 플로우: 'docdesk network plan show', 대행사용 엑셀: 'docdesk network forms --out 파일.xlsx'");
      return 0;
    }
    case 'schema': {
      const schema = z.toJSONSchema(networkPlanSchema, { io: 'input', unrepresentable: 'any' });
      out.result(schema);
      out.line(JSON.stringify(schema, null, 2));
      return 0;
    }
    default:
      throw new CliError('UNKNOWN_COMMAND', PLAN_USAGE, 2);
  }
}

export async function networkForms(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  if (pos.length > 0) throw new CliError('UNKNOWN_COMMAND', 'network forms [--out FILE.xlsx]', 2);
  if (v.out !== undefined && !/\.xlsx$/i.test(v.out)) throw new CliError('INVALID_ARGUMENT', `--out은 .xlsx 파일이어야 합니다 (${v.out}).`, 2);
  const filePath = await b.networkPlan.exportForms(v.out);
  out.result({ filePath });
  out.line(`대행사에 보낼 양식을 저장했습니다: ${filePath}`);
  return 0;
}

export async function networkProfile(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const [name, extra] = pos;
  if (!name || extra !== undefined) throw new CliError('MISSING_ARGUMENT', 'network profile NAME [--sandbox] [--out FILE.json] [--yes]', 2);
  if (v.out !== undefined && !/\.json$/i.test(v.out)) throw new CliError('INVALID_ARGUMENT', `--out은 .json 파일이어야 합니다 (${v.out}).`, 2);
  const target = v.sandbox ? 'sandbox' : 'production';
  const file = await b.networkPlan.writeProfile(name, target, v.out);
  // The same confirmation as `profile import`: a replacement lists every changed field and needs a yes.
  const preview = await b.previewProfileImport(file);
  if (preview.exists && preview.changes.length > 0) {
    out.progress(`프로필 '${preview.name}'이(가) 이미 있습니다${preview.active ? ' (사용 중인 프로필)' : ''}. 바뀌는 항목:`);
    for (const c of preview.changes) out.progress(`  ${PROFILE_KEY_FIELDS.test(c.field) ? '!' : ' '} ${c.field}: ${c.before ?? '(없음)'} → ${c.after ?? '(없음)'}`);
    await confirm(v, `프로필 '${preview.name}'을(를) 네트워크 계획대로 바꿉니다. 계속할까요?`);
  }
  const r = await b.importProfile(file, { confirmReplace: preview.digest });
  out.result({ file, imported: r.name, kind: r.kind, replaced: r.replaced, changes: r.changes });
  out.line(`프로필 파일: ${file}`);
  if (!r.replaced) out.line(`프로필 '${r.name}'(${r.kind})을 만들었습니다. 'docdesk profile use ${r.name}'로 활성화하세요.`);
  else out.line(r.changes === 0 ? `프로필 '${r.name}'은(는) 이미 계획과 같습니다.` : `프로필 '${r.name}'(${r.kind})을 바꿨습니다 (${r.changes}개 항목).`);
  return 0;
}
