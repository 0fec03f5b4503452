// Who may talk to the loopback bridge (issue 3 §4): only a page served by this very bridge, holding this run's
// random token. The checks guard against other local programs, other web sites open in the same browser
// (cross-origin requests, CSRF) and DNS rebinding (a foreign name that resolves to 127.0.0.1).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The page may load only its own files and talk only to its own origin; no inline script, no frames, no plugins. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response. The token travels in the page URL once, so no Referer may ever carry it. */
export const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_REMOTE = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The origins this bridge serves: http://127.0.0.1:PORT and http://localhost:PORT. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export type Refusal = { status: number; code: string; message: string };

/**
 * Host must name this bridge (DNS rebinding), the peer must be loopback, and a browser request must come from our
 * own origin: a present Origin header must be ours, and Sec-Fetch-Site, when the browser sends it, must not say
 * cross-site.
 */
export function checkRequestSource(req: IncomingMessage, port: number): Refusal | null {
  const remote = req.socket.remoteAddress ?? '';
  if (!LOOPBACK_REMOTE.has(remote)) return { status: 403, code: 'NOT_LOOPBACK', message: '이 PC에서만 접속할 수 있습니다.' };
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { status: 421, code: 'WRONG_HOST', message: `주소 표시줄의 주소를 http://127.0.0.1:${port}/ 로 여세요.` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(port).includes(origin)) {
    return { status: 403, code: 'FOREIGN_ORIGIN', message: '다른 웹 사이트에서 온 요청은 거부됩니다.' };
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return { status: 403, code: 'FOREIGN_ORIGIN', message: '다른 웹 사이트에서 온 요청은 거부됩니다.' };
  return null;
}

/** A file name from the browser, reduced to letters, digits, Hangul, dot, dash and underscore (no path parts). */
export function sanitizeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(-120);
  return clean || 'upload';
}

/**
 * Every %-escape of the request target is complete and decodes to UTF-8, in the path and in each query name and
 * value. WHATWG URL parsing lets `%ZZ` or a cut `%E0%A4%A` through (as text or U+FFFD), so a path built from them
 * would be looked up under a name nobody sent; such a request is refused as malformed instead.
 */
export function percentEncodingIsValid(target: string): boolean {
  const q = target.indexOf('?');
  const pathPart = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  try {
    decodeURIComponent(pathPart);
    for (const part of query.split(/[&=]/)) decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}
