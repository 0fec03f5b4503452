// Simulated recipients who read through the institution's landing page (issue 4 §4): for the demo, documents
// reach READ the way real ones do — KakaoTalk authentication (openDocument: a fresh single-use token), the
// redirect to the landing page, the user's confirmation, the page rendering — and the landing server's
// read-status call is what makes the document READ. Which recipients read, and when (virtual time), is the
// same deterministic schedule the sandbox uses when it reads by itself (lifecycle.ts), so runs are repeatable.
import { openDocument, type GatewayContext } from './gateway.ts';
import { statusOf, timelineOf, virtualSeconds } from './lifecycle.ts';

export interface LandingRecipients {
  add(binderUuid: string): void;
  pending(): number;
  /** Landing flows completed (document opened, confirmed and rendered). */
  completed(): number;
  failed(): number;
  stop(): Promise<void>;
}

async function browse(landingBaseUrl: string, documentUrl: string): Promise<boolean> {
  const u = new URL(documentUrl);
  const entry = `${landingBaseUrl.replace(/\/$/, '')}${u.pathname}${u.search}`;
  const headers = { 'user-agent': 'DocDesk-Sandbox-Recipient/1 (KAKAOTALK simulated)' };
  const first = await fetch(entry, { headers });
  const html = await first.text();
  const session = /name="session" value="([^"]+)"/.exec(html)?.[1];
  if (first.status !== 200 || !session) return false;
  const body = () => new URLSearchParams({ session });
  const confirmed = await fetch(new URL('/landing/confirm', landingBaseUrl), { method: 'POST', body: body(), headers });
  await confirmed.text();
  if (confirmed.status !== 200) return false;
  // What the document page's load handler does in a browser.
  const rendered = await fetch(new URL('/landing/rendered', landingBaseUrl), { method: 'POST', body: body(), headers });
  await rendered.text();
  return rendered.status === 204;
}

export function startLandingRecipients(ctx: GatewayContext, landingBaseUrl: string, options: { tickMs?: number; concurrency?: number } = {}): LandingRecipients {
  const queue = new Map<string, number>(); // binder → virtual second at which the recipient opens it
  let running = 0;
  let completed = 0;
  let failed = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 8;

  function tick(): void {
    if (stopped) return;
    const nowMs = ctx.now();
    for (const [binder, opensAt] of queue) {
      if (running >= concurrency) break;
      const doc = ctx.ledger.document(binder);
      if (!doc) {
        queue.delete(binder);
        continue;
      }
      if (virtualSeconds(doc, nowMs) < opensAt) continue;
      queue.delete(binder);
      const status = statusOf(doc, nowMs).doc_box_status;
      if (status !== 'RECEIVED') continue; // expired (or not delivered): this recipient never reads it
      running++;
      const p = (async () => {
        try {
          const { url } = openDocument(ctx, binder);
          if (await browse(landingBaseUrl, url)) completed++;
          else failed++;
        } catch {
          failed++;
        } finally {
          running--;
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  }
  const timer = setInterval(tick, options.tickMs ?? 100);
  timer.unref();

  return {
    add(binderUuid) {
      const doc = ctx.ledger.document(binderUuid);
      if (!doc) return;
      // The same deterministic reader set and time as a self-reading sandbox document.
      const schedule = timelineOf({ ...doc, behaviour: 'accepted' }).autoRead;
      if (schedule && schedule.authenticatedAt < doc.deadlineS) queue.set(binderUuid, schedule.authenticatedAt);
    },
    pending: () => queue.size + running,
    completed: () => completed,
    failed: () => failed,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
