// Documents' states as every reader shows them (main/mailing/open-attempt-sql.ts): a QUEUED document whose attempt is
// open is IN_FLIGHT. Tests of the journal read states through this, not documents.state, which a claim leaves QUEUED.
import { z } from 'zod';
import { openAttemptJoinSql, shownDocumentSql } from '../../main/mailing/open-attempt-sql.ts';
import type { Db } from '../../main/store/open-database.ts';

/** Every document's shown state, in id order. */
export function shownStates(db: Db): string[] {
  return z.array(z.string()).parse(db.prepare(`SELECT ${shownDocumentSql('d', 'oa').state} FROM documents d ${openAttemptJoinSql('d', 'oa')} ORDER BY d.id`).pluck().all());
}
