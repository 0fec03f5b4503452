// Secrets are write-only across every face (DESIGN §3, §12): set, clear, and "is it set (last 4)", never read back.
import { z } from 'zod';

export const SECRET_KEYS = ['docsgw.accessToken', 'docsgw.contractUuid', 'payup.apiCertKey', 'kcp.siteKey'] as const;
export const secretKeySchema = z.enum(SECRET_KEYS);
export type SecretKey = z.infer<typeof secretKeySchema>;

/** Environment overrides for automation (issue 2 §7); test and production profiles only (issue 13 item 7). */
export const SECRET_ENV: Record<SecretKey, string> = {
  'docsgw.accessToken': 'DOCDESK_DOCSGW_ACCESS_TOKEN',
  'docsgw.contractUuid': 'DOCDESK_DOCSGW_CONTRACT_UUID',
  'payup.apiCertKey': 'DOCDESK_PAYUP_API_CERT_KEY',
  'kcp.siteKey': 'DOCDESK_KCP_SITE_KEY',
};

export const secretStatusSchema = z.object({
  key: secretKeySchema,
  set: z.boolean(),
  source: z.enum(['env', 'vault', 'sandbox-default', 'none']),
  last4: z.string().max(4).nullable(),
});
export type SecretStatus = z.infer<typeof secretStatusSchema>;

/** The credentials a profile needs before it can be used for real sends. */
export function requiredSecretsFor(profile: { payup?: unknown; kcp?: unknown }): SecretKey[] {
  const keys: SecretKey[] = ['docsgw.accessToken', 'docsgw.contractUuid'];
  if (profile.payup) keys.push('payup.apiCertKey');
  if (profile.kcp) keys.push('kcp.siteKey');
  return keys;
}
