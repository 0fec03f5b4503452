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

/**
 * Replaces every occurrence of a secret value in a logged string (belt and braces: bodies, paths and error
 * messages should not contain secrets, but a misbehaving peer or proxy could echo one).
 * Secrets shorter than 4 characters are ignored: replacing them would mangle unrelated text.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    // Every logged string of every exchange passes here: a search first, a copy only when there is a match.
    if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.replaceAll(encoded, REDACTED);
  }
  return out;
}

export function scrubRecord(values: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = scrubSecrets(v, secrets);
  return out;
}
