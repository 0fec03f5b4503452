// PayUp request signatures (seed 002 §3.1.1 and the cancel-signature note; reference kcp-and-payup.md B4):
// SHA-256 over the UTF-8 bytes of the values joined by `|`, lowercase hex. The key (apiCertKey, called
// `apiKey` in the cancel section of [002]) is one per merchantId. Timestamps are NOT validated: the seed's own
// order vector ends in second 60.
import { createHash } from 'node:crypto';

export class PayupSignatureError extends Error {
  readonly code = 'PAYUP_SIGNATURE_INPUT';
}

// reference B4: "공백제거" — a value carrying `|` or whitespace would make two different requests sign alike.
function part(name: string, value: string): string {
  if (value.length === 0) throw new PayupSignatureError(`${name} 값이 비어 있어 서명을 만들 수 없습니다.`);
  if (/[|\s]/u.test(value)) throw new PayupSignatureError(`${name} 값에 '|' 또는 공백이 들어 있어 서명을 만들 수 없습니다. 값을 확인하세요.`);
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** seed 002 §3.4 note: sha256(merchantId|transactionId|apiCertKey). */
export function cancelSignature(merchantId: string, transactionId: string, apiCertKey: string): string {
  return sha256Hex([part('merchantId', merchantId), part('transactionId', transactionId), part('apiCertKey', apiCertKey)].join('|'));
}

/** seed 002 §3.1.1: sha256(merchantId|orderNumber|amount|apiCertKey|timestamp). DocDesk never orders; kept for the vector. */
export function orderSignature(merchantId: string, orderNumber: string, amount: string, apiCertKey: string, timestamp: string): string {
  if (!/^\d+$/.test(amount)) throw new PayupSignatureError('amount는 숫자만 쓸 수 있습니다 (reference B4).');
  return sha256Hex(
    [part('merchantId', merchantId), part('orderNumber', orderNumber), amount, part('apiCertKey', apiCertKey), part('timestamp', timestamp)].join('|'),
  );
}

/**
 * What may be logged about a signature: 12 hex of SHA-256(signature). It identifies the request in the log
 * without giving anyone a replayable signature (DESIGN §12: signatures never logged in clear).
 */
export function signatureFingerprint(signature: string): string {
  return `sig:${sha256Hex(signature).slice(0, 12)}`;
}
