// The PayUp and KCP hosts as choices (issue 15 item 5: no operator writes JSON for them) and the Settings edit of a
// profile's lines and services. PayUp: seed 002 §2.5 / reference B1; KCP: seed 004 §2.1.1 (TCP 8090 on both).
// An edit is applied to the stored profile and goes through the same confirmed, audited replace as an import.
import { z } from 'zod';
import {
  GATEWAY_ENVIRONMENTS,
  KCP_PRODUCTION_HOST,
  KCP_TEST_HOST,
  PAYUP_PRODUCTION_HOST,
  PAYUP_TEST_HOST,
  type GatewayEnvironment,
} from './network-hosts.ts';
import { ipAddressSchema, profileNameSchema } from './profile.ts';

export const SERVICE_HOST_CHOICES = GATEWAY_ENVIRONMENTS;
export type ServiceHostChoice = GatewayEnvironment;

/** reference B1: the test host may make real KakaoPay charges; treated as possibly live. */
export const PAYUP_HOSTS: Readonly<Record<ServiceHostChoice, string>> = { test: PAYUP_TEST_HOST, production: PAYUP_PRODUCTION_HOST };
export const KCP_GATEWAYS: Readonly<Record<ServiceHostChoice, string>> = { test: KCP_TEST_HOST, production: KCP_PRODUCTION_HOST };
/** KCP's public test merchants (reference A13): public code selects the test gateway for /^T000/. */
export const KCP_TEST_SITE = /^T000/i;

/** Which choice a host is, or null for anything else (the sandbox, a custom host). */
export function hostChoiceOf(hosts: Readonly<Record<ServiceHostChoice, string>>, host: string): ServiceHostChoice | null {
  const h = host.toLowerCase();
  return SERVICE_HOST_CHOICES.find((c) => hosts[c] === h) ?? null;
}

const optionalAddress = ipAddressSchema.nullable();

/**
 * A Settings edit of the active profile. Absent parts stay as they are; null removes a line address or a service.
 * A built-in profile is never changed: the edit is saved as the custom profile `saveAs` (a template completed).
 */
export const profileEditSchema = z.strictObject({
  saveAs: profileNameSchema.optional(),
  label: z.string().trim().min(1).max(100).optional(),
  /** seed 001 §2.2: the local address of every call but bulk (localAddress) and of bulk send/status (bulkLocalAddress). */
  lines: z.strictObject({ localAddress: optionalAddress, bulkLocalAddress: optionalAddress }).optional(),
  payup: z.strictObject({ host: z.enum(SERVICE_HOST_CHOICES), merchantId: z.string().trim().min(1).max(64) }).nullable().optional(),
  kcp: z
    .strictObject({
      gateway: z.enum(SERVICE_HOST_CHOICES),
      siteCd: z.string().trim().min(1).max(5),
      /** The module home: the folder above bin/ (g_conf_home_dir); checked to hold bin/pp_cli*. */
      ppcliHome: z.string().trim().min(1).max(4096),
    })
    .nullable()
    .optional(),
});
export type ProfileEdit = z.infer<typeof profileEditSchema>;
