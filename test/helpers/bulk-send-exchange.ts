// A bulk-send exchange of one document as the docs-gw client records it (seed 001 bulk send; its bodies are the
// blobs the audit chain keeps): what the audit route's tests feed the docdesk writer.
import type { ExchangeRecord } from '../../main/http/exchange.ts';

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
