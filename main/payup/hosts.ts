// PayUp hosts and the HTTPS endpoint derived from a profile's payup section (seed 002 §2.5, reference B1).
import { PAYUP_TEST_HOST } from '../../shared/domain/network-hosts.ts';
import type { PayupService, ServiceEndpoint } from '../../shared/domain/profile.ts';

export { PAYUP_PRODUCTION_HOST, PAYUP_TEST_HOST } from '../../shared/domain/network-hosts.ts';

/**
 * reference B1: a public project reports that a KakaoPay order on the test host was really charged
 * ("실결제 됩니다"). The test host is treated as possibly live.
 */
export const PAYUP_TEST_HOST_WARNING =
  '주의: PayUp 개발용 호스트(api.testpayup.co.kr)도 실제 카카오페이 결제·취소가 일어날 수 있습니다. 실제 거래로 여기고, 자동 테스트는 샌드박스에서만 하세요.';

export function payupHostWarning(service: PayupService): string | null {
  return new URL(service.baseUrl).hostname.toLowerCase() === PAYUP_TEST_HOST ? PAYUP_TEST_HOST_WARNING : null;
}

/** host/port from baseUrl; addresses pin where we connect (the sandbox host name has no DNS). */
export function payupEndpoint(service: PayupService): ServiceEndpoint & { basePath: string } {
  const url = new URL(service.baseUrl);
  const port = url.port === '' ? 443 : Number(url.port);
  return {
    host: url.hostname,
    addresses: service.addresses ?? [],
    port,
    ...(service.caFile !== undefined ? { caFile: service.caFile } : {}),
    connectTimeoutMs: Math.min(5_000, service.timeoutMs),
    timeoutMs: service.timeoutMs,
    rateLimitPerSec: 10_000,
    concurrency: service.concurrency,
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}

export const payupPaths = {
  cancel: (merchantId: string): string => `/ep/api/kakao/${encodeURIComponent(merchantId)}/cancel`,
} as const;
