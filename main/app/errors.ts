/** A configuration or credential problem: CLI exit code 4 (or 2 for bad input files). */
export class ConfigError extends Error {
  readonly code: string;
  readonly exitCode: 2 | 4;
  /** Structured facts for the faces (e.g. what a confirmation would change); never a secret. */
  readonly details?: unknown;
  constructor(code: string, message: string, exitCode: 2 | 4 = 4, details?: unknown) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
    if (details !== undefined) this.details = details;
  }
}
