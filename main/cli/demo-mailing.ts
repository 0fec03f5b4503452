// The sample mailing `docdesk demo` and `docdesk web --demo` send on the sandbox: one definition for both.
import type { MailingDefaultsInput } from '../../shared/domain/import.ts';

export const DEMO_MAILING_NAME = '데모 발송 — 2026년 11월 관리비';

export const DEMO_MAILING_DEFAULTS: MailingDefaultsInput = {
  title: '2026년 11월 관리비 고지서',
  link: 'https://docdesk.example/documents/notice',
  csNumber: '02-123-4567',
  csName: '관리사무소',
  message: '11월 관리비 고지서가 도착했습니다.',
  category: 'BILL',
  expiresInDays: 30,
  verifyName: false,
};
