// Typed refusals of the PayUp cancel service. exitCode follows the CLI convention (main/cli/errors.ts):
// 2 invalid input, 4 configuration/credentials.
export class PayupError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2 | 3 | 4;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(code: string, message: string, exitCode: 1 | 2 | 3 | 4 = 2, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PayupError';
    this.code = code;
    this.exitCode = exitCode;
    this.details = details;
  }
}
