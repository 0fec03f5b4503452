// Redaction of what goes into the exchange log (DESIGN §12, evidence-and-audit.md §9: allow-list, never
// deny-list). Secrets: the access token (always `Bearer ***`), the Contract-Uuid (`***`; DESIGN §12 lists it
// with the secrets, so this layer hides it even though evidence-and-audit.md §9 would allow it) and the OTT
// token (replaced in the logged path by the caller, and scrubbed from every logged string here).

export const REDACTED = '***';

/** Request headers that may be logged, lower-case. Anything else is dropped. */
const REQUEST_HEADER_ALLOW = new Set(['content-type', 'content-length', 'host', 'accept', 'user-agent']);
/** Response headers that may be logged, lower-case. `date` is kept on purpose: it is the gateway's clock. */
const RESPONSE_HEADER_ALLOW = new Set(['content-type', 'content-length', 'date', 'retry-after', 'server', 'connection', 'keep-alive']);

export function redactRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (name === 'authorization') out[name] = /^bearer\s/i.test(value) ? `Bearer ${REDACTED}` : REDACTED;
    else if (name === 'contract-uuid') out[name] = REDACTED;
    else if (REQUEST_HEADER_ALLOW.has(name)) out[name] = value;
  }
  return out;
}

export function redactResponseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (!RESPONSE_HEADER_ALLOW.has(name) || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The strings that scrub a request's secrets out of what is logged of it, each found once per request (secretScrubber). */
export type SecretScrubber = { text(text: string): string; record(values: Record<string, string>): Record<string, string> };

/**
 * Replaces every occurrence of a secret value in a logged string (belt and braces: bodies, paths and error
 * messages should not contain secrets, but a misbehaving peer or proxy could echo one), and its URI-encoded form.
 * Secrets shorter than 4 characters are ignored: replacing them would mangle unrelated text. The encoded forms are
 * computed here, once per request: an exchange scrubs a dozen strings and encodeURIComponent costs ~0.3 µs a call.
 */
export function secretScrubber(secrets: readonly string[]): SecretScrubber {
  // In the order scrubbing always went: each secret, then its encoded form when that differs.
  const needles: string[] = [];
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    needles.push(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) needles.push(encoded);
  }
  const text = (value: string): string => {
    let out = value;
    // Every logged string of every exchange passes here: a search first, a copy only when there is a match.
    for (const needle of needles) if (out.includes(needle)) out = out.replaceAll(needle, REDACTED);
    return out;
  };
  return {
    text,
    record: (values) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) out[k] = text(v);
      return out;
    },
  };
}

/** One string scrubbed of `secrets` (secretScrubber, for a caller with one string to log). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secretScrubber(secrets).text(text);
}
