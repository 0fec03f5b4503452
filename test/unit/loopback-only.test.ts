// Which destinations a profile dials, and when only loopback is allowed (main/app/loopback-only.ts).
import { expect, it } from 'vitest';
import { profileSchema } from '../../shared/domain/profile.ts';
import { assertWithinNetworkScope, destinationsOf, isLoopbackAddress } from '../../main/app/loopback-only.ts';

it('counts 127/8, ::1 and IPv4-mapped 127.x as loopback — never a host name', () => {
  for (const a of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '::ffff:127.0.0.1', '[::1]']) expect(isLoopbackAddress(a)).toBe(true);
  for (const a of ['localhost', '10.0.0.1', '192.0.2.1', '0.0.0.0', '::', '::ffff:10.0.0.1', '128.0.0.1', 'docs-gw.kakaopay.com']) expect(isLoopbackAddress(a)).toBe(false);
});

const sandboxLike = (over: Record<string, unknown>) =>
  profileSchema.parse({ name: 'x', kind: 'sandbox', docsgw: { host: 'docs-gw.sandbox.docdesk.test', addresses: ['127.0.0.1'], port: 9443 }, ...over });

it('lists what the clients would dial: pinned addresses, else the host name; KCP module destinations are unknowable', () => {
  const p = sandboxLike({
    docsgw: { host: 'docs-gw.kakaopay.com', addresses: [], port: 443 },
    payup: { baseUrl: 'https://api.payup.co.kr', merchantId: 'm' },
    kcp: { transport: 'ppcli', host: 'paygw.kcp.co.kr', siteCd: 'A', ppcliHome: '/opt/kcp' },
  });
  expect(destinationsOf(p).map((d) => `${d.service}:${d.target}`)).toEqual(['docsgw:docs-gw.kakaopay.com', 'payup:api.payup.co.kr', 'kcp:KCP 모듈(pp_cli)']);
});

it('refuses a sandbox kind or a sandbox-only folder beyond loopback; a production profile on a protected folder is not limited', () => {
  expect(() => assertWithinNetworkScope(sandboxLike({}), 'unprotected-sandbox')).not.toThrow();
  expect(() => assertWithinNetworkScope(sandboxLike({ docsgw: { host: 'h', addresses: ['113.29.182.90'], port: 443 } }), 'passphrase')).toThrow(/docsgw → 113\.29\.182\.90/);
  expect(() => assertWithinNetworkScope(sandboxLike({ payup: { baseUrl: 'https://api.payup.co.kr', merchantId: 'm' } }), 'passphrase')).toThrow(/payup → api\.payup\.co\.kr/);
  const prod = profileSchema.parse({ name: 'p', kind: 'production', docsgw: { host: 'docs-gw.kakaopay.com', addresses: ['113.29.182.90'], port: 443 } });
  expect(() => assertWithinNetworkScope(prod, 'passphrase')).not.toThrow();
  expect(() => assertWithinNetworkScope(prod, 'unprotected-sandbox')).toThrow(/샌드박스 전용/);
});
