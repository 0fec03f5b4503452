// An automatic checkpoint (every N events) signs what audit.db holds and does not wait for the batches docdesk.db's
// writer posted to the audit writer: that wait blocked the main thread's event loop — every socket of a KCP or
// PayUp batch — at each automatic checkpoint (docs/benchmarks.md, session 12). A checkpoint someone asks for still
// waits, so it covers every step its caller saw committed.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { createProducerLink } from '../../main/audit/producer-link.ts';
import { tempDir } from '../helpers/test-backend.ts';

const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };

it('automatic checkpoints are signed while a batch of the docdesk writer is still unanswered; a manual one waits for it', async () => {
  const link = createProducerLink();
  const errors: Error[] = [];
  const svc = await openAuditService({ dataDir: tempDir('docdesk-audit-auto-checkpoint-'), auditKey: randomBytes(32), actor, checkpointEvery: 5, producer: link.audit, onError: (e) => errors.push(e) });
  try {
    const before = (await svc.checkpoints()).length;
    // As docdesk.db's writer counts a batch it posted (audit-route.ts), before the audit writer answers it.
    Atomics.add(link.producer.pending, 0, 1);
    const t0 = performance.now();
    for (let i = 0; i < 12; i++) await svc.appendDurable({ ev: 'op.test.event', actor, data: { i } });
    const ms = performance.now() - t0;
    const automatic = (await svc.checkpoints()).slice(before);
    expect(automatic.length).toBeGreaterThanOrEqual(2);
    // Before: each automatic checkpoint waited for the batch (up to a minute) and then reported the log unavailable.
    expect(ms).toBeLessThan(10_000);
    expect(errors).toEqual([]);

    // The batch is answered: a manual checkpoint (it waits for the docdesk writer's batches) covers everything.
    Atomics.sub(link.producer.pending, 0, 1);
    Atomics.notify(link.producer.pending, 0);
    await svc.appendDurable({ ev: 'op.test.event', actor, data: { i: 12 } });
    const manual = await svc.checkpoint();
    expect(manual.size).toBeGreaterThan(automatic.at(-1)!.size);
    expect((await svc.verify()).ok).toBe(true);
  } finally {
    // Whatever happened above, nothing is left for a flush to wait for.
    Atomics.store(link.producer.pending, 0, 0);
    await svc.close();
    link.producer.port.close();
  }
}, 60_000);
