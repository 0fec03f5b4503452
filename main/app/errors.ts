/** A configuration or credential problem: CLI exit code 4 (or 2 for bad input files). */
export class ConfigError extends Error {
  readonly code: string;
  readonly exitCode: 2 | 4;
  constructor(code: string, message: string, exitCode: 2 | 4 = 4) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}
