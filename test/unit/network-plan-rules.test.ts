// Every rule of the network plan with the section it comes from (issue 15): errors refuse the plan, warnings flag
// it. Seed 000 "카카오페이 전자문서 - 네트워크 연동 가이드" v1 20211101, quoted where each rule is tested.
import { describe, expect, it } from 'vitest';
import { checkNetworkPlan, type NetworkMode, type NetworkPlanInput, type PlanIssue } from '../../shared/domain/network-plan.ts';
import { TODAY, planFor } from '../fixtures/network/plans.ts';

function check(plan: NetworkPlanInput | Record<string, unknown>, today = TODAY): PlanIssue[] {
  return checkNetworkPlan(plan, today).issues;
}
const on = (issues: PlanIssue[], field: string) => issues.filter((i) => i.field === field);
const errors = (issues: PlanIssue[]) => issues.filter((i) => i.severity === 'error');

describe('a complete plan passes in every mode of seed 000 §2.3', () => {
  it.each<NetworkMode>(['public', 'public-vpn', 'leased', 'leased-vpn'])('%s', (mode) => {
    expect(check(planFor(mode))).toEqual([]);
  });
});

describe('seed 000 §2.1 IP 정책: "공인 IP이면서 고정 IP인 경우에만 연동 가능" — 사설 / 유동 / 도메인 / 대역 연동 불가', () => {
  const withIp = (ip: string) => check(planFor('public', { server: { publicIps: ['211.45.67.10', ip], hostname: 'edoc-send01' } }));

  it.each([
    ['10.1.2.3', '사설 IP(10.0.0.0/8)'],
    ['172.20.0.5', '사설 IP(172.16.0.0/12)'],
    ['192.168.0.10', '사설 IP(192.168.0.0/16)'],
    ['127.0.0.1', '루프백'],
  ])('private %s is refused (사설 IP 연동 불가)', (ip, what) => {
    const [issue, ...rest] = on(withIp(ip), 'server.publicIps.1');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.1' });
    expect(issue?.message).toContain('서버 공인 IP 2번째');
    expect(issue?.message).toContain(what);
    expect(issue?.message).toContain('카카오페이 네트워크 연동 가이드 §2.1');
  });

  it.each([
    ['100.64.12.7', 'CGNAT'],
    ['169.254.10.1', '링크 로컬'],
  ])('a shared or self-assigned address %s is refused as not fixed (유동 IP 연동 불가)', (ip, what) => {
    const [issue] = on(withIp(ip), 'server.publicIps.1');
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.1' });
    expect(issue?.message).toContain(what);
    expect(issue?.message).toContain('유동 IP 연동 불가');
  });

  it.each(['211.45.67.0/24', '211.45.67.10-20', '211.45.67.10 ~ 211.45.67.20', '211.45.67.*'])('a range %s is refused (대역 연동 불가)', (ip) => {
    const [issue] = on(withIp(ip), 'server.publicIps.1');
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.1' });
    expect(issue?.message).toContain('대역 연동 불가');
  });

  it('a domain is refused (도메인 대상으로 연동 불가)', () => {
    const [issue] = on(withIp('edoc.example.or.kr'), 'server.publicIps.1');
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.1' });
    expect(issue?.message).toContain('도메인 대상 연동 불가');
  });

  it.each(['192.0.2.10', '198.51.100.7', '203.0.113.10', '224.0.0.5', '0.1.2.3', '256.1.1.1'])('%s is not a public address and is refused', (ip) => {
    expect(on(withIp(ip), 'server.publicIps.1')).toMatchObject([{ severity: 'error' }]);
  });

  it('an address ending in .0 or .255 is flagged as looking like a range', () => {
    expect(on(withIp('211.45.68.0'), 'server.publicIps.1')).toMatchObject([{ severity: 'warning', section: 'seed 000 §2.1' }]);
  });

  it('the same IP twice is refused', () => {
    expect(on(withIp('211.45.67.10'), 'server.publicIps.1')).toMatchObject([{ severity: 'error', section: 'seed 000 §3.1' }]);
  });

  it.each(['edoc.iptime.org', 'send01.duckdns.org', 'dynamic-211-45-67-10.kornet.net', 'adsl-22.example.net', 'pool-5.isp.example'])(
    'a dynamic-looking host name %s is refused (유동 IP 연동 불가)',
    (hostname) => {
      const [issue] = on(check(planFor('public', { server: { publicIps: ['211.45.67.10'], hostname } })), 'server.hostname');
      expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.1' });
      expect(issue?.message).toContain('유동 IP 연동 불가');
    },
  );

  it('a host name made of the address is flagged; a server name is fine', () => {
    expect(on(check(planFor('public', { server: { publicIps: ['211.45.67.10'], hostname: '211-45-67-10.static.example.net' } })), 'server.hostname')).toMatchObject([{ severity: 'warning' }]);
    expect(on(check(planFor('public', { server: { publicIps: ['211.45.67.10'], hostname: 'EDOCSEND01' } })), 'server.hostname')).toEqual([]);
  });

  it('the VPN device IP follows the same rule (§4.1 2.: 공인 IP만 가능, 사설 IP 불가능)', () => {
    const [issue] = on(check(planFor('public-vpn', { vpn: { model: '트러스가드', ip: '192.168.10.1' } })), 'vpn.ip');
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §4.1' });
    expect(issue?.message).toContain('VPN 장비 IP');
    expect(issue?.message).toContain('사설 IP 연동 불가');
  });
});

describe('seed 000 §2.2 Port 정책: "443 Port만 지원 가능"', () => {
  it('any other port is refused', () => {
    const [issue] = on(check(planFor('public', { kakaopayPort: 8443 })), 'kakaopayPort');
    expect(issue).toMatchObject({ severity: 'error', section: 'seed 000 §2.2' });
    expect(issue?.message).toContain('443');
  });
});

describe('seed 000 §4.1 2. / §4.2 3.: "희망 개통 일자는 신청일로부터 4주 이상"', () => {
  it('27 days ahead is flagged, 28 days is not (VPN, §4.1)', () => {
    expect(on(check(planFor('public-vpn', { wishedOpeningDate: '2026-03-29' })), 'wishedOpeningDate')).toMatchObject([{ severity: 'warning', section: 'seed 000 §4.1' }]);
    expect(on(check(planFor('public-vpn', { wishedOpeningDate: '2026-03-30' })), 'wishedOpeningDate')).toEqual([]);
  });

  it('a date in the past is flagged for a leased line (§4.2), counted from the application date', () => {
    const [issue] = on(check(planFor('leased', { wishedOpeningDate: '2026-02-01' })), 'wishedOpeningDate');
    expect(issue).toMatchObject({ severity: 'warning', section: 'seed 000 §4.2' });
    expect(issue?.message).toContain('4주');
  });

  it('a VPN or leased-line application without a date, or with a non-date, is refused', () => {
    expect(on(check(planFor('leased', { wishedOpeningDate: undefined })), 'wishedOpeningDate')).toMatchObject([{ severity: 'error', section: 'seed 000 §4.2' }]);
    expect(on(check(planFor('leased-vpn', { wishedOpeningDate: '2026-02-30' })), 'wishedOpeningDate')).toMatchObject([{ severity: 'error' }]);
  });

  it('the public internet has no opening lead time', () => {
    expect(on(check(planFor('public', { wishedOpeningDate: '2026-03-03' })), 'wishedOpeningDate')).toEqual([]);
  });
});

describe('seed 000 §4.2 1.: "이중화 필수입니다 … 서로 다른 ISP로 1회선씩 청약"', () => {
  it.each([[['KT']], [['KT', 'kt']], [[]]])('a leased line with %j is flagged', (isps) => {
    const [issue] = on(check(planFor('leased', { isps })), 'isps');
    expect(issue).toMatchObject({ severity: 'warning', section: 'seed 000 §4.2' });
    expect(issue?.message).toContain('이중화');
  });
  it('two different ISPs pass', () => {
    expect(on(check(planFor('leased-vpn', { isps: ['LG U+', 'SK브로드밴드'] })), 'isps')).toEqual([]);
  });
  it('a leased line needs the IDC address of the form (§4.2 1.)', () => {
    expect(on(check(planFor('leased', { idc: undefined })), 'idc.address')).toMatchObject([{ severity: 'error', section: 'seed 000 §4.2' }]);
  });
});

describe('seed 000 §4.1 VPN 가이드', () => {
  it('a VPN mode without the device is refused', () => {
    expect(on(check(planFor('leased-vpn', { vpn: undefined })), 'vpn')).toMatchObject([{ severity: 'error', section: 'seed 000 §4.1' }]);
  });
  it('a device outside "포티넷 / 트러스가드 / 주니퍼 / axgate / 퓨처시스템" is flagged; vendor spellings are recognised', () => {
    expect(on(check(planFor('public-vpn', { vpn: { model: 'Cisco ASA 5506', ip: '211.45.67.1' } })), 'vpn.model')).toMatchObject([{ severity: 'warning', section: 'seed 000 §4.1' }]);
    for (const model of ['FortiGate 100F', 'TrusGuard 200', 'Juniper SRX300', 'AXGATE-3000', '퓨쳐시스템 WeGuardia']) {
      expect(on(check(planFor('public-vpn', { vpn: { model, ip: '211.45.67.1' } })), 'vpn.model')).toEqual([]);
    }
  });
});

describe('seed 001 §2.2: "전용선으로 대량(bulk) 전송 시 반드시 별도의 회선을 구성"', () => {
  it('a leased line without a bulk-only address, or with the same one, is flagged', () => {
    expect(on(check(planFor('leased', { bulkLocalAddress: undefined })), 'bulkLocalAddress')).toMatchObject([{ severity: 'warning', section: 'seed 001 §2.2' }]);
    expect(on(check(planFor('leased', { bulkLocalAddress: '10.10.2.20' })), 'bulkLocalAddress')).toMatchObject([{ severity: 'warning' }]);
    expect(on(check(planFor('public', { bulkLocalAddress: undefined })), 'bulkLocalAddress')).toEqual([]);
  });
  it('local addresses are this PC\'s (private is fine) but must be addresses', () => {
    expect(on(check(planFor('leased', { bulkLocalAddress: '127.0.0.2', otherLocalAddress: '127.0.0.3' })), 'bulkLocalAddress')).toEqual([]);
    expect(on(check(planFor('leased', { otherLocalAddress: 'lan2' })), 'otherLocalAddress')).toMatchObject([{ severity: 'error' }]);
  });
});

describe('seed 001 §2.1: "일단위 50만 건 이상 발송 예정인 경우 사전 검토 요청"', () => {
  it('500,000 a day is flagged, 499,999 is not', () => {
    const volume = (dailyDocuments: number) => ({ dailyDocuments, peakHourPercent: 20 });
    expect(on(check(planFor('public', { volume: volume(500_000) })), 'volume.dailyDocuments')).toMatchObject([{ severity: 'warning', section: 'seed 001 §2.1' }]);
    expect(on(check(planFor('public', { volume: volume(499_999) })), 'volume.dailyDocuments')).toEqual([]);
  });
});

describe('test hosts that may charge real money', () => {
  it('PayUp\'s test host (reference B1) and KCP\'s test gateway (seed 004 §3.1.1) are flagged', () => {
    const issues = check(planFor('public', { payup: { environment: 'test', merchantId: 'm1' }, kcp: { environment: 'test', siteCd: 'T0000' } }));
    expect(on(issues, 'payup.environment')).toMatchObject([{ severity: 'warning' }]);
    expect(on(issues, 'kcp.environment')).toMatchObject([{ severity: 'warning', section: 'seed 004 §3.1.1' }]);
  });
});

describe('the shape: Korean messages naming the field', () => {
  it('a missing institution name, a bad email and an unknown key', () => {
    const plan = planFor('public');
    const issues = check({ ...plan, institution: { ...plan.institution, name: '' }, extra: 1 });
    expect(errors(issues).map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringContaining('이용기관명: 값을 입력하세요'), expect.stringContaining("알 수 없는 항목 'extra'")]));
    const mail = on(check({ ...plan, institution: { ...plan.institution, contact: { ...plan.institution.contact, email: 'it-at-example' } } }), 'institution.contact.email');
    expect(mail).toMatchObject([{ severity: 'error' }]);
    expect(mail[0]?.message).toContain('담당자 이메일');
  });
  it('the rules read an incomplete plan too (the screen checks while the operator types), without repeating the shape\'s message', () => {
    const { plan, issues } = checkNetworkPlan({ mode: 'leased', server: { publicIps: ['10.0.0.5', ''], hostname: '' } }, TODAY);
    expect(plan).toBeNull();
    expect(on(issues, 'server.publicIps.0')).toMatchObject([{ severity: 'error', section: 'seed 000 §2.1' }]);
    expect(on(issues, 'server.publicIps.1')).toMatchObject([{ severity: 'error', section: 'schema' }]);
    expect(on(issues, 'server.hostname')).toMatchObject([{ severity: 'error', section: 'schema' }]);
    expect(on(issues, 'wishedOpeningDate')).toMatchObject([{ severity: 'error', section: 'seed 000 §4.2' }]);
    expect(on(issues, 'isps')).toMatchObject([{ severity: 'warning', section: 'seed 000 §4.2' }]);
  });
  it('an unknown mode lists the four of seed 000 §2.3', () => {
    const [issue] = on(check({ ...planFor('public'), mode: 'satellite' }), 'mode');
    expect(issue?.message).toContain('public, public-vpn, leased, leased-vpn');
  });
});
