// What each docs-gw refusal and each UNKNOWN outcome means and what the operator does next, in Korean first and
// English beside it: the one table behind the grid tooltip, the drawer, the dashboard and the CLI (issue 14).
// Sources: per-item codes seed 001 §3.2.2 (reference §5), whole-request errors reference §9, why DocDesk leaves
// a document UNKNOWN DESIGN §6 and reference §11 (no cross-request de-duplication: a blind resend can deliver a
// notice twice). Same pattern as main/payup/response-codes.ts; unknown codes get a generic text naming them.
import { z } from 'zod';
import { BULK_ITEM_ERROR_CODES, normalizeErrorCode, WHOLE_REQUEST_ERROR_STATUSES, type WholeRequestErrorStatus } from './edoc.ts';
import { DOCDESK_REFUSAL_CODES, docdeskUnknownReasonSchema, type DocdeskUnknownReason, type DocumentState } from './mailing.ts';

export const ADVICE_LANGS = ['ko', 'en'] as const;
export type AdviceLang = (typeof ADVICE_LANGS)[number];

/**
 * Who reads the advice: the app's screens point at a screen or a button, the CLI at a command. The few texts that
 * name where to act differ; everything else is the same (issue 14 item 9: no screen speaks CLI).
 */
export const ADVICE_FACES = ['app', 'cli'] as const;
export type AdviceFace = (typeof ADVICE_FACES)[number];

export const docsgwAdviceSchema = z.object({
  /** The stored code or UNKNOWN reason the text explains, as stored. */
  code: z.string(),
  /** What happened, in one or two sentences. */
  explanation: z.string(),
  /** What to do next. */
  advice: z.string(),
});
export type DocsgwAdvice = z.infer<typeof docsgwAdviceSchema>;

type Text = { explanation: string; advice: string };
type Entry = Record<AdviceLang, Text>;

/** Codes a refused document can carry in documents.error_code: the gateway's table and DocDesk's own. */
export const REFUSAL_CODES = [...BULK_ITEM_ERROR_CODES, ...DOCDESK_REFUSAL_CODES] as const;
export const refusalCodeSchema = z.enum(REFUSAL_CODES);
export type RefusalCode = z.infer<typeof refusalCodeSchema>;

const NOT_RESENT_KO = '다시 보내면 수신자가 같은 문서를 두 번 받을 수 있어 DocDesk는 자동으로 다시 보내지 않았습니다.';
const NOT_RESENT_EN = 'A resend could deliver the same notice twice, so DocDesk did not resend it automatically.';
const DECIDE: Record<AdviceFace, Record<AdviceLang, string>> = {
  app: {
    ko: '대행사(카카오페이 담당자)에 external_document_uuid로 접수 여부를 확인한 뒤, 발송 목록 화면의 "확인 필요 처리" 버튼으로 재발송 또는 포기를 결정하세요.',
    en: 'Ask the agency (KakaoPay contact) whether the external_document_uuid was received, then resend or abandon with the "needs a decision" button on the mailings screen.',
  },
  cli: {
    ko: '대행사(카카오페이 담당자)에 external_document_uuid로 접수 여부를 확인한 뒤 재발송 또는 포기를 결정하세요 (docdesk mail resolve ID --unknown resend|abandon).',
    en: 'Ask the agency (KakaoPay contact) whether the external_document_uuid was received, then resend or abandon (docdesk mail resolve ID --unknown resend|abandon).',
  },
};
/** Where a credential is entered again, per face. */
function setCredential(face: AdviceFace, lang: AdviceLang, key: string): string {
  if (face === 'cli') return lang === 'ko' ? `'docdesk secret set ${key}'(으)로 다시 등록` : `set it again with 'docdesk secret set ${key}'`;
  return lang === 'ko' ? `설정 화면의 자격 증명(${key})에 다시 입력` : `enter it again under Settings → Credentials (${key})`;
}

// The gateway's per-item codes: seed 001 §3.2.2 (reference §5), aliases UNIDENTIFIED_USER and
// INTERNAL_SERVER_ERROR reference §9; LOCAL_VALIDATION main/mailing/sender.ts, NO_BINDER_UUID classify-send.ts.
const REFUSALS: Record<RefusalCode, Entry> = {
  NOT_FOUND: {
    ko: {
      explanation: '이 전화번호·이름·생년월일(또는 CI)과 일치하는 카카오페이 회원을 찾지 못했습니다.',
      advice: '원본 목록의 번호·이름·생년월일이 맞는지 확인하세요. 맞다면 카카오페이 회원이 아니므로 우편·문자 등 다른 채널로 안내하세요.',
    },
    en: {
      explanation: 'No KakaoPay member matches this phone number, name and birthday (or CI).',
      advice: 'Check the number, name and birthday in the source list. If they are right, the recipient is not a KakaoPay member: use another channel (post, SMS).',
    },
  },
  INVALID_VALUE: {
    ko: {
      explanation:
        '값의 형식이 맞지 않거나 필수 값이 빠졌습니다. 수신자 정보로 한 사람을 특정할 수 없을 때(UNIDENTIFIED_USER)도 이 코드입니다. 요청 전체가 거절되면(HTTP 400) 묶음의 모든 문서에 같은 코드가 기록됩니다.',
      advice: '오류 내용에 적힌 값을 원본 목록에서 고친 뒤 그 행을 새 목록으로 가져와 보내세요. 같은 값으로 다시 보내면 다시 거절됩니다.',
    },
    en: {
      explanation:
        'A value has the wrong format or a required value is missing; also sent when the recipient fields do not identify one person (UNIDENTIFIED_USER). When the whole request is refused (HTTP 400), every document of the chunk carries this code.',
      advice: 'Fix the value named in the error message in the source list and import those rows as a new list. The same values will be refused again.',
    },
  },
  FORBIDDEN: {
    ko: {
      explanation: '수신자가 카카오페이 내문서함에서 이 기관의 문서를 수신거부했습니다.',
      advice:
        '카카오페이로는 보낼 수 없으니 다시 보내지 말고 우편·문자 등 다른 채널로 안내하세요. 한 묶음(최대 100건) 전체가 FORBIDDEN이면 요청 자체가 거부된 것이니 대행사에 계약과 발송 권한을 확인하세요.',
    },
    en: {
      explanation: 'The recipient blocked documents from this institution in their KakaoPay document box.',
      advice:
        'Do not resend through KakaoPay; use another channel (post, SMS). If a whole chunk (up to 100) is FORBIDDEN, the request itself was refused: ask the agency about the contract and sending rights.',
    },
  },
  INTERNAL_ERROR: {
    ko: {
      explanation:
        '카카오페이 서버 오류 또는 정의되지 않은 오류입니다. DocDesk는 이 문서를 새 문서 ID로 한 번 자동 재시도하고, 재시도도 실패하면 거절로 기록합니다.',
      advice: '재시도를 기다리세요. 거절로 기록되었다면 잠시 뒤 그 행을 새 목록으로 보내고, 계속되면 코드와 시각을 대행사(카카오페이 담당자)에 알리세요.',
    },
    en: {
      explanation:
        'A KakaoPay server error or an undefined error. DocDesk retries the document once, automatically, under a new document id, and records it as refused if the retry fails too.',
      advice: 'Wait for the retry. If it was recorded as refused, send that row again later as a new list; if it keeps happening, give the code and time to the agency (KakaoPay contact).',
    },
  },
  LOCAL_VALIDATION: {
    ko: {
      explanation: '보내기 전에 DocDesk가 규격 위반을 발견해 이 묶음을 보내지 않았습니다. 게이트웨이에는 아무것도 가지 않았습니다.',
      advice: '오류 내용에 적힌 항목을 원본 목록에서 고친 뒤 새 목록으로 가져와 보내세요.',
    },
    en: {
      explanation: 'DocDesk found a rule violation before sending and did not send this chunk; nothing reached the gateway.',
      advice: 'Fix the field named in the error message in the source list, import it as a new list and send it.',
    },
  },
  NO_BINDER_UUID: {
    ko: {
      explanation: '게이트웨이 응답에 이 문서의 문서 번호(document_binder_uuid)도 오류 코드도 없었습니다. 접수되었는지 알 수 없습니다.',
      advice: '대행사(카카오페이 담당자)에 external_document_uuid로 접수 여부를 확인하고, 접수되지 않았다면 그 행을 새 목록으로 보내세요.',
    },
    en: {
      explanation: 'The gateway answered with neither a document id (document_binder_uuid) nor an error code for this document; whether it was accepted is unknown.',
      advice: 'Ask the agency (KakaoPay contact) about the external_document_uuid; if it was not received, send that row again as a new list.',
    },
  },
};

// Whole-request errors: reference §9's table (status, error_code). 401 and 404 stop a send (classify-send.ts);
// 500 and other 5xx leave the chunk UNKNOWN; other 4xx refuse every document of the chunk.
type FacedText = { explanation: string; advice: string | ((face: AdviceFace) => string) };
type FacedEntry = Record<AdviceLang, FacedText>;

const WHOLE_REQUEST: Record<WholeRequestErrorStatus, FacedEntry & { code: string }> = {
  400: {
    code: 'INVALID_VALUE',
    ko: {
      explanation: '게이트웨이가 요청 전체를 거절했습니다: 형식이 맞지 않거나 필수 값이 빠졌습니다 (HTTP 400).',
      advice: '이 요청의 문서는 모두 거절로 기록되었습니다. 오류 내용을 확인해 값을 고친 뒤 새 목록으로 보내세요. 같은 요청은 다시 거절됩니다.',
    },
    en: {
      explanation: 'The gateway refused the whole request: wrong format or a missing required value (HTTP 400).',
      advice: "Every document of the request was recorded as refused. Fix the values named in the message and send them as a new list; the same request is refused again.",
    },
  },
  401: {
    code: 'UNAUTHORIZED',
    ko: {
      explanation: '게이트웨이가 액세스 토큰을 거부했습니다 (HTTP 401 UNAUTHORIZED).',
      advice: (face) => `발송을 멈췄고 문서는 대기 상태로 남아 있습니다. 대행사에서 받은 액세스 토큰을 ${setCredential(face, 'ko', 'docsgw.accessToken')}한 뒤 다시 발송하세요.`,
    },
    en: {
      explanation: 'The gateway refused the access token (HTTP 401 UNAUTHORIZED).',
      advice: (face) => `Sending stopped and the documents are still queued. Take the access token from the agency and ${setCredential(face, 'en', 'docsgw.accessToken')}, then send again.`,
    },
  },
  403: {
    code: 'FORBIDDEN',
    ko: {
      explanation: '게이트웨이가 요청 전체를 허용하지 않았습니다 (HTTP 403).',
      advice: '같은 요청을 다시 보내지 마세요. 대행사에 계약 상품과 발송 권한을 확인하세요.',
    },
    en: {
      explanation: 'The gateway did not allow the whole request (HTTP 403).',
      advice: 'Do not send the same request again. Ask the agency about the contracted product and sending rights.',
    },
  },
  404: {
    code: 'NOT_FOUND',
    ko: {
      explanation: '게이트웨이가 Contract-Uuid(계약)를 찾지 못했습니다 (HTTP 404 NOT_FOUND).',
      advice: (face) =>
        `발송을 멈췄고 문서는 대기 상태로 남아 있습니다. 대행사에서 받은 Contract-Uuid를 ${setCredential(face, 'ko', 'docsgw.contractUuid')}하고 프로필의 게이트웨이 주소를 확인한 뒤 다시 발송하세요.`,
    },
    en: {
      explanation: 'The gateway does not know the Contract-Uuid (HTTP 404 NOT_FOUND).',
      advice: (face) =>
        `Sending stopped and the documents are still queued. Take the agency's Contract-Uuid and ${setCredential(face, 'en', 'docsgw.contractUuid')}, check the profile's gateway address, then send again.`,
    },
  },
  500: {
    code: 'INTERNAL_ERROR',
    ko: {
      explanation: `카카오페이 서버 오류로 요청 전체의 결과를 받지 못했습니다 (HTTP 500). 요청이 처리되었는지 알 수 없습니다. ${NOT_RESENT_KO}`,
      advice: (face) => DECIDE[face].ko,
    },
    en: {
      explanation: `A KakaoPay server error: no result for the whole request (HTTP 500); it may have been processed. ${NOT_RESENT_EN}`,
      advice: (face) => DECIDE[face].en,
    },
  },
};

/** Groups of UNKNOWN reasons, each with its own explanation: DocDesk's own reasons and the transport's codes. */
export const UNKNOWN_REASON_KINDS = [
  'crash-recovery',
  'missing-from-response',
  'client-error',
  'unparsable-response',
  'timeout',
  'connection-lost',
  'server-error',
  'unexpected-status',
] as const;
export const unknownReasonKindSchema = z.enum(UNKNOWN_REASON_KINDS);
export type UnknownReasonKind = z.infer<typeof unknownReasonKindSchema>;

const KIND_OF_DOCDESK_REASON: Record<DocdeskUnknownReason, UnknownReasonKind> = {
  'crash-recovery': 'crash-recovery',
  MISSING_FROM_RESPONSE: 'missing-from-response',
  CLIENT_ERROR: 'client-error',
  UNPARSABLE_RESPONSE: 'unparsable-response',
};

const UNKNOWN_EXPLANATIONS: Record<UnknownReasonKind, Record<AdviceLang, string>> = {
  'crash-recovery': {
    ko: 'DocDesk가 이 문서를 보내는 중에 멈췄습니다 (강제 종료, 정전, 응답을 기다리지 않은 종료). 게이트웨이가 받았는지 알 수 없습니다.',
    en: 'DocDesk stopped while this document was being sent (killed, power loss, or closed without waiting for the answer). Whether the gateway received it is unknown.',
  },
  'missing-from-response': {
    ko: '게이트웨이 응답에 이 문서의 결과가 없었습니다. 접수되었는지 알 수 없습니다.',
    en: "The gateway's answer had no result for this document; whether it was accepted is unknown.",
  },
  'client-error': {
    ko: '응답을 받은 뒤 DocDesk 내부 오류(예: 기록 실패)가 났습니다. 접수되었을 수 있습니다.',
    en: 'DocDesk failed internally after the answer arrived (e.g. while recording it); the document may have been accepted.',
  },
  'unparsable-response': {
    ko: '게이트웨이 응답을 읽을 수 없었습니다 (규격과 다른 본문). 요청이 처리되었을 수 있습니다.',
    en: "The gateway's answer could not be read (not the documented body); the request may have been processed.",
  },
  timeout: {
    ko: '요청을 보낸 뒤 제한 시간 안에 응답이 오지 않았습니다. 게이트웨이가 받았는지 알 수 없습니다.',
    en: 'No answer arrived in time after the request was sent; whether the gateway received it is unknown.',
  },
  'connection-lost': {
    ko: '요청을 보내는 중이거나 보낸 뒤에 연결이 끊겼습니다. 게이트웨이가 받았는지 알 수 없습니다.',
    en: 'The connection broke while or after the request was sent; whether the gateway received it is unknown.',
  },
  'server-error': {
    ko: '카카오페이 서버 오류(5xx)로 요청 전체의 결과를 받지 못했습니다. 요청이 처리되었을 수 있습니다.',
    en: 'A KakaoPay server error (5xx): no result for the whole request; it may have been processed.',
  },
  'unexpected-status': {
    ko: '게이트웨이가 규격에 없는 HTTP 상태로 답했습니다. 요청이 처리되었을 수 있습니다.',
    en: 'The gateway answered with an HTTP status the specification does not define; the request may have been processed.',
  },
};

const ABANDONED: Entry = {
  ko: {
    explanation: '운영자가 이 문서를 다시 보내지 않기로(포기) 기록했습니다. 처음 요청이 접수되었는지는 여전히 알 수 없습니다.',
    advice: '수신자에게 도착했는지 확인할 수 없으니, 필요하면 다른 채널로 안내하세요. 카카오페이로 다시 보내려면 새 목록으로 보내되 두 번 받을 수 있음을 감안하세요.',
  },
  en: {
    explanation: 'The operator decided not to resend this document (abandoned). Whether the first request was accepted is still unknown.',
    advice: 'Delivery cannot be confirmed: use another channel if needed. To send through KakaoPay again, send it as a new list, knowing the recipient may get it twice.',
  },
};

// Node and undici codes of a failure after the request may have been written (main/http/classify-error.ts).
const TIMEOUT_CODE = /timeout|timedout/i;
const CONNECTION_CODE = /reset|socket|pipe|abort|closed|destroyed|premature|write_after_end|content_length_mismatch/i;
const HTTP_CODE = /^HTTP_(\d{3})$/;

function isWholeRequestStatus(status: number): status is WholeRequestErrorStatus {
  return (WHOLE_REQUEST_ERROR_STATUSES as readonly number[]).includes(status);
}

/** The group of an UNKNOWN reason as stored; null when no group explains it. */
export function unknownReasonKind(reason: string | null): UnknownReasonKind | null {
  if (reason === null || reason === '') return null;
  const own = docdeskReason(reason);
  if (own !== null) return KIND_OF_DOCDESK_REASON[own];
  const http = HTTP_CODE.exec(reason);
  if (http) return Number(http[1]) >= 500 ? 'server-error' : 'unexpected-status';
  if (normalizeErrorCode(reason) === 'INTERNAL_ERROR') return 'server-error';
  if (TIMEOUT_CODE.test(reason)) return 'timeout';
  if (CONNECTION_CODE.test(reason)) return 'connection-lost';
  return null;
}

function docdeskReason(reason: string): DocdeskUnknownReason | null {
  const parsed = docdeskUnknownReasonSchema.safeParse(reason);
  return parsed.success ? parsed.data : null;
}

function refusalCode(code: string): RefusalCode | null {
  const parsed = refusalCodeSchema.safeParse(normalizeErrorCode(code));
  return parsed.success ? parsed.data : null;
}

/** A whole-request failure by HTTP status; statuses outside the table get their class's text. */
export function wholeRequestAdvice(status: number, lang: AdviceLang = 'ko', face: AdviceFace = 'app'): DocsgwAdvice {
  if (isWholeRequestStatus(status)) {
    const e = WHOLE_REQUEST[status];
    const text = e[lang];
    return { code: e.code, explanation: text.explanation, advice: typeof text.advice === 'string' ? text.advice : text.advice(face) };
  }
  const code = `HTTP_${status}`;
  if (status >= 500) return { code, explanation: UNKNOWN_EXPLANATIONS['server-error'][lang], advice: DECIDE[face][lang] };
  return lang === 'ko'
    ? {
        code,
        explanation: `게이트웨이가 요청 전체를 HTTP ${status}(으)로 거절했습니다 (규격에 없는 상태: 4xx는 영구 거절로 처리).`,
        advice: '같은 요청을 다시 보내지 마세요. 오류 내용(프록시 페이지일 수 있음)을 확인하고, 뜻이 분명하지 않으면 상태와 시각을 대행사에 전달하세요.',
      }
    : {
        code,
        explanation: `The gateway refused the whole request with HTTP ${status} (not in the specification; a 4xx is treated as permanent).`,
        advice: 'Do not send the same request again. Read the error message (it may be a proxy page); if its meaning is unclear, give the status and time to the agency.',
      };
}

/** A code stored in documents.error_code: the gateway's (aliases included), HTTP_<status>, or DocDesk's own. */
export function errorCodeAdvice(code: string, lang: AdviceLang = 'ko', face: AdviceFace = 'app'): DocsgwAdvice {
  const known = refusalCode(code);
  if (known !== null) return { code, ...REFUSALS[known][lang] };
  const http = HTTP_CODE.exec(code);
  if (http) return { ...wholeRequestAdvice(Number(http[1]), lang, face), code };
  if (code === WHOLE_REQUEST[401].code) return { ...wholeRequestAdvice(401, lang, face), code };
  return lang === 'ko'
    ? {
        code,
        explanation: `게이트웨이가 표에 없는 오류 코드 '${code}'를 보냈습니다 (영구 거절로 처리).`,
        advice: `오류 내용(게이트웨이 메시지)을 확인하세요. 뜻이 분명하지 않으면 코드 '${code}', 메시지, external_document_uuid를 대행사(카카오페이 담당자)에 전달하세요. 같은 값으로 다시 보내면 다시 거절될 수 있습니다.`,
      }
    : {
        code,
        explanation: `The gateway sent an error code not in its table: '${code}' (treated as a permanent refusal).`,
        advice: `Read the gateway's message. If its meaning is unclear, give the code '${code}', the message and the external_document_uuid to the agency (KakaoPay contact). The same values may be refused again.`,
      };
}

/** Why a document is UNKNOWN (its stored reason): what happened, and the operator's resend-or-abandon decision. */
export function unknownReasonAdvice(reason: string | null, lang: AdviceLang = 'ko', face: AdviceFace = 'app'): DocsgwAdvice {
  const code = reason === null || reason === '' ? 'UNKNOWN' : reason;
  const kind = unknownReasonKind(reason);
  const what =
    kind !== null
      ? UNKNOWN_EXPLANATIONS[kind][lang]
      : lang === 'ko'
        ? `응답을 확인하지 못했습니다 (사유 '${code}'). 게이트웨이가 받았는지 알 수 없습니다.`
        : `The answer could not be confirmed (reason '${code}'); whether the gateway received the request is unknown.`;
  return { code, explanation: `${what} ${lang === 'ko' ? NOT_RESENT_KO : NOT_RESENT_EN}`, advice: DECIDE[face][lang] };
}

/**
 * The advice for one document as stored: UNKNOWN and ABANDONED by their reason (error_message; error_code is
 * NULL there), any other state by its error_code (REJECTED, or QUEUED waiting for its INTERNAL_ERROR retry).
 */
export function documentAdvice(
  doc: { state: DocumentState; errorCode: string | null; errorMessage: string | null },
  lang: AdviceLang = 'ko',
  face: AdviceFace = 'app',
): DocsgwAdvice | null {
  if (doc.state === 'UNKNOWN') return unknownReasonAdvice(doc.errorMessage, lang, face);
  if (doc.state === 'ABANDONED') {
    const reason = unknownReasonAdvice(doc.errorMessage, lang, face);
    const why = unknownReasonKind(doc.errorMessage);
    const cause = why !== null ? ` ${UNKNOWN_EXPLANATIONS[why][lang]}` : '';
    return { code: reason.code, explanation: `${ABANDONED[lang].explanation}${cause}`, advice: ABANDONED[lang].advice };
  }
  return doc.errorCode ? errorCodeAdvice(doc.errorCode, lang, face) : null;
}

/** One line for a tooltip or a terminal: "explanation → advice". */
export function adviceText(a: DocsgwAdvice): string {
  return `${a.explanation} → ${a.advice}`;
}
