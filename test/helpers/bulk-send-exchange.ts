// A bulk-send exchange of one document as the docs-gw client records it (seed 001 bulk send; its bodies are the
// blobs the audit chain keeps): what the audit route's tests feed the docdesk writer.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { sampleBulkRequestBody } from '../../main/network/request-size.ts';

export function bulkSendExchange(externalId: string, o: { mailingId: string; phone?: string; profile?: string }): ExchangeRecord {
  const receiver = o.phone === undefined ? { name: '홍길동' } : { name: '홍길동', phone_number: o.phone };
  return {
    service: 'docsgw',
    endpoint: 'bulkSend',
    method: 'POST',
    host: 'docs-gw.kakaopay.com',
    path: '/v1/documents/bulk',
    address: '113.29.182.90',
    port: 443,
    requestHeaders: { authorization: 'Bearer ***' },
    requestBody: JSON.stringify({ documents: [{ property: { external_document_uuid: externalId }, receiver }] }),
    status: 200,
    responseHeaders: {},
    responseBody: JSON.stringify({ documents: [{ external_document_uuid: externalId, document_binder_uuid: `binder-${externalId}` }] }),
    startedAt: Date.now(),
    durationMs: 12,
    failure: null,
    correlation: { mailingId: o.mailingId },
    ...(o.profile === undefined ? {} : { profile: o.profile }),
  };
}

/** A 100-document bulk send and its answer, as the docs-gw client records them (~46 KB of JSON: stored deflated). */
export function hundredDocumentBulkSend(): ExchangeRecord {
  const requestBody = sampleBulkRequestBody(Date.now());
  const ids = z.object({ documents: z.array(z.object({ property: z.object({ external_document_uuid: z.string() }) })) }).parse(JSON.parse(requestBody));
  const answer = ids.documents.map((d) => ({ external_document_uuid: d.property.external_document_uuid, document_binder_uuid: randomUUID() }));
  return {
    service: 'docsgw', endpoint: 'bulkSend', method: 'POST', host: 'docs-gw.kakaopay.com', path: '/v1/documents/bulk', address: '113.29.182.90', port: 443,
    requestHeaders: { 'content-type': 'application/json', authorization: 'Bearer ***', 'content-length': String(Buffer.byteLength(requestBody)) },
    requestBody, status: 200, responseHeaders: { 'content-type': 'application/json' }, responseBody: JSON.stringify({ documents: answer }),
    startedAt: Date.now(), durationMs: 48.5, failure: null, correlation: { chunkId: randomUUID(), mailingId: randomUUID() }, profile: 'kakaopay-public',
  };
}
