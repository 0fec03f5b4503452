// Typed KCP errors: `exitCode` follows the CLI's codes (2 invalid input, 3 operator decision, 4 configuration)
// and `details` survives the IPC contract.
export class KcpError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2 | 3 | 4;
  readonly details: unknown;
  constructor(code: string, message: string, exitCode: 1 | 2 | 3 | 4, details?: unknown) {
    super(message);
    this.name = 'KcpError';
    this.code = code;
    this.exitCode = exitCode;
    this.details = details;
  }
}
