// Classifies a failed HTTP attempt for the one question that matters (DESIGN §6, reference §11):
// could the gateway have received the request body? If not, the request may be retried or failed over
// to the next address; if it could have, nothing may resend it automatically (no cross-request de-duplication,
// seed 001 §3.2.1).
//
// Precision comes from where the error surfaced, not only from its code. The connection pool's connector
// (service-client.ts) marks every error raised while opening a connection (TCP connect + TLS handshake) with
// markConnectPhaseError(); undici writes a request only on an established connection, so such an error
// proves nothing was sent. Errors without that mark are "not sent" only when their code can exist solely
// before a request is written (refused, connect timeout, DNS, certificate verification, local argument
// checks); every other error — resets, broken pipes, timeouts, parser errors — may follow a written body.
import type { ExchangeFailurePhase } from './exchange.ts';

export type ClassifiedFailure = {
  phase: ExchangeFailurePhase;
  /** Stable code: the Node/undici error code (e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT) or the error name. */
  code: string;
  message: string;
  /** false only when the request provably never left this machine. */
  bodySent: boolean;
};

const connectPhaseErrors = new WeakSet<object>();

/** Called by the connector for errors raised while the connection was being opened (nothing written yet). */
export function markConnectPhaseError(err: unknown): void {
  if (typeof err === 'object' && err !== null) connectPhaseErrors.add(err);
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'EAI_SERVICE']);

// TCP-level connect failures. ECONNREFUSED and undici's connect timeout can only happen while connecting;
// the others are trusted only when the connector marked them (an established socket can also report them).
const ALWAYS_PRE_SEND_CONNECT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ETIMEDOUT',
  'EACCES',
]);

// Certificate verification happens inside the handshake, before any HTTP byte is written.
const CERT_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_INVALID_PROTOCOL_VERSION',
]);

// Refused by undici itself before dispatch (bad argument, client already closed): nothing was written.
const LOCAL_REFUSAL_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_CLOSED', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE']);

// Failures while our side was still writing the request.
const SEND_CODES = new Set(['EPIPE', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_DESTROYED']);

function codeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  }
  return 'UNKNOWN_ERROR';
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The inner errors of an AggregateError (Happy Eyeballs tries several addresses of one host name). */
function innerErrors(err: unknown): unknown[] {
  if (err instanceof AggregateError) return err.errors;
  if (typeof err === 'object' && err !== null) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof AggregateError) return cause.errors;
  }
  return [];
}

function isTlsCode(code: string): boolean {
  return CERT_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO';
}

function preSendPhaseOf(code: string, connectPhase: boolean): ExchangeFailurePhase | null {
  if (DNS_CODES.has(code)) return 'dns';
  if (CERT_CODES.has(code)) return 'tls';
  if (ALWAYS_PRE_SEND_CONNECT_CODES.has(code)) return 'connect';
  if (!connectPhase) return null;
  if (CONNECT_CODES.has(code)) return 'connect';
  if (isTlsCode(code)) return 'tls';
  // A reset or close while the connection was being opened: TCP had connected (otherwise ECONNREFUSED),
  // so it happened during the TLS handshake.
  return 'tls';
}

/**
 * Maps an undici / Node error to the exchange-log failure phase and whether the body may have been sent.
 * `responseStarted` is true when response headers had already arrived (the failure hit the response body).
 */
export function classifyError(err: unknown, responseStarted = false): ClassifiedFailure {
  let code = codeOf(err);
  const message = messageOf(err);
  const inner = innerErrors(err);
  const connectPhase = typeof err === 'object' && err !== null && connectPhaseErrors.has(err);

  if (code === 'AggregateError' && inner.length > 0) code = codeOf(inner[0]);

  if (!responseStarted) {
    const phase = preSendPhaseOf(code, connectPhase);
    if (phase !== null) return { phase, code, message, bodySent: false };
    // An AggregateError whose every attempt failed before sending (e.g. ECONNREFUSED on ::1 and 127.0.0.1).
    if (inner.length > 0 && inner.every((e) => preSendPhaseOf(codeOf(e), connectPhase) !== null)) {
      const phase0 = preSendPhaseOf(codeOf(inner[0]), connectPhase) ?? 'connect';
      return { phase: phase0, code, message, bodySent: false };
    }
    if (LOCAL_REFUSAL_CODES.has(code)) return { phase: 'send', code, message, bodySent: false };
    if (SEND_CODES.has(code)) return { phase: 'send', code, message, bodySent: true };
  }
  // Everything else may follow a written request: header/body timeouts, resets, "other side closed",
  // parser errors, aborted or destroyed clients.
  return { phase: 'response', code, message, bodySent: true };
}
