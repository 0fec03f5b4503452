// "Check every flow from this PC" (issue 15 item 6): the flows of the firewall flow table — docs-gw to each IDC the
// profile pins (seed 000 §5.1: both IDCs on the public internet, Gasan only over VPN / leased line), once per line
// when the profile has a bulk-only line (seed 001 §2.2), PayUp, and KCP (seed 004 §2.1.1: TCP 8090) — each checked
// from the local address the profile binds: the DNS answer against the pinned address, TCP connect, the TLS
// handshake with the certificate's subject and issuer (docs-gw, PayUp), and for KCP the module self-test of seed
// 004 §2.2.2 before the TCP connect to the gateway port. Every result carries Korean advice that names the flow-table
// row (source → destination:port) or the form row to fix.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import {
  docsgwFlowId,
  KAKAOPAY_IDCS,
  KCP_FLOW_ID,
  PAYUP_FLOW_ID,
  type FlowCheck,
  type FlowResult,
  type NetworkCheckReport,
} from '../../shared/domain/network-check.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { selfCheckKcpModule } from '../kcp/module-self-check.ts';
import { elapsed, isCertificateError, systemResolve, tcpConnect, tlsHandshake, type Resolver } from './probes.ts';
import { checkDns } from './run-diagnostics.ts';

export type FlowCheckOptions = {
  /** Resolves a host name; the default asks the system resolver. Sandbox profiles never resolve. */
  resolve?: Resolver;
  timeoutMs?: number;
  now?: () => number;
  /** Variables added to the KCP module's minimal environment (tests: the fake module's switches). */
  kcpModuleEnv?: Record<string, string>;
};

/** A flow before it is checked: where from, where to, what it carries. */
type Flow = Omit<FlowResult, 'ok' | 'checks' | 'advice'>;

const FORM_ROWS = "서버 정보 전달(seed 000 §3.1)과 신청서의 '서버 IP'(VPN 신청서 §4.1 3번, 전용선 신청서 §4.2 6번)";

function row(f: Flow): string {
  return `방화벽 흐름표 '${f.id}' 행(${f.source ?? '이 PC의 기본 경로'} → ${f.destination}:${f.port})`;
}

/** Advice for a failed connect, by what failed and whose firewall the flow crosses. */
function connectAdvice(f: Flow, code: string): string {
  if (code === 'EADDRNOTAVAIL') {
    return `이 PC에 출발지 주소 ${f.source}가 없습니다. 설정 → 연결 설정의 ${f.id.endsWith('-bulk') ? '대량 발송 회선 주소(docsgw.bulkLocalAddress)' : '기본 회선 주소(docsgw.localAddress)'}를 이 PC의 주소로 고치거나, ${FORM_ROWS}에 적은 주소를 이 PC에 설정하세요.`;
  }
  const whose =
    f.service === 'docsgw'
      ? `카카오페이 쪽 방화벽 작업이 끝났는지 대행사에 확인하세요(${FORM_ROWS}에 적은 주소가 이 출발지와 같아야 합니다).`
      : f.service === 'kcp'
        ? `KCP에 가맹점 서버 IP의 방화벽 오픈(${f.destination} TCP ${f.port})을 요청했는지 확인하세요(seed 004 §2.1.1).`
        : 'PayUp 개발 담당자에게 서버 IP를 등록했는지 확인하세요(reference B1).';
  if (code === 'ECONNREFUSED') return `${row(f)}: 목적지에는 닿았지만 포트 ${f.port}가 닫혀 있습니다. 주소와 포트가 흐름표와 같은지 확인하세요. 샌드박스라면 DocDesk를 다시 시작하세요.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${f.destination}의 주소를 찾을 수 없습니다. 이 PC의 DNS 설정을 네트워크 담당자와 확인하세요. ${whose}`;
  return `${row(f)}이(가) 열려 있지 않거나 회선(VPN/전용선)이 연결되어 있지 않습니다(${code}). 우리 쪽 방화벽에서 이 흐름의 나가는 TCP 연결을 허용하세요. ${whose}`;
}

function tlsAdvice(f: Flow, code: string, caFile: string | undefined): string {
  if (isCertificateError(code)) {
    return `${row(f)}: 서버 인증서를 신뢰할 수 없거나 이름(${f.destination})이 맞지 않습니다. 회사 보안 장비(TLS 검사 프록시)가 있다면 그 CA 파일을 프로필의 caFile에 지정하세요${caFile ? `(현재: ${caFile})` : ''}. 이름이 다르면 프로필의 host 값을 확인하세요.`;
  }
  return `${row(f)}: TCP는 열렸지만 TLS 연결이 되지 않습니다(${code}). 포트가 HTTPS 포트(운영은 443, seed 000 §2.2)인지, 중간 장비가 연결을 끊지 않는지 확인하세요.`;
}

async function tcpCheck(f: Flow, address: string, port: number, timeoutMs: number): Promise<FlowCheck> {
  const t0 = performance.now();
  const r = await tcpConnect(address, port, timeoutMs, f.source ?? undefined);
  const target = `${f.source ?? '(기본)'} → ${address}:${port}`;
  return r.ok
    ? { check: 'tcp', target, status: 'ok', durationMs: elapsed(t0), detail: 'TCP 연결 성공', advice: `${row(f)}이(가) 열려 있습니다.` }
    : { check: 'tcp', target, status: 'fail', durationMs: elapsed(t0), detail: `TCP 연결 실패: ${r.code}`, advice: connectAdvice(f, r.code) };
}

async function tlsCheck(f: Flow, o: { address: string; port: number; host: string; ca: string | undefined; caFile: string | undefined; timeoutMs: number }): Promise<FlowCheck> {
  const t0 = performance.now();
  const target = `${o.host} @ ${o.address}:${o.port}`;
  const r = await tlsHandshake({ address: o.address, port: o.port, servername: o.host, ca: o.ca, timeoutMs: o.timeoutMs, ...(f.source !== null ? { localAddress: f.source } : {}) });
  return r.ok
    ? { check: 'tls', target, status: 'ok', durationMs: elapsed(t0), detail: `인증서 주체: ${r.subject} · 발급자: ${r.issuer} · 만료: ${r.validTo} · ${r.protocol}`, advice: '인증서가 호스트 이름에 대해 검증되었습니다.' }
    : { check: 'tls', target, status: 'fail', durationMs: elapsed(t0), detail: `TLS 실패: ${r.code} (${r.message})`, advice: tlsAdvice(f, r.code, o.caFile) };
}

/** The DNS answer against the pinned addresses, as diagnostics compare them. */
async function dnsCheck(service: FlowResult['service'], host: string, pinned: string[], kind: Profile['kind'], resolve: Resolver): Promise<FlowCheck> {
  const { service: _service, check: _check, ...r } = await checkDns(service, host, pinned, kind, resolve);
  return { check: 'dns', ...r };
}

const skipped = (check: FlowCheck['check'], target: string, detail: string, advice = '조치할 필요가 없습니다.'): FlowCheck => ({ check, target, status: 'skipped', durationMs: 0, detail, advice });

function readCa(caFile: string | undefined): { ca: string | undefined } | { error: string } {
  if (!caFile) return { ca: undefined };
  try {
    return { ca: readFileSync(caFile, 'utf8') };
  } catch {
    return { error: caFile };
  }
}

/** DNS, TCP and TLS of one HTTPS flow to one address. */
async function httpsFlow(f: Flow, dns: FlowCheck, o: { address: string; host: string; port: number; caFile: string | undefined; timeoutMs: number }): Promise<FlowCheck[]> {
  const checks = [dns];
  const tcp = await tcpCheck(f, o.address, o.port, o.timeoutMs);
  checks.push(tcp);
  const ca = readCa(o.caFile);
  if ('error' in ca) {
    checks.push({ check: 'tls', target: o.host, status: 'fail', durationMs: 0, detail: `CA 파일을 읽을 수 없습니다: ${ca.error}`, advice: '프로필의 caFile 경로가 맞는지, 파일이 있는지 확인하세요.' });
  } else if (tcp.status !== 'ok') {
    checks.push(skipped('tls', `${o.host} @ ${o.address}:${o.port}`, 'TCP 연결이 되지 않아 TLS를 확인하지 않았습니다.', tcp.advice));
  } else {
    checks.push(await tlsCheck(f, { ...o, ca: ca.ca }));
  }
  return checks;
}

function finish(f: Flow, checks: FlowCheck[]): FlowResult {
  const failed = checks.find((c) => c.status === 'fail');
  return { ...f, ok: failed === undefined, checks, advice: failed ? failed.advice : `${row(f)}: 이 PC에서 확인한 모든 항목이 통과했습니다.` };
}

async function docsgwFlows(profile: Profile, resolve: Resolver, timeoutMs: number): Promise<FlowResult[]> {
  const d = profile.docsgw;
  const dns = await dnsCheck('docsgw', d.host, d.addresses, profile.kind, resolve);
  let targets = d.addresses;
  if (targets.length === 0) targets = await resolve(d.host).catch(() => []);
  const bulk = d.bulkLocalAddress !== undefined && d.bulkLocalAddress !== d.localAddress;
  const lines: { line: 'default' | 'bulk'; source: string | null; purpose: string }[] = [
    { line: 'default', source: d.localAddress ?? null, purpose: bulk ? '전자문서: OTT 검증, 열람 처리, 단건 발송·조회, 진단' : '전자문서: 발송·상태 조회·OTT 검증·열람 처리 전체' },
    ...(bulk ? [{ line: 'bulk' as const, source: d.bulkLocalAddress ?? null, purpose: '전자문서: 대량(bulk) 발송·상태 조회 전용 회선 (seed 001 §2.2)' }] : []),
  ];
  const out: FlowResult[] = [];
  for (const l of lines) {
    if (targets.length === 0 || d.port === 0) {
      const f: Flow = { id: docsgwFlowId(d.host, l.line), service: 'docsgw', purpose: l.purpose, source: l.source, destination: d.host, port: d.port };
      out.push(finish(f, [dns, { check: 'tcp', target: d.host, status: 'fail', durationMs: 0, detail: '접속할 주소나 포트가 없습니다.', advice: '프로필에 게이트웨이 주소(docsgw.addresses)와 포트(443)를 지정하세요(seed 000 §3.2).' }]));
      continue;
    }
    for (const address of targets) {
      const idc = KAKAOPAY_IDCS[address];
      const f: Flow = {
        id: docsgwFlowId(address, l.line),
        service: 'docsgw',
        purpose: idc ? `${l.purpose} — ${idc.label}` : l.purpose,
        source: l.source,
        destination: `${d.host} (${address})`,
        port: d.port,
      };
      out.push(finish(f, await httpsFlow(f, dns, { address, host: d.host, port: d.port, caFile: d.caFile, timeoutMs })));
    }
  }
  return out;
}

async function payupFlow(profile: Profile, resolve: Resolver, timeoutMs: number): Promise<FlowResult | null> {
  const p = profile.payup;
  if (!p) return null;
  const url = new URL(p.baseUrl);
  const port = Number(url.port || 443);
  const pinned = p.addresses ?? [];
  const dns = await dnsCheck('payup', url.hostname, pinned, profile.kind, resolve);
  const addresses = pinned.length ? pinned : await resolve(url.hostname).catch(() => []);
  const f: Flow = { id: PAYUP_FLOW_ID, service: 'payup', purpose: 'PayUp 카카오페이 결제 취소 (HTTPS)', source: null, destination: pinned.length ? `${url.hostname} (${pinned.join(', ')})` : url.hostname, port };
  if (addresses.length === 0) return finish(f, [dns, { check: 'tcp', target: url.hostname, status: 'fail', durationMs: 0, detail: '접속할 주소가 없습니다(DNS 응답 없음).', advice: connectAdvice(f, 'ENOTFOUND') }]);
  const checks: FlowCheck[] = [dns];
  for (const address of addresses) checks.push(...(await httpsFlow(f, dns, { address, host: url.hostname, port, caFile: p.caFile, timeoutMs })).slice(1));
  return finish(f, checks);
}

async function kcpFlow(profile: Profile, resolve: Resolver, o: FlowCheckOptions & { timeoutMs: number }): Promise<FlowResult | null> {
  const k = profile.kcp;
  if (!k) return null;
  const f: Flow = { id: KCP_FLOW_ID, service: 'kcp', purpose: `KCP 계좌인증 (${k.transport === 'ppcli' ? 'KCP 모듈 pp_cli' : '소켓, 샌드박스 전용'}, TCP)`, source: null, destination: k.host, port: k.port };
  const checks: FlowCheck[] = [];
  if (k.transport === 'ppcli') {
    const t0 = performance.now();
    if (!k.ppcliHome) {
      checks.push({ check: 'module', target: '(ppcliHome 없음)', status: 'fail', durationMs: 0, detail: 'KCP 모듈 폴더(kcp.ppcliHome)가 설정되지 않았습니다.', advice: '설정 → 연결 설정에서 KCP 모듈 폴더(bin 폴더의 바로 위)를 고르세요.' });
    } else {
      const m = await selfCheckKcpModule({ home: k.ppcliHome, ...(o.kcpModuleEnv ? { extraEnv: o.kcpModuleEnv } : {}) });
      checks.push({ check: 'module', target: m.binary, status: m.ok ? 'ok' : 'fail', durationMs: elapsed(t0), detail: m.detail, advice: m.advice });
    }
  } else {
    checks.push(skipped('module', k.host, 'socket 전송은 KCP 모듈을 쓰지 않습니다(샌드박스·KCP 호환 게이트웨이 전용).'));
  }
  // The module dials the host name itself: there is no pinned address to compare the answer with.
  let address = k.host;
  if (profile.kind === 'sandbox' || net.isIP(k.host) !== 0) {
    checks.push(skipped('dns', k.host, profile.kind === 'sandbox' ? '샌드박스 프로필은 DNS를 사용하지 않습니다(루프백 주소 고정).' : 'IP 주소로 접속하므로 DNS를 쓰지 않습니다.'));
  } else {
    const t0 = performance.now();
    try {
      const answer = await resolve(k.host);
      address = answer[0] ?? k.host;
      checks.push({ check: 'dns', target: k.host, status: 'ok', durationMs: elapsed(t0), detail: `DNS 응답: ${answer.join(', ')}`, advice: 'KCP 모듈은 호스트 이름으로 접속합니다. 방화벽이 IP로 열려 있다면 이 주소들이 모두 포함되어야 합니다.' });
    } catch (err) {
      const code = (err as { code?: string }).code ?? String(err);
      checks.push({ check: 'dns', target: k.host, status: 'fail', durationMs: elapsed(t0), detail: `DNS 조회 실패: ${code}`, advice: connectAdvice(f, code) });
      return finish(f, [...checks, skipped('tcp', `${k.host}:${k.port}`, 'DNS 응답이 없어 TCP를 확인하지 않았습니다.', connectAdvice(f, code))]);
    }
  }
  if (k.port === 0) checks.push(skipped('tcp', k.host, 'KCP 포트가 아직 정해지지 않았습니다.', '샌드박스가 시작되면 다시 점검하세요.'));
  else checks.push(await tcpCheck(f, address, k.port, o.timeoutMs));
  return finish(f, checks);
}

/** Every flow of the profile, in flow-table order; one failing check never stops the others. */
export async function checkFlows(profile: Profile, options: FlowCheckOptions = {}): Promise<NetworkCheckReport> {
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const startedAt = (options.now ?? Date.now)();
  const flows: FlowResult[] = [...(await docsgwFlows(profile, resolve, timeoutMs))];
  const payup = await payupFlow(profile, resolve, timeoutMs);
  if (payup) flows.push(payup);
  const kcp = await kcpFlow(profile, resolve, { ...options, timeoutMs });
  if (kcp) flows.push(kcp);
  return { profile: profile.name, kind: profile.kind, startedAt, ok: flows.every((f) => f.ok), flows };
}
