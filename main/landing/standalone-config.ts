// `landing.json`: what the standalone landing server needs on the institution's web host (issue 14 §6) — no DocDesk
// data folder there. The docs-gw section is the profile's (shared/domain/profile.ts: host, pinned addresses, port,
// caFile, timeouts); the credentials come from the environment only (DOCDESK_DOCSGW_ACCESS_TOKEN,
// DOCDESK_DOCSGW_CONTRACT_UUID — a systemd EnvironmentFile readable by the service's account), never from this file.
// Relative paths are resolved against the file's folder. Command-line options override the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { docsgwServiceSchema, profileKindSchema } from '../../shared/domain/profile.ts';

export const landingConfigSchema = z.strictObject({
  /** `sandbox` (loopback only, the sandbox's public test credentials), `test` or `production`. */
  kind: profileKindSchema,
  docsgw: docsgwServiceSchema,
  /** Shown on the confirmation page ("… 전자문서"). */
  institution: z.string().min(1).max(100).optional(),
  /** Address to listen on (default 127.0.0.1: behind a reverse proxy on this host). */
  host: z.string().min(1).max(255).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  /** PEM certificate chain and private key: HTTPS. Required to listen beyond loopback. */
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  /** Daily JSON Lines files `landing-YYYY-MM-DD.jsonl` — the folder DocDesk watches (a share). */
  eventsDir: z.string().min(1).optional(),
  /** Used tokens and the docs-gw exchange log; default `<eventsDir>/state`. Keep it on a local disk. */
  stateDir: z.string().min(1).optional(),
  /** `<external_document_uuid>.html` (else `<document_binder_uuid>.html`) served as the document; default: a placeholder. */
  documentsDir: z.string().min(1).optional(),
  /** Written as `host` in every line (which web server wrote it). */
  hostName: z.string().min(1).max(255).optional(),
  /** The visitor's address is the last X-Forwarded-For entry (set only behind your own reverse proxy). */
  trustProxy: z.boolean().default(false),
});
export type LandingConfig = z.infer<typeof landingConfigSchema>;

export class LandingConfigError extends Error {
  readonly code: string;
  readonly exitCode: 2 | 4;
  constructor(code: string, message: string, exitCode: 2 | 4 = 2) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

const PATH_FIELDS = ['cert', 'key', 'eventsDir', 'stateDir', 'documentsDir'] as const;

/** Reads and checks the file; every bad field is named. Paths come back absolute. */
export function readLandingConfig(filePath: string): LandingConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8')) as unknown;
  } catch (err) {
    throw new LandingConfigError('LANDING_CONFIG_INVALID', `랜딩 서버 설정 파일을 읽을 수 없습니다 (${filePath}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = landingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LandingConfigError('LANDING_CONFIG_INVALID', `랜딩 서버 설정 파일이 올바르지 않습니다 (${filePath}) — ${issues}`);
  }
  const dir = path.dirname(path.resolve(filePath));
  const config = { ...parsed.data, docsgw: { ...parsed.data.docsgw } };
  for (const f of PATH_FIELDS) if (config[f] !== undefined) config[f] = path.resolve(dir, config[f]);
  if (config.docsgw.caFile !== undefined) config.docsgw.caFile = path.resolve(dir, config.docsgw.caFile);
  return config;
}
