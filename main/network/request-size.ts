// How many bytes a 100-document bulk send request takes (the bandwidth estimate, seed 000 §4.2 5.): measured on the
// operator's own recent sends (exchange log: Content-Length of bulkSend requests that reached the gateway, and
// the chunk's document count), or — before the first send — a sample request built the way the docs-gw client
// builds the body it puts on the wire.
import { DEFAULT_READ_EXPIRED_SEC, EDOC_LIMITS, type BulkDocumentItem, type BulkSendRequest } from '../../shared/domain/edoc.ts';
import { validateBulkSend } from '../docsgw/validate-request.ts';
import { externalDocumentUuid, newExternalPrefix } from '../mailing/external-id.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { RequestSize } from './bandwidth.ts';

/** How many recent bulk sends the average is taken over. */
export const MEASURED_REQUESTS = 20;

/** The average of the last MEASURED_REQUESTS bulk sends that reached the gateway, per 100 documents; null when none. */
export async function measuredBulkRequestSize(reads: Pick<DocdeskReads, 'network'>): Promise<RequestSize | null> {
  const rows = await reads.network.recentBulkSends(MEASURED_REQUESTS);
  const usable = rows.filter((r) => Number(r.bytes) > 0 && (r.docs ?? 0) > 0);
  if (usable.length === 0) return null;
  const bytes = usable.reduce((s, r) => s + Number(r.bytes), 0);
  const documents = usable.reduce((s, r) => s + (r.docs ?? 0), 0);
  const times = usable.map((r) => r.at);
  return {
    bytesPer100: Math.ceil((bytes / documents) * EDOC_LIMITS.bulkMaxDocuments),
    source: { kind: 'measured', requests: usable.length, documents, from: Math.min(...times), to: Math.max(...times) },
  };
}

/**
 * 100 documents shaped like seed 001 §3.2.1's example (phone + name + birthday receiver, link, payload, message,
 * CS number and name, hash), each with an id from our generator.
 */
export function sampleBulkRequest(): BulkSendRequest {
  const prefix = newExternalPrefix();
  const documents: BulkDocumentItem[] = Array.from({ length: EDOC_LIMITS.bulkMaxDocuments }, (_, i) => ({
    title: '전.성.생 요청',
    common_categories: ['NOTICE'],
    read_expired_sec: DEFAULT_READ_EXPIRED_SEC,
    hash: '6EFE827AC88914DE471C621AE',
    receiver: { phone_number: `0101234${String(i).padStart(4, '0')}`, name: '김페이', birthday: '19800101', is_required_verify_name: false },
    property: {
      link: 'https://www.kakaopay.com',
      payload: 'payload 파라미터 입니다.',
      message: '해당 안내문은 다음과 같습니다.',
      cs_number: '02-123-4567',
      cs_name: '콜센터',
      external_document_uuid: externalDocumentUuid(prefix, 100_000 + i, 1),
    },
  }));
  return { documents };
}

/** The body DocsGwClient.bulkSend puts on the wire for the sample (client.ts: JSON.stringify of validateBulkSend's result). */
export function sampleBulkRequestBody(nowMs: number): string {
  return JSON.stringify(validateBulkSend(sampleBulkRequest(), nowMs));
}

export function sampleBulkRequestSize(nowMs: number): RequestSize {
  return {
    bytesPer100: Buffer.byteLength(sampleBulkRequestBody(nowMs), 'utf8'),
    source: { kind: 'sample', requests: 1, documents: EDOC_LIMITS.bulkMaxDocuments, from: null, to: null },
  };
}

export async function bulkRequestSize(reads: Pick<DocdeskReads, 'network'>, nowMs: number): Promise<RequestSize> {
  return (await measuredBulkRequestSize(reads)) ?? sampleBulkRequestSize(nowMs);
}
