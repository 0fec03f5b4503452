// Built-in profiles (DESIGN §5; seed 000 §3.2). The IDC addresses are 2021 values from seed 000: they pin
// where we connect, and the certificate is still verified against the host name.
import { KAKAOPAY_DEDICATED_HOST, KAKAOPAY_GASAN_IP, KAKAOPAY_PANGYO_IP, KAKAOPAY_PORT, KAKAOPAY_PUBLIC_HOST } from '../../shared/domain/network-hosts.ts';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import { SANDBOX_PAYUP_HOST, SANDBOX_PAYUP_MERCHANT_ID } from '../sandbox/credentials.ts';
import { SANDBOX_KCP_SITE_CD } from '../sandbox/kcp/accounts.ts';

export const SANDBOX_PROFILE_NAME = 'sandbox';

/** Virtual seconds per real second in the embedded sandbox: a 30-day read deadline passes in ~15 s. */
export const SANDBOX_DEFAULT_TIME_SCALE = 172_800;

export const BUILTIN_PROFILES: readonly Profile[] = [
  profileSchema.parse({
    name: SANDBOX_PROFILE_NAME,
    label: '샌드박스 (모의 게이트웨이, 실제 발송 없음)',
    kind: 'sandbox',
    // Addresses, port and CA are filled in when the embedded sandbox starts (main/app/backend.ts).
    docsgw: {
      host: 'docs-gw.sandbox.docdesk.test',
      addresses: ['127.0.0.1', '127.0.0.2'],
      port: 0,
      rateLimitPerSec: 200,
      concurrency: 4,
      poll: { firstAfterSec: 5, dayOneEverySec: 5, laterEverySec: 10 },
    },
    // The port, address and CA of the simulated PayUp are filled in when the embedded sandbox starts.
    payup: { baseUrl: `https://${SANDBOX_PAYUP_HOST}`, merchantId: SANDBOX_PAYUP_MERCHANT_ID, addresses: ['127.0.0.1'], timeoutMs: 10_000, concurrency: 4 },
    // KCP through the socket transport to the simulated gateway; the port is filled in when the sandbox starts.
    kcp: { transport: 'socket', host: '127.0.0.1', port: 0, siteCd: SANDBOX_KCP_SITE_CD, timeoutMs: 10_000 },
    sandbox: { timeScale: SANDBOX_DEFAULT_TIME_SCALE },
  }),
  profileSchema.parse({
    name: 'kakaopay-public',
    label: '카카오페이 운영 — 공중망 (가산·판교 IDC)',
    kind: 'production',
    docsgw: { host: KAKAOPAY_PUBLIC_HOST, addresses: [KAKAOPAY_GASAN_IP, KAKAOPAY_PANGYO_IP], port: KAKAOPAY_PORT, rateLimitPerSec: 20, concurrency: 4 },
  }),
  profileSchema.parse({
    name: 'kakaopay-dedicated',
    label: '카카오페이 운영 — VPN/전용선 (가산 IDC)',
    kind: 'production',
    docsgw: { host: KAKAOPAY_DEDICATED_HOST, addresses: [KAKAOPAY_GASAN_IP], port: KAKAOPAY_PORT, rateLimitPerSec: 20, concurrency: 4 },
  }),
];
