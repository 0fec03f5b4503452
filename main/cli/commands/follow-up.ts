// `docdesk mail follow-up ID --out FILE.xlsx --reason TEXT` (issue 14 item 10): the mailing's unread and failed
// recipients for the next channel (SMS, post), unmasked, with the reason in Korean; the export's reason goes to
// the audit log. Exit 0 also when nobody needs follow-up (the sheet then holds the header only).
import { FOLLOW_UP_REASONS, followUpReasonLabel } from '../../../shared/domain/follow-up.ts';
import type { Backend } from '../../app/backend.ts';
import { seoulDateTime } from '../../documents/format.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError('MISSING_ARGUMENT', `${what}이(가) 필요합니다.`, 2);
  return value;
}

export async function mailFollowUp(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const mailingId = need(pos[0], '발송 건 ID');
  const outPath = need(v.out, '--out (저장할 .xlsx 파일)');
  const reason = need(v.reason, '--reason (내보내는 사유, 예: "3일 미열람 → 우편 발송")');
  const r = await b.followUp.export({ mailingId, reason }, { outPath });
  const d = await b.followUp.deadline(mailingId);
  out.result({ ...r, deadlineAt: d.deadlineAt, deadlinePassed: d.deadlinePassed });
  const deadline = d.deadlineAt === null ? '아직 접수된 문서 없음' : `${seoulDateTime(d.gatewayDeadlineAt)}${d.deadlinePassed ? ' (지남)' : ''}`;
  out.line(`${mailingId} '${d.name}' · 열람 기한 ${deadline}`);
  out.line(`후속 조치 ${r.rows.toLocaleString('ko-KR')}명 (미열람 ${r.unread.toLocaleString('ko-KR')} · 실패 ${r.failed.toLocaleString('ko-KR')})`);
  for (const k of FOLLOW_UP_REASONS) {
    if (r.reasons[k] > 0) out.line(`  ${followUpReasonLabel(k, { deadlinePassed: d.deadlinePassed })}: ${r.reasons[k].toLocaleString('ko-KR')}`);
  }
  if (r.excludedUnknown > 0) {
    out.line(`결과를 알 수 없는 ${r.excludedUnknown.toLocaleString('ko-KR')}건은 넣지 않았습니다: 이미 전달되었을 수 있으니 먼저 'docdesk mail resolve ${mailingId}'로 결정하세요.`);
  }
  out.line(`저장: ${r.filePath}`);
  return 0;
}
