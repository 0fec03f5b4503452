// The docdesk writer's 'mailing.poll' step checks what it is given in full (main/mailing/journal-writer-protocol.ts,
// shared/domain/mailing-store.ts pollAnsweredSchema): the narrow answer's columns are typed arrays checked in one
// loop, so a malformed step is refused before it touches a row — before issue 16 any array passed.
import { expect, it } from 'vitest';
import { mailingStepInputs } from '../../main/mailing/journal-writer-protocol.ts';
import { pollAnsweredOf } from '../../main/mailing/poll-answer.ts';
import type { PollAnswered } from '../../shared/domain/mailing-store.ts';

const schedule = { firstAfterSec: 5, dayOneEverySec: 60, laterEverySec: 3600 };
const step = mailingStepInputs['mailing.poll'];
const group = [
  { id: 1, b: 'BIN-1', e: 'X-1-1', accepted_at: 1_000, s: null },
  { id: 2, b: 'BIN-2', e: 'X-2-1', accepted_at: 1_000, s: 'SENT' as const },
  { id: 3, b: 'BIN-3', e: null, accepted_at: 1_000, s: 'RECEIVED' as const },
];
const good = (): PollAnswered =>
  pollAnsweredOf(group, { ok: true, documents: [{ document_binder_uuid: 'BIN-2', status_data: { doc_box_status: 'READ', doc_box_read_at: 1_700_000_000, token_used_at: 1_700_000_000 } }, { document_binder_uuid: 'BIN-1', error_code: 'NOT_FOUND', error_message: '없음' }] }, 5_000);
const accepted = (answered: unknown): boolean => step.safeParse({ records: [], answered: [answered], schedule }).success;

it('takes the narrow answer as the main thread builds it, also after the thread hop', () => {
  const a = good();
  expect(a.errors).toEqual([{ index: 0, code: 'NOT_FOUND', message: '없음' }, { index: 2, code: 'MISSING_FROM_RESPONSE', message: '' }]);
  expect([...a.status]).toEqual([0, 3, 0]);
  expect([...a.held]).toEqual([0, 1, 2]);
  expect([...a.readAt]).toEqual([NaN, 1_700_000_000, NaN]);
  expect([...a.tokenUsed]).toEqual([0, 1, 0]);
  expect(accepted(a)).toBe(true);
  expect(accepted(structuredClone(a))).toBe(true);
  expect(accepted(pollAnsweredOf(group, { ok: false }, 5_000))).toBe(true);
});

it('refuses the gateway objects of old, and any narrow answer that does not hold together', () => {
  // The shape posted before issue 16: the group's rows and the gateway's parsed items.
  expect(step.safeParse({ records: [], answered: [{ group, answer: { ok: true, documents: [] }, at: 5_000 }], schedule }).success).toBe(false);
  expect(step.safeParse({ records: [], answered: [good()], schedule: { firstAfterSec: 5 } }).success).toBe(false);

  const broken: [string, (a: PollAnswered) => unknown][] = [
    ['a column as a plain array', (a) => ({ ...a, ids: [...a.ids] })],
    ['a column of another length', (a) => ({ ...a, acceptedAt: a.acceptedAt.subarray(1) })],
    ['a fractional id', (a) => ((a.ids[1] = 2.5), a)],
    ['a NaN id', (a) => ((a.ids[0] = NaN), a)],
    ['an unknown status code', (a) => ((a.status[1] = 9), a)],
    ['an unknown held code', (a) => ((a.held[1] = 5), a)],
    ['a negative gateway time', (a) => ((a.sentAt[1] = -1), a)],
    ['a fractional gateway time', (a) => ((a.readAt[1] = 1.5), a)],
    ['token_used_at as 2', (a) => ((a.tokenUsed[1] = 2), a)],
    ['a document without status and without its error', (a) => ({ ...a, errors: a.errors.slice(1) })],
    ['an error for a document with a status', (a) => ({ ...a, errors: [...a.errors, { index: 1, code: 'X', message: '' }] })],
    ['errors out of group order', (a) => ({ ...a, errors: [...a.errors].reverse() })],
    ['an error past the group', (a) => ({ ...a, errors: [a.errors[0], { index: 7, code: 'X', message: '' }] })],
    ['a failed call with a status', (a) => ({ ...a, callFailed: true })],
  ];
  // The writer's multi-row updates take each document once per step (main/mailing/poll-update-queries.ts).
  const again = pollAnsweredOf([group[0]!], { ok: false }, 6_000);
  expect(step.safeParse({ records: [], answered: [good(), again], schedule }).success).toBe(false);
  expect(step.safeParse({ records: [], answered: [good(), pollAnsweredOf([{ ...group[0]!, id: 4 }], { ok: false }, 6_000)], schedule }).success).toBe(true);
  for (const [what, breakIt] of broken) expect({ what, accepted: accepted(breakIt(good())) }).toEqual({ what, accepted: false });
});
