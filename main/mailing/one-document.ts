// Documents handled one at a time (issue 14 item 4): a refused or abandoned document corrected and sent again, or a
// new document for one recipient. Each becomes a mailing that holds only that document, so the existing sender and
// journal send it — IN_FLIGHT committed before the request leaves, UNKNOWN on any ambiguity, UNKNOWN after a crash,
// never sent twice — and sending it never resumes another mailing's queue. The mailing, the document, its search
// terms, the re-send link (migration 11) and the operator's audited decision commit in ONE store call
// (one-document-write.ts on the docdesk writer); what the actions read comes from DocdeskReads.
import type { DocumentLink } from '../../shared/domain/mailing.ts';
import type { OneDocument, StoredDocument } from '../../shared/domain/mailing-store.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { MailingStore } from './mailing-store.ts';
import { MailingError } from './types.ts';

export type { OneDocument, StoredDocument } from '../../shared/domain/mailing-store.ts';

/** A document is re-sent at most once; the refusal names what it was re-sent as. */
export function alreadyResent(link: DocumentLink): MailingError {
  const what = link.externalDocumentUuid ?? `발송 건 ${link.mailingId}의 문서 #${link.documentId}`;
  return new MailingError(
    'ALREADY_RESENT',
    `이미 다시 보냈습니다: ${what}. 같은 문서를 두 번 다시 보내지 않습니다. 다시 보낸 문서의 상태를 확인하고, 그 문서도 거절되었다면 그 문서를 고쳐 다시 보내세요.`,
    2,
  );
}

export function createOneDocumentStore(deps: {
  reads: Pick<DocdeskReads, 'storedDocument' | 'documentIdOf' | 'documentLinks'>;
  store: Pick<MailingStore, 'createOne'>;
}) {
  const { reads } = deps;
  return {
    /** The document named by an external id it was sent under or its binder uuid. */
    async find(ref: string): Promise<StoredDocument | undefined> {
      const id = await reads.documentIdOf(ref);
      return id === undefined ? undefined : reads.storedDocument(id);
    },
    get: (id: number): Promise<StoredDocument | undefined> => reads.storedDocument(id),
    /** Stores the mailing of one document with the operator's audited decision; resolves once both are durable. */
    create: (o: OneDocument): Promise<{ mailingId: string; documentId: number }> => deps.store.createOne(o),
    links: (id: number) => reads.documentLinks(id),
  };
}
export type OneDocumentStore = ReturnType<typeof createOneDocumentStore>;
