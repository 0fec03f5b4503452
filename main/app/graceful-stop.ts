// A graceful stop for the long-running faces (`docdesk web`, the Electron app): pause every mailing that is
// sending — the sender stops claiming chunks, and a chunk already on the wire still gets its answer applied in
// its journal transaction (DESIGN §6) — then wait for the calls in progress to return before the backend closes.
import type { ContractResult } from '../../shared/ipc.ts';
import type { Backend } from './backend.ts';

type Invoke = (channel: string, input: unknown) => Promise<ContractResult<unknown>>;

export function trackInFlight(invoke: Invoke) {
  const pending = new Set<Promise<unknown>>();
  return {
    invoke: (channel: string, input: unknown) => {
      const p = invoke(channel, input);
      pending.add(p);
      void p.finally(() => pending.delete(p)).catch(() => {});
      return p;
    },
    pendingCount: () => pending.size,
    /** Pauses sending mailings, then waits (at most timeoutMs) for calls in progress. True when all returned. */
    async drain(b: Backend, timeoutMs = 60_000): Promise<boolean> {
      // A running send stops at once (no step); settled, not awaited for success: the drain goes on whatever a pause says.
      await Promise.allSettled((await b.mailing.list()).flatMap((m) => (m.state === 'SENDING' ? [b.mailing.pause(m.id)] : [])));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const all = Promise.allSettled([...pending]).then(() => true as const);
      const done = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return done;
    },
  };
}
