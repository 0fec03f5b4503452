// Network profiles (DESIGN §5). Published as JSON schema by `docdesk profile schema` (docs/profiles.md).
import { z } from 'zod';

export const PROFILE_KINDS = ['sandbox', 'test', 'production'] as const;
export const profileKindSchema = z.enum(PROFILE_KINDS);
export type ProfileKind = z.infer<typeof profileKindSchema>;

const ipv4 = z.string().regex(/^(\d{1,3})(\.\d{1,3}){3}$/, 'must be an IPv4 address');
const ip = z.union([ipv4, z.string().regex(/^[0-9a-fA-F:]+$/, 'must be an IP address')]);
export const ipAddressSchema = ip;
export const profileNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ - (max 64)');

/** One remote service: where it lives and how we reach it. */
export const serviceEndpointSchema = z.strictObject({
  /** TLS server name and HTTP Host; the certificate is always verified against it. */
  host: z.string().min(1).max(253),
  /** Addresses we connect to, in order (fail-over); DNS is never trusted for the gateway. Empty = resolve host. */
  addresses: z.array(ip).default([]),
  port: z.number().int().min(0).max(65535),
  /** Extra CA (PEM) trusted in addition to the system store, e.g. the sandbox test CA or a TLS-inspecting proxy. */
  caFile: z.string().min(1).optional(),
  /** Local address to bind every connection to (this PC's address on the line the service is reached over). */
  localAddress: ip.optional().describe('Local address (this PC) every connection binds to; for docs-gw: every call except bulk send and bulk status when bulkLocalAddress is set. Absent: the operating system chooses.'),
  connectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  /** Read timeout for a whole request (reference §11: 60 s for bulk calls). */
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  rateLimitPerSec: z.number().positive().max(10_000).default(20),
  concurrency: z.number().int().min(1).max(64).default(4),
});
export type ServiceEndpoint = z.infer<typeof serviceEndpointSchema>;

export const docsgwServiceSchema = serviceEndpointSchema.extend({
  /**
   * seed 001 §2.2: over a leased line, bulk traffic needs a line of its own — a bulk request occupies the line, and
   * OTT verify sharing it is likely to fail. Bulk send and bulk status bind to this address; everything else
   * (OTT verify, read status, single send and status, diagnostics) to localAddress.
   */
  bulkLocalAddress: ip
    .optional()
    .describe('Local address (this PC) bulk send and bulk status bind to: the bulk-only line of seed 001 §2.2. Absent: bulk calls use localAddress.'),
  /** reference §2: Contract-Uuid is not in the spec for OTT verify and read status; default follows the spec. */
  contractUuidOnAllCalls: z.boolean().default(false),
  /** reference §4.1: single send wrapped in {"document": …} by default. */
  singleSendWrapper: z.enum(['document', 'none']).default('document'),
  /** Status polling (reference §11): never more often than every 5 s per document, backing off with age. */
  poll: z
    .strictObject({
      firstAfterSec: z.number().min(5).default(60),
      dayOneEverySec: z.number().min(5).default(900),
      laterEverySec: z.number().min(5).default(3600),
    })
    .default({ firstAfterSec: 60, dayOneEverySec: 900, laterEverySec: 3600 }),
});
export type DocsgwService = z.infer<typeof docsgwServiceSchema>;

/** PayUp (seed 002): cancel of KakaoPay payments over HTTPS. */
export const payupServiceSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https$/ }),
  merchantId: z.string().min(1).max(64),
  caFile: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Addresses to connect to (pinned, like docsgw); empty = resolve the host of baseUrl. The sandbox needs it. */
  addresses: z.array(ip).optional(),
  /** Parallel cancel requests in a batch. */
  concurrency: z.number().int().min(1).max(64).default(4),
});
export type PayupService = z.infer<typeof payupServiceSchema>;

/**
 * NHN KCP account verification (seed 004). `ppcli` runs the institution's KCP module (the only way to reach
 * paygw.kcp.co.kr: KCP's own wire protocol is not public); `socket` speaks our framing to KCP-compatible peers
 * such as the sandbox.
 */
export const kcpServiceSchema = z.strictObject({
  transport: z.enum(['ppcli', 'socket']),
  host: z.string().min(1).max(253),
  port: z.number().int().min(0).max(65535).default(8090),
  siteCd: z.string().min(1).max(5),
  ppcliHome: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});
export type KcpService = z.infer<typeof kcpServiceSchema>;

export const profileSchema = z
  .strictObject({
    name: profileNameSchema,
    label: z.string().max(100).optional(),
    kind: profileKindSchema,
    docsgw: docsgwServiceSchema,
    payup: payupServiceSchema.optional(),
    kcp: kcpServiceSchema.optional(),
    /** Only for kind `sandbox`: port 0 means the composition root starts the simulators in-process. */
    sandbox: z
      .strictObject({ timeScale: z.number().positive().max(10_000_000).default(1) })
      .optional(),
  })
  .superRefine((p, ctx) => {
    // seed 000 §2.2: the gateway accepts port 443 only.
    if (p.kind === 'production' && p.docsgw.port !== 443) {
      ctx.addIssue({ code: 'custom', path: ['docsgw', 'port'], message: 'production profiles must use port 443 for docs-gw' });
    }
  });
export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** One field a profile import would change (dotted path, values as shown; null = absent). */
export const profileChangeSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type ProfileChange = z.infer<typeof profileChangeSchema>;

/**
 * What importing a profile file would do: a new profile, or the replacement of an existing one (the active one
 * included) with these changes. Replacing needs `confirmReplace` = this digest (the exact profile shown).
 */
export const profileImportPreviewSchema = z.object({
  name: z.string(),
  kind: profileKindSchema,
  label: z.string(),
  exists: z.boolean(),
  active: z.boolean(),
  changes: z.array(profileChangeSchema),
  digest: z.string(),
});
export type ProfileImportPreview = z.infer<typeof profileImportPreviewSchema>;

/** The fields an operator must look at before a replacement: where we connect, whom we trust, what it is. */
export const PROFILE_KEY_FIELDS = /^(kind|docsgw\.(host|addresses|port|caFile|localAddress|bulkLocalAddress)|payup\.(baseUrl|addresses|caFile|merchantId)|kcp\.(transport|host|port|siteCd|ppcliHome))$/;
