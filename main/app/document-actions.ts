// One document at a time (issue 14 item 4), as the faces use it: fix a refused or abandoned document's recipient and
// send it again as a NEW document linked to the old one, send one new document to one recipient, and ask one
// document's status now. A typed recipient is validated exactly as an imported row (main/imports/typed-row.ts).
// Every send is planned first (what, to whom, through which profile; nothing changes) and runs only with the plan's
// digest; it then goes out as a mailing of one document through the usual sender and journal (one-document.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { mailingDefaultsSchema, SECONDS_PER_DAY, type MailingDefaults } from '../../shared/domain/import.ts';
import { RECIPIENT_FIX_FIELDS, type OneDocumentPlan, type OneDocumentResult, type RecipientFix, type SendOneInput, type StatusCheck } from '../../shared/domain/document-actions.ts';
import { maskBirthday, maskName, maskPhone } from '../../shared/domain/masking.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { todayInSeoul } from '../imports/normalize.ts';
import { validateTypedRow, type TypedRow } from '../imports/typed-row.ts';
import { recipientKey } from '../mailing/document-rows.ts';
import type { MailingEngine } from '../mailing/engine.ts';
import { alreadyResent, type StoredDocument } from '../mailing/one-document.ts';
import { MailingError, type DraftItem } from '../mailing/types.ts';
import { ConfigError } from './errors.ts';

/** What a mailing of one document needs to be stored and sent once confirmed. */
type Planned = { plan: OneDocumentPlan; document: DraftItem & { sourceRow: number } };

/** How a failed send names itself (MailingError, ConfigError, ...). */
const failureSchema = z.object({ code: z.string().optional(), exitCode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional() });

const RESENDABLE = new Set(['REJECTED', 'ABANDONED']);

/** The stored content as typed fields, so a re-send is validated like the row it came from. */
function typedRowOf(item: DraftItem): TypedRow {
  const r = item.receiver;
  const p = item.property;
  const row: TypedRow = { title: item.title, link: p.link, csNumber: p.cs_number, csName: p.cs_name };
  if (p.message !== undefined) row.message = p.message;
  if (p.payload !== undefined) row.payload = p.payload;
  if (item.hash !== undefined) row.hash = item.hash;
  if (item.common_categories !== undefined) row.category = item.common_categories.join(',');
  if (item.bridge !== undefined) row.bridgeContent = item.bridge.content;
  if ('ci' in r) row.ci = r.ci;
  else Object.assign(row, { name: r.name, phone: r.phone_number, birthday: r.birthday, verifyName: r.is_required_verify_name });
  return row;
}

function invalidRecipient(errors: ReturnType<typeof validateTypedRow>['errors']): ConfigError {
  return new ConfigError('INVALID_RECIPIENT', `입력한 내용으로는 보낼 수 없습니다. ${errors.map((e) => e.message).join(' ')}`, 2, { errors });
}

function notResendable(doc: StoredDocument): MailingError {
  const why: Record<string, string> = {
    UNKNOWN: '게이트웨이가 받았는지 알 수 없는 문서입니다. 먼저 발송 목록에서 이 발송 건의 UNKNOWN 문서를 "포기"로 결정하세요(포기한 문서만 고쳐 다시 보낼 수 있습니다). 받았을 수 있는 문서를 새로 보내면 수신자가 두 번 받을 수 있습니다.',
    ACCEPTED: '게이트웨이가 이미 접수한 문서입니다. 다시 보내면 수신자가 같은 문서를 두 번 받습니다.',
    IN_FLIGHT: '지금 전송 중인 문서입니다. 결과가 기록된 뒤 다시 확인하세요.',
  };
  return new MailingError(
    'NOT_RESENDABLE',
    `문서 #${doc.id}은(는) 다시 보낼 수 없습니다 (상태 ${doc.state}). ${why[doc.state] ?? '아직 보내지 않은 문서는 발송 목록에서 그 발송 건을 보내세요.'} 거절(REJECTED)되었거나 포기(ABANDONED)한 문서만 고쳐 다시 보낼 수 있습니다.`,
    2,
  );
}

function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function contentOf(document: DraftItem): Pick<OneDocumentPlan, 'title' | 'link' | 'csNumber' | 'csName' | 'message' | 'expiresInDays'> {
  return {
    title: document.title,
    link: document.property.link,
    csNumber: document.property.cs_number,
    csName: document.property.cs_name,
    message: document.property.message ?? null,
    expiresInDays: (document.read_expired_sec ?? 0) / SECONDS_PER_DAY,
  };
}

export function createDocumentActions(deps: {
  engine: MailingEngine;
  profile: () => Profile;
  /** Sends a stored mailing with the active profile's limits (mailing-service.ts send). */
  send: (mailingId: string) => Promise<unknown>;
  /** Refuses a mailing imported under another profile (backend.ts assertMailingProfile). */
  assertProfile: (mailingId: string, verb: string) => Promise<void>;
  now?: () => number;
}) {
  const { engine } = deps;
  const now = deps.now ?? Date.now;

  async function find(ref: string): Promise<StoredDocument> {
    const doc = await engine.oneDocument.find(ref);
    if (!doc) throw new MailingError('DOCUMENT_NOT_FOUND', `문서 '${ref}'을(를) 찾을 수 없습니다. 외부 문서 ID 또는 바인더 UUID를 확인하세요.`, 2);
    return doc;
  }

  /** What re-sending `ref` with `fix` would send; refuses (changing nothing) what may not be re-sent. */
  // A re-send that another one beats to the store after this check is refused by the store's step, which checks
  // the link again in its transaction (one-document-write.ts): never re-sent twice.
  async function planResend(ref: string, fix: RecipientFix): Promise<Planned & { original: StoredDocument }> {
    const original = await find(ref);
    if (!RESENDABLE.has(original.state)) throw notResendable(original);
    const earlier = (await engine.oneDocument.links(original.id)).resentAs;
    if (earlier) throw alreadyResent(earlier);
    await deps.assertProfile(original.mailingId, '다시 보내기');
    const fields = typedRowOf(original.item);
    const corrected = RECIPIENT_FIX_FIELDS.filter((f) => fix[f] !== undefined);
    // A CI recipient corrected by phone, name or birthday is identified by those three from now on.
    if (corrected.length > 0) delete fields.ci;
    for (const f of corrected) fields[f] = fix[f];
    // The content is what was sent before; only its read deadline is carried as stored (not re-derived in days).
    const checked = validateTypedRow(fields, mailingDefaultsSchema.parse({}), todayInSeoul(now()), original.sourceRow);
    if (!checked.document) throw invalidRecipient(checked.errors);
    const { sourceRow, ...validated } = checked.document;
    const document = { ...validated, read_expired_sec: original.item.read_expired_sec, sourceRow };
    const before = original.item.receiver;
    const after = document.receiver;
    const changes: OneDocumentPlan['changes'] = [];
    if ('phone_number' in after) {
      const was = 'phone_number' in before ? before : null;
      if (was?.phone_number !== after.phone_number) changes.push({ field: 'phone', before: was ? maskPhone(was.phone_number) : '—', after: after.phone_number });
      if (was?.name !== after.name) changes.push({ field: 'name', before: was ? maskName(was.name) : '—', after: after.name });
      if (was?.birthday !== after.birthday) changes.push({ field: 'birthday', before: was ? maskBirthday(was.birthday) : '—', after: after.birthday });
    }
    const profile = deps.profile().name;
    const plan: OneDocumentPlan = {
      profile,
      recipient: recipientKey(document).label,
      ...contentOf(document),
      changes,
      original: {
        documentId: original.id,
        externalDocumentUuid: original.externalDocumentUuid,
        mailingId: original.mailingId,
        mailingName: original.mailingName,
        state: original.state,
        errorCode: original.errorCode,
        recipient: original.recipient,
      },
      baseMailing: null,
      digest: digestOf({ profile, resendOf: original.id, document }),
    };
    return { plan, document, original };
  }

  /** What sending one new document to one recipient would send (content: typed, else the chosen mailing's defaults). */
  async function planSendOne(input: SendOneInput): Promise<Planned> {
    let defaults: MailingDefaults = mailingDefaultsSchema.parse({});
    let baseMailing: OneDocumentPlan['baseMailing'] = null;
    if (input.baseMailingId !== undefined) {
      const base = await engine.summary(input.baseMailingId);
      if (!base) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${input.baseMailingId}을(를) 찾을 수 없습니다.`, 2);
      // Defaults stored by an older import that no longer pass today's rules are left out (the form then asks).
      const stored = mailingDefaultsSchema.safeParse(await engine.mailingDefaults(base.id));
      if (stored.success) defaults = stored.data;
      baseMailing = { id: base.id, name: base.name };
    }
    const r = input.recipient;
    const c = input.content ?? {};
    const fields: TypedRow = { ...r, ...c };
    const checked = validateTypedRow(fields, defaults, todayInSeoul(now()));
    if (!checked.document) throw invalidRecipient(checked.errors);
    const document = checked.document;
    const profile = deps.profile().name;
    const plan: OneDocumentPlan = {
      profile,
      recipient: recipientKey(document).label,
      ...contentOf(document),
      changes: [],
      original: null,
      baseMailing,
      digest: digestOf({ profile, base: baseMailing?.id ?? null, document }),
    };
    return { plan, document };
  }

  function confirmed(planned: Planned, confirmDigest: string): void {
    if (planned.plan.digest !== confirmDigest) {
      throw new MailingError('CONFIRMATION_REQUIRED', `확인한 내용과 지금 보낼 내용이 다릅니다(문서나 프로필이 그 사이 바뀌었습니다). 보낼 내용을 다시 확인한 뒤 보내세요.`, 2);
    }
  }

  async function sendStored(created: { mailingId: string; documentId: number }, resendOf: string | null): Promise<OneDocumentResult> {
    try {
      await deps.send(created.mailingId);
    } catch (err) {
      // The document is stored (and, for a re-send, linked): it waits in its own mailing, never sent twice.
      const named = failureSchema.safeParse(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new MailingError(
        (named.success ? named.data.code : undefined) ?? 'SEND_FAILED',
        `문서를 발송 건 ${created.mailingId}(으)로 만들었지만 보내지 못했습니다: ${message} 문제를 해결한 뒤 발송 목록에서 그 발송 건을 보내세요.`,
        (named.success ? named.data.exitCode : undefined) ?? 1,
      );
    }
    const d = await engine.documentDetailById(created.documentId);
    if (!d) throw new Error(`document #${created.documentId} vanished after its send`);
    return {
      mailingId: created.mailingId,
      documentId: d.id,
      externalDocumentUuid: d.externalDocumentUuid,
      state: d.state,
      docBoxStatus: d.docBoxStatus,
      errorCode: d.errorCode,
      errorMessage: d.errorMessage,
      resendOf,
    };
  }

  return {
    planResend: async (ref: string, fix: RecipientFix): Promise<OneDocumentPlan> => (await planResend(ref, fix)).plan,

    /** Stores the corrected document as a new one linked to `ref` (the audited decision), then sends it. */
    async resend(ref: string, fix: RecipientFix, confirmDigest: string): Promise<OneDocumentResult> {
      const planned = await planResend(ref, fix);
      confirmed(planned, confirmDigest);
      const { original } = planned;
      const changed = planned.plan.changes.map((c) => c.field);
      const subject = original.externalDocumentUuid ?? `#${original.id}`;
      const created = await engine.oneDocument.create({
        name: `다시 보내기: ${original.mailingName}`.slice(0, 200),
        profile: planned.plan.profile,
        sourceFile: `다시 보내기 (${subject})`,
        defaults: {},
        document: planned.document,
        resendOf: { documentId: original.id, changed },
        action: { name: 'document.resend', subject, data: { documentId: original.id, changed } },
      });
      return sendStored(created, original.externalDocumentUuid);
    },

    planSendOne: async (input: SendOneInput): Promise<OneDocumentPlan> => (await planSendOne(input)).plan,

    /** Stores one new document for one recipient (the audited decision), then sends it. */
    async sendOne(input: SendOneInput, confirmDigest: string): Promise<OneDocumentResult> {
      const planned = await planSendOne(input);
      confirmed(planned, confirmDigest);
      const base = planned.plan.baseMailing;
      const created = await engine.oneDocument.create({
        name: `한 명에게 보내기: ${planned.plan.title}`.slice(0, 200),
        profile: planned.plan.profile,
        sourceFile: base ? `한 명에게 보내기 (${base.name})` : '한 명에게 보내기',
        defaults: base ? await engine.mailingDefaults(base.id) : {},
        document: planned.document,
        action: { name: 'document.sendOne', subject: planned.plan.recipient, data: { baseMailingId: base?.id ?? null } },
      });
      return sendStored(created, null);
    },

    /** One accepted document's status now ("지금 확인"), journalled like a poll answer. */
    async check(ref: string): Promise<StatusCheck> {
      const doc = await find(ref);
      await deps.assertProfile(doc.mailingId, '상태 조회');
      const r = await engine.checkStatus(doc, deps.profile().docsgw.poll);
      return { documentId: doc.id, externalDocumentUuid: doc.externalDocumentUuid, ...r };
    },
  };
}
export type DocumentActions = ReturnType<typeof createDocumentActions>;
