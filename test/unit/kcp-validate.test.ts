// Validation before anything is sent (seed 004 §2.3.2, §4.1.1, §6.1; reference kcp-and-payup.md A5, A8, A12).
import { describe, expect, it } from 'vitest';
import { BANKS, LEGACY_BANK_CODES, bankByName, resolveBankCode } from '../../shared/domain/banks.ts';
import { forbiddenCharacters, normalizeAccountNo, validateOrderId, validateOwnerName, validateRequest } from '../../main/kcp/validate.ts';

// seed 004 §2.3.2 table: 콤마, 엠퍼센트, 세미콜론, 뉴 라인, 역 슬래쉬(₩), 파이프 라인, 작은/큰 따옴표, 부등호;
// plus '>' (treated like '<'), '=' and control characters (reference A5).
const FORBIDDEN = [',', '&', ';', '\n', '\\', '|', "'", '"', '<', '>', '=', '\t', '\r', '\x1f', '\x1e', '\x00'];

describe('forbidden characters are refused, never stripped', () => {
  for (const ch of FORBIDDEN) {
    it(`refuses ${JSON.stringify(ch)} in the owner name, the account number and the order id`, () => {
      const owner = validateOwnerName(`홍${ch}길동`);
      expect(owner.ok).toBe(false);
      if (!owner.ok) {
        expect(owner.problem.code).toBe('FORBIDDEN_CHARACTER');
        expect(owner.problem.message).toMatch(/예금주명에 KCP가 허용하지 않는 문자/);
      }
      const account = normalizeAccountNo(`1234${ch}5678`);
      expect(account.ok).toBe(false);
      const order = validateOrderId(`ORD${ch}1`);
      expect(order.ok).toBe(false);
      const all = validateRequest({ bankCode: '04', accountNo: `1234${ch}5678`, ownerName: `홍${ch}길동`, orderId: `ORD${ch}1` });
      expect(all.ok).toBe(false);
      if (!all.ok) expect(all.problems.map((p) => p.field).sort()).toEqual(['accountNo', 'orderId', 'ownerName']);
    });
  }

  it('names the offending character in Korean', () => {
    expect(forbiddenCharacters('a,b&c')).toEqual(['콤마(,)', '엠퍼센트(&)']);
    expect(forbiddenCharacters('x\\y')).toEqual(['역슬래시(\\ 또는 ₩)']);
    expect(forbiddenCharacters('\x1f')).toEqual(['제어 문자(0x1F)']);
    expect(forbiddenCharacters('홍길동')).toEqual([]);
  });
});

describe('account number, owner name, order id', () => {
  it('normalises the account number to digits and refuses anything else', () => {
    expect(normalizeAccountNo('123-456 789012')).toEqual({ ok: true, value: '123456789012' });
    expect(normalizeAccountNo('１２３４')).toEqual({ ok: true, value: '1234' });
    expect(normalizeAccountNo('12A4').ok).toBe(false);
    expect(normalizeAccountNo('').ok).toBe(false);
    expect(normalizeAccountNo('1'.repeat(20)).ok).toBe(true);
    expect(normalizeAccountNo('1'.repeat(21)).ok).toBe(false);
  });

  it('limits the owner name to 20 bytes in CP949 (10 Hangul syllables)', () => {
    expect(validateOwnerName('가'.repeat(10)).ok).toBe(true);
    const long = validateOwnerName('가'.repeat(11));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.problem.message).toMatch(/22바이트/);
    expect(validateOwnerName('   ').ok).toBe(false);
    const latin = validateOwnerName('John Kim');
    expect(latin.ok && latin.warnings.some((w) => w.includes('한글 외'))).toBe(true);
  });

  it('limits the order id to 40 bytes', () => {
    expect(validateOrderId('A'.repeat(40)).ok).toBe(true);
    expect(validateOrderId('A'.repeat(41)).ok).toBe(false);
  });
});

describe('bank codes (seed 004 §6.1)', () => {
  it('maps every merged bank to its current code, and never returns an old code', () => {
    const expected: Record<string, string> = { '26': '88', '21': '88', '53': '27', '06': '04', '25': '81', '83': '20', '05': '81' };
    expect(Object.fromEntries(Object.entries(LEGACY_BANK_CODES).map(([k, v]) => [k, v.to]))).toEqual(expected);
    for (const [old, now] of Object.entries(expected)) {
      const r = resolveBankCode(old);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.bank.code).toBe(now);
        expect(r.mappedFrom).toBe(old);
      }
      const v = validateRequest({ bankCode: old, accountNo: '12345678', ownerName: '홍길동' });
      expect(v.ok && v.request.bank.code).toBe(now);
      expect(v.ok && v.request.warnings.some((w) => w.includes(`구 은행 코드 ${old}`))).toBe(true);
    }
    for (const b of BANKS) expect(Object.keys(LEGACY_BANK_CODES)).not.toContain(b.code);
  });

  it('uses 35 = 제주은행 and 71 = 우체국 (KFTC; the seed prints them swapped)', () => {
    const jeju = resolveBankCode('35');
    const post = resolveBankCode('71');
    expect(jeju.ok && jeju.bank.nameKo).toBe('제주은행');
    expect(post.ok && post.bank.nameKo).toBe('우체국');
  });

  it('accepts 4, 04, 004 and BK04; refuses unknown codes in Korean', () => {
    for (const input of ['4', '04', '004', 'BK04', 'bk04', ' 04 ']) {
      const r = resolveBankCode(input);
      expect(r.ok && r.bank.code).toBe('04');
    }
    for (const input of ['99', '', 'KB', '0404']) {
      const r = resolveBankCode(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/은행 코드/);
    }
  });

  it('flags the banks seed 004 does not list as unconfirmed for KCP', () => {
    const unconfirmed = BANKS.filter((b) => !b.kcpVerified).map((b) => b.code).sort();
    expect(unconfirmed).toEqual(['12', '50', '92']);
    expect(BANKS.every((b) => b.nameKo.length > 0)).toBe(true);
  });

  it('finds banks by the names staff type', () => {
    expect(bankByName('국민은행')?.code).toBe('04');
    expect(bankByName('KB국민은행')?.code).toBe('04');
    expect(bankByName('신한')?.code).toBe('88');
    expect(bankByName('카카오뱅크')?.code).toBe('90');
    expect(bankByName('하나은행')?.code).toBe('81');
    expect(bankByName('없는은행')).toBeUndefined();
  });
});
