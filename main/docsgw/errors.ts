// Typed errors thrown by the docs-gw client BEFORE anything is sent. A thrown error never means "maybe sent":
// every network outcome is returned as a CallOutcome instead (outcome.ts).

export type RequestIssue = { path: string; message: string };

/** The request broke a documented rule (reference §4–§6); nothing was sent. */
export class DocsGwRequestError extends Error {
  readonly code = 'DOCSGW_INVALID_REQUEST';
  readonly endpoint: string;
  readonly issues: RequestIssue[];
  constructor(endpoint: string, issues: RequestIssue[]) {
    const first = issues[0];
    const where = first === undefined ? '' : ` ${first.path}: ${first.message}`;
    const more = issues.length > 1 ? ` 외 ${issues.length - 1}건` : '';
    super(`요청이 규격에 맞지 않아 보내지 않았습니다.${where}${more}. 데이터를 고친 뒤 다시 시도하세요.`);
    this.name = 'DocsGwRequestError';
    this.endpoint = endpoint;
    this.issues = issues;
  }
}

/** The client cannot be built for this profile/service (e.g. production on a port other than 443). */
export class DocsGwConfigError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DocsGwConfigError';
    this.code = code;
  }
}
