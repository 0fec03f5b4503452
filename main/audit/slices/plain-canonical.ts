// RFC 8785 text of the gateway's items in a slice, written for the shapes they have (issue 16: ../jcs.ts
// canonicalize of a bulk call's 100 items was ~⅓ of its slices' cost on the audit writer). Only what needs no Unicode
// work is written here — member names of ASCII, strings that are their own NFC form without surrogates (ASCII and
// precomposed Hangul syllables, the set jcs.ts also writes without ICU), safe integers, booleans, null, plain objects
// and arrays — each exactly as jcs.ts writes it (strings by JSON.stringify, members sorted by UTF-16 code units,
// undefined members left out, -0 as 0). Anything else gives undefined and the caller takes canonicalize, which also
// refuses what the chain cannot hold; canonicalize is the reference this is tested against
// (test/unit/audit-slice-encoding.test.ts).
import { ASCII_AND_HANGUL_SYLLABLES } from '../jcs.ts';

// eslint-disable-next-line no-control-regex -- control characters in a name are escaped by JSON.stringify, as by jcs.ts
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Deeper values are canonicalize's to write or refuse: it runs out of stack (a RangeError, the entry refused) at a
 * depth this writer still reaches, and a slice must come out exactly when it did before. Gateway items nest ~3 deep.
 */
const MAX_DEPTH = 64;

/** `"name":` of each ASCII member name seen (a gateway uses a few dozen): no pattern test or escaping per member. */
const memberPrefixes = new Map<string, string>();

function memberPrefix(name: string): string | undefined {
  let prefix = memberPrefixes.get(name);
  if (prefix === undefined) {
    if (!ASCII.test(name)) return undefined;
    prefix = `${JSON.stringify(name)}:`;
    if (memberPrefixes.size < 10_000) memberPrefixes.set(name, prefix);
  }
  return prefix;
}

function writeObject(value: object, depth: number): string | undefined {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const members = value as Record<string, unknown>;
  const names = Object.keys(members);
  // Already in order is common (the answer item's top level); `<` on ASCII names is RFC 8785 §3.2.3's order.
  for (let i = 1; i < names.length; i++) {
    if (!(names[i - 1]! < names[i]!)) {
      names.sort();
      break;
    }
  }
  let out = '';
  for (const name of names) {
    const prefix = memberPrefix(name);
    if (prefix === undefined) return undefined;
    const member = members[name];
    if (member === undefined) continue; // left out, as jcs.ts does
    const text = plainCanonicalText(member, depth + 1);
    if (text === undefined) return undefined;
    out += out === '' ? prefix + text : `,${prefix}${text}`;
  }
  return `{${out}}`;
}

/** The canonical JSON text of `value` (= canonicalize(value)), or undefined when canonicalize must write or refuse it. */
export function plainCanonicalText(value: unknown, depth = 0): string | undefined {
  switch (typeof value) {
    case 'string':
      // Its own NFC form and no surrogate at all, so none lone (jcs.ts writes these without ICU too).
      return ASCII_AND_HANGUL_SYLLABLES.test(value) ? JSON.stringify(value) : undefined;
    case 'number':
      // Number::toString of a safe integer is its plain decimal form; -0 gives "0" (RFC 8785 §3.2.2.3).
      return Number.isSafeInteger(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) return undefined;
      if (!Array.isArray(value)) return writeObject(value, depth);
      let out = '';
      for (let i = 0; i < value.length; i++) {
        // A hole or undefined element gives undefined: canonicalize refuses it.
        const text = plainCanonicalText(value[i] as unknown, depth + 1);
        if (text === undefined) return undefined;
        out += i === 0 ? text : `,${text}`;
      }
      return `[${out}]`;
    }
    default:
      return undefined;
  }
}
