// The firewall flow table of a plan: every opening source → destination → port with its purpose, for every
// service the plan uses. KakaoPay: seed 000 §5.1 (both IDCs on the public internet; Gasan only over VPN or a
// leased line, §4); KCP: seed 004 §2.1.1 (TCP 8090 to the domain); PayUp: seed 002 §2.4–2.5 (HTTPS 443, our
// server IP registered with PayUp). The profile a plan produces connects to exactly these destinations
// (plan-profile.ts, and a test asserts it).
import type { FlowRow } from '../../shared/domain/network-documents.ts';
import { KAKAOPAY_DEDICATED_HOST, KAKAOPAY_GASAN_IP, KAKAOPAY_PANGYO_IP, KAKAOPAY_PUBLIC_HOST, KCP_PORT, PAYUP_PORT, kcpHost, payupHost } from '../../shared/domain/network-hosts.ts';
import { gasanOnly, type NetworkPlan } from '../../shared/domain/network-plan.ts';

type Line = { line: FlowRow['line']; localAddress: string | null; purpose: string };

/** seed 001 §2.2: bulk send and bulk status on a line of their own when the plan names one. */
function docsgwLines(plan: NetworkPlan): Line[] {
  const bulk = plan.bulkLocalAddress;
  const other = plan.otherLocalAddress ?? null;
  if (bulk !== undefined && bulk !== other) {
    return [
      { line: 'bulk', localAddress: bulk, purpose: '전자문서 대량 발송·대량 상태 조회 (대량 전송 전용 회선)' },
      { line: 'other', localAddress: other, purpose: 'OTT 검증·열람 상태 변경·단건 발송/상태 조회·연결 진단' },
    ];
  }
  return [{ line: 'all', localAddress: other, purpose: '전자문서 발송·상태 조회·OTT 검증·열람 상태 변경' }];
}

/** KakaoPay's IDCs for the plan's mode, in fail-over order (Gasan first, as in seed 000 §3.2 and §5.1). */
export function kakaopayDestinations(plan: NetworkPlan): { flow: 'docsgw-gasan' | 'docsgw-pangyo'; address: string; idc: string }[] {
  const gasan = { flow: 'docsgw-gasan' as const, address: KAKAOPAY_GASAN_IP, idc: '가산 IDC' };
  return gasanOnly(plan.mode) ? [gasan] : [gasan, { flow: 'docsgw-pangyo', address: KAKAOPAY_PANGYO_IP, idc: '판교 IDC' }];
}

export function kakaopayHost(plan: NetworkPlan): string {
  return gasanOnly(plan.mode) ? KAKAOPAY_DEDICATED_HOST : KAKAOPAY_PUBLIC_HOST;
}

export function flowTable(plan: NetworkPlan): FlowRow[] {
  const rows: FlowRow[] = [];
  const sources = plan.server.publicIps;
  const host = kakaopayHost(plan);
  for (const d of kakaopayDestinations(plan)) {
    for (const l of docsgwLines(plan)) {
      for (const source of sources) {
        rows.push({
          flow: d.flow,
          service: 'docsgw',
          line: l.line,
          purpose: `카카오페이 전자문서 ${d.idc}: ${l.purpose}`,
          localAddress: l.localAddress,
          source,
          destinationHost: host,
          destination: d.address,
          port: plan.kakaopayPort,
          protocol: 'TCP (HTTPS)',
          section: gasanOnly(plan.mode) ? '카카오페이 네트워크 연동 가이드 §5.1 2. 공중망 외(VPN or 전용선)' : '카카오페이 네트워크 연동 가이드 §5.1 1. 공중망',
        });
      }
    }
  }
  if (plan.payup) {
    const h = payupHost(plan.payup.environment);
    for (const source of sources) {
      rows.push({
        flow: 'payup',
        service: 'payup',
        line: 'other',
        purpose: `PayUp 카카오페이 결제 취소 (${plan.payup.environment === 'production' ? '운영용' : '개발용'})`,
        localAddress: null,
        source,
        destinationHost: h,
        destination: h,
        port: PAYUP_PORT,
        protocol: 'TCP (HTTPS)',
        section: 'PayUp 카카오페이 규격서 §2.4, §2.5',
      });
    }
  }
  if (plan.kcp) {
    const h = kcpHost(plan.kcp.environment);
    for (const source of sources) {
      rows.push({
        flow: 'kcp',
        service: 'kcp',
        line: 'other',
        purpose: `NHN KCP 계좌인증 (${plan.kcp.environment === 'production' ? '실 결제' : '테스트 결제'}, KCP 모듈 pp_cli)`,
        localAddress: null,
        source,
        destinationHost: h,
        destination: h,
        port: KCP_PORT,
        protocol: 'TCP',
        section: 'NHN KCP 계좌인증 연동 가이드 §2.1.1',
      });
    }
  }
  return rows;
}

const FLOW_HEADER = ['Source IP', 'Destination', 'Port', '프로토콜', '용도', '이 PC 주소', '근거'] as const;

/** The table as rows under FLOW_HEADER (the .xlsx sheet and the copied text use the same columns). */
export function flowTableRows(rows: readonly FlowRow[]): { header: readonly string[]; rows: string[][] } {
  return {
    header: FLOW_HEADER,
    rows: rows.map((r) => [
      r.source,
      r.destination === r.destinationHost ? r.destination : `${r.destination} (${r.destinationHost})`,
      String(r.port),
      r.protocol,
      r.purpose,
      r.localAddress ?? (r.service === 'kcp' ? 'KCP 모듈이 정함' : '운영체제 경로'),
      r.section,
    ]),
  };
}

/** Tab-separated, so it pastes into a spreadsheet or a mail as a table. */
export function flowTableText(rows: readonly FlowRow[]): string {
  const t = flowTableRows(rows);
  return [t.header.join('\t'), ...t.rows.map((r) => r.join('\t'))].join('\n');
}
