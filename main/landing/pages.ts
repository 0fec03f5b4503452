// The landing server's pages: Korean, no external resources, a strict CSP with a per-response nonce.
import { randomBytes } from 'node:crypto';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function pageHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self'; connect-src 'self'; frame-ancestors 'none'`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

function shell(nonce: string, title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style nonce="${nonce}">body{font-family:'Nanum Gothic','Malgun Gothic',sans-serif;max-width:40em;margin:2em auto;padding:0 1em}button{font-size:1.1em;padding:.6em 1.4em}</style></head><body>${body}</body></html>`;
}

/** After the token is verified: the user confirms before the document is shown (O1: 진입 시 확인 이력). */
export function confirmPage(nonce: string, session: string, institution: string): string {
  return shell(
    nonce,
    '전자문서 열람 확인',
    `<h1>${esc(institution)} 전자문서</h1><p>본인 확인이 끝났습니다. 아래 버튼을 누르면 문서를 열람하며, 열람 기록이 카카오페이와 기관에 남습니다.</p>
<form method="post" action="/landing/confirm"><input type="hidden" name="session" value="${esc(session)}"><button type="submit" id="confirm">문서 열람하기</button></form>`,
  );
}

/** The document; a script reports "rendered" once the page has loaded, which triggers read-status. */
export function documentPage(nonce: string, session: string, contentHtml: string): string {
  return shell(
    nonce,
    '전자문서',
    `<main id="document">${contentHtml}</main>
<script nonce="${nonce}">window.addEventListener('load',function(){fetch('/landing/rendered',{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded'},body:'session=${encodeURIComponent(session)}'});});</script>`,
  );
}

export function errorPage(nonce: string, message: string): string {
  return shell(nonce, '문서를 열 수 없습니다', `<h1>문서를 열 수 없습니다</h1><p>${esc(message)}</p>`);
}
