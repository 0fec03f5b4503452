// Which document each item of a multi-document docs-gw exchange concerns (reference kakaopay-edoc-api.md §5–§6):
// bulk send asks by property.external_document_uuid and answers per external id; bulk status asks by binder uuid
// and answers per binder uuid — in its own order (seed 001 §3.3.2), so answers are matched by id, never by position.
// The shapes are checked only as far as slicing needs; every other member is kept as it came (the slice is evidence
// of what was sent and received, unknown fields included).
import { z } from 'zod';
import type { ExchangeRecord } from '../../http/exchange.ts';
import type { ExchangeBodies } from '../exchange-bodies.ts';

/** The request item and the answer item of one document (null where that side has none). */
export interface DocumentItems {
  external_document_uuid?: string;
  document_binder_uuid?: string;
  request: unknown;
  response: unknown;
}

const id = z.string().min(1);
const bulkSendRequest = z.object({ documents: z.array(z.looseObject({ property: z.looseObject({ external_document_uuid: id }) })).min(1) });
const bulkSendAnswer = z.object({ documents: z.array(z.looseObject({ external_document_uuid: id, document_binder_uuid: id.optional() })) });
const bulkStatusRequest = z.object({ document_binder_uuids: z.array(id).min(1) });
const bulkStatusAnswer = z.object({ documents: z.array(z.looseObject({ document_binder_uuid: id })) });

/**
 * Pairs request items with answer items by id: the n-th answer for an id goes to the n-th request item with it (a
 * repeated id keeps its own pairs); answers for ids never asked follow in answer order, with request null.
 */
function pairById<Q, A>(requests: readonly Q[], answers: readonly A[], requestId: (q: Q) => string, answerId: (a: A) => string): { id: string; request: Q | null; response: A | null }[] {
  const pairs = requests.map((q) => ({ id: requestId(q), request: q as Q | null, response: null as A | null }));
  const open = new Map<string, number[]>();
  pairs.forEach((p, i) => {
    const list = open.get(p.id);
    if (list) list.push(i);
    else open.set(p.id, [i]);
  });
  for (const a of answers) {
    const at = open.get(answerId(a))?.shift();
    if (at !== undefined) pairs[at]!.response = a;
    else pairs.push({ id: answerId(a), request: null, response: a });
  }
  return pairs;
}

/** The per-document items of a bulk send or bulk status exchange, in request item order; null for any other exchange or a request of another shape. */
export function documentItems(r: Pick<ExchangeRecord, 'service' | 'endpoint'>, bodies: ExchangeBodies): DocumentItems[] | null {
  if (r.service !== 'docsgw') return null;
  if (r.endpoint === 'bulkSend') {
    const request = bulkSendRequest.safeParse(bodies.request);
    if (!request.success) return null;
    // An answer of another shape (a whole-request error body, none after a timeout) answers no item.
    const answer = bulkSendAnswer.safeParse(bodies.response);
    return pairById(request.data.documents, answer.success ? answer.data.documents : [], (q) => q.property.external_document_uuid, (a) => a.external_document_uuid).map((p) => {
      const binder = p.response?.document_binder_uuid;
      return { external_document_uuid: p.id, ...(binder !== undefined ? { document_binder_uuid: binder } : {}), request: p.request, response: p.response };
    });
  }
  if (r.endpoint === 'bulkStatus') {
    const request = bulkStatusRequest.safeParse(bodies.request);
    if (!request.success) return null;
    const answer = bulkStatusAnswer.safeParse(bodies.response);
    return pairById(request.data.document_binder_uuids, answer.success ? answer.data.documents : [], (q) => q, (a) => a.document_binder_uuid).map((p) => ({
      document_binder_uuid: p.id,
      request: p.request,
      response: p.response,
    }));
  }
  return null;
}
