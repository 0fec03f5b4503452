// Module / gateway result parsing (reference kcp-and-payup.md A7, A10, A11).
import { US } from './message.ts';

export type KcpResult = {
  resCd: string;
  resMsg: string;
  /** Every key as received (unknown keys kept, A7.6); the last value of a repeated key wins. */
  fields: Record<string, string>;
  duplicates: string[];
};

/** Wrapper codes raised locally, never by KCP's gateway (A11). */
export const WRAPPER_CODES = {
  EMPTY_OUTPUT: { code: '9502', message: '연동 모듈 호출 오류' },
  EXEC_FAILED: { code: 'S102', message: '연동 모듈 실행 오류' },
} as const;

/**
 * The module's own answers about the gateway connection, observed with KCP's published Linux module: S202
 * (PG 서버 접속 오류, exit status 116) when the connection is refused — nothing reached KCP — and S204 (PG 서버 지불
 * DATA 수신 오류, exit status 72) when the request went out and no answer came back — KCP may have it. Neither says
 * anything about the account, so neither is "not verified".
 */
export const MODULE_CONNECT_REFUSED = 'S202';
export const MODULE_NO_ANSWER = 'S204';

export const WRAPPER_CODE_SET: ReadonlySet<string> = new Set(['9502', '9562', 'S102', 'S301', '9551', '9552', '9553']);

/** Splits a result line: pieces on 0x1F, empty pieces dropped, each split at the FIRST '='; last key wins. */
export function parseResultLine(line: string): KcpResult | null {
  const fields: Record<string, string> = {};
  const duplicates: string[] = [];
  for (const piece of line.replace(/[\r\n]+$/g, '').split(US)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const key = piece.slice(0, eq).trim();
    if (Object.hasOwn(fields, key)) duplicates.push(key);
    fields[key] = piece.slice(eq + 1);
  }
  const resCd = fields.res_cd;
  if (resCd === undefined) return null;
  return { resCd, resMsg: fields.res_msg ?? '', fields, duplicates };
}

/**
 * The result line of a module's stdout (A7.1): on Windows the line containing `res_cd=` (a code-page banner may
 * come first); on Linux the last non-empty line. Both rules are applied: the last non-empty line that contains
 * `res_cd=`, else the last non-empty line.
 */
export function resultLineOf(stdout: string): string | null {
  const lines = stdout.split(/\r?\n|\r/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]?.includes('res_cd=')) return lines[i] ?? null;
  return lines[lines.length - 1] ?? null;
}

/** app_time `yyyyMMddHHmmss` in KST → ms UTC (A10); null when it does not parse. */
export function appTimeToMs(appTime: string | undefined): number | null {
  const m = appTime ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(appTime) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h - 9, mi, s);
  const back = new Date(ms + 9 * 3_600_000);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return null;
  return ms;
}
