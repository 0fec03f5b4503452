// One sheet row → a draft document or every error found in it (reference kakaopay-edoc-api.md §4.2 limits).
// A mapped column's value wins over the mailing default; an empty cell falls back to the default.
import { COMMON_CATEGORIES, EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import type { CommonCategory, Receiver } from '../../shared/domain/edoc.ts';
import { MAX_EXPIRES_IN_DAYS, SECONDS_PER_DAY } from '../../shared/domain/import.ts';
import type {
  ColumnMapping,
  DraftDocument,
  ImportField,
  MailingDefaults,
  RowError,
  RowErrorCode,
} from '../../shared/domain/import.ts';
import { columnIndex } from './columns.ts';
import type { CellValue } from './grid.ts';
import { MSG } from './messages.ts';
import {
  cellText,
  linkProblems,
  normalizeBirthday,
  normalizePhone,
  parseCategories,
  parseDays,
  parseYesNo,
} from './normalize.ts';

export type RowResult = {
  document: DraftDocument | null;
  errors: RowError[];
  /** Identity of the recipient when the receiver part is valid; used to find duplicates in the file. */
  recipientKey: string | null;
};

type TextField = 'title' | 'link' | 'csNumber' | 'csName' | 'message' | 'payload' | 'hash';

const TEXT_LIMITS: Readonly<Record<TextField | 'name' | 'ci' | 'bridgeContent', number>> = {
  title: EDOC_LIMITS.title,
  link: EDOC_LIMITS.link,
  csNumber: EDOC_LIMITS.csNumber,
  csName: EDOC_LIMITS.csName,
  message: EDOC_LIMITS.message,
  payload: EDOC_LIMITS.payload,
  hash: EDOC_LIMITS.hash,
  name: EDOC_LIMITS.name,
  ci: EDOC_LIMITS.ci,
  bridgeContent: EDOC_LIMITS.bridgeContent,
};

export class RowValidator {
  readonly #columns: ReadonlyMap<ImportField, number>;
  readonly #mapping: ColumnMapping;
  readonly #defaults: MailingDefaults;
  readonly #today: string;

  /** `today` is YYYYMMDD in Asia/Seoul (birthdays after it are refused). */
  constructor(mapping: ColumnMapping, defaults: MailingDefaults, today: string) {
    this.#mapping = mapping;
    this.#columns = new Map(
      (Object.entries(mapping) as [ImportField, string | undefined][])
        .filter((e): e is [ImportField, string] => e[1] !== undefined)
        .map(([f, letter]) => [f, columnIndex(letter)]),
    );
    this.#defaults = defaults;
    this.#today = today;
  }

  /** 0-based indexes of the mapped columns. */
  get mappedColumns(): number[] {
    return [...this.#columns.values()];
  }

  /** A row with no value in any mapped column is blank: skipped and not counted. */
  isBlank(get: (col: number) => CellValue): boolean {
    for (const c of this.#columns.values()) if (cellText(get(c)) !== null) return false;
    return true;
  }

  validate(rowNumber: number, get: (col: number) => CellValue): RowResult {
    const errors: RowError[] = [];
    const columnOf = (f: ImportField): string => this.#mapping[f] ?? '';
    const fail = (field: ImportField | 'row', column: string, code: RowErrorCode, message: string): void => {
      errors.push({ row: rowNumber, column, field, code, message });
    };
    const raw = (f: ImportField): CellValue => {
      const c = this.#columns.get(f);
      return c === undefined ? null : get(c);
    };
    const text = (f: ImportField): string | null => cellText(raw(f));

    /** Column value, else default; length-checked. */
    const textField = (f: TextField, required: boolean): string | undefined => {
      const fromCell = text(f);
      const value = fromCell ?? this.#defaults[f];
      if (value === undefined) {
        if (required) fail(f, columnOf(f), 'REQUIRED', MSG.required(f));
        return undefined;
      }
      const column = fromCell !== null ? columnOf(f) : '';
      if (f === 'link') {
        for (const p of linkProblems(value, TEXT_LIMITS.link)) {
          if (p === 'hangul') fail(f, column, 'HANGUL_IN_LINK', MSG.linkHangul(value));
          else if (p === 'not-http') fail(f, column, 'BAD_LINK', MSG.linkNotHttp(value));
          else fail(f, column, 'TOO_LONG', MSG.tooLong(f, TEXT_LIMITS.link, value.length));
        }
        return value;
      }
      if (value.length > TEXT_LIMITS[f]) fail(f, column, 'TOO_LONG', MSG.tooLong(f, TEXT_LIMITS[f], value.length));
      return value;
    };

    const title = textField('title', true);
    const link = textField('link', true);
    const csNumber = textField('csNumber', true);
    const csName = textField('csName', true);
    const message = textField('message', false);
    const payload = textField('payload', false);
    const hash = textField('hash', false);

    let categories: CommonCategory[] | undefined = this.#defaults.category ? [this.#defaults.category] : undefined;
    const categoryText = text('category');
    if (categoryText !== null) {
      const parsed = parseCategories(categoryText);
      if (parsed.ok) categories = parsed.value;
      else fail('category', columnOf('category'), 'BAD_CATEGORY', MSG.category(categoryText, COMMON_CATEGORIES));
    }

    let days = this.#defaults.expiresInDays;
    const daysText = text('expiresInDays');
    if (daysText !== null) {
      const parsed = parseDays(raw('expiresInDays'), MAX_EXPIRES_IN_DAYS);
      if (parsed.ok) days = parsed.value;
      else fail('expiresInDays', columnOf('expiresInDays'), 'BAD_EXPIRES', MSG.expires(daysText, MAX_EXPIRES_IN_DAYS));
    }

    const bridgeContent = text('bridgeContent');
    if (bridgeContent !== null && bridgeContent.length > TEXT_LIMITS.bridgeContent) {
      fail('bridgeContent', columnOf('bridgeContent'), 'TOO_LONG', MSG.tooLong('bridgeContent', TEXT_LIMITS.bridgeContent, bridgeContent.length));
    }

    const { receiver, recipientName, recipientKey } = this.#receiver(raw, text, columnOf, fail);

    if (
      errors.length > 0 ||
      receiver === null ||
      title === undefined ||
      link === undefined ||
      csNumber === undefined ||
      csName === undefined
    ) {
      return { document: null, errors, recipientKey };
    }
    const document: DraftDocument = {
      sourceRow: rowNumber,
      title,
      receiver,
      property: {
        link,
        cs_number: csNumber,
        cs_name: csName,
        ...(message !== undefined ? { message } : {}),
        ...(payload !== undefined ? { payload } : {}),
      },
      ...(categories !== undefined ? { common_categories: categories } : {}),
      ...(hash !== undefined ? { hash } : {}),
      read_expired_sec: days * SECONDS_PER_DAY,
      ...(bridgeContent !== null ? { bridge: { content: bridgeContent } } : {}),
      ...(recipientName !== undefined ? { recipientName } : {}),
    };
    return { document, errors, recipientKey };
  }

  /**
   * ci xor phone+name+birthday (reference §4.2 "send exactly one identification form"). A CI list usually carries
   * a name column for the staff: a CI with a name (and no phone or birthday) is a CI recipient whose name is kept
   * for display and search only; a CI with a phone or birthday is ambiguous and refused (reference §13).
   */
  #receiver(
    raw: (f: ImportField) => CellValue,
    text: (f: ImportField) => string | null,
    columnOf: (f: ImportField) => string,
    fail: (field: ImportField | 'row', column: string, code: RowErrorCode, message: string) => void,
  ): { receiver: Receiver | null; recipientName?: string; recipientKey: string | null } {
    const ci = text('ci');
    const name = text('name');
    const phoneText = text('phone');
    const birthdayText = text('birthday');
    const hasIdentity = name !== null || phoneText !== null || birthdayText !== null;
    if (ci !== null) {
      let ok = true;
      if (ci.length > TEXT_LIMITS.ci) {
        fail('ci', columnOf('ci'), 'TOO_LONG', MSG.tooLong('ci', TEXT_LIMITS.ci, ci.length));
        ok = false;
      }
      if (phoneText !== null || birthdayText !== null) {
        fail('row', '', 'BOTH_CI_AND_IDENTITY', MSG.bothForms());
        ok = false;
      }
      if (name !== null && name.length > TEXT_LIMITS.name) {
        fail('name', columnOf('name'), 'TOO_LONG', MSG.tooLong('name', TEXT_LIMITS.name, name.length));
        ok = false;
      }
      if (!ok) return { receiver: null, recipientKey: null };
      return { receiver: { ci }, ...(name !== null ? { recipientName: name } : {}), recipientKey: `ci:${ci}` };
    }
    if (!hasIdentity) {
      fail('row', '', 'NO_RECIPIENT', MSG.noRecipient());
      return { receiver: null, recipientKey: null };
    }
    let ok = true;
    if (name === null) {
      fail('name', columnOf('name'), 'REQUIRED', MSG.requiredIdentity('name'));
      ok = false;
    } else if (name.length > TEXT_LIMITS.name) {
      fail('name', columnOf('name'), 'TOO_LONG', MSG.tooLong('name', TEXT_LIMITS.name, name.length));
      ok = false;
    }
    let phone: string | null = null;
    if (phoneText === null) {
      fail('phone', columnOf('phone'), 'REQUIRED', MSG.requiredIdentity('phone'));
      ok = false;
    } else {
      const p = normalizePhone(phoneText);
      if (p.ok) phone = p.value;
      else {
        const msg = p.reason === 'prefix' ? MSG.phonePrefix(phoneText) : MSG.phoneFormat(phoneText);
        fail('phone', columnOf('phone'), 'BAD_PHONE', msg);
        ok = false;
      }
    }
    let birthday: string | null = null;
    if (birthdayText === null) {
      fail('birthday', columnOf('birthday'), 'REQUIRED', MSG.requiredIdentity('birthday'));
      ok = false;
    } else {
      const b = normalizeBirthday(raw('birthday'), this.#today);
      if (b.ok) birthday = b.value;
      else {
        const msg =
          b.problem === 'future'
            ? MSG.birthdayFuture(birthdayText)
            : b.problem === 'not-a-date'
              ? MSG.birthdayNotADate(birthdayText)
              : b.problem === 'too-old'
                ? MSG.birthdayTooOld(birthdayText)
                : MSG.birthdayFormat(birthdayText);
        fail('birthday', columnOf('birthday'), 'BAD_BIRTHDAY', msg);
        ok = false;
      }
    }
    let verify = this.#defaults.verifyName;
    const verifyText = text('verifyName');
    if (verifyText !== null) {
      const v = parseYesNo(raw('verifyName'));
      if (v.ok) verify = v.value;
      else {
        fail('verifyName', columnOf('verifyName'), 'BAD_VERIFY_NAME', MSG.verifyName(verifyText));
        ok = false;
      }
    }
    if (!ok || name === null || phone === null || birthday === null) return { receiver: null, recipientKey: null };
    return {
      receiver: { phone_number: phone, name, birthday, is_required_verify_name: verify },
      recipientKey: `id:${phone}\u0000${name}\u0000${birthday}`,
    };
  }
}
