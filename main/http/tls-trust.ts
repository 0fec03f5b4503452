// Trust anchors for one service. Passing `ca` to Node REPLACES the default store, so the system roots are
// added explicitly: an extra CA (sandbox test CA, a TLS-inspecting proxy) must never drop the public roots.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

export class TlsTrustError extends Error {
  readonly code = 'TLS_CA_FILE_UNREADABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TlsTrustError';
  }
}

/** Node's bundled root certificates plus the PEM certificates of `caFile`, if any. */
export function trustedCertificates(caFile: string | undefined): string[] {
  const roots = [...tls.rootCertificates];
  if (caFile === undefined) return roots;
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (cause) {
    throw new TlsTrustError(`CA 파일을 읽을 수 없습니다: ${caFile}. 프로필의 caFile 경로를 확인하세요.`, { cause });
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (blocks === null || blocks.length === 0) {
    throw new TlsTrustError(`CA 파일에 PEM 인증서가 없습니다: ${caFile}. PEM 형식(-----BEGIN CERTIFICATE-----)인지 확인하세요.`);
  }
  return [...roots, ...blocks];
}
