// seed 002 signature vectors (reference B4), reproduced from the seed's own sample data (copied into
// test/fixtures/payup/seed-002-vectors.ts with their sections).
import { describe, expect, it } from 'vitest';
import { cancelSignature, orderSignature, PayupSignatureError, sha256Hex, signatureFingerprint } from '../../main/payup/signature.ts';
import { seedVectors } from '../fixtures/payup/seed-002-vectors.ts';

describe('PayUp signatures (seed 002)', () => {
  const v = seedVectors();

  it('reproduces the order vector exactly', () => {
    expect(v.key).toMatch(/^[0-9a-f]{32}$/);
    expect(orderSignature(v.order.merchantId, v.order.orderNumber, v.order.amount, v.key, v.order.timestamp)).toBe(v.order.signature);
    expect(v.order.signature).toBe('d186b8fedccffd291e0619fbf8b247c3f283e3769571eb57b68a50b46af23b75');
    // The timestamp ends in second 60: the signer must not validate it.
    expect(v.order.timestamp.endsWith('60')).toBe(true);
  });

  it('reproduces the cancel vector exactly', () => {
    expect(cancelSignature(v.cancel.merchantId, v.cancel.transactionId, v.key)).toBe(v.cancel.signature);
    expect(v.cancel.signature).toBe('db890c12b64c1e1de7127c0c07489fe18859139413acdac420a6f548ba518a3a');
    expect(sha256Hex(v.cancel.input)).toBe(v.cancel.signature);
  });

  it('does not reproduce the example request signature of another merchant (reference B4)', () => {
    expect(cancelSignature('tester', '20180205152504ST0009', v.key)).not.toMatch(/^aab70e59/);
  });

  it('refuses values with | or spaces, and a non-digit amount', () => {
    expect(() => cancelSignature('tester', 'A|B', v.key)).toThrow(PayupSignatureError);
    expect(() => cancelSignature('tester', 'A B', v.key)).toThrow(PayupSignatureError);
    expect(() => cancelSignature('tester', '', v.key)).toThrow(PayupSignatureError);
    expect(() => orderSignature('tester', 'O1', '1,004', v.key, '20170910132060')).toThrow(PayupSignatureError);
  });

  it('fingerprints without revealing the signature', () => {
    const f = signatureFingerprint(v.cancel.signature);
    expect(f).toMatch(/^sig:[0-9a-f]{12}$/);
    expect(v.cancel.signature.includes(f.slice(4))).toBe(false);
  });
});
