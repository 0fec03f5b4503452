// The slices of one exchange (issue 17 item 2, docs/evidence-slices.md): one per document item, in request item
// order, then answers for ids never asked, in answer order (exchange-items.ts). Pure: the salts are derived from the
// audit HMAC key and the exchange, so the same record always gives the same slices — and nobody without the key
// can recompute a withheld slice's salt.
import { hkdfSync } from 'node:crypto';
import type { ExchangeRecord } from '../../http/exchange.ts';
import { parseExchangeBodies, type ExchangeBodies } from '../exchange-bodies.ts';
import { importedKey } from '../imported-key.ts';
import { CanonicalJsonError } from '../jcs.ts';
import { documentItems } from './exchange-items.ts';
import { encodeSlices, sliceRoot } from './slice-tree.ts';
import { sliceText } from './slice-text.ts';

export interface DocumentSlices {
  /** Each slice's canonical JSON text: the exact bytes (UTF-8) its leaf hashes. */
  texts: string[];
  root: Buffer;
  /** The stored blob: the JCS array of the slices, i.e. `[` + texts joined by `,` + `]`, as UTF-8 in a buffer of its own. */
  blob: Buffer;
}

const SALT_LABEL = 'docdesk-audit/slice-salt/v1';
const SALT_BYTES = 16;
/** HKDF-Expand gives at most 255 hash lengths per call (RFC 5869 §2.3): 500 salts of 16 bytes fit in one. */
const SALTS_PER_CALL = 500;

/**
 * HKDF-SHA256 (RFC 5869) keyed by the audit HMAC key, one native call per 500 salts. The info binds the exchange
 * (endpoint, start, size, first document) so two calls started in the same millisecond get different salts.
 * The key goes in as the KeyObject imported once per thread: a raw Buffer is imported again on every call.
 */
function saltsFor(r: Pick<ExchangeRecord, 'endpoint' | 'startedAt'>, firstId: string, hmacKey: Buffer, count: number): string[] {
  // HKDF's info is at most 1,024 bytes (node:crypto throws beyond): the id is cut, a gateway's id of any length still slices.
  const exchange = `${SALT_LABEL}\n${r.endpoint.slice(0, 64)}\n${r.startedAt}\n${count}\n${firstId.slice(0, 64)}`;
  const salts: string[] = [];
  for (let block = 0; salts.length < count; block++) {
    const n = Math.min(SALTS_PER_CALL, count - salts.length);
    const bytes = Buffer.from(hkdfSync('sha256', importedKey(hmacKey), Buffer.alloc(0), `${exchange}\n${block}`, n * SALT_BYTES));
    for (let i = 0; i < n; i++) salts.push(bytes.toString('base64url', i * SALT_BYTES, (i + 1) * SALT_BYTES));
  }
  return salts;
}

/** The slices of a bulk send or bulk status exchange; null for any other exchange or a body slicing cannot use (the event is chained all the same). */
export function documentSlices(
  r: Pick<ExchangeRecord, 'service' | 'endpoint' | 'startedAt' | 'requestBody' | 'responseBody'>,
  hmacKey: Buffer,
  bodies: ExchangeBodies = parseExchangeBodies(r),
): DocumentSlices | null {
  const items = documentItems(r, bodies);
  if (!items || items.length === 0) return null;
  const first = items[0]!;
  const salts = saltsFor(r, first.external_document_uuid ?? first.document_binder_uuid ?? '', hmacKey, items.length);
  const texts: string[] = [];
  try {
    for (let i = 0; i < items.length; i++) texts.push(sliceText(salts[i]!, items[i]!, i));
  } catch (err) {
    // A gateway value JCS refuses (a float, a lone surrogate): no slices, never a lost exchange.
    if (err instanceof CanonicalJsonError) return null;
    throw err;
  }
  // One UTF-8 encoding for the leaves and the blob, the tree's root from the leaves in place (slice-tree.ts): the
  // audit writer builds ~1,000 of these per poll round of 100,000 documents.
  const { blob, leaves } = encodeSlices(texts);
  return { texts, root: sliceRoot(leaves), blob };
}
