// Secrets are write-only across every face (DESIGN §3, §12): set, clear, and "is it set (last 4)", never read back.
import { z } from 'zod';

export const SECRET_KEYS = ['docsgw.accessToken', 'docsgw.contractUuid'] as const;
export const secretKeySchema = z.enum(SECRET_KEYS);
export type SecretKey = z.infer<typeof secretKeySchema>;

/** Environment overrides for automation (issue 2 §7). */
export const SECRET_ENV: Record<SecretKey, string> = {
  'docsgw.accessToken': 'DOCDESK_DOCSGW_ACCESS_TOKEN',
  'docsgw.contractUuid': 'DOCDESK_DOCSGW_CONTRACT_UUID',
};

export const secretStatusSchema = z.object({
  key: secretKeySchema,
  set: z.boolean(),
  source: z.enum(['env', 'vault', 'sandbox-default', 'none']),
  last4: z.string().max(4).nullable(),
});
export type SecretStatus = z.infer<typeof secretStatusSchema>;
