import { credentialDetails } from '../../shared/domain/error-details.ts';
import type { SecretKey } from '../../shared/domain/secrets.ts';

/** A configuration or credential problem: CLI exit code 4 (or 2 for bad input files). */
export class ConfigError extends Error {
  readonly code: string;
  readonly exitCode: 2 | 4;
  /** Structured facts for the faces (e.g. what a confirmation would change); never a secret. */
  readonly details?: unknown;
  constructor(code: string, message: string, exitCode: 2 | 4 = 4, details?: unknown) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
    if (details !== undefined) this.details = details;
  }
}

/** A credential the active profile needs is not set; each face says where to set it (shared/domain/error-details.ts). */
export function missingCredential(profile: string, key: SecretKey): ConfigError {
  return new ConfigError('CREDENTIAL_MISSING', `'${profile}' 프로필의 ${key} 값이 없습니다. 대행사에서 받은 값을 자격 증명으로 입력하세요.`, 4, credentialDetails(profile, key));
}
