// Where the gateways live, as the vendors publish it: one place for the built-in profiles, the network plan's
// flow table and the profile a plan produces. The KakaoPay addresses are 2021 values of seed 000 §3.2: they pin
// where we connect and fill firewall rules; TLS is still verified against the host name.

/** seed 000 §3.2: 가산 IDC (public internet, and the only IDC reached over VPN / leased line, §4). */
export const KAKAOPAY_GASAN_IP = '113.29.182.90';
/** seed 000 §3.2: 판교 IDC (public internet only). */
export const KAKAOPAY_PANGYO_IP = '210.103.253.40';
/** seed 000 §3.2: the host for the public internet. */
export const KAKAOPAY_PUBLIC_HOST = 'docs-gw.kakaopay.com';
/** seed 000 §3.2, §4 (rev 1.0.1): the Gasan-only host for VPN and leased lines. */
export const KAKAOPAY_DEDICATED_HOST = 'docs-gw-gs.kakaopay.com';
/** seed 000 §2.2, §5.1 3: port 443 only. */
export const KAKAOPAY_PORT = 443;

/** reference kcp-and-payup.md B1 (seed 002 §2.5): 운영용 / 개발용. */
export const PAYUP_PRODUCTION_HOST = 'api.payup.co.kr';
export const PAYUP_TEST_HOST = 'api.testpayup.co.kr';
export const PAYUP_PORT = 443;

/** seed 004 §2.1.1 (방화벽 설정 정보) and §3.1.1 g_conf_gw_url: 실 결제 / 테스트 결제. */
export const KCP_PRODUCTION_HOST = 'paygw.kcp.co.kr';
export const KCP_TEST_HOST = 'testpaygw.kcp.co.kr';
/** seed 004 §2.1.1, §3.1.1 g_conf_gw_port: the same 8090 for test and production. */
export const KCP_PORT = 8090;

export const GATEWAY_ENVIRONMENTS = ['test', 'production'] as const;
export type GatewayEnvironment = (typeof GATEWAY_ENVIRONMENTS)[number];

export function payupHost(environment: GatewayEnvironment): string {
  return environment === 'production' ? PAYUP_PRODUCTION_HOST : PAYUP_TEST_HOST;
}

export function kcpHost(environment: GatewayEnvironment): string {
  return environment === 'production' ? KCP_PRODUCTION_HOST : KCP_TEST_HOST;
}
