import { describe, expect, it } from 'vitest';
import { REDACTED, redactRequestHeaders, redactResponseHeaders, scrubSecrets } from '../../main/http/redact.ts';

describe('exchange-log redaction (allow-list)', () => {
  it('keeps allow-listed request headers, masks Authorization and Contract-Uuid, drops the rest', () => {
    const out = redactRequestHeaders({
      'Content-Type': 'application/json;charset=UTF-8',
      Authorization: 'Bearer s3cr3t-token',
      'Contract-Uuid': 'CON-0123456789abcdef0123456789abcdef',
      host: 'docs-gw.kakaopay.com',
      'X-Custom-Secret': 'leak',
      Cookie: 'a=b',
    });
    expect(out).toEqual({
      'content-type': 'application/json;charset=UTF-8',
      authorization: 'Bearer ***',
      'contract-uuid': '***',
      host: 'docs-gw.kakaopay.com',
    });
  });

  it('masks a non-Bearer Authorization entirely', () => {
    expect(redactRequestHeaders({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ authorization: REDACTED });
  });

  it('keeps the response Date header and drops unknown ones', () => {
    const out = redactResponseHeaders({
      date: 'Mon, 01 Dec 2025 00:00:00 GMT',
      'content-type': 'application/json',
      'set-cookie': ['a=b', 'c=d'],
      'x-internal': 'x',
    });
    expect(out).toEqual({ date: 'Mon, 01 Dec 2025 00:00:00 GMT', 'content-type': 'application/json' });
  });

  it('scrubs secrets, including their URL-encoded form, and ignores very short values', () => {
    expect(scrubSecrets('token=abc+def/ghi&x=abc%2Bdef%2Fghi', ['abc+def/ghi'])).toBe('token=***&x=***');
    expect(scrubSecrets('a b c', ['b'])).toBe('a b c');
  });
});
