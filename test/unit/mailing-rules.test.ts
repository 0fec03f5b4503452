import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../shared/domain/profile.ts';
import { gatewayEpochToMillis } from '../../shared/domain/edoc.ts';
import { classifyBulkSend } from '../../main/mailing/classify-send.ts';
import { externalDocumentUuid, newExternalPrefix } from '../../main/mailing/external-id.ts';
import type { Chunk } from '../../main/mailing/journal.ts';
import { MIN_POLL_INTERVAL_MS, nextPollAt } from '../../main/mailing/poll-schedule.ts';
import { seoulDayStart } from '../../main/documents/format.ts';
import { BUILTIN_PROFILES } from '../../main/app/builtin-profiles.ts';

const item = { title: 't', receiver: { ci: 'c' }, read_expired_sec: 60, property: { link: 'https://a.b', cs_number: '1', cs_name: 'n' } };
const chunk: Chunk = { id: 'c1', mailingId: 'm', documents: [1, 2, 3, 4].map((id) => ({ id, attemptNo: 1, internalErrorRetries: 0, externalDocumentUuid: `E${id}`, itemJson: JSON.stringify(item) })) };

describe('bulk send classification', () => {
  it('matches results by external id, retries INTERNAL_ERROR once, and makes missing items UNKNOWN', () => {
    const v = classifyBulkSend(
      chunk,
      {
        kind: 'ok',
        status: 200,
        address: '127.0.0.1',
        value: {
          documents: [
            { external_document_uuid: 'E3', error_code: 'INTERNAL_ERROR', error_message: 'x' },
            { external_document_uuid: 'E1', document_binder_uuid: 'BIN-1' },
            { external_document_uuid: 'E2', error_code: 'FORBIDDEN', error_message: '수신거부' },
          ],
        },
      },
      () => 0,
    );
    expect(v.kind).toBe('applied');
    if (v.kind !== 'applied') return;
    expect(v.results.map((r) => r.kind)).toEqual(['accepted', 'rejected', 'retry', 'unknown']);
    const again = classifyBulkSend(chunk, { kind: 'ok', status: 200, address: 'a', value: { documents: [{ external_document_uuid: 'E3', error_code: 'INTERNAL_SERVER_ERROR' }] } }, () => 1);
    expect(again.kind === 'applied' && again.results[2]).toMatchObject({ kind: 'rejected', errorCode: 'INTERNAL_SERVER_ERROR' });
  });

  it('never resends an ambiguous chunk; stops the job on 401', () => {
    const amb = classifyBulkSend(chunk, { kind: 'ambiguous', code: 'HeadersTimeout', message: '', status: null }, () => 0);
    expect(amb.kind === 'applied' && amb.results.every((r) => r.kind === 'unknown')).toBe(true);
    expect(classifyBulkSend(chunk, { kind: 'not-sent', code: 'ECONNREFUSED', message: '' }, () => 0).kind).toBe('not-sent');
    expect(classifyBulkSend(chunk, { kind: 'rejected', status: 401, errorCode: 'UNAUTHORIZED', message: '' }, () => 0).kind).toBe('stop');
    const bad = classifyBulkSend(chunk, { kind: 'rejected', status: 400, errorCode: 'INVALID_VALUE', message: 'm' }, () => 0);
    expect(bad.kind === 'applied' && bad.results.every((r) => r.kind === 'rejected')).toBe(true);
  });
});

describe('ids, polling and time', () => {
  it('external ids fit in 40 characters and differ per attempt', () => {
    const p = newExternalPrefix();
    const id = externalDocumentUuid(p, 2 ** 40, 99);
    expect(id.length).toBeLessThanOrEqual(40);
    expect(externalDocumentUuid(p, 5, 1)).not.toBe(externalDocumentUuid(p, 5, 2));
  });

  it('never polls a document more often than every 5 s, and backs off after day one', () => {
    const s = { firstAfterSec: 5, dayOneEverySec: 1, laterEverySec: 3600 };
    expect(nextPollAt(1_000_000, 999_000, s) - 1_000_000).toBe(MIN_POLL_INTERVAL_MS);
    expect(nextPollAt(200_000_000, 0, s) - 200_000_000).toBe(3_600_000);
  });

  it('reads gateway epochs as seconds with a millisecond guard', () => {
    expect(gatewayEpochToMillis(1637224629).ms).toBe(1637224629000);
    expect(gatewayEpochToMillis(1499866132249).ms).toBe(1499866132249);
    expect(gatewayEpochToMillis(11223890)).toEqual({ ms: null, implausible: true });
  });

  it('counts the day in Asia/Seoul', () => {
    // 2026-11-22 15:30 UTC = 2026-11-23 00:30 KST → the KST day starts at 2026-11-22 15:00 UTC.
    expect(new Date(seoulDayStart(Date.UTC(2026, 10, 22, 15, 30))).toISOString()).toBe('2026-11-22T15:00:00.000Z');
  });
});

describe('profiles', () => {
  it('refuses a production profile on any docs-gw port but 443', () => {
    const r = profileSchema.safeParse({ name: 'p', kind: 'production', docsgw: { host: 'docs-gw.kakaopay.com', addresses: ['113.29.182.90'], port: 8443 } });
    expect(r.success).toBe(false);
    expect(BUILTIN_PROFILES.filter((p) => p.kind === 'production').every((p) => p.docsgw.port === 443)).toBe(true);
  });
});
