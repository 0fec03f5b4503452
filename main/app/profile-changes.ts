// What replacing a profile would change, field by field, so the operator confirms exactly that (issue: profiles
// cannot be changed behind the operator's back) and the audit event records it. The digest names one exact
// profile: a confirmation given for what was shown cannot be applied to a file that changed in between.
import { createHash } from 'node:crypto';
import type { Profile, ProfileChange } from '../../shared/domain/profile.ts';

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value !== undefined) out.set(prefix, Array.isArray(value) ? value.join(', ') : String(value));
}

/** Every field whose value differs, in the new profile's field order, then fields only the old one had. */
export function profileChanges(before: Profile, after: Profile): ProfileChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: ProfileChange[] = [];
  for (const [field, value] of b) if (a.get(field) !== value) changes.push({ field, before: a.get(field) ?? null, after: value });
  for (const [field, value] of a) if (!b.has(field)) changes.push({ field, before: value, after: null });
  return changes;
}

/** SHA-256 of the profile's JSON (schema field order), hex. */
export function profileDigest(p: Profile): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}
