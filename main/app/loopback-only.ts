// Where a profile would connect, and the rule that keeps a sandbox on this PC (DESIGN §12): a sandbox-only data
// folder (its key in UNPROTECTED-sandbox-key.txt) and every sandbox-kind profile connect to loopback addresses
// only, whatever else a profile says. The sandbox's public test credentials and a rehearsal list must never reach
// a real gateway. Checked before a profile is imported, made active or started — before any connection.
import net from 'node:net';
import type { Profile } from '../../shared/domain/profile.ts';
import { ConfigError } from './errors.ts';

export type Destination = { service: 'docsgw' | 'payup' | 'kcp'; target: string };

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x. Host names never count: DNS could answer anything. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (net.isIPv4(a)) return a.startsWith('127.');
  if (!net.isIPv6(a)) return false;
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/**
 * Every place the profile's services would dial, as the clients dial them: pinned addresses when there are any,
 * else the host name (resolved by DNS). KCP's module (ppcli) connects to wherever KCP configured it.
 */
export function destinationsOf(p: Profile): Destination[] {
  const out: Destination[] = [];
  const d = p.docsgw;
  if (d.addresses.length > 0) for (const a of d.addresses) out.push({ service: 'docsgw', target: a });
  else out.push({ service: 'docsgw', target: d.host });
  if (p.payup) {
    const addresses = p.payup.addresses ?? [];
    if (addresses.length > 0) for (const a of addresses) out.push({ service: 'payup', target: a });
    else out.push({ service: 'payup', target: new URL(p.payup.baseUrl).hostname });
  }
  if (p.kcp) out.push({ service: 'kcp', target: p.kcp.transport === 'ppcli' ? 'KCP 모듈(pp_cli)' : p.kcp.host });
  return out;
}

/** Whether this profile on this folder may only reach loopback addresses. */
export function loopbackOnly(p: Pick<Profile, 'kind'>, protection: string): boolean {
  return p.kind === 'sandbox' || protection !== 'passphrase';
}

/** Refuses (before any connection) a profile that would reach beyond loopback where only loopback is allowed. */
export function assertWithinNetworkScope(p: Profile, protection: string): void {
  if (!loopbackOnly(p, protection)) return;
  const outside = destinationsOf(p).filter((x) => !isLoopbackAddress(x.target));
  if (outside.length === 0) return;
  const list = outside.map((x) => `${x.service} → ${x.target}`).join(', ');
  const why =
    protection !== 'passphrase'
      ? '이 데이터 폴더는 샌드박스 전용(키가 보호되지 않음)이라 이 PC 안(루프백 주소 127.x, ::1)으로만 연결합니다'
      : "'sandbox' 종류의 프로필은 이 PC 안(루프백 주소 127.x, ::1)으로만 연결합니다";
  throw new ConfigError(
    'NOT_LOOPBACK',
    `프로필 '${p.name}'은(는) 이 PC 밖으로 연결하도록 되어 있어 쓸 수 없습니다 (${list}). ${why}. 실제 게이트웨이에는 kind를 'test' 또는 'production'으로 한 프로필과 DOCDESK_PASSPHRASE로 만든 데이터 폴더를 쓰세요.`,
  );
}
