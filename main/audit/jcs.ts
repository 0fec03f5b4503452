// RFC 8785 (JSON Canonicalization Scheme) for audit records (reference evidence-and-audit.md §3): the record is
// canonicalised ONCE and its bytes are stored; verifiers hash the stored bytes and never re-serialise.
// Restrictions on top of JCS (reference §3): every string (and key) is NFC-normalised first, because Hangul in
// NFD hashes differently; numbers must be integers within ±(2^53−1) (I-JSON, RFC 7493) — no floats at all.

export class CanonicalJsonError extends Error {
  readonly code = 'AUDIT_CANONICAL_JSON';
}

/**
 * JCS string escaping (RFC 8785 §3.2.2.2) is exactly ECMAScript JSON.stringify for well-formed strings: only `"`,
 * `\\` and control characters are escaped (\b \t \n \f \r short forms, others \u00xx), everything else is
 * literal UTF-8. I-JSON: a lone surrogate cannot be encoded as UTF-8, so it is refused rather than escaped.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function quote(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError('lone surrogate in a string');
  return JSON.stringify(s);
}

/** UTF-16 code-unit order (RFC 8785 §3.2.3), which is what `<` on JS strings does. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return quote(value.normalize('NFC'));
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${path}: only integers within ±(2^53−1) are allowed (got ${String(value)})`);
    // ES Number::toString — for safe integers this is the plain decimal form; -0 becomes "0" (RFC 8785 §3.2.2.3).
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => serialize(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`${path}: only plain objects are allowed`);
    const entries = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue; // like JSON.stringify: an absent optional field
      const key = k.normalize('NFC');
      if (entries.has(key)) throw new CanonicalJsonError(`${path}: duplicate key after NFC normalisation: ${key}`);
      entries.set(key, v);
    }
    const keys = [...entries.keys()].sort(byCodeUnits);
    return `{${keys.map((k) => `${quote(k)}:${serialize(entries.get(k), `${path}.${k}`)}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`${path}: ${typeof value} cannot be canonicalised`);
}

/** Canonical JSON text of `value` (throws CanonicalJsonError on floats, unsafe integers, lone surrogates, …). */
export function canonicalize(value: unknown): string {
  return serialize(value, '$');
}

/** Canonical JSON as UTF-8 bytes: what the audit chain stores and hashes. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}
