// The firewall flow table per mode (seed 000 §5.1, §4; seed 004 §2.1.1; seed 002 §2.4–2.5), the profile a plan
// produces connecting to exactly its destinations, and the bandwidth rounding of seed 000 §4.2 5.
import { describe, expect, it } from 'vitest';
import { networkPlanSchema, type NetworkMode, type NetworkPlan } from '../../shared/domain/network-plan.ts';
import type { FlowRow } from '../../shared/domain/network-documents.ts';
import { profileSchema } from '../../shared/domain/profile.ts';
import { BUILTIN_PROFILES } from '../../main/app/builtin-profiles.ts';
import { estimateBandwidth, lineSizeFor } from '../../main/network/bandwidth.ts';
import { flowTable, flowTableText } from '../../main/network/flow-table.ts';
import { productionProfileFromPlan, rehearsalAddresses, sandboxProfileFromPlan } from '../../main/network/plan-profile.ts';
import { planFor } from '../fixtures/network/plans.ts';

// seed 000 §3.2 카카오페이 서버 정보 and §5.1 통신 플로우 (copied)
const GASAN = '113.29.182.90'; // PRODUCTION (REAL) 113.29.182.90 https://docs-gw.kakaopay.com 443 가산 IDC
const PANGYO = '210.103.253.40'; // PRODUCTION (REAL) 210.103.253.40 https://docs-gw.kakaopay.com 443 판교 IDC
// seed 004 §2.1.1 방화벽 설정 정보: 연결대상 PORT 8090, paygw.kcp.co.kr (실 결제), testpaygw.kcp.co.kr (테스트 결제)
// seed 002 §2.5 Base URL: 개발용 https://api.testpayup.co.kr, 운영용 https://api.payup.co.kr

const SERVICES = { payup: { environment: 'production' as const, merchantId: 'm-100' }, kcp: { environment: 'test' as const, siteCd: 'A1234' } };
const plan = (mode: NetworkMode, extra = {}): NetworkPlan => networkPlanSchema.parse(planFor(mode, { ...SERVICES, ...extra }));
const key = (r: FlowRow) => `${r.flow} ${r.line} ${r.source} → ${r.destination}:${r.port} (${r.destinationHost}) from ${r.localAddress ?? '-'}`;

describe('flow table per mode', () => {
  it('public internet: both IDCs of docs-gw.kakaopay.com (§5.1 1. 공중망), bulk and other lines apart', () => {
    const rows = flowTable(plan('public', { server: { publicIps: ['211.45.67.10'], hostname: 'edoc-send01' } }));
    expect(rows.map(key)).toEqual([
      `docsgw-gasan bulk 211.45.67.10 → ${GASAN}:443 (docs-gw.kakaopay.com) from 10.10.1.20`,
      `docsgw-gasan other 211.45.67.10 → ${GASAN}:443 (docs-gw.kakaopay.com) from 10.10.2.20`,
      `docsgw-pangyo bulk 211.45.67.10 → ${PANGYO}:443 (docs-gw.kakaopay.com) from 10.10.1.20`,
      `docsgw-pangyo other 211.45.67.10 → ${PANGYO}:443 (docs-gw.kakaopay.com) from 10.10.2.20`,
      'payup other 211.45.67.10 → api.payup.co.kr:443 (api.payup.co.kr) from -',
      'kcp other 211.45.67.10 → testpaygw.kcp.co.kr:8090 (testpaygw.kcp.co.kr) from -',
    ]);
    expect(rows[0]?.section).toContain('§5.1 1. 공중망');
  });

  it.each<NetworkMode>(['public-vpn', 'leased', 'leased-vpn'])('%s: Gasan only, through docs-gw-gs.kakaopay.com (§4, §5.1 2.)', (mode) => {
    const rows = flowTable(plan(mode)).filter((r) => r.service === 'docsgw');
    expect(new Set(rows.map((r) => r.destination))).toEqual(new Set([GASAN]));
    expect(new Set(rows.map((r) => r.destinationHost))).toEqual(new Set(['docs-gw-gs.kakaopay.com']));
    expect(rows.every((r) => r.flow === 'docsgw-gasan' && r.port === 443 && r.section.includes('§5.1 2.'))).toBe(true);
    // one row per source IP (이용기관 발신용 IP) and line
    expect(rows.map((r) => `${r.line} ${r.source}`)).toEqual(['bulk 211.45.67.10', 'bulk 121.134.22.5', 'other 211.45.67.10', 'other 121.134.22.5']);
  });

  it('one line for everything when the plan names no separate bulk address; only the services the plan uses', () => {
    const rows = flowTable(networkPlanSchema.parse(planFor('public', { bulkLocalAddress: undefined })));
    expect(new Set(rows.map((r) => r.line))).toEqual(new Set(['all']));
    expect(new Set(rows.map((r) => r.service))).toEqual(new Set(['docsgw']));
  });

  it('KCP production and PayUp test hosts', () => {
    const rows = flowTable(plan('leased', { payup: { environment: 'test', merchantId: 'm' }, kcp: { environment: 'production', siteCd: 'A1234' } }));
    expect(rows.filter((r) => r.flow === 'kcp').map((r) => `${r.destination}:${r.port}`)).toEqual(['paygw.kcp.co.kr:8090', 'paygw.kcp.co.kr:8090']);
    expect(rows.filter((r) => r.flow === 'payup').map((r) => `${r.destination}:${r.port}`)).toEqual(['api.testpayup.co.kr:443', 'api.testpayup.co.kr:443']);
  });

  it('copies as a tab-separated table with a header', () => {
    const text = flowTableText(flowTable(plan('leased')));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Source IP\tDestination\tPort\t프로토콜\t용도\t이 PC 주소\t근거');
    expect(lines).toHaveLength(1 + 4 + 2 + 2);
    expect(lines[1]?.split('\t').slice(0, 3)).toEqual(['211.45.67.10', `${GASAN} (docs-gw-gs.kakaopay.com)`, '443']);
  });
});

describe('the profile a plan produces uses exactly the flow table\'s destinations', () => {
  const destinations = (rows: FlowRow[], service: FlowRow['service']) => [...new Set(rows.filter((r) => r.service === service).map((r) => `${r.destination}:${r.port}`))];

  it.each<NetworkMode>(['public', 'public-vpn', 'leased', 'leased-vpn'])('%s, production', (mode) => {
    const p = plan(mode);
    const rows = flowTable(p);
    const profile = productionProfileFromPlan(p, 'agency');
    expect(profileSchema.parse(profile)).toEqual(profile);
    expect(profile.kind).toBe('production');
    expect(profile.docsgw.addresses.map((a) => `${a}:${profile.docsgw.port}`)).toEqual(destinations(rows, 'docsgw'));
    expect(new Set(rows.filter((r) => r.service === 'docsgw').map((r) => r.destinationHost))).toEqual(new Set([profile.docsgw.host]));
    const payup = new URL(profile.payup?.baseUrl ?? 'https://none');
    expect([`${payup.hostname}:${payup.port || 443}`]).toEqual(destinations(rows, 'payup'));
    expect(profile.payup?.merchantId).toBe('m-100');
    expect([`${profile.kcp?.host}:${profile.kcp?.port}`]).toEqual(destinations(rows, 'kcp'));
    expect(profile.kcp).toMatchObject({ transport: 'ppcli', siteCd: 'A1234' });
    // The profile has one local address for docs-gw: the plan's "everything else" address.
    expect(profile.docsgw.localAddress).toBe('10.10.2.20');
  });

  it('leaves out services the plan does not use', () => {
    const profile = productionProfileFromPlan(networkPlanSchema.parse(planFor('public')), 'agency');
    expect(profile.payup).toBeUndefined();
    expect(profile.kcp).toBeUndefined();
  });

  it.each<NetworkMode>(['public', 'leased'])('%s, rehearsal on the sandbox: each IDC of the table becomes its loopback stand-in', (mode) => {
    const sandbox = BUILTIN_PROFILES.find((b) => b.name === 'sandbox');
    if (!sandbox) throw new Error('no sandbox profile');
    const p = plan(mode, { bulkLocalAddress: '127.0.0.2', otherLocalAddress: '127.0.0.3' });
    const stand = rehearsalAddresses(sandbox);
    const profile = sandboxProfileFromPlan(p, 'rehearsal', sandbox);
    const idcs = [...new Set(flowTable(p).filter((r) => r.service === 'docsgw').map((r) => r.flow))] as (keyof typeof stand)[];
    expect(profile.docsgw.addresses).toEqual(idcs.map((f) => stand[f]));
    expect(profile.docsgw.addresses.every((a) => a.startsWith('127.'))).toBe(true);
    expect(profile).toMatchObject({ kind: 'sandbox', docsgw: { port: 0, localAddress: '127.0.0.3' }, kcp: { transport: 'socket' } });
  });
});

describe('bandwidth: seed 000 §4.2 5. "BW(대역폭)은 128k, 256k, 2M 등으로 기입"', () => {
  it('rounds up to the next standard line size', () => {
    expect(lineSizeFor(1)).toBe('128k');
    expect(lineSizeFor(128_000)).toBe('128k');
    expect(lineSizeFor(128_001)).toBe('256k');
    expect(lineSizeFor(512_001)).toBe('1M');
    expect(lineSizeFor(2_000_000)).toBe('2M');
    expect(lineSizeFor(2_000_001)).toBe('4M');
    expect(lineSizeFor(1_500_000_000)).toBe('1500M (1G 초과: 대행사와 협의)');
  });

  it('peak-hour documents → requests of 100 → bytes → bit/s, every step shown', () => {
    const e = estimateBandwidth(
      { dailyDocuments: 333_333, peakHourPercent: 15 },
      { bytesPer100: 52_417, source: { kind: 'measured', requests: 20, documents: 1_950, from: 0, to: 86_400_000 } },
      (ms) => (ms === 0 ? '1970-01-01' : '1970-01-02'),
    );
    // 333,333 × 15 % = 49,999.95 → 50,000 documents; ÷ 100 = 500 requests; × 52,417 = 26,208,500 bytes;
    // × 8 ÷ 3,600 = 58,241.1 → 58,242 bit/s → 128k.
    expect(e).toMatchObject({ peakHourDocuments: 50_000, peakHourRequests: 500, bitsPerSecond: 58_242, line: '128k' });
    expect(e.steps[0]).toContain('333,333건 × 15% = 50,000건');
    expect(e.steps[1]).toContain('= 500건');
    expect(e.steps[2]).toContain('52,417 bytes');
    expect(e.steps[2]).toContain('최근 보낸 대량 발송 요청 20건(문서 1,950건, 1970-01-01 ~ 1970-01-02)');
    expect(e.steps[3]).toContain('26,208,500 bytes');
    expect(e.steps[4]).toContain('58,242 bit/s');
    expect(e.steps[5]).toContain('= 128k');
  });
});
