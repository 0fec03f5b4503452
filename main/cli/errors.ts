// Exit codes (issue 2 §7): 0 ok, 1 operation failed, 2 invalid input, 3 operator decision needed,
// 4 configuration or credential problem.
export class CliError extends Error {
  readonly exitCode: 1 | 2 | 3 | 4;
  readonly code: string;
  constructor(code: string, message: string, exitCode: 1 | 2 | 3 | 4) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function exitCodeOf(err: unknown): 1 | 2 | 3 | 4 {
  if (err && typeof err === 'object' && 'exitCode' in err) {
    const c = (err as { exitCode: unknown }).exitCode;
    if (c === 1 || c === 2 || c === 3 || c === 4) return c;
  }
  if (err instanceof Error && err.name === 'ImportError') return (err as Error & { code?: string }).code === 'INTERNAL' ? 1 : 2;
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (['PASSPHRASE_REQUIRED', 'PASSPHRASE_WRONG', 'PASSPHRASE_TOO_SHORT', 'PASSPHRASE_NOT_USED', 'DB_KEY_INVALID', 'META_INVALID'].includes(String(code))) return 4;
  }
  return 1;
}
