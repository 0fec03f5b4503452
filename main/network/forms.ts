// The documents the institution sends through its agency (대행사), filled in from the plan, in Korean and in the
// seeds' field order: the server information for the firewall work (seed 000 §3.1), the VPN application (§4.1),
// the leased-line application with its bandwidth (§4.2), and the pre-review request of seed 001 §2.1 when the
// planned day reaches 500,000 documents (the mailing engine's own form, main/mailing/pre-review.ts).
import type { BandwidthEstimate, FilledForm, FormField } from '../../shared/domain/network-documents.ts';
import { NETWORK_MODE_LABELS, usesLeasedLine, usesVpn, type NetworkPlan, type PlanContact } from '../../shared/domain/network-plan.ts';
import { groupDigits, PRE_REVIEW_FIELDS, preReviewFieldText } from '../../shared/domain/pre-review.ts';
import { preReviewForm } from '../mailing/pre-review.ts';

const contactText = (c: PlanContact): string => `${c.name} / ${c.phone} / ${c.email}`;
const ips = (plan: NetworkPlan): string => plan.server.publicIps.join(', ');

/** What the copy button copies: the seed's numbering and labels, one field per line. */
export function formText(title: string, section: string, fields: readonly FormField[], appendix: readonly string[]): string {
  const lines = [`[${title}] (${section})`];
  for (const f of fields) {
    const head = f.no ? `${f.no} ${f.label}` : `   - ${f.label}`;
    lines.push(f.value ? `${head}: ${f.value}` : head);
  }
  if (appendix.length > 0) lines.push('', ...appendix);
  return lines.join('\n');
}

function form(id: FilledForm['id'], title: string, section: string, fields: FormField[], appendix: string[] = []): FilledForm {
  return { id, title, section, fields, appendix, text: formText(title, section, fields, appendix) };
}

const field = (no: string, label: string, value = ''): FormField => ({ no, label, value });

/** seed 000 §3.1: 카카오페이 전자문서 서버와 통신할 서버 정보 (IP 및 hostname), 담당대행사를 통해 전달. */
export function handoverForm(plan: NetworkPlan): FilledForm {
  return form('handover', '서버 정보 교환 (방화벽 작업 요청)', '카카오페이 네트워크 연동 가이드 §3.1', [field('1.', 'IP', ips(plan)), field('2.', 'hostname', plan.server.hostname)], [
    `이용기관: ${plan.institution.name}`,
    `담당자(이름/전화번호/이메일): ${contactText(plan.institution.contact)}`,
    `망 구성 방식: ${NETWORK_MODE_LABELS[plan.mode]}`,
    '방화벽 요청은 담당 대행사를 통해 전달합니다.',
  ]);
}

/** "기타 요청 및 문의": the wished opening date (§4.1 2. asks for ≥ 4 weeks but the VPN form has no field for it), then the notes. */
function otherRequests(plan: NetworkPlan, withDate: boolean): string {
  const parts = [];
  if (withDate && plan.wishedOpeningDate) parts.push(`희망 개통 일자: ${plan.wishedOpeningDate}`);
  if (plan.notes) parts.push(plan.notes);
  return parts.join(' / ');
}

/** seed 000 §4.1 신청양식 (fields 1.–4. with their sub-items, in order). */
export function vpnForm(plan: NetworkPlan): FilledForm {
  return form('vpn', 'VPN 신청양식', '카카오페이 네트워크 연동 가이드 §4.1', [
    field('1.', '이용기관 정보', plan.institution.name),
    field('', '담당자(이름/전화번호/이메일)', contactText(plan.institution.contact)),
    field('2.', '파트너사 측 VPN 모델 / IP / 연결방식 (공인 IP만 가능, 사설 IP 불가능)'),
    field('', '모델명', plan.vpn?.model ?? ''),
    field('', 'IP', plan.vpn?.ip ?? ''),
    field('', '연결방식(전용선+VPN, 공중망+VPN 중 택일)', usesLeasedLine(plan.mode) ? '전용선+VPN' : '공중망+VPN'),
    field('3.', '서버 IP (공인 IP만 가능, 사설 IP 불가능)', ips(plan)),
    field('4.', '기타 요청 및 문의', otherRequests(plan, true)),
  ]);
}

/** seed 000 §4.2 신청양식 (fields 1.–7.), BW from the estimate, the calculation under the form. */
export function leasedLineForm(plan: NetworkPlan, bandwidth: BandwidthEstimate): FilledForm {
  return form(
    'leased',
    '전용선 신청양식',
    '카카오페이 네트워크 연동 가이드 §4.2',
    [
      field('1.', '파트너사 IDC 정보'),
      field('', '주소', plan.idc?.address ?? ''),
      field('', '담당자(이름/전화번호/이메일)', contactText(plan.idc?.contact ?? plan.institution.contact)),
      field('2.', '연결 방식 (전용선, 전용선+VPN 중 택일)', usesVpn(plan.mode) ? '전용선+VPN' : '전용선'),
      field('3.', '이용기관에서 청약예정인 ISP', plan.isps.join(', ')),
      field('4.', 'BW(대역폭 / ex. 128k, 256k, 2M)', bandwidth.line),
      field('5.', '희망 개통 일자', plan.wishedOpeningDate ?? ''),
      field('6.', '서버 IP (공인 IP만 가능, 사설 IP 불가능)', ips(plan)),
      field('7.', '기타 요청 및 문의', otherRequests(plan, false)),
    ],
    ['대역폭 산정 (전용선 스펙 산정 가이드, §4.2 5.)', ...bandwidth.steps],
  );
}

/** seed 001 §2.1 사전 검토 요청 — only when the planned day reaches 500,000; null otherwise. */
export function preReviewRequestForm(plan: NetworkPlan, rateLimitPerSec: number): FilledForm | null {
  const review = preReviewForm({
    institutionName: plan.institution.name,
    plannedDates: plan.volume.plannedDates ?? '',
    plannedToday: plan.volume.dailyDocuments,
    dailyCount: plan.volume.dailyDocuments,
    rateLimitPerSec,
    purpose: plan.volume.purpose ?? '',
  });
  if (!review.required) return null;
  return form(
    'preReview',
    '사전 검토 요청',
    '카카오페이 전자문서 발송(bulk) 요청 §2.1',
    PRE_REVIEW_FIELDS.map((f, i) => field(`${i + 1}.`, f.ko, preReviewFieldText(review, f.key))),
    [`일단위 ${groupDigits(review.threshold)}건 이상 발송 예정이므로 대행사 혹은 카카오페이 사업 담당자에게 전달합니다.`],
  );
}

/** Every form the plan's mode needs, in the order the agency handles them. */
export function planForms(plan: NetworkPlan, bandwidth: BandwidthEstimate, rateLimitPerSec: number): FilledForm[] {
  const forms = [handoverForm(plan)];
  if (usesVpn(plan.mode)) forms.push(vpnForm(plan));
  if (usesLeasedLine(plan.mode)) forms.push(leasedLineForm(plan, bandwidth));
  const review = preReviewRequestForm(plan, rateLimitPerSec);
  if (review) forms.push(review);
  return forms;
}
