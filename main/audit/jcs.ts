// RFC 8785 (JSON Canonicalization Scheme) for audit records (reference evidence-and-audit.md §3): the record is
// canonicalised ONCE and its bytes are stored; verifiers hash the stored bytes and never re-serialise.
// Restrictions on top of JCS (reference §3): every string (and key) is NFC-normalised first, because Hangul in
// NFD hashes differently; numbers must be integers within ±(2^53−1) (I-JSON, RFC 7493) — no floats at all.

export class CanonicalJsonError extends Error {
  readonly code = 'AUDIT_CANONICAL_JSON';
}

/** JCS string escaping: only `"`, `\` and control characters are escaped; everything else is literal UTF-8. */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      if (c === 0x08) out += '\\b';
      else if (c === 0x09) out += '\\t';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0c) out += '\\f';
      else if (c === 0x0d) out += '\\r';
      else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // I-JSON: a lone surrogate cannot be encoded as UTF-8.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else throw new CanonicalJsonError(`lone surrogate at index ${i}`);
    } else out += s[i];
  }
  return `${out}"`;
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
