// Hosts and endpoint derivation (seed 002 §2.5, reference B1).
import { describe, expect, it } from 'vitest';
import { PAYUP_PRODUCTION_HOST, PAYUP_TEST_HOST, payupEndpoint, payupHostWarning, payupPaths } from '../../main/payup/hosts.ts';
import { validateCancelReason, validateTransactionId } from '../../main/payup/validate.ts';
import { payupServiceSchema } from '../../shared/domain/profile.ts';

describe('PayUp hosts', () => {
  it('derives host, port and base path from baseUrl', () => {
    const e = payupEndpoint(payupServiceSchema.parse({ baseUrl: `https://${PAYUP_PRODUCTION_HOST}`, merchantId: 'm1' }));
    expect(e).toMatchObject({ host: 'api.payup.co.kr', port: 443, addresses: [], basePath: '', concurrency: 4 });
    const s = payupEndpoint(payupServiceSchema.parse({ baseUrl: 'https://payup.sandbox.docdesk.test:8443/', merchantId: 'm1', addresses: ['127.0.0.1'], timeoutMs: 2_000 }));
    expect(s).toMatchObject({ host: 'payup.sandbox.docdesk.test', port: 8443, addresses: ['127.0.0.1'], timeoutMs: 2_000 });
    expect(payupPaths.cancel('m 1')).toBe('/ep/api/kakao/m%201/cancel');
  });

  it('warns that the test host may charge for real, and only for it', () => {
    expect(payupHostWarning(payupServiceSchema.parse({ baseUrl: `https://${PAYUP_TEST_HOST}`, merchantId: 'm' }))).toContain('실제');
    expect(payupHostWarning(payupServiceSchema.parse({ baseUrl: `https://${PAYUP_PRODUCTION_HOST}`, merchantId: 'm' }))).toBeNull();
  });

  it('validates the cancel fields with Korean messages', () => {
    expect(validateTransactionId(' 20170912142746ST0020 ')).toBe('20170912142746ST0020');
    expect(() => validateTransactionId('123456789012345678901')).toThrow(/최대 20자/);
    expect(() => validateTransactionId('거래1')).toThrow(/쓸 수 없는 문자/);
    expect(() => validateTransactionId('A|B')).toThrow(/쓸 수 없는 문자/);
    expect(() => validateCancelReason('  ')).toThrow(/취소사유가 비어/);
    expect(() => validateCancelReason('가'.repeat(257))).toThrow(/최대 256자/);
    expect(validateCancelReason('가'.repeat(256))).toHaveLength(256);
    expect(() => validateCancelReason('줄\n바꿈')).toThrow(/제어 문자/);
  });
});
