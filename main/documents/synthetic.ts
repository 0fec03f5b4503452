// Synthetic documents for the grid at scale: the 500,000-document benchmark, the grid tests and
// `docdesk web --demo-documents N` (screenshots, rehearsal). Rows look like imported ones (same recipient_key
// and masked label format as main/mailing/mailing-queries.ts) in a spread of states. Deterministic for a seed.
// Only ever used on a sandbox data folder: the composition root refuses other profiles. Made in batches of
// 10,000 rows: the backend sends each batch as a step to the docdesk writer (synthetic-steps.ts), a test holding
// one connection writes them itself (insertSyntheticDocuments); the generator's state carries from batch to batch.
import { randomBytes } from 'node:crypto';
import { maskName, maskPhone } from '../../shared/domain/masking.ts';
import type { Db } from '../store/open-database.ts';
import { seededRandomFrom } from '../imports/seeded-random.ts';
import { createBinderIndex } from '../mailing/binder-index.ts';
import { createSearchTermWriter } from '../mailing/search-terms.ts';
import type { SyntheticBatch } from './synthetic-protocol.ts';

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const GIVEN = ['민준', '서연', '도윤', '지우', '하준', '서윤', '은우', '지유', '시우', '하은', '예준', '수아', '지호', '지아', '유준', '채원'];
const ERRORS = [
  ['INVALID_VALUE', '수신자 정보가 올바르지 않습니다.'],
  ['NOT_FOUND', '카카오톡 사용자를 찾을 수 없습니다.'],
  ['FORBIDDEN', '수신자가 이용기관의 메시지를 차단했습니다.'],
] as const;

const BATCH_ROWS = 10_000;

export interface SyntheticOptions {
  documents: number;
  /** Documents per mailing (the last one takes the remainder). */
  perMailing?: number;
  seed?: number;
  now?: number;
  profile?: string;
  onProgress?: (inserted: number) => void;
}

/** The batches of `o` in order, without the generator's state (the writer of the previous batch hands it on). */
export function* syntheticBatches(o: SyntheticOptions): Generator<Omit<SyntheticBatch, 'rngState'>> {
  const now = o.now ?? Date.now();
  const perMailing = Math.max(1, o.perMailing ?? 100_000);
  let m = 0;
  for (let done = 0; done < o.documents; m++) {
    const count = Math.min(perMailing, o.documents - done);
    const id = `M-syn${String(m).padStart(4, '0')}${randomBytes(2).toString('hex')}`;
    const prefix = `DDSYN${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 12);
    const createdAt = now - (m % 14) * 86_400_000 - 3_600_000;
    for (let from = 0; from < count; from += BATCH_ROWS) {
      const mailing = from === 0 ? { name: `합성 데이터 ${m + 1}`, profile: o.profile ?? 'sandbox' } : null;
      yield { mailingId: id, prefix, createdAt, mailing, from, count: Math.min(BATCH_ROWS, count - from), before: done + from };
    }
    done += count;
  }
}

/** Writes one batch (its mailing row first when it opens one) in one transaction; returns the generator's state after it. */
export function createSyntheticBatchWriter(db: Db): (b: SyntheticBatch) => number {
  const insMailing = db.prepare(
    `INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'synthetic', '{}', '{}', 'SENT', ?, ?)`,
  );
  const insDoc = db.prepare(
    `INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, state, state_at, attempt_no,
       external_document_uuid, gateway_binder_uuid, error_code, error_message, doc_box_status, accepted_at, sent_at, received_at, read_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insItem = db.prepare('INSERT INTO document_items (document_id, item_json) VALUES (?, ?)');
  const terms = createSearchTermWriter(db);
  const binders = createBinderIndex(db);
  return db.transaction((b: SyntheticBatch): number => {
    const random = seededRandomFrom(b.rngState);
    const rand = random.next;
    const { mailingId, prefix, from, count, createdAt } = b;
    if (b.mailing) insMailing.run(mailingId, b.mailing.name, prefix, b.mailing.profile, createdAt, createdAt);
    const keys: string[] = [];
    let firstId = 0;
    for (let i = 0; i < count; i++) {
      const row = from + i + 2; // row 1 is the header
      const phone = `010${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
      const name = `${FAMILY[Math.floor(rand() * FAMILY.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}`;
      const birthday = `19${50 + Math.floor(rand() * 50)}0${1 + Math.floor(rand() * 9)}1${Math.floor(rand() * 9)}`;
      const at = createdAt + Math.floor(rand() * 3_600_000);
      const r = rand();
      let state = 'ACCEPTED';
      let box: string | null = 'READ';
      let error: readonly [string, string] | null = null;
      if (r < 0.03) {
        state = 'REJECTED';
        box = null;
        error = ERRORS[Math.floor(rand() * ERRORS.length)] ?? null;
      } else if (r < 0.035) {
        state = 'UNKNOWN';
        box = null;
      } else if (r < 0.05) {
        state = 'QUEUED';
        box = null;
      } else if (r < 0.2) box = 'SENT';
      else if (r < 0.4) box = 'RECEIVED';
      else if (r < 0.45) box = 'EXPIRED';
      const accepted = state === 'ACCEPTED';
      const docNo = b.before + i + 1;
      const ext = state === 'QUEUED' ? null : `${prefix}-${docNo.toString(36).toUpperCase()}-1`;
      const binder = accepted ? `SB${randomBytes(12).toString('hex').toUpperCase()}` : null;
      const item = {
        title: '합성 고지서',
        receiver: { phone_number: phone, name, birthday, is_required_verify_name: false },
        read_expired_sec: 2_592_000,
        property: { link: 'https://docdesk.example/documents/notice', cs_number: '02-123-4567', cs_name: '관리사무소' },
      };
      const key = `p:${phone}:${name}:${birthday}`;
      keys.push(key);
      const { lastInsertRowid } = insDoc.run(
        mailingId,
        row,
        key,
        `${maskName(name)} ${maskPhone(phone)}`,
        state,
        at,
        state === 'QUEUED' ? 0 : 1,
        ext,
        binder,
        error?.[0] ?? null,
        error?.[1] ?? null,
        accepted ? box : null,
        accepted ? at : null,
        accepted ? at + 1000 : null,
        box === 'RECEIVED' || box === 'READ' ? at + 60_000 : null,
        box === 'READ' ? at + 3_600_000 : null,
        at,
      );
      insItem.run(lastInsertRowid, JSON.stringify(item));
      if (i === 0) firstId = Number(lastInsertRowid);
      if (binder !== null) binders.accepted(Number(lastInsertRowid));
    }
    binders.writeIfDue();
    // Consecutive ids: one connection inserting inside one transaction.
    terms.add(mailingId, firstId, keys);
    terms.flush(mailingId);
    return random.state();
  });
}

/** Inserts `documents` synthetic documents in mailings named '합성 데이터 n' on `db` itself. Returns the mailing ids. */
export function insertSyntheticDocuments(db: Db, o: SyntheticOptions): string[] {
  const write = createSyntheticBatchWriter(db);
  const mailingIds: string[] = [];
  let rngState = (o.seed ?? 42) >>> 0;
  for (const b of syntheticBatches(o)) {
    if (b.mailing) mailingIds.push(b.mailingId);
    rngState = write({ ...b, rngState });
    o.onProgress?.(b.before + b.count);
  }
  return mailingIds;
}
