// Structured facts an error carries across the contract so each face words the next step its own way (issue 14
// item 9: no screen speaks CLI): the app shows a button or a link, the CLI names a command or a flag. The message
// itself names neither.
import { z } from 'zod';
import { secretKeySchema, type SecretKey } from './secrets.ts';

/** A credential of a profile is missing or unusable: the app links to Settings, the CLI names `secret set`. */
export const credentialDetailsSchema = z.object({ kind: z.literal('credential'), profile: z.string().optional(), key: secretKeySchema });
/** A whole request was refused (reference §9): the face words the advice for its status. */
export const wholeRequestDetailsSchema = z.object({ kind: z.literal('wholeRequest'), httpStatus: z.number().int() });
/** The operator must confirm (an unconfirmed bank, a pre-review day): the app asks with a button, the CLI with --yes. */
export const confirmDetailsSchema = z.object({ kind: z.literal('confirm') }).loose();

export const errorDetailsSchema = z.union([credentialDetailsSchema, wholeRequestDetailsSchema, confirmDetailsSchema]);
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

export function credentialDetails(profile: string, key: SecretKey): z.infer<typeof credentialDetailsSchema> {
  return { kind: 'credential', profile, key };
}

export function wholeRequestDetails(httpStatus: number): z.infer<typeof wholeRequestDetailsSchema> {
  return { kind: 'wholeRequest', httpStatus };
}

/** The details of an error thrown anywhere, when they are one of the kinds above. */
export function errorDetailsOf(details: unknown): ErrorDetails | null {
  const parsed = errorDetailsSchema.safeParse(details);
  return parsed.success ? parsed.data : null;
}
