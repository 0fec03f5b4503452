// The one route into the audit chain (issue 16 step 8), docdesk.db's writer side. A step stores the exchange
// records that travelled with it and the operator actions it records, and leaves their rows in its outbox
// (main/store/step-outbox.ts). Once the group committed, they are posted to the audit writer in one batch over the
// producer link, as they are held (the records as stored, with their exchange_log seq; the operator rows): the audit
// writer builds the events (main/audit/producer-batches.ts), so this thread — the send's bottleneck — spends nothing
// on subjects, JCS, slices or hashing, and holds no audit key.
// When a step's reply goes: at once for a journal step's exchange records (a claim or an answer never waits for
// audit.db, which may keep such a batch a little to commit it with the next ones: producer-link.ts PRODUCER_HOLD);
// only after the audit writer committed the batch for a step that recorded an operator action (issue 13: an action
// is reported done once its event is durable) or a record of its own (exchange-log.ts); for every step
// with events while the audit writer has MAX_UNANSWERED_BATCHES unanswered (backpressure); and, while the audit
// writer's last commit failed, for every step with events, whose caller then gets AUDIT_UNAVAILABLE (the rows are
// committed in docdesk.db; the audit writer keeps the events and commits them with its next batch, or recover.ts
// does at the next start). An entry whose event the audit writer cannot build is refused alone (an
// `audit.event_refused` event in its place): a held step is answered with that refusal (AUDIT_UNAVAILABLE, the
// audit writer's message); a step answered at once learns nothing more — its refusal is in the chain and reported
// through the main thread's audit log (onError), and later steps go on (docs/architecture.md, issue 16 step 8).
import { producerAnswerSchema, type ProducerAnswer, type ProducerEnd } from '../audit/producer-link.ts';
import type { ExchangeChainEntry } from '../store/exchange-log.ts';
import type { AfterCommit, CommittedStep, StepReply } from '../store/group-commit.ts';
import type { OperatorChainEntry } from '../store/operator-log.ts';

export type ChainEntry = ExchangeChainEntry | OperatorChainEntry;

const AUDIT_UNAVAILABLE = { code: 'AUDIT_UNAVAILABLE', exitCode: 1 } as const;
/**
 * Batches posted and not yet answered beyond which every step with events waits for its batch: the audit writer's
 * backlog stays bounded (as the main thread's log blocked its producers behind four batches).
 */
const MAX_UNANSWERED_BATCHES = 8;
const unavailable = (why: string): string => `감사 로그에 기록하지 못했습니다: ${why}. 디스크 공간과 데이터 폴더 권한을 확인한 뒤 다시 시도하세요.`;

/** A step whose reply waits for its batch, and where its entries sit in that batch. */
type HeldStep = { reply: StepReply; from: number; to: number };

/** Without a link (a writer started by a test or tool alone) the rows are left to recover.ts, replies go at once. */
export function createAuditRoute(link: ProducerEnd | undefined): AfterCommit<ChainEntry> {
  if (!link) return { committed: (steps, send) => steps.forEach((s) => send(s.reply)), idle: async () => {}, close() {} };
  const { port, pending } = link;
  let nextId = 1;
  let failure: string | null = null;
  let gone = false;
  const waiting = new Map<number, { held: HeldStep[]; send: (r: StepReply) => void }>();
  let idle: (() => void)[] = [];

  /** `message`: complete, what to do included (the audit writer's refusal), or a failure's cause to wrap. */
  const refused = (r: StepReply, message: string): StepReply => (r.error !== undefined ? r : { id: r.id, commit: r.commit, error: message, refusal: AUDIT_UNAVAILABLE });
  const failed = (r: StepReply, why: string): StepReply => refused(r, unavailable(why));
  const replyOf = (h: HeldStep, a: ProducerAnswer): StepReply => {
    if ('error' in a) return failed(h.reply, a.error);
    const refusal = a.refused.find((x) => x.entry >= h.from && x.entry < h.to);
    return refusal ? refused(h.reply, refusal.error) : h.reply;
  };

  function answered(a: ProducerAnswer): void {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    failure = 'error' in a ? a.error : null;
    w.held.forEach((h) => w.send(replyOf(h, a)));
    // After the held replies: the main thread's flush waits for this counter (producer-link.ts).
    Atomics.sub(pending, 0, 1);
    Atomics.notify(pending, 0);
    if (waiting.size === 0) idle.splice(0).forEach((f) => f());
  }

  port.on('message', (raw: unknown) => answered(producerAnswerSchema.parse(raw)));
  port.on('close', () => {
    gone = true;
    for (const id of [...waiting.keys()]) answered({ id, error: '감사 로그 기록 스레드가 닫혔습니다' });
  });

  function committed(steps: CommittedStep<ChainEntry>[], send: (r: StepReply) => void): void {
    const entries: ChainEntry[] = [];
    const held: HeldStep[] = [];
    const answerNow: StepReply[] = [];
    const backlogged = waiting.size >= MAX_UNANSWERED_BATCHES;
    for (const s of steps) {
      if (s.entries.length === 0) answerNow.push(s.reply);
      else if (gone) answerNow.push(failed(s.reply, '감사 로그 기록 스레드가 닫혔습니다'));
      else {
        const from = entries.length;
        entries.push(...s.entries);
        if (failure !== null || backlogged || s.entries.some((e) => e.kind === 'operator' || e.durable)) held.push({ reply: s.reply, from, to: entries.length });
        else answerNow.push(s.reply);
      }
    }
    if (entries.length > 0) {
      const id = nextId++;
      waiting.set(id, { held, send });
      // Counted before any reply goes: a caller that saw its step committed and flushes the log waits for this batch.
      Atomics.add(pending, 0, 1);
      // The objects the steps hold, one structured clone (producer-link.ts producerRequestSchema). A batch a reply
      // waits for is committed at once; the others the audit writer may keep a little to commit several as one.
      port.postMessage(held.length > 0 ? { id, entries, held: true } : { id, entries });
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
