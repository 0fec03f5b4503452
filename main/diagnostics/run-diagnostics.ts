// `diagnostics:run` (issue 3 §3): for the active profile — DNS answer versus the pinned addresses, TCP connect,
// TLS handshake with the certificate subject, and KCP port reachability — each with advice in Korean. It only
// opens connections the profile itself would open (DESIGN §5: we connect to pinned addresses; DNS is compared,
// never trusted).
import { readFileSync } from 'node:fs';
import type { DiagnosticResult, DiagnosticsReport } from '../../shared/domain/documents-query.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { elapsed, isCertificateError, systemResolve, tcpConnect, tlsHandshake, type Resolver } from './probes.ts';

type Service = DiagnosticResult['service'];
export type { Resolver } from './probes.ts';

export interface DiagnosticsOptions {
  /** Resolves a host name; the default asks the system resolver. Sandbox profiles never resolve. */
  resolve?: Resolver;
  timeoutMs?: number;
  now?: () => number;
}

/** The DNS answer for `host` against the pinned addresses (skipped for a sandbox profile). */
export async function checkDns(service: Service, host: string, pinned: string[], kind: Profile['kind'], resolve: Resolver): Promise<DiagnosticResult> {
  const t0 = performance.now();
  const base = { service, check: 'dns' as const, target: host };
  if (kind === 'sandbox') {
    return { ...base, status: 'skipped', durationMs: 0, detail: '샌드박스 프로필은 DNS를 사용하지 않습니다(루프백 주소 고정).', advice: '조치할 필요가 없습니다.' };
  }
  try {
    const answer = await resolve(host);
    const detail = `DNS 응답: ${answer.join(', ') || '(없음)'} · 고정 주소: ${pinned.join(', ') || '(없음 — DNS 사용)'}`;
    if (pinned.length === 0) {
      return { ...base, status: 'warn', durationMs: elapsed(t0), detail, advice: '주소가 고정되어 있지 않아 DNS 응답을 그대로 사용합니다. 운영 환경에서는 프로필에 게이트웨이 IP 주소를 지정하세요.' };
    }
    const unexpected = answer.filter((a) => !pinned.includes(a));
    if (unexpected.length > 0) {
      return {
        ...base,
        status: 'warn',
        durationMs: elapsed(t0),
        detail,
        advice: 'DNS가 고정 주소와 다른 주소를 돌려줍니다. DocDesk는 고정 주소로만 접속하므로 발송에는 영향이 없지만, 게이트웨이 주소가 바뀌었을 수 있습니다. 카카오페이 담당자에게 현재 IDC 주소를 확인하고 프로필을 갱신하세요.',
      };
    }
    return { ...base, status: 'ok', durationMs: elapsed(t0), detail, advice: 'DNS 응답이 고정 주소와 일치합니다.' };
  } catch (err) {
    return {
      ...base,
      status: pinned.length ? 'warn' : 'fail',
      durationMs: elapsed(t0),
      detail: `DNS 조회 실패: ${(err as { code?: string }).code ?? String(err)}`,
      advice: pinned.length
        ? '이 PC에서 호스트 이름을 찾을 수 없습니다. 고정 주소로 접속하므로 발송은 가능하지만, VPN/전용선의 DNS 설정을 네트워크 담당자와 확인하세요.'
        : '호스트 이름을 찾을 수 없고 고정 주소도 없어 접속할 수 없습니다. 프로필에 주소를 지정하거나 DNS 설정을 확인하세요.',
    };
  }
}

function tcpAdvice(code: string): string {
  if (code === 'ECONNREFUSED') return '주소에는 닿았지만 포트가 닫혀 있습니다. 게이트웨이 포트 번호와 서버 상태를 확인하세요. 샌드박스라면 DocDesk를 다시 시작하세요.';
  if (code === 'ETIMEDOUT') return '응답이 없습니다. 방화벽에서 이 주소와 포트로 나가는 연결이 허용되어 있는지, VPN/전용선이 연결되어 있는지 네트워크 담당자와 확인하세요.';
  return '접속할 수 없습니다. 네트워크 연결, 방화벽, VPN/전용선 상태를 확인하세요.';
}

async function checkTcp(service: Service, addresses: string[], port: number, timeoutMs: number, localAddress?: string): Promise<DiagnosticResult[]> {
  const out: DiagnosticResult[] = [];
  for (const address of addresses) {
    const t0 = performance.now();
    const r = await tcpConnect(address, port, timeoutMs, localAddress);
    out.push(
      r.ok
        ? { service, check: 'tcp', target: `${address}:${port}`, status: 'ok', durationMs: elapsed(t0), detail: 'TCP 연결 성공', advice: '네트워크 경로가 열려 있습니다.' }
        : { service, check: 'tcp', target: `${address}:${port}`, status: 'fail', durationMs: elapsed(t0), detail: `TCP 연결 실패: ${r.code}`, advice: tcpAdvice(r.code) },
    );
  }
  return out;
}

function tlsAdvice(code: string): string {
  if (isCertificateError(code)) {
    return '서버 인증서를 신뢰할 수 없습니다. 회사 보안 장비(TLS 검사 프록시)가 있다면 그 CA 파일을 프로필의 caFile에 지정하세요. 인증서 이름이 맞지 않으면 프로필의 host 값을 확인하세요.';
  }
  return 'TLS 연결에 실패했습니다. 주소와 포트가 게이트웨이의 HTTPS 포트(운영은 443)인지 확인하세요.';
}

async function checkTls(service: Service, host: string, addresses: string[], port: number, caFile: string | undefined, timeoutMs: number, localAddress?: string): Promise<DiagnosticResult[]> {
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch {
      return [{ service, check: 'tls', target: host, status: 'fail', durationMs: 0, detail: `CA 파일을 읽을 수 없습니다: ${caFile}`, advice: '프로필의 caFile 경로가 맞는지, 파일이 있는지 확인하세요.' }];
    }
  }
  const out: DiagnosticResult[] = [];
  for (const address of addresses) {
    const t0 = performance.now();
    const r = await tlsHandshake({ address, port, servername: host, ca, timeoutMs, ...(localAddress !== undefined ? { localAddress } : {}) });
    out.push(
      r.ok
        ? {
            service,
            check: 'tls',
            target: `${host} @ ${address}:${port}`,
            status: 'ok',
            durationMs: elapsed(t0),
            detail: `인증서 주체: ${r.subject} · 발급자: ${r.issuer} · 만료: ${r.validTo} · ${r.protocol}`,
            advice: '인증서가 호스트 이름에 대해 검증되었습니다.',
          }
        : { service, check: 'tls', target: `${host} @ ${address}:${port}`, status: 'fail', durationMs: elapsed(t0), detail: `TLS 실패: ${r.code} (${r.message})`, advice: tlsAdvice(r.code) },
    );
  }
  return out;
}

/** Runs every check of the profile, in order; one failing check never stops the others. */
export async function runDiagnostics(profile: Profile, options: DiagnosticsOptions = {}): Promise<DiagnosticsReport> {
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const startedAt = (options.now ?? Date.now)();
  const results: DiagnosticResult[] = [];
  const d = profile.docsgw;

  results.push(await checkDns('docsgw', d.host, d.addresses, profile.kind, resolve));
  let addresses = d.addresses;
  if (addresses.length === 0) addresses = await resolve(d.host).catch(() => []);
  if (addresses.length === 0 || d.port === 0) {
    results.push({ service: 'docsgw', check: 'tcp', target: d.host, status: 'skipped', durationMs: 0, detail: '접속할 주소가 없습니다.', advice: '프로필에 주소와 포트를 지정하세요.' });
  } else {
    // Diagnostics travel on the line of the non-bulk calls (seed 001 §2.2): docsgw.localAddress.
    const tcp = await checkTcp('docsgw', addresses, d.port, timeoutMs, d.localAddress);
    results.push(...tcp);
    const reachable = addresses.filter((_, i) => tcp[i]?.status === 'ok');
    if (reachable.length) results.push(...(await checkTls('docsgw', d.host, reachable, d.port, d.caFile, timeoutMs, d.localAddress)));
  }

  if (profile.payup) {
    const url = new URL(profile.payup.baseUrl);
    const port = Number(url.port || 443);
    const pinned = profile.payup.addresses ?? [];
    results.push(await checkDns('payup', url.hostname, pinned, profile.kind, resolve));
    const addrs = pinned.length ? pinned : await resolve(url.hostname).catch(() => []);
    if (addrs.length) {
      const tcp = await checkTcp('payup', addrs, port, timeoutMs);
      results.push(...tcp);
      const reachable = addrs.filter((_, i) => tcp[i]?.status === 'ok');
      if (reachable.length) results.push(...(await checkTls('payup', url.hostname, reachable, port, profile.payup.caFile, timeoutMs)));
    }
  }

  if (profile.kcp) {
    const k = profile.kcp;
    const t0 = performance.now();
    if (k.port === 0) {
      results.push({ service: 'kcp', check: 'kcp', target: k.host, status: 'skipped', durationMs: 0, detail: 'KCP 포트가 아직 정해지지 않았습니다.', advice: '샌드박스가 시작되면 다시 진단하세요.' });
    } else {
      const r = await tcpConnect(k.host, k.port, timeoutMs);
      results.push(
        r.ok
          ? { service: 'kcp', check: 'kcp', target: `${k.host}:${k.port}`, status: 'ok', durationMs: elapsed(t0), detail: `KCP 포트 연결 성공 (${k.transport})`, advice: 'KCP 게이트웨이 포트가 열려 있습니다.' }
          : {
              service: 'kcp',
              check: 'kcp',
              target: `${k.host}:${k.port}`,
              status: 'fail',
              durationMs: elapsed(t0),
              detail: `KCP 포트 연결 실패: ${r.code}`,
              advice: `KCP 게이트웨이(${k.host}:${k.port})에 닿지 않습니다. 방화벽에서 TCP ${k.port} 포트의 외부 연결을 허용하도록 네트워크 담당자에게 요청하세요(seed 004).`,
            },
      );
    }
  }
  return { profile: profile.name, kind: profile.kind, startedAt, results };
}
