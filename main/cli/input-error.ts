// A command-line value that does not fit a schema (issue 13 item 8): whichever command or service parsed it,
// the operator gets exit 2 and one Korean line per problem naming the option and its limit — never zod's raw
// English issue list.
import type { z } from 'zod';
import { issueText } from '../../shared/domain/zod-issue-text.ts';
import { CliError } from './errors.ts';

/** Schema field → the option that carries it on the command line. */
const OPTION_OF: Record<string, string> = {
  bankCode: '--bank (은행 코드)',
  accountNo: '--account (계좌번호)',
  ownerName: '--owner (예금주명)',
  orderId: '--order-id (주문번호)',
  transactionId: '--transaction (거래번호)',
  reason: '--reason (취소사유)',
  title: '--title (제목)',
  link: '--link (문서 링크)',
  csNumber: '--cs-number (고객센터 번호)',
  csName: '--cs-name (고객센터 이름)',
  message: '--message (안내 문구)',
  category: '--category (분류)',
  expiresInDays: '--expires-in-days (열람 기한 일수)',
  port: '--port (포트)',
  timeScale: '--time-scale (시간 배율)',
  rows: '--rows (행 수)',
  phone: '--phone (휴대폰 번호)',
  birthday: '--birthday (생년월일)',
};

function fieldName(path: readonly PropertyKey[]): string {
  const key = path.map(String).join('.');
  return OPTION_OF[key] ?? (key || '값');
}

/** One Korean line per problem: the option, then what it must be. */
export function inputProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${fieldName(issue.path)}: ${issueText(issue)}`).join('; ');
}

/** The CLI's answer to a value that failed its schema: exit 2, nothing done. */
export function invalidInput(error: z.ZodError, what = '입력값'): CliError {
  return new CliError('INVALID_INPUT', `${what}이 올바르지 않습니다 — ${inputProblems(error)}. 값을 고친 뒤 다시 실행하세요.`, 2);
}
