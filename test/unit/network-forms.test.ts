// Golden tests of the agency's forms (issue 15): each filled form carries exactly the seed's fields, in the seed's
// order and words. The seed passages are copied here (tests never read the seeds at run time).
import { describe, expect, it } from 'vitest';
import { networkPlanSchema, type NetworkMode } from '../../shared/domain/network-plan.ts';
import type { BandwidthEstimate, FilledForm } from '../../shared/domain/network-documents.ts';
import { estimateBandwidth } from '../../main/network/bandwidth.ts';
import { handoverForm, leasedLineForm, planForms, preReviewRequestForm, vpnForm } from '../../main/network/forms.ts';
import { planFor } from '../fixtures/network/plans.ts';

// seed 000 §3.1 서버 정보 교환
const SEED_000_3_1 = `- 연동할 서버를 대상으로 카카오에서 방화벽 작업을 진행합니다.
- 따라서 카카오페이 전자문서 서버와 통신할 서버 정보 (IP 및 hostname) 를 전달해주세요.
- 방화벽 요청 시, 담당대행사를 통해서 전달 부탁 드립니다.`;

// seed 000 §4.1 VPN 가이드 및 신청양식: "위 내용 숙지 후, 아래 양식을 작성하여 담당 대행사에게 전달해주시기 바랍니다."
const SEED_000_4_1_FORM = `- 1. 이용기관 정보
 - ㅇ 담당자(이름/전화번호/이메일):
- 2. 파트너사 측 VPN 모델 / IP / 연결방식 (공인 IP만 가능, 사설 IP 불가능)
- ㅇ 모델명:
 - o IP:
 - o 연결방식(전용선+VPN, 공중망+VPN 중 택일):
- 3. 서버 IP (공인 IP만 가능, 사설 IP 불가능):
- 4. 기타 요청 및 문의`;

// seed 000 §4.2 전용선 가이드 및 신청양식
const SEED_000_4_2_FORM = `- 1. 파트너사 IDC 정보
 - ㅇ 주소:
 - ㅇ 담당자(이름/전화번호/이메일):
- 2. 연결 방식 (전용선, 전용선+VPN 중 택일):
- 3. 이용기관에서 청약예정인 ISP:
- 4. BW(대역폭 / ex. 128k, 256k, 2M):
- 5. 희망 개통 일자:
- 6. 서버 IP (공인 IP만 가능, 사설 IP 불가능):
- 7. 기타 요청 및 문의`;

// seed 001 §2.1 발송 건수 제약: "사전 검토 요청 시, 아래 양식을 작성하여 대행사 혹은 카카오페이 사업 담당자에게 전달해주세요."
const SEED_001_2_1_FORM = `1. 이용기관명:
2. 발송예정일(기간):
3. 일단위 발송 건수:
4. 예상 TPS:
5. 발송목적:`;

/** The seed's form as [number, label] pairs: "N." for numbered items, "" for the ㅇ/o sub-items. */
function seedFields(text: string): [string, string][] {
  return text.split('\n').map((line) => {
    const body = line.replace(/^\s*-\s*/, '').replace(/^(ㅇ|o)\s+/, '');
    const m = /^(\d+\.)\s+(.*)$/.exec(body);
    const label = (m ? m[2] : body)?.replace(/:\s*$/, '').trim() ?? '';
    return [m ? (m[1] ?? '') : '', label];
  });
}
const fieldsOf = (f: FilledForm | null): [string, string][] => (f?.fields ?? []).map((x) => [x.no, x.label]);

const BANDWIDTH: BandwidthEstimate = estimateBandwidth(
  { dailyDocuments: 600_000, peakHourPercent: 25 },
  { bytesPer100: 48_000, source: { kind: 'sample', requests: 1, documents: 100, from: null, to: null } },
  () => '',
);
const plan = (mode: NetworkMode, extra = {}) => networkPlanSchema.parse(planFor(mode, extra));

describe('each form has exactly the seed\'s fields, in order', () => {
  it('§3.1: 서버 정보 (IP 및 hostname)', () => {
    const named = /서버 정보 \((.+) 및 (.+)\)/.exec(SEED_000_3_1);
    expect(fieldsOf(handoverForm(plan('public')))).toEqual([
      ['1.', named?.[1]],
      ['2.', named?.[2]],
    ]);
  });
  it('§4.1 VPN 신청양식', () => {
    expect(fieldsOf(vpnForm(plan('public-vpn')))).toEqual(seedFields(SEED_000_4_1_FORM));
  });
  it('§4.2 전용선 신청양식', () => {
    expect(fieldsOf(leasedLineForm(plan('leased'), BANDWIDTH))).toEqual(seedFields(SEED_000_4_2_FORM));
  });
  it('seed 001 §2.1 사전 검토 요청', () => {
    expect(fieldsOf(preReviewRequestForm(plan('public', { volume: { dailyDocuments: 500_000, peakHourPercent: 10 } }), 20))).toEqual(seedFields(SEED_001_2_1_FORM));
  });
});

describe('filled in from the plan', () => {
  it('the VPN form of a leased line + VPN institution, as copied', () => {
    const f = vpnForm(plan('leased-vpn', { notes: '야간 작업 희망' }));
    expect(f.text).toBe(
      [
        '[VPN 신청양식] (카카오페이 네트워크 연동 가이드 §4.1)',
        '1. 이용기관 정보: 한국전자고지공단',
        '   - 담당자(이름/전화번호/이메일): 홍길동 / 02-123-4567 / it@example.or.kr',
        '2. 파트너사 측 VPN 모델 / IP / 연결방식 (공인 IP만 가능, 사설 IP 불가능)',
        '   - 모델명: 포티넷 FortiGate 60F',
        '   - IP: 211.45.67.1',
        '   - 연결방식(전용선+VPN, 공중망+VPN 중 택일): 전용선+VPN',
        '3. 서버 IP (공인 IP만 가능, 사설 IP 불가능): 211.45.67.10, 121.134.22.5',
        '4. 기타 요청 및 문의: 희망 개통 일자: 2099-03-02 / 야간 작업 희망',
      ].join('\n'),
    );
    expect(vpnForm(plan('public-vpn')).fields.find((x) => x.label.startsWith('연결방식'))?.value).toBe('공중망+VPN');
  });

  it('the leased-line form with the bandwidth of the estimate and the calculation under it', () => {
    const f = leasedLineForm(plan('leased', { idc: { address: '경기도 성남시 분당구 판교역로 1', contact: { name: '김IDC', phone: '031-700-0000', email: 'idc@example.com' } } }), BANDWIDTH);
    expect(f.fields.map((x) => x.value)).toEqual([
      '',
      '경기도 성남시 분당구 판교역로 1',
      '김IDC / 031-700-0000 / idc@example.com',
      '전용선',
      'KT, SK브로드밴드',
      BANDWIDTH.line,
      '2099-03-02',
      '211.45.67.10, 121.134.22.5',
      '',
    ]);
    expect(BANDWIDTH.line).toBe('256k');
    expect(f.appendix.slice(1)).toEqual(BANDWIDTH.steps);
    expect(leasedLineForm(plan('leased-vpn'), BANDWIDTH).fields[3]?.value).toBe('전용선+VPN');
    // No IDC contact given: the institution's contact fills the form.
    expect(leasedLineForm(plan('leased'), BANDWIDTH).fields[2]?.value).toBe('홍길동 / 02-123-4567 / it@example.or.kr');
  });

  it('the pre-review form reuses the mailing engine\'s form (TPS from the request rate × 100)', () => {
    const f = preReviewRequestForm(plan('leased', { volume: { dailyDocuments: 600_000, peakHourPercent: 25, plannedDates: '2099-03-10 ~ 2099-03-12', purpose: '관리비 고지' } }), 20);
    expect(f?.fields.map((x) => x.value)).toEqual(['한국전자고지공단', '2099-03-10 ~ 2099-03-12', '600,000건', '2,000 (문서 기준: 초당 요청 20건 × 요청당 최대 100건)', '관리비 고지']);
    expect(preReviewRequestForm(plan('leased'), 20)).toBeNull();
  });
});

describe('which forms each mode needs', () => {
  it.each<[NetworkMode, string[]]>([
    ['public', ['handover']],
    ['public-vpn', ['handover', 'vpn']],
    ['leased', ['handover', 'leased']],
    ['leased-vpn', ['handover', 'vpn', 'leased']],
  ])('%s', (mode, ids) => {
    expect(planForms(plan(mode), BANDWIDTH, 20).map((f) => f.id)).toEqual(ids);
    expect(planForms(plan(mode, { volume: { dailyDocuments: 700_000, peakHourPercent: 10 } }), BANDWIDTH, 20).map((f) => f.id)).toEqual([...ids, 'preReview']);
  });
});
