// One gateway exchange (already redacted by the HTTP layer, main/http/redact.ts) → one `net.exchange` audit
// event (reference evidence-and-audit.md §2, O3). Raw bodies go to the encrypted side table; the chain keeps
// their SHA-256 and size, the allow-listed headers, and the ids the exchange concerns (external ids, binder
// uuids, PayUp transactionId) so an evidence bundle can find it. Phone/CI become HMAC index keys only.
import { exchangeRecordSchema, type ExchangeRecord } from '../http/exchange.ts';
import type { AuditEventInput } from './event.ts';
import { parseExchangeBodies, type ExchangeBodies } from './exchange-bodies.ts';
import { documentSlices } from './slices/document-slices.ts';
import { subjectToken } from './subject-token.ts';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Ids found in the request and response of a docs-gw / PayUp exchange. */
export function exchangeSubjects(r: ExchangeRecord, hmacKey: Buffer, bodies: ExchangeBodies = parseExchangeBodies(r)): { ext: string[]; binder: string[]; tx: string[]; index: string[] } {
  const ext = new Set<string>();
  const binder = new Set<string>();
  const tx = new Set<string>();
  const index = new Set<string>();
  // A bulk send names every document by its external id, and searches and exports by binder uuid or by phone
  // resolve to external ids through docdesk.db (subject-resolver.ts). Its binder and phone keys would be ~200
  // random inserts into the encrypted index per 100-document request — most of the chain's cost on the send
  // path — so only the external ids (clustered by mailing) are indexed for it. A bulk status asks by binder
  // uuid; the poller records our external ids of the same documents with it (ExchangeRecord.externalIds), and
  // those are indexed instead (its 100 random binder keys were ~45% of the main thread's work in a poll round).
  for (const e of r.externalIds ?? []) ext.add(e);
  const idsOnly = r.service === 'docsgw' && (r.endpoint === 'bulkSend' || (r.endpoint === 'bulkStatus' && (r.externalIds?.length ?? 0) > 0));
  const visitDoc = (d: unknown) => {
    if (!isObj(d)) return;
    const e = str(d['external_document_uuid']) ?? (isObj(d['property']) ? str(d['property']['external_document_uuid']) : undefined);
    if (e) ext.add(e);
    const b = str(d['document_binder_uuid']);
    if (b) binder.add(b);
    const rcv = d['receiver'];
    if (isObj(rcv) && !idsOnly) {
      const phone = str(rcv['phone_number']);
      if (phone) index.add(`phone:${subjectToken(hmacKey, 'phone', phone)}`);
      const ci = str(rcv['ci']);
      if (ci) index.add(`ci:${subjectToken(hmacKey, 'ci', ci)}`);
    }
  };
  for (const body of [bodies.request, bodies.response]) {
    if (!isObj(body)) continue;
    if (Array.isArray(body['documents'])) body['documents'].forEach(visitDoc);
    if (isObj(body['document'])) visitDoc(body['document']);
    visitDoc(body);
    if (Array.isArray(body['document_binder_uuids'])) for (const b of body['document_binder_uuids']) if (str(b)) binder.add(b as string);
    const t = str(body['transactionId']);
    if (t) tx.add(t);
  }
  // Single-document endpoints carry the binder uuid in the path (reference kakaopay-edoc-api.md §3).
  const m = /^\/v1\/(?:documents\/)?([^/]+)(?:\/status|\/tokens\/[^/]+)?$/.exec(r.path);
  if (m && r.service === 'docsgw' && m[1] !== 'documents' && m[1] !== 'bulk') binder.add(decodeURIComponent(m[1]!));
  for (const e of ext) index.add(`doc:${e}`);
  if (!idsOnly) for (const b of binder) index.add(`binder:${b}`);
  for (const t of tx) index.add(`tx:${t}`);
  for (const [k, v] of Object.entries(r.correlation)) if (k === 'chunkId' || k === 'mailingId') index.add(`${k === 'chunkId' ? 'chunk' : 'mailing'}:${v}`);
  return { ext: [...ext], binder: [...binder], tx: [...tx], index: [...index] };
}

/** `exchangeLogSeq`: the row in docdesk.db's exchange_log (indexed as `xlog:<seq>` for crash recovery). */
export function exchangeAuditEvent(r: ExchangeRecord, hmacKey: Buffer, exchangeLogSeq?: number, recovered = false): AuditEventInput {
  const bodies = parseExchangeBodies(r);
  const s = exchangeSubjects(r, hmacKey, bodies);
  if (exchangeLogSeq !== undefined) s.index.push(`xlog:${exchangeLogSeq}`);
  const subj: Record<string, string | string[]> = {};
  if (s.ext.length) subj['external_document_uuid'] = s.ext;
  if (s.binder.length) subj['document_binder_uuid'] = s.binder;
  if (s.tx.length) subj['transactionId'] = s.tx;
  const blobs: Record<string, Buffer | string> = {};
  if (r.requestBody !== null) blobs['request_body'] = r.requestBody;
  if (r.responseBody !== null) blobs['response_body'] = r.responseBody;
  // issue 17 item 2: a bulk send or bulk status also commits to each document's part (docs/evidence-slices.md).
  const slices = documentSlices(r, hmacKey, bodies);
  if (slices) blobs['slices'] = slices.blob;
  const peerDate = r.responseHeaders['date'];
  return {
    ev: r.failure && r.status === null ? 'net.error' : 'net.exchange',
    at: r.startedAt,
    subj,
    data: {
      service: r.service,
      endpoint: r.endpoint,
      method: r.method,
      host: r.host,
      path: r.path,
      address: r.address,
      port: r.port,
      status: r.status,
      // reference §3: no floats in the chain.
      duration_ms: Math.round(r.durationMs),
      request_headers: r.requestHeaders,
      response_headers: r.responseHeaders,
      failure: r.failure ? { phase: r.failure.phase, code: r.failure.code, message: r.failure.message, body_sent: r.failure.bodySent } : null,
      correlation: r.correlation,
      ...(r.profile !== undefined ? { profile: r.profile } : {}),
      documents: s.ext.length || s.binder.length,
      ...(slices ? { slices: { root: slices.root.toString('hex'), count: slices.texts.length } } : {}),
      ...(exchangeLogSeq !== undefined ? { exchange_log_seq: exchangeLogSeq } : {}),
      ...(recovered ? { recovered: true } : {}),
    },
    ...(peerDate ? { peerDate } : {}),
    blobs,
    index: s.index,
  };
}

/**
 * The event of a record as exchange_log holds it, its JSON text: the one way a stored record becomes an event, for
 * the writer's route (producer-batches.ts) and for start-up recovery (recover.ts) alike. Throws a SyntaxError (not
 * JSON) or a ZodError (not a record): the entry is refused alone.
 */
export function storedExchangeAuditEvent(json: string, hmacKey: Buffer, exchangeLogSeq: number, recovered = false): AuditEventInput {
  return exchangeAuditEvent(exchangeRecordSchema.parse(JSON.parse(json) as unknown), hmacKey, exchangeLogSeq, recovered);
}
