/** A refused request about documents or their files: invalid input (CLI exit code 2). */
export class DocumentsError extends Error {
  readonly code: string;
  readonly exitCode = 2 as const;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
