import { describe, expect, it } from 'vitest';
import { normalizeStatusTimes } from '../../main/docsgw/status-times.ts';

describe('normalizeStatusTimes (reference §10)', () => {
  it('reads 10-digit values as seconds and keeps the raw value', () => {
    const n = normalizeStatusTimes({ doc_box_status: 'READ', doc_box_sent_at: 1637224629, doc_box_read_at: 1637224700 });
    expect(n.status).toBe('READ');
    expect(n.times.doc_box_sent_at).toEqual({ raw: 1637224629, ms: 1637224629000, implausible: false });
    expect(n.times.doc_box_read_at?.ms).toBe(1637224700000);
    expect(n.implausible).toEqual([]);
  });

  it('reads 13-digit values as milliseconds', () => {
    const n = normalizeStatusTimes({ doc_box_status: 'SENT', doc_box_sent_at: 1499866132249 });
    expect(n.times.doc_box_sent_at).toEqual({ raw: 1499866132249, ms: 1499866132249, implausible: false });
  });

  it('flags implausible values (the 8-digit typo of seed 001) without converting them', () => {
    const n = normalizeStatusTimes({ doc_box_status: 'RECEIVED', doc_box_sent_at: 1499866132, user_notified_at: 11223890 });
    expect(n.times.user_notified_at).toEqual({ raw: 11223890, ms: null, implausible: true });
    expect(n.implausible).toEqual(['user_notified_at']);
  });

  it('omits absent fields', () => {
    const n = normalizeStatusTimes({ doc_box_status: 'SENT' });
    expect(n.times).toEqual({});
  });
});
