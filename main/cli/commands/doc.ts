// `docdesk doc resend|check` (issue 14 item 4): fix a refused or abandoned document's recipient and send it again
// as a new document linked to the old one, and ask one document's status now. The same backend actions as the
// drawer's "수정 후 다시 보내기" and "지금 확인" (main/app/document-actions.ts).
import { documentAdvice, errorCodeAdvice } from '../../../shared/domain/docsgw-advice.ts';
import { recipientFixSchema, type OneDocumentPlan } from '../../../shared/domain/document-actions.ts';
import { IMPORT_FIELD_LABELS_KO } from '../../../shared/domain/import.ts';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { printAdvice, type Output } from '../output.ts';
import { confirm, need } from './mail.ts';

function showPlan(out: Output, plan: OneDocumentPlan): void {
  const o = plan.original;
  if (o) out.progress(`원래 문서: #${o.documentId} ${o.externalDocumentUuid ?? '-'} (${o.mailingName}) ${o.recipient} — ${o.state}${o.errorCode ? ` ${o.errorCode}` : ''}`);
  for (const c of plan.changes) out.progress(`  ${IMPORT_FIELD_LABELS_KO[c.field]}: ${c.before} → ${c.after}`);
  if (plan.changes.length === 0) out.progress('  수신자 정보는 그대로 보냅니다.');
  out.progress(`보낼 문서: ${plan.recipient} · 제목 '${plan.title}' · 링크 ${plan.link} · 열람 기한 ${plan.expiresInDays}일 · 프로필 ${plan.profile}`);
}

export async function docResend(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const ref = need(pos[0], '다시 보낼 문서의 external_document_uuid 또는 document_binder_uuid');
  const fix = recipientFixSchema.parse({ phone: v.phone, name: v.name, birthday: v.birthday });
  const plan = await b.document.planResend(ref, fix);
  showPlan(out, plan);
  await confirm(v, `이 문서를 고쳐 새 문서로 '${plan.profile}' 프로필로 다시 보낼까요?`);
  const r = await b.document.resend(ref, fix, plan.digest);
  const advice = documentAdvice(r);
  out.result({ ...r, changes: plan.changes, profile: plan.profile, advice });
  out.line(`다시 보낸 문서: ${r.externalDocumentUuid ?? '(아직 보내지 않음)'} (발송 건 ${r.mailingId}) — ${r.state}${r.errorCode ? ` ${r.errorCode} ${r.errorMessage ?? ''}` : ''}`);
  out.line(`  원래 문서 ${r.resendOf ?? ref}의 기록에 '다시 보냄'으로, 새 문서의 기록에 '다시 보낸 문서'로 연결되었습니다.`);
  if (advice) printAdvice(out, advice, '  ');
  if (r.state === 'UNKNOWN') {
    out.line(`  결과를 알 수 없습니다. 결정: docdesk mail resolve ${r.mailingId} --unknown resend | abandon`);
    return 3;
  }
  return r.state === 'ACCEPTED' || r.state === 'REJECTED' ? 0 : 1;
}

export async function docCheck(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const ref = need(pos[0], '조회할 문서의 external_document_uuid 또는 document_binder_uuid');
  const r = await b.document.check(ref);
  const advice = r.outcome === 'refused' && r.errorCode ? errorCodeAdvice(r.errorCode) : null;
  out.result({ ...r, advice });
  const was = r.previous ?? 'SENT(아직 조회 전)';
  if (r.outcome === 'ok') {
    out.line(`문서 #${r.documentId} ${r.externalDocumentUuid ?? ''}: ${r.changed ? `${was} → ${r.docBoxStatus}` : `${r.docBoxStatus ?? was} (변화 없음)`}`);
    return 0;
  }
  out.line(`문서 #${r.documentId} 상태를 확인하지 못했습니다: ${r.errorCode ?? ''} ${r.message ?? ''}`);
  if (advice) printAdvice(out, advice, '  ');
  return 1;
}
