// The one route into the audit chain (issue 16 step 8), docdesk.db's writer side. A step stores the exchange
// records that travelled with it and the operator actions it records, and leaves their rows in its outbox
// (main/store/step-outbox.ts). Once the group committed, the events are built here, once each — subjects, JCS,
// body blobs (exchangeAuditEvent / operatorAuditEvent, the builders recover.ts uses after a crash) — and posted to
// the audit writer in one batch over the producer link, the bodies' buffers moved, not copied.
// When a step's reply goes: at once for a journal step's exchange records (a claim or an answer never waits for
// audit.db); only after the audit writer committed the batch for a step that recorded an operator action (issue 13:
// an action is reported done once its event is durable) or a record of its own (exchange-log.ts); for every step
// with events while the audit writer has MAX_UNANSWERED_BATCHES unanswered (backpressure); and, while the audit
// writer's last commit failed, for every step with events, whose caller then gets AUDIT_UNAVAILABLE (the rows are
// committed in docdesk.db; the audit writer keeps the events and commits them with its next batch, or recover.ts
// does at the next start).
import type { ExchangeRecord } from '../http/exchange.ts';
import { blobTransferList, readyEvent } from '../audit/batch-event.ts';
import type { BatchEvent } from '../audit/commit-batch.ts';
import { exchangeAuditEvent } from '../audit/exchange-event.ts';
import { operatorAuditEvent } from '../audit/producer.ts';
import { producerAnswerSchema, type ProducerEnd } from '../audit/producer-link.ts';
import type { ExchangeChainEntry } from '../store/exchange-log.ts';
import type { AfterCommit, CommittedStep, StepReply } from '../store/group-commit.ts';
import type { OperatorChainEntry } from '../store/operator-log.ts';

export type ChainEntry = ExchangeChainEntry<ExchangeRecord> | OperatorChainEntry;

const AUDIT_UNAVAILABLE = { code: 'AUDIT_UNAVAILABLE', exitCode: 1 } as const;
/**
 * Batches posted and not yet answered beyond which every step with events waits for its batch: the audit writer's
 * backlog stays bounded (as the main thread's log blocked its producers behind four batches).
 */
const MAX_UNANSWERED_BATCHES = 8;
const unavailable = (why: string): string => `감사 로그에 기록하지 못했습니다: ${why}. 디스크 공간과 데이터 폴더 권한을 확인한 뒤 다시 시도하세요.`;

/** Without a link (a writer started by a test or tool alone) the rows are left to recover.ts, replies go at once. */
export function createAuditRoute(link: ProducerEnd | undefined, clock: () => number = Date.now): AfterCommit<ChainEntry> {
  if (!link) return { committed: (steps, send) => steps.forEach((s) => send(s.reply)), idle: async () => {}, close() {} };
  const { port, pending } = link;
  const hmacKey = Buffer.from(link.hmacKey.buffer, link.hmacKey.byteOffset, link.hmacKey.byteLength);
  let nextId = 1;
  let failure: string | null = null;
  let gone = false;
  const waiting = new Map<number, { held: StepReply[]; send: (r: StepReply) => void }>();
  let idle: (() => void)[] = [];

  const eventOf = (e: ChainEntry) => readyEvent(e.kind === 'exchange' ? exchangeAuditEvent(e.record, hmacKey, e.seq) : operatorAuditEvent(e.row), clock);
  const failed = (r: StepReply, why: string): StepReply => (r.error !== undefined ? r : { id: r.id, commit: r.commit, error: unavailable(why), refusal: AUDIT_UNAVAILABLE });

  function answered(id: number, error: string | null): void {
    const w = waiting.get(id);
    if (!w) return;
    waiting.delete(id);
    failure = error;
    w.held.forEach((r) => w.send(error === null ? r : failed(r, error)));
    // After the held replies: the main thread's flush waits for this counter (producer-link.ts).
    Atomics.sub(pending, 0, 1);
    Atomics.notify(pending, 0);
    if (waiting.size === 0) idle.splice(0).forEach((f) => f());
  }

  port.on('message', (raw: unknown) => {
    const m = producerAnswerSchema.parse(raw);
    answered(m.id, 'error' in m ? m.error : null);
  });
  port.on('close', () => {
    gone = true;
    for (const id of [...waiting.keys()]) answered(id, '감사 로그 기록 스레드가 닫혔습니다');
  });

  function committed(steps: CommittedStep<ChainEntry>[], send: (r: StepReply) => void): void {
    const batch: BatchEvent[] = [];
    const held: StepReply[] = [];
    const answerNow: StepReply[] = [];
    const backlogged = waiting.size >= MAX_UNANSWERED_BATCHES;
    for (const s of steps) {
      if (s.entries.length === 0) answerNow.push(s.reply);
      else if (gone) answerNow.push(failed(s.reply, '감사 로그 기록 스레드가 닫혔습니다'));
      else {
        try {
          const events = s.entries.map(eventOf);
          batch.push(...events);
          if (failure !== null || backlogged || s.entries.some((e) => e.kind === 'operator' || e.durable)) held.push(s.reply);
          else answerNow.push(s.reply);
        } catch (err) {
          // An event the chain cannot take (its JSON rules) is refused at its producer, as an append would be.
          answerNow.push(failed(s.reply, err instanceof Error ? err.message : String(err)));
        }
      }
    }
    if (batch.length > 0) {
      const id = nextId++;
      waiting.set(id, { held, send });
      // Counted before any reply goes: a caller that saw its step committed and flushes the log waits for this batch.
      Atomics.add(pending, 0, 1);
      port.postMessage({ id, batch }, blobTransferList(batch));
    }
    answerNow.forEach(send);
  }

  return {
    committed,
    idle: () => (waiting.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
    close: () => {
      idle = [];
      port.close();
    },
  };
}
