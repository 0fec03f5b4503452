// A status call's answer as it crosses to the docdesk writer (shared/domain/mailing-store.ts pollAnsweredSchema):
// built on the main thread, where the call was made, from the group asked about and the gateway's parsed answer.
// Matching the answer's items to the group happens here, as the writer did it before (issue 16): an item per
// binder uuid, the last one when the gateway named a binder twice; a document without an item, or whose item has
// no status, is an error item (the gateway's code, or MISSING_FROM_RESPONSE).
import type { BulkStatusResponse } from '../../shared/domain/edoc.ts';
import { BOX_STATUS_CODE, type PollAnswer, type PollAnswered, type PolledRow } from '../../shared/domain/mailing-store.ts';

type Item = BulkStatusResponse['documents'][number];

export function pollAnsweredOf(group: readonly Pick<PolledRow, 'id' | 'b' | 'accepted_at' | 's'>[], answer: PollAnswer, at: number): PollAnswered {
  const n = group.length;
  const out: PollAnswered = {
    at,
    callFailed: !answer.ok,
    ids: new Float64Array(n),
    acceptedAt: new Float64Array(n),
    held: new Uint8Array(n),
    status: new Uint8Array(n),
    sentAt: new Float64Array(n).fill(NaN),
    receivedAt: new Float64Array(n).fill(NaN),
    readAt: new Float64Array(n).fill(NaN),
    tokenUsed: new Uint8Array(n),
    errors: [],
  };
  const byBinder = answer.ok ? new Map<string, Item>(answer.documents.map((d) => [d.document_binder_uuid, d])) : null;
  for (let i = 0; i < n; i++) {
    const r = group[i];
    if (r === undefined) continue;
    out.ids[i] = r.id;
    out.acceptedAt[i] = r.accepted_at;
    out.held[i] = r.s === null ? 0 : BOX_STATUS_CODE[r.s];
    if (byBinder === null) continue;
    const item = byBinder.get(r.b);
    const data = item?.status_data;
    if (data === undefined) {
      out.errors.push({ index: i, code: item?.error_code ?? 'MISSING_FROM_RESPONSE', message: item?.error_message ?? '' });
      continue;
    }
    out.status[i] = BOX_STATUS_CODE[data.doc_box_status];
    if (data.doc_box_sent_at !== undefined) out.sentAt[i] = data.doc_box_sent_at;
    if (data.doc_box_received_at !== undefined) out.receivedAt[i] = data.doc_box_received_at;
    if (data.doc_box_read_at !== undefined) out.readAt[i] = data.doc_box_read_at;
    if (data.token_used_at !== undefined) out.tokenUsed[i] = 1;
  }
  return out;
}
