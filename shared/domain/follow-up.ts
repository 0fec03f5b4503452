// Deadlines and the next channel (issue 14 item 2): per mailing, the read deadline its documents were sent with
// (read_expired_sec, reference kakaopay-edoc-api.md §4.2), who is still unread and who could not be reached, and
// the follow-up list institutions send again by SMS or paper. Runtime-neutral: the backend, the CLI and the
// screens share the reasons and their Korean (and English) wording.
import { z } from 'zod';
import { MAX_EXPIRES_IN_DAYS } from './import.ts';
import { mailingStateSchema } from './mailing.ts';

/**
 * Why a recipient is on the follow-up list. Unread: accepted, not READ yet (SENT: the gateway has not delivered
 * it to KakaoTalk; RECEIVED: delivered, not opened). Failed: EXPIRED (the deadline passed unread), refused by
 * the gateway (NOT_FOUND, FORBIDDEN, any other code as REFUSED) or abandoned after an UNKNOWN outcome.
 * UNKNOWN documents are never on it: they may have been delivered, so the operator decides on them first.
 */
export const FOLLOW_UP_REASONS = ['UNREAD_SENT', 'UNREAD_RECEIVED', 'EXPIRED', 'NOT_FOUND', 'FORBIDDEN', 'REFUSED', 'ABANDONED'] as const;
export const followUpReasonSchema = z.enum(FOLLOW_UP_REASONS);
export type FollowUpReason = z.infer<typeof followUpReasonSchema>;

export const UNREAD_REASONS = ['UNREAD_SENT', 'UNREAD_RECEIVED'] as const satisfies readonly FollowUpReason[];
export const FAILED_REASONS = ['EXPIRED', 'NOT_FOUND', 'FORBIDDEN', 'REFUSED', 'ABANDONED'] as const satisfies readonly FollowUpReason[];

export const followUpReasonCountsSchema = z.object(
  Object.fromEntries(FOLLOW_UP_REASONS.map((r) => [r, z.number().int().min(0)])) as Record<FollowUpReason, z.ZodNumber>,
);
export type FollowUpReasonCounts = z.infer<typeof followUpReasonCountsSchema>;

export function emptyReasonCounts(): FollowUpReasonCounts {
  return { UNREAD_SENT: 0, UNREAD_RECEIVED: 0, EXPIRED: 0, NOT_FOUND: 0, FORBIDDEN: 0, REFUSED: 0, ABANDONED: 0 };
}

export function unreadCount(c: FollowUpReasonCounts): number {
  return UNREAD_REASONS.reduce((s, r) => s + c[r], 0);
}

export function failedCount(c: FollowUpReasonCounts): number {
  return FAILED_REASONS.reduce((s, r) => s + c[r], 0);
}

/** One mailing's read deadline and follow-up counts (the mailings list's bar, the follow-up view). */
export const mailingDeadlineSchema = z.object({
  mailingId: z.string(),
  name: z.string(),
  profile: z.string(),
  state: mailingStateSchema,
  /** The mailing's default read deadline in days after sending (a mapped column may give rows their own). */
  expiresInDays: z.number().int(),
  /** The list mapped a deadline column: rows may carry deadlines of their own; deadlineAt is the latest. */
  perRowDeadline: z.boolean(),
  /** First and last acceptance by the gateway (ms UTC); null before anything was accepted. */
  firstAcceptedAt: z.number().int().nullable(),
  lastAcceptedAt: z.number().int().nullable(),
  /**
   * When the last accepted document's deadline passes, on this computer's clock (ms UTC). A sandbox profile runs
   * its gateway on a virtual clock (profile sandbox.timeScale), so its deadlines pass that much sooner.
   */
  deadlineAt: z.number().int().nullable(),
  /** The same moment on the gateway's clock (its timestamps, e.g. read times, are on that clock). */
  gatewayDeadlineAt: z.number().int().nullable(),
  /** The deadline has passed, or the gateway already reported documents EXPIRED (which it does only after it). */
  deadlinePassed: z.boolean(),
  /** Virtual seconds per real second of the mailing's gateway (1 except in the sandbox). */
  timeScale: z.number().positive(),
  /** Days since the first acceptance on the gateway's clock. */
  daysSinceSent: z.number().nullable(),
  total: z.number().int(),
  accepted: z.number().int(),
  read: z.number().int(),
  unread: z.number().int(),
  failed: z.number().int(),
  /** UNKNOWN documents: left out of the follow-up list until the operator decides on them. */
  unknown: z.number().int(),
  /** Not sent yet (DRAFT, QUEUED, IN_FLIGHT) or cancelled: nothing reached anyone, nothing to follow up. */
  notSent: z.number().int(),
  cancelled: z.number().int(),
  reasons: followUpReasonCountsSchema,
  /** The mailing needs follow-up now: deadline passed (or the chosen day count reached) with someone unread or failed. */
  due: z.boolean(),
});
export type MailingDeadline = z.infer<typeof mailingDeadlineSchema>;

export const followUpOverviewInputSchema = z.strictObject({
  /** "Unread N days after sending": a mailing is due after N days even before its deadline. */
  afterDays: z.number().int().min(0).max(MAX_EXPIRES_IN_DAYS).optional(),
});
export type FollowUpOverviewInput = z.input<typeof followUpOverviewInputSchema>;

/** Why the list is exported, recorded in the audit log (e.g. "3일 미열람 → 우편 발송"). */
export const followUpExportReasonSchema = z.string().trim().min(2, '내보내는 사유를 2자 이상 입력하세요.').max(200, '내보내는 사유는 200자 이하로 입력하세요.');

export const followUpExportInputSchema = z.strictObject({
  mailingId: z.string().min(1).max(64),
  reason: followUpExportReasonSchema,
});
export type FollowUpExportInput = z.input<typeof followUpExportInputSchema>;

export const followUpExportResultSchema = z.object({
  mailingId: z.string(),
  filePath: z.string(),
  /** Recipients written (unread + failed). */
  rows: z.number().int(),
  reasons: followUpReasonCountsSchema,
  unread: z.number().int(),
  failed: z.number().int(),
  /** UNKNOWN documents left out (the operator decides on them first). */
  excludedUnknown: z.number().int(),
});
export type FollowUpExportResult = z.infer<typeof followUpExportResultSchema>;

type Lang = 'ko' | 'en';

const LABELS: Record<FollowUpReason, Record<Lang, string>> = {
  UNREAD_SENT: { ko: '미열람(카카오톡 미수신)', en: 'Unread (not delivered to KakaoTalk)' },
  UNREAD_RECEIVED: { ko: '미열람(받았으나 열지 않음)', en: 'Unread (delivered, not opened)' },
  EXPIRED: { ko: '만료(기한 안에 열람하지 않음)', en: 'Expired (not read before the deadline)' },
  NOT_FOUND: { ko: '카카오페이 회원 아님(NOT_FOUND)', en: 'Not a KakaoPay member (NOT_FOUND)' },
  FORBIDDEN: { ko: '수신거부(FORBIDDEN)', en: 'Blocked the sender (FORBIDDEN)' },
  REFUSED: { ko: '발송 거절', en: 'Refused by the gateway' },
  ABANDONED: { ko: '발송 포기(도달 여부 모름)', en: 'Abandoned (delivery unknown)' },
};

/** The reason as a short label; unread ones say whether the deadline has passed, REFUSED names its code. */
export function followUpReasonLabel(reason: FollowUpReason, o: { deadlinePassed?: boolean; errorCode?: string | null } = {}, lang: Lang = 'ko'): string {
  const base = LABELS[reason][lang];
  if (reason === 'REFUSED' && o.errorCode) return `${base}(${o.errorCode})`;
  if (reason === 'UNREAD_SENT' || reason === 'UNREAD_RECEIVED') {
    const when = o.deadlinePassed ? (lang === 'ko' ? '기한 지남' : 'deadline passed') : lang === 'ko' ? '기한 전' : 'before the deadline';
    return `${base} — ${when}`;
  }
  return base;
}

/** Explanation and next step of the reasons the gateway's refusal table does not cover (refusals use docsgw-advice.ts). */
export const FOLLOW_UP_NEXT_STEP: Record<'UNREAD_SENT' | 'UNREAD_RECEIVED' | 'EXPIRED', Record<Lang, { explanation: string; advice: string }>> = {
  UNREAD_SENT: {
    ko: {
      explanation: '카카오페이가 접수했지만 아직 카카오톡으로 전달되지 않았습니다(카카오톡 미사용·알림 차단 등).',
      advice: '기한이 지나면 만료됩니다. 기한 전이라도 기관 기준(예: 3일 미열람)에 따라 문자·우편으로 다시 안내하세요.',
    },
    en: {
      explanation: 'KakaoPay accepted it but has not delivered it to KakaoTalk yet (no KakaoTalk, notifications off, …).',
      advice: "It expires at the deadline. Following the institution's rule (e.g. unread after 3 days), send it again by SMS or post.",
    },
  },
  UNREAD_RECEIVED: {
    ko: {
      explanation: '카카오톡으로 전달되었지만 수신자가 아직 열람하지 않았습니다.',
      advice: '기한 전이라도 기관 기준(예: 3일 미열람)에 따라 문자·우편으로 다시 안내하세요.',
    },
    en: {
      explanation: 'Delivered to KakaoTalk, not opened by the recipient yet.',
      advice: "Following the institution's rule (e.g. unread after 3 days), send it again by SMS or post.",
    },
  },
  EXPIRED: {
    ko: {
      explanation: '열람 기한 안에 열람하지 않아 카카오페이 문서가 만료되었습니다. 카카오페이로는 더 이상 열 수 없습니다.',
      advice: '문자·우편 등 다른 채널로 다시 안내하세요.',
    },
    en: {
      explanation: 'Not read before the deadline: the KakaoPay document expired and can no longer be opened there.',
      advice: 'Send it again through another channel (SMS, post).',
    },
  },
};

/** The dashboard's per-mailing charts: the funnel and the read rate day by day up to the deadline. */
export const mailingChartSchema = z.object({
  deadline: mailingDeadlineSchema,
  /** As the dashboard's funnel: every accepted document was SENT; RECEIVED counts the received and the read. */
  funnel: z.object({ accepted: z.number().int(), sent: z.number().int(), received: z.number().int(), read: z.number().int(), expired: z.number().int() }),
  /**
   * Day 0 is the first acceptance, on the gateway's clock (its read times are on that clock); each day holds
   * the documents read by its end and their share of the accepted ones.
   */
  readCurve: z.array(z.object({ day: z.number().int().min(0), read: z.number().int(), rate: z.number() })),
  /** The day the (last) read deadline falls on; null before anything was accepted. */
  deadlineDay: z.number().nullable(),
});
export type MailingChart = z.infer<typeof mailingChartSchema>;
