// Export subjects → the ids the audit chain is indexed by, read through DocdeskReads.audit (the SQL is
// mailing/subject-reads.ts): a document (by any of its external ids or its binder uuid) has every external id of
// every attempt; a recipient (phone number) has every document sent to that number.
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { ExportSubject } from './bundle/export-bundle.ts';

export type SubjectReads = Pick<DocdeskReads, 'audit'>;

export async function resolveDocumentSubject(reads: SubjectReads, ref: string): Promise<ExportSubject> {
  const found = await reads.audit.documentSentIds(ref);
  return { kind: 'document', ref, externalIds: found.externalIds.length ? found.externalIds : [ref], binderUuids: found.binderUuids, binderOf: found.binderOf };
}

export async function resolveRecipientSubject(reads: SubjectReads, phone: string): Promise<Extract<ExportSubject, { kind: 'recipient' }>> {
  const digits = phone.replace(/\D/g, '');
  return { kind: 'recipient', phone: digits, ...(await reads.audit.recipientSentIds(digits)) };
}
