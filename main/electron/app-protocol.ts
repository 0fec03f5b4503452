// The renderer is served from docdesk://app/ rather than file://, so every response carries our strict CSP header
// (a file:// page has no headers) and the page gets a real origin to check senders against.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';

export const APP_SCHEME = 'docdesk';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** No inline script, no eval, no remote anything: the page talks to main only through the preload. */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
}

/** The response for one docdesk:// URL: a file inside rendererDir (resolved and checked) or 404. */
export function appResponse(rendererDir: string, requestUrl: string): Response {
  const url = new URL(requestUrl);
  const root = path.resolve(rendererDir);
  const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = path.resolve(root, `.${rel}`);
  const headers = { 'content-security-policy': DESKTOP_CSP, 'x-content-type-options': 'nosniff' };
  if (url.host !== 'app' || !file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    return new Response('Not found', { status: 404, headers });
  }
  return new Response(readFileSync(file), { status: 200, headers: { ...headers, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' } });
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}
