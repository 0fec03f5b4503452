// The CLI's wording of an error's next step (issue 14 item 9). Backend messages name no face: an error that needs
// a command or a flag carries structured details (shared/domain/error-details.ts), which the app turns into a
// button or a link and the CLI into the command below.
import { wholeRequestAdvice } from '../../shared/domain/docsgw-advice.ts';
import { errorDetailsOf } from '../../shared/domain/error-details.ts';

export function cliErrorMessage(code: string, message: string, details: unknown): string {
  const d = errorDetailsOf(details);
  if (d?.kind === 'credential') return `${message} 'docdesk secret set ${d.key}'로 설정하세요(값은 표준 입력으로).`;
  if (d?.kind === 'wholeRequest') {
    const a = wholeRequestAdvice(d.httpStatus, 'ko', 'cli');
    return `${a.explanation} ${a.advice}`;
  }
  if (d?.kind === 'confirm') return `${message} 확인하려면 --yes를 붙여 다시 실행하세요.`;
  if (code === 'PROFILE_NOT_FOUND') return `${message} 'docdesk profile list'로 목록을 볼 수 있습니다.`;
  if (code === 'DATA_DIR_UNPROTECTED') return `${message} DOCDESK_PASSPHRASE를 설정하고 새 데이터 폴더(--data-dir)를 만드세요.`;
  return message;
}
