// A writer step that refuses with a domain error (e.g. ALREADY_RESENT, MAILING_NOT_FOUND) reaches its caller as that
// same error — code, exit code, details and Korean message — not as a failed write: the operator's next step
// depends on it (issue 16 step 6: "the caller gets the same Korean error as before").
import { z } from 'zod';

export const stepRefusalSchema = z.object({
  code: z.string().min(1),
  exitCode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  details: z.unknown().optional(),
});
export type StepRefusal = z.infer<typeof stepRefusalSchema>;

/** What a step's thrown error says of itself when it is a domain refusal (a code and an exit code), else null. */
export function refusalOf(err: unknown): StepRefusal | null {
  const parsed = stepRefusalSchema.safeParse(err);
  return parsed.success ? parsed.data : null;
}

/** The refusal as the caller receives it. */
export class StepRefusedError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2 | 3 | 4;
  readonly details?: unknown;
  constructor(message: string, refusal: StepRefusal) {
    super(message);
    this.code = refusal.code;
    this.exitCode = refusal.exitCode;
    if (refusal.details !== undefined) this.details = refusal.details;
  }
}
