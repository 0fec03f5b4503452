// The audit writer takes an exchange record as its JSON text (issue 16 item 3: serialised once, where it is made)
// and parses it as start-up recovery parses a stored row (exchange-event.ts storedExchangeAuditEvent). A text that
// is not JSON, or not a record, is refused alone: its refusal event names the row and why (producer-batches.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryEvent } from '../../main/audit/producer-batches.ts';
import { bulkSendExchange } from '../helpers/bulk-send-exchange.ts';

const HMAC_KEY = randomBytes(32);
/** The refusal's event as the chain stores it: its type and data. */
const refusalOf = (built: ReturnType<typeof entryEvent>) => ({ ev: built.event.ev, head: built.event.head, refused: built.refused });

describe('an exchange entry as JSON text on the audit writer', () => {
  it('a record text builds its net.exchange event', () => {
    const built = entryEvent({ kind: 'exchange', seq: 3, json: JSON.stringify(bulkSendExchange('ext-text', { mailingId: 'M-text' })) }, HMAC_KEY, () => 0);
    expect(built.refused).toBeUndefined();
    expect(built.event.ev).toBe('net.exchange');
    expect(built.event.index).toContain('xlog:3');
  });

  it('a text that is not JSON is refused alone, naming its row and the parse error', () => {
    const built = refusalOf(entryEvent({ kind: 'exchange', seq: 7, json: '{"service":"docsgw","endpoint":' }, HMAC_KEY, () => 0));
    expect(built.ev).toBe('audit.event_refused');
    expect(built.head).toContain('"exchange_log_seq":7');
    expect(built.head).toMatch(/"reason":"[^"]*JSON/);
    expect(built.refused).toMatch(/exchange_log seq 7의 감사 이벤트를 만들 수 없어/);
  });

  it('a JSON text that is not a record is refused alone, naming the field', () => {
    const built = refusalOf(entryEvent({ kind: 'exchange', seq: 8, json: '{"service":"ftp"}' }, HMAC_KEY, () => 0));
    expect(built.ev).toBe('audit.event_refused');
    expect(built.head).toContain('"exchange_log_seq":8');
    expect(built.head).toMatch(/"reason":"[^"]*service/);
  });
});
