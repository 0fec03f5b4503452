// The sandbox's deterministic rules: recipient behaviours, sample numbers, the document timeline and the
// fault book. (The HTTP behaviour is covered by the integration tests.)
import { describe, expect, it } from 'vitest';
import { createFaultBook } from '../../main/sandbox/docsgw/faults.ts';
import type { LedgerDocument } from '../../main/sandbox/docsgw/ledger.ts';
import { statusOf, timelineOf } from '../../main/sandbox/docsgw/lifecycle.ts';
import {
  SANDBOX_BEHAVIOURS,
  SANDBOX_SUFFIXES,
  sandboxAutoReads,
  sandboxBehaviourOf,
  sandboxCi,
  sandboxPhoneNumber,
  sandboxRecipientKey,
} from '../../main/sandbox/docsgw/recipients.ts';
import { receiverSchema } from '../../shared/domain/edoc.ts';

const phone = (p: string) => ({ phone_number: p, name: '김페이', birthday: '19800101', is_required_verify_name: true });

describe('sandbox recipients', () => {
  it('picks the behaviour from the last 4 digits of the phone number or the CI', () => {
    expect(sandboxBehaviourOf(phone('01012349999'))).toBe('notFound');
    expect(sandboxBehaviourOf(phone('01012344444'))).toBe('forbidden');
    expect(sandboxBehaviourOf(phone('01012348888'))).toBe('invalidValue');
    expect(sandboxBehaviourOf(phone('01012345000'))).toBe('internalErrorOnce');
    expect(sandboxBehaviourOf(phone('01012345001'))).toBe('internalErrorAlways');
    expect(sandboxBehaviourOf(phone('01012347777'))).toBe('neverMember');
    expect(sandboxBehaviourOf(phone('01012346666'))).toBe('neverRead');
    expect(sandboxBehaviourOf(phone('01012341234'))).toBe('accepted');
    expect(sandboxBehaviourOf({ ci: `${'x'.repeat(84)}4444` })).toBe('forbidden');
  });

  it('generates valid, distinct sample numbers and CIs for every behaviour', () => {
    for (const b of SANDBOX_BEHAVIOURS) {
      const phones = new Set<string>();
      for (let n = 0; n < 300; n++) {
        const p = sandboxPhoneNumber(b, n * 37);
        expect(receiverSchema.safeParse(phone(p)).success).toBe(true);
        expect(sandboxBehaviourOf(phone(p))).toBe(b);
        phones.add(p);
      }
      expect(phones.size).toBe(300);
      const ci = sandboxCi(b, 7);
      expect(ci).toHaveLength(88);
      expect(sandboxBehaviourOf({ ci })).toBe(b);
    }
    expect(Object.values(SANDBOX_SUFFIXES)).not.toContain(sandboxPhoneNumber('accepted', 3456).slice(-4));
  });

  it('keeps no phone number in the recipient key', () => {
    const key = sandboxRecipientKey(phone('01098761234'));
    expect(key).not.toContain('01098761234');
    expect(key).toMatch(/^phone:…1234:[0-9a-f]{32}$/);
    expect(sandboxRecipientKey(phone('01098761234'))).toBe(key);
  });

  it('reads about 70% of ordinary documents, deterministically by external id', () => {
    let read = 0;
    for (let i = 0; i < 2000; i++) if (sandboxAutoReads(`EXT-${i}`)) read++;
    expect(read / 2000).toBeGreaterThan(0.65);
    expect(read / 2000).toBeLessThan(0.75);
    expect(sandboxAutoReads('EXT-42')).toBe(sandboxAutoReads('EXT-42'));
  });
});

describe('document timeline (virtual time)', () => {
  const acceptedAtMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  const doc = (over: Partial<LedgerDocument>): LedgerDocument => ({
    binderUuid: 'BIN-00000000000000000000000000000000',
    externalDocumentUuid: 'EXT-1',
    requestId: 1,
    recipientKey: 'k',
    behaviour: 'accepted',
    link: 'https://x.test/',
    payload: null,
    acceptedAtMs,
    timeScale: 1,
    deadlineS: acceptedAtMs / 1000 + 2_592_000,
    authenticatedAt: null,
    tokenUsedAt: null,
    docBoxReadAt: null,
    ...over,
  });
  const at = (virtualSecondsAfter: number): number => acceptedAtMs + virtualSecondsAfter * 1000;
  const readExt = Array.from({ length: 100 }, (_, i) => `EXT-${i}`).find((e) => sandboxAutoReads(e)) ?? '';
  const unreadExt = Array.from({ length: 100 }, (_, i) => `EXT-${i}`).find((e) => !sandboxAutoReads(e)) ?? '';

  it('SENT → RECEIVED within 10 minutes → READ within 25 hours for an auto-read document', () => {
    const d = doc({ externalDocumentUuid: readExt });
    expect(statusOf(d, at(0)).doc_box_status).toBe('SENT');
    expect(statusOf(d, at(601)).doc_box_status).toBe('RECEIVED');
    const s = statusOf(d, at(25 * 3600));
    expect(s.doc_box_status).toBe('READ');
    expect(s.doc_box_read_at).toBeGreaterThanOrEqual(s.token_used_at ?? Infinity);
    expect(s.token_used_at).toBeGreaterThanOrEqual(s.authenticated_at ?? Infinity);
    expect(timelineOf(d)).toEqual(timelineOf(d));
  });

  it('an unread document expires at its deadline', () => {
    const d = doc({ externalDocumentUuid: unreadExt });
    expect(statusOf(d, at(2_591_999)).doc_box_status).toBe('RECEIVED');
    expect(statusOf(d, at(2_592_000)).doc_box_status).toBe('EXPIRED');
  });

  it('7777 stays SENT without doc_box_received_at until EXPIRED; 6666 is RECEIVED then EXPIRED', () => {
    const never = doc({ behaviour: 'neverMember', externalDocumentUuid: readExt });
    expect(statusOf(never, at(86_400))).toMatchObject({ doc_box_status: 'SENT' });
    expect(statusOf(never, at(86_400)).doc_box_received_at).toBeUndefined();
    expect(statusOf(never, at(2_592_000)).doc_box_status).toBe('EXPIRED');
    const unread = doc({ behaviour: 'neverRead', externalDocumentUuid: readExt });
    expect(statusOf(unread, at(86_400 * 29)).doc_box_status).toBe('RECEIVED');
    expect(statusOf(unread, at(2_592_000)).doc_box_status).toBe('EXPIRED');
  });

  it('virtual time runs timeScale times faster from the acceptance', () => {
    const d = doc({ externalDocumentUuid: unreadExt, timeScale: 86_400 });
    expect(statusOf(d, acceptedAtMs + 29_000).doc_box_status).toBe('RECEIVED'); // 29 virtual days
    expect(statusOf(d, acceptedAtMs + 30_000).doc_box_status).toBe('EXPIRED');
  });

  it('READ needs the OTT verification AND the read-status call', () => {
    const d = doc({ externalDocumentUuid: unreadExt, docBoxReadAt: acceptedAtMs / 1000 + 700 });
    expect(statusOf(d, at(800)).doc_box_status).toBe('RECEIVED');
    expect(statusOf({ ...d, tokenUsedAt: acceptedAtMs / 1000 + 650 }, at(800)).doc_box_status).toBe('READ');
  });
});

describe('fault book', () => {
  it('limits a fault to endpoints and a count', () => {
    const f = createFaultBook();
    f.set({ wholeRequest: { status: 500, errorCode: 'INTERNAL_ERROR', endpoints: ['bulkSend'], count: 2 } });
    expect(f.take('bulkStatus').action).toBeNull();
    expect(f.take('bulkSend').action).toMatchObject({ kind: 'wholeRequest', status: 500 });
    expect(f.take('bulkSend').action).toMatchObject({ kind: 'wholeRequest' });
    expect(f.take('bulkSend').action).toBeNull();
    expect(f.current()).toEqual({});
  });

  it('applies one disruptive fault per request, by precedence, and consumes only that one', () => {
    const f = createFaultBook();
    f.set({ nonJsonError: { count: 1 }, resetMidResponse: { count: 1 }, latencyMs: 5 });
    expect(f.take('singleStatus')).toMatchObject({ latencyMs: 5, action: { kind: 'nonJsonError', status: 502 } });
    expect(f.take('singleStatus')).toMatchObject({ action: { kind: 'resetMidResponse' } });
    expect(f.take('singleStatus').action).toBeNull();
  });

  it('applies timestampsInMillis only to endpoints that return timestamps', () => {
    const f = createFaultBook();
    f.set({ timestampsInMillis: { count: 1 } });
    expect(f.take('bulkSend').timestampsInMillis).toBe(false);
    expect(f.take('bulkStatus').timestampsInMillis).toBe(true);
    expect(f.take('bulkStatus').timestampsInMillis).toBe(false);
  });

  it('rejects unknown fault names', () => {
    expect(() => createFaultBook().set({ explode: true } as never)).toThrow();
  });
});
