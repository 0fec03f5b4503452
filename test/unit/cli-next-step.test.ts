// The CLI words an error's next step from its details (main/cli/next-step.ts): the backend's message names no
// command, the CLI adds its own; the screens get the plain message and the details.
import { describe, expect, it } from 'vitest';
import { wholeRequestAdvice } from '../../shared/domain/docsgw-advice.ts';
import { credentialDetails, wholeRequestDetails } from '../../shared/domain/error-details.ts';
import { cliErrorMessage } from '../../main/cli/next-step.ts';

describe('cliErrorMessage', () => {
  it('names the command or flag for credentials, confirmations and whole-request stops', () => {
    expect(cliErrorMessage('CREDENTIAL_MISSING', '값이 없습니다.', credentialDetails('p', 'kcp.siteKey'))).toBe("값이 없습니다. 'docdesk secret set kcp.siteKey'로 설정하세요(값은 표준 입력으로).");
    expect(cliErrorMessage('PRE_REVIEW_REQUIRED', '사전 검토 요청을 보낸 뒤 발송을 확인하세요.', { kind: 'confirm', plannedToday: 600_000 })).toContain('--yes');
    const stop = cliErrorMessage('UNAUTHORIZED', wholeRequestAdvice(401).advice, wholeRequestDetails(401));
    expect(stop).toContain('docdesk secret set docsgw.accessToken');
    expect(wholeRequestAdvice(401).advice).not.toContain('docdesk');
  });

  it('leaves every other message as it is', () => {
    expect(cliErrorMessage('SOMETHING', '그대로', undefined)).toBe('그대로');
    expect(cliErrorMessage('SOMETHING', '그대로', { kind: 'other' })).toBe('그대로');
  });
});
