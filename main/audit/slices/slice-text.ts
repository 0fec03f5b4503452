// One slice's canonical text (docs/evidence-slices.md). Its members in RFC 8785 order are document_binder_uuid,
// external_document_uuid, request, response, salt, v: the text is written around the gateway's values, each by
// plain-canonical.ts. Where a value holds anything that cannot write, canonicalize (../jcs.ts) writes the whole
// slice — or refuses it (CanonicalJsonError) — as it always did. Equal byte for byte to canonicalize of the slice
// object (test/unit/audit-slice-encoding.test.ts).
import { canonicalize } from '../jcs.ts';
import type { DocumentItems } from './exchange-items.ts';
import { plainCanonicalText } from './plain-canonical.ts';
import { SLICE_VERSION } from './slice-format.ts';

/** `"name":text,` for a member that may be absent: '' when absent, undefined when plain-canonical.ts cannot write it. */
function optionalMember(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return '';
  const text = plainCanonicalText(value);
  return text === undefined ? undefined : `"${name}":${text},`;
}

/** `salt`: base64url (document-slices.ts), no character of which JSON escapes. */
export function sliceText(salt: string, item: DocumentItems, index: number): string {
  const request = item.request ?? null;
  const response = item.response ?? null;
  const binder = optionalMember('document_binder_uuid', item.document_binder_uuid);
  const ext = optionalMember('external_document_uuid', item.external_document_uuid);
  const requestText = plainCanonicalText(request);
  const responseText = plainCanonicalText(response);
  if (binder === undefined || ext === undefined || requestText === undefined || responseText === undefined) {
    return canonicalize({ v: SLICE_VERSION, salt, ...item, request, response }, `$.slices[${index}]`);
  }
  return `{${binder}${ext}"request":${requestText},"response":${responseText},"salt":"${salt}","v":${SLICE_VERSION}}`;
}
