// The backend checks a typed recipient like an imported row and names each problem's field (details.errors of an
// INVALID_RECIPIENT refusal); the forms show each message under its own input.
import { recipientErrorDetailsSchema } from '../../../shared/domain/document-actions.ts';
import { ContractCallError } from '../../bridge/call.ts';

export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ContractCallError)) return {};
  const parsed = recipientErrorDetailsSchema.safeParse(error.details);
  if (!parsed.success) return {};
  const out: Record<string, string> = {};
  for (const e of parsed.data.errors) out[e.field] = out[e.field] ? `${out[e.field]} ${e.message}` : e.message;
  return out;
}

/** The refusal itself unless each of its problems is already shown under one of `shown` (then null). */
export function errorNotShownByField(error: unknown, shown: readonly string[]): unknown {
  const byField = Object.keys(fieldErrors(error));
  return byField.length > 0 && byField.every((f) => shown.includes(f)) ? null : error;
}
