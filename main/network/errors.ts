/** A refused network plan or one of its documents (CLI exit code 2: the input is what needs fixing). */
export class NetworkPlanError extends Error {
  readonly code: string;
  readonly exitCode = 2 as const;
  /** The plan's findings, so a face can show each next to its field. */
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}
