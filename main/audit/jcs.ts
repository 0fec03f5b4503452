// RFC 8785 (JSON Canonicalization Scheme) for audit records (reference evidence-and-audit.md §3): the record is
// canonicalised ONCE and its bytes are stored; verifiers hash the stored bytes and never re-serialise.
// Restrictions on top of JCS (reference §3): every string (and key) is NFC-normalised first, because Hangul in
// NFD hashes differently; numbers must be integers within ±(2^53−1) (I-JSON, RFC 7493) — no floats at all.
// Every audited exchange passes through here, so the common case (ASCII keys and strings) takes no ICU call and
// no per-value path string: the path is a stack, turned into text only when an error is thrown.

export class CanonicalJsonError extends Error {
  readonly code = 'AUDIT_CANONICAL_JSON';
}

/**
 * JCS string escaping (RFC 8785 §3.2.2.2) is exactly ECMAScript JSON.stringify for well-formed strings: only `"`,
 * `\\` and control characters are escaped (\b \t \n \f \r short forms, others \u00xx), everything else is
 * literal UTF-8. I-JSON: a lone surrogate cannot be encoded as UTF-8, so it is refused rather than escaped.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** ASCII is already NFC and holds no surrogate: only other strings need ICU and the surrogate check. */
const NON_ASCII = /[\u0080-\uffff]/;
/**
 * Nor does a string of ASCII and precomposed Hangul syllables only (U+AC00–U+D7A3, most Korean text): a syllable
 * is its own NFC form, and nothing in this set composes with its neighbour (conjoining jamo and combining marks,
 * which could, are outside it), so ICU would return the string unchanged.
 */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, is NFC
export const ASCII_AND_HANGUL_SYLLABLES = /^[\u0000-\u007f\uac00-\ud7a3]*$/;

function nfc(s: string): string {
  if (!NON_ASCII.test(s) || ASCII_AND_HANGUL_SYLLABLES.test(s)) return s;
  const n = s.normalize('NFC');
  if (LONE_SURROGATE.test(n)) throw new CanonicalJsonError('lone surrogate in a string');
  return n;
}

/** Where the serializer is (keys and indexes below `root`), for error messages only. */
const trail: (string | number)[] = [];
let root = '$';
function here(): string {
  return `${root}${trail.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
}

/** Quoted member names: audit records use a small fixed set of keys, so each is escaped once. */
const quotedKeys = new Map<string, string>();
function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

function serializeObject(value: object): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`${here()}: only plain objects are allowed`);
  const source = value as Record<string, unknown>;
  let keys = Object.keys(source);
  let members = source;
  let ascii = true;
  for (let i = 0; i < keys.length && ascii; i++) ascii = !NON_ASCII.test(keys[i]!);
  if (!ascii) {
    // NFC can map distinct keys to one (e.g. NFD vs NFC Hangul, U+212A KELVIN SIGN → K): refuse the collision.
    members = Object.create(null) as Record<string, unknown>; // no __proto__ setter
    for (const k of keys) {
      const v = source[k];
      if (v === undefined) continue;
      const key = k.normalize('NFC'); // a lone surrogate is refused when the key is written, as for values
      if (Object.hasOwn(members, key)) throw new CanonicalJsonError(`${here()}: duplicate key after NFC normalisation: ${key}`);
      members[key] = v;
    }
    keys = Object.keys(members);
  }
  // The default sort compares UTF-16 code units, which is RFC 8785 §3.2.3's order.
  keys.sort();
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = members[k];
    if (v === undefined) continue; // like JSON.stringify: an absent optional field
    const name = ascii ? quoteKey(k) : JSON.stringify(nfc(k));
    let text: string;
    // Leaves inline (most members): strings, and safe integers (String(-0) is "0", as RFC 8785 §3.2.2.3 wants).
    if (typeof v === 'string') text = JSON.stringify(nfc(v));
    else if (typeof v === 'number' && Number.isSafeInteger(v)) text = String(v);
    else {
      trail.push(k);
      text = serialize(v);
      trail.pop();
    }
    out += `${out ? ',' : ''}${name}:${text}`;
  }
  return `{${out}}`;
}

function serialize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(nfc(value));
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${here()}: only integers within ±(2^53−1) are allowed (got ${String(value)})`);
      // ES Number::toString — for safe integers this is the plain decimal form; -0 becomes "0" (RFC 8785 §3.2.2.3).
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (!Array.isArray(value)) return serializeObject(value);
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        trail.push(i);
        out += `${i ? ',' : ''}${serialize(value[i] as unknown)}`;
        trail.pop();
      }
      return `${out}]`;
    }
    default:
      throw new CanonicalJsonError(`${here()}: ${typeof value} cannot be canonicalised`);
  }
}

/**
 * Canonical JSON text of `value` (throws CanonicalJsonError on floats, unsafe integers, lone surrogates, …).
 * `at` names the value in error messages, e.g. `$.data` when it is one member of a larger record.
 */
export function canonicalize(value: unknown, at = '$'): string {
  trail.length = 0;
  root = at;
  return serialize(value);
}

/** Canonical JSON as UTF-8 bytes: what the audit chain stores and hashes. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}
