// Every docs-gw code DocDesk can store or show has its own Korean explanation and next step, with English beside
// it: the lists the engine uses are iterated, so a code added to them without advice fails here.
import { describe, expect, it } from 'vitest';
import {
  ADVICE_LANGS,
  REFUSAL_CODES,
  adviceText,
  documentAdvice,
  errorCodeAdvice,
  unknownReasonAdvice,
  unknownReasonKind,
  wholeRequestAdvice,
  type DocsgwAdvice,
} from '../../shared/domain/docsgw-advice.ts';
import { BULK_ITEM_ERROR_CODES, WHOLE_REQUEST_ERROR_STATUSES } from '../../shared/domain/edoc.ts';
import { DOCDESK_REFUSAL_CODES, DOCDESK_UNKNOWN_REASONS } from '../../shared/domain/mailing.ts';

// seed 001 §3.2.2 "실패에 내려갈 수 있는 에러코드" (copied verbatim).
const SEED_001_ITEM_CODES: Record<string, string> = {
  NOT_FOUND: '전송한 사용자 정보를 찾을 수 없는 경우',
  INVALID_VALUE: '파라미터가 형식에 맞지않음 혹은 필수파라미터 누락',
  FORBIDDEN: '문서의 대상자가 내문서함에서 수신거부를 한 경우',
  INTERNAL_ERROR: '카카오페이 서버에러 or 정의되지 않은 오류',
};

// reference kakaopay-edoc-api.md §9, the error table: HTTP status → error_code.
const REFERENCE_9_WHOLE_REQUEST: [number, string][] = [
  [400, 'INVALID_VALUE'],
  [401, 'UNAUTHORIZED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [500, 'INTERNAL_ERROR'],
];

// Transport codes the sandbox's faults produce for a send whose answer never came (timeoutAfterBody,
// resetMidResponse), and the forms of a 5xx answer (flat body, non-JSON proxy page).
const TRANSPORT_REASONS: [string, string][] = [
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
  ['ETIMEDOUT', 'timeout'],
  ['ECONNRESET', 'connection-lost'],
  ['UND_ERR_SOCKET', 'connection-lost'],
  ['EPIPE', 'connection-lost'],
  ['INTERNAL_ERROR', 'server-error'],
  ['INTERNAL_SERVER_ERROR', 'server-error'],
  ['HTTP_500', 'server-error'],
  ['HTTP_502', 'server-error'],
  ['HTTP_302', 'unexpected-status'],
];

const HANGUL = /[가-힣]/;

/** The text a code gets when no entry explains it, with the code swapped for `code`. */
function genericFor(fn: (c: string) => DocsgwAdvice, code: string): string {
  return adviceText(fn('NO_SUCH_CODE_X')).replaceAll('NO_SUCH_CODE_X', code);
}

function expectSpecific(a: DocsgwAdvice, generic: string, lang: (typeof ADVICE_LANGS)[number]): void {
  expect(adviceText(a)).not.toBe(generic);
  expect(a.explanation.length).toBeGreaterThan(10);
  expect(a.advice.length).toBeGreaterThan(10);
  if (lang === 'ko') expect(adviceText(a)).toMatch(HANGUL);
  else expect(adviceText(a)).not.toMatch(HANGUL);
}

describe('docs-gw advice table', () => {
  it('the per-item codes are exactly seed 001 §3.2.2 table', () => {
    expect([...BULK_ITEM_ERROR_CODES].sort()).toEqual(Object.keys(SEED_001_ITEM_CODES).sort());
  });

  it.each(ADVICE_LANGS)('every per-item code, alias and DocDesk refusal code has its own advice (%s)', (lang) => {
    const codes = [...BULK_ITEM_ERROR_CODES, 'INTERNAL_SERVER_ERROR', 'UNIDENTIFIED_USER', ...DOCDESK_REFUSAL_CODES];
    const texts = new Set<string>();
    for (const code of codes) {
      const a = errorCodeAdvice(code, lang);
      expect(a.code).toBe(code);
      expectSpecific(a, genericFor((c) => errorCodeAdvice(c, lang), code), lang);
      texts.add(adviceText(a));
    }
    // The aliases mean their documented twins (reference §9); every other code has a text of its own.
    expect(adviceText(errorCodeAdvice('INTERNAL_SERVER_ERROR', lang))).toBe(adviceText(errorCodeAdvice('INTERNAL_ERROR', lang)));
    expect(adviceText(errorCodeAdvice('UNIDENTIFIED_USER', lang))).toBe(adviceText(errorCodeAdvice('INVALID_VALUE', lang)));
    expect(texts.size).toBe(codes.length - 2);
  });

  it.each(ADVICE_LANGS)('every whole-request status of reference §9 has its advice under its error code (%s)', (lang) => {
    expect([...WHOLE_REQUEST_ERROR_STATUSES]).toEqual(REFERENCE_9_WHOLE_REQUEST.map(([s]) => s));
    const generic4xx = adviceText(wholeRequestAdvice(418, lang));
    for (const [status, code] of REFERENCE_9_WHOLE_REQUEST) {
      const a = wholeRequestAdvice(status, lang);
      expect(a.code).toBe(code);
      expectSpecific(a, generic4xx, lang);
      expect(a.explanation).toContain(String(status));
      // A non-JSON body is stored as HTTP_<status>: the same explanation.
      expect(errorCodeAdvice(`HTTP_${status}`, lang).explanation).toBe(a.explanation);
    }
    // 401 and 404 stop a send and name the credential to set again.
    expect(wholeRequestAdvice(401, lang).advice).toContain('docsgw.accessToken');
    expect(wholeRequestAdvice(404, lang).advice).toContain('docsgw.contractUuid');
    expect(errorCodeAdvice('UNAUTHORIZED', lang).explanation).toBe(wholeRequestAdvice(401, lang).explanation);
  });

  it.each(ADVICE_LANGS)('every UNKNOWN reason DocDesk stores, and the transport and 5xx reasons, has its own explanation (%s)', (lang) => {
    const explanations = new Set<string>();
    for (const reason of DOCDESK_UNKNOWN_REASONS) {
      expect(unknownReasonKind(reason), reason).not.toBeNull();
      const a = unknownReasonAdvice(reason, lang);
      expect(a.code).toBe(reason);
      expectSpecific(a, genericFor((c) => unknownReasonAdvice(c, lang), reason), lang);
      explanations.add(a.explanation);
    }
    expect(explanations.size).toBe(DOCDESK_UNKNOWN_REASONS.length);
    for (const [reason, kind] of TRANSPORT_REASONS) {
      expect(unknownReasonKind(reason), reason).toBe(kind);
      expectSpecific(unknownReasonAdvice(reason, lang), genericFor((c) => unknownReasonAdvice(c, lang), reason), lang);
    }
    // Every UNKNOWN is an operator decision: resend or abandon — on the mailings screen, or with the CLI's command.
    expect(unknownReasonAdvice('ECONNRESET', lang, 'cli').advice).toContain('docdesk mail resolve');
    expect(unknownReasonAdvice('ECONNRESET', lang).advice).not.toContain('docdesk');
  });

  it('the app face never names a command; the CLI face names the one that acts (issue 14: no screen speaks CLI)', () => {
    const speaksCli = /docdesk |--[a-z]/;
    for (const lang of ADVICE_LANGS) {
      const app = [
        ...REFUSAL_CODES.map((c) => errorCodeAdvice(c, lang)),
        ...[...WHOLE_REQUEST_ERROR_STATUSES, 418, 502].map((st) => wholeRequestAdvice(st, lang)),
        ...[...DOCDESK_UNKNOWN_REASONS, 'ECONNRESET', 'UND_ERR_HEADERS_TIMEOUT', 'HTTP_503', null].map((r) => unknownReasonAdvice(r, lang)),
        documentAdvice({ state: 'ABANDONED', errorCode: null, errorMessage: 'crash-recovery' }, lang),
      ];
      for (const a of app) expect(adviceText(a!), JSON.stringify(a)).not.toMatch(speaksCli);
      expect(wholeRequestAdvice(401, lang, 'cli').advice).toContain('docdesk secret set docsgw.accessToken');
      expect(wholeRequestAdvice(404, lang, 'cli').advice).toContain('docdesk secret set docsgw.contractUuid');
      expect(documentAdvice({ state: 'UNKNOWN', errorCode: null, errorMessage: 'crash-recovery' }, lang, 'cli')!.advice).toContain('docdesk mail resolve');
    }
  });

  it('codes outside the table get a generic text that names them', () => {
    for (const lang of ADVICE_LANGS) {
      expect(adviceText(errorCodeAdvice('RATE_LIMITED', lang))).toContain("'RATE_LIMITED'");
      expect(adviceText(unknownReasonAdvice('SOMETHING_ODD', lang))).toContain("'SOMETHING_ODD'");
      expect(wholeRequestAdvice(429, lang).code).toBe('HTTP_429');
      expect(unknownReasonAdvice(null, lang).code).toBe('UNKNOWN');
    }
  });

  it('a document gets the advice of its code, or of its UNKNOWN reason, by state', () => {
    const doc = (state: Parameters<typeof documentAdvice>[0]['state'], errorCode: string | null, errorMessage: string | null) => ({ state, errorCode, errorMessage });
    expect(documentAdvice(doc('REJECTED', 'NOT_FOUND', '요청 정보를 찾을 수 없습니다.'))).toEqual(errorCodeAdvice('NOT_FOUND'));
    expect(documentAdvice(doc('REJECTED', 'FORBIDDEN', ''), 'en')).toEqual(errorCodeAdvice('FORBIDDEN', 'en'));
    // Waiting for its one automatic retry.
    expect(documentAdvice(doc('QUEUED', 'INTERNAL_ERROR', ''))).toEqual(errorCodeAdvice('INTERNAL_ERROR'));
    // UNKNOWN keeps its reason in error_message (error_code is NULL).
    expect(documentAdvice(doc('UNKNOWN', null, 'crash-recovery'))).toEqual(unknownReasonAdvice('crash-recovery'));
    const abandoned = documentAdvice(doc('ABANDONED', null, 'UND_ERR_HEADERS_TIMEOUT'));
    expect(abandoned?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(abandoned?.explanation).toContain('포기');
    expect(abandoned?.advice).not.toBe(unknownReasonAdvice('UND_ERR_HEADERS_TIMEOUT').advice);
    expect(documentAdvice(doc('ACCEPTED', null, null))).toBeNull();
    expect(documentAdvice(doc('QUEUED', null, 'ECONNRESET'))).toBeNull();
  });
});
