// The status tracker (issue 14 item 1): with the backend merely open, every accepted document reaches READ or
// EXPIRED with nobody polling; the sandbox ledger proves it never asks for one document more often than every
// 5 s nor after it answered a final status — across a restart too; the operator's pause survives a restart and is
// audited; a profile switch stops it and it resumes on the new profile without asking the old gateway again.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { LedgerStatusAsk } from '../../main/sandbox/docsgw/ledger.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { backendFor, startTestSandbox, tempDir, uploadPath, writeSandboxProfile } from '../helpers/test-backend.ts';

const MIN_INTERVAL_MS = 5_000;

/** Imports and sends a sample list; one-day read deadline so the sandbox's documents end quickly. */
async function sendList(b: Backend, rows: number, title: string): Promise<string> {
  const file = uploadPath(b.dataDir, `${title}.xlsx`);
  await writeSampleRecipientList(file, { rows, seed: title.length });
  const { mailingId } = await b.mailing.import(file, { defaults: { title, link: 'https://docdesk.example/t', csNumber: '02-1', csName: '센터', expiresInDays: 1 } });
  if (!mailingId) throw new Error('nothing imported');
  const sent = await b.mailing.send(mailingId);
  expect(sent.stopped).toBe('done');
  return mailingId;
}

const notFinal = async (b: Backend, mailingId: string): Promise<number> => {
  const c = (await b.mailing.status(mailingId)).counts;
  return c.ACCEPTED - c.READ - c.EXPIRED;
};

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Per document: the asks in order; fails on two asks < 5 s apart or an ask after a final answer. */
function checkAsks(asks: LedgerStatusAsk[]): { documents: number; asks: number; maxAsksPerDocument: number } {
  const byBinder = new Map<string, LedgerStatusAsk[]>();
  for (const a of asks) byBinder.set(a.binderUuid, [...(byBinder.get(a.binderUuid) ?? []), a]);
  let maxAsks = 0;
  for (const [binder, list] of byBinder) {
    maxAsks = Math.max(maxAsks, list.length);
    for (let i = 1; i < list.length; i++) {
      const gap = list[i]!.receivedAt - list[i - 1]!.receivedAt;
      if (gap < MIN_INTERVAL_MS) throw new Error(`${binder} asked twice ${gap} ms apart`);
      const before = list[i - 1]!.answered;
      if (before === 'READ' || before === 'EXPIRED') throw new Error(`${binder} asked again after its final status ${before}`);
    }
  }
  return { documents: byBinder.size, asks: asks.length, maxAsksPerDocument: maxAsks };
}

describe('status tracker', () => {
  let sandbox: RunningSandboxes;
  beforeAll(async () => {
    sandbox = await startTestSandbox(); // SANDBOX_DEFAULT_TIME_SCALE: a one-day deadline passes in 0.5 s
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('brings every accepted document to READ or EXPIRED with the backend open and nobody polling', { timeout: 90_000 }, async () => {
    const b = await backendFor(sandbox, { track: true });
    try {
      const mailingId = await sendList(b, 60, 'tracked');
      expect((await b.mailing.status(mailingId)).counts.ACCEPTED).toBeGreaterThan(0);
      await until('every accepted document final', async () => (await notFinal(b, mailingId)) === 0, 60_000);
      const s = (await b.mailing.status(mailingId));
      expect(s.counts.READ + s.counts.EXPIRED).toBe(s.counts.ACCEPTED);
      expect(s.lastCheckedAt).not.toBeNull();
      expect(s.nextCheckAt).toBeNull(); // nothing left to check
      // The round that made the last document final reports after its commit: the tracker then goes idle.
      await until('the tracker idle with nothing due', () => b.tracker.status().state === 'waiting', 15_000);
      expect(b.tracker.status()).toMatchObject({ state: 'waiting', paused: false, nextDueAt: null });
      expect(b.tracker.status().lastRound?.polled).toBeGreaterThan(0);
    } finally {
      await b.close();
    }
  });
});

describe('status tracker and the 5-second rule, across a restart', () => {
  let sandbox: RunningSandboxes;
  beforeAll(async () => {
    // 5,000 virtual seconds per real one: the one-day deadline passes after ~17 s, so each document is asked
    // about several times before it ends.
    sandbox = await startTestSandbox({ timeScale: 5_000 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('never asks for one document within 5 s nor after its final status; the restart continues where it stopped', { timeout: 150_000 }, async () => {
    const dataDir = tempDir();
    let b = await backendFor(sandbox, { dataDir, track: true });
    let mailingId: string;
    try {
      mailingId = await sendList(b, 80, 'restart');
      // The first round (5 s after acceptance) answered; stop mid-tracking.
      await until('a first round', () => (b.tracker.status().lastRound?.polled ?? 0) > 0, 30_000);
    } finally {
      await b.close();
    }
    const before = sandbox.docsgw.ledger.statusAsks().length;
    expect(before).toBeGreaterThan(0);
    b = await createBackend({ dataDir, env: {}, track: true });
    try {
      await until('every accepted document final after the restart', async () => (await notFinal(b, mailingId)) === 0, 90_000);
    } finally {
      await b.close();
    }
    const asks = sandbox.docsgw.ledger.statusAsks();
    expect(asks.length).toBeGreaterThan(before); // the reopened backend went on
    const r = checkAsks(asks);
    expect(r.maxAsksPerDocument).toBeGreaterThan(1);
    // Every accepted document was asked about, and each one's last answer is final.
    const last = new Map(asks.map((a) => [a.binderUuid, a.answered]));
    expect([...last.values()].every((s) => s === 'READ' || s === 'EXPIRED')).toBe(true);
  });
});

describe('tracker pause', () => {
  let sandbox: RunningSandboxes;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('persists across a restart, is audited, and polls nothing until resumed', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    let b = await backendFor(sandbox, { dataDir, track: true });
    try {
      expect((await b.tracker.setPaused(true)).paused).toBe(true);
    } finally {
      await b.close();
    }
    b = await createBackend({ dataDir, env: {}, track: true });
    try {
      await until('paused state', () => b.tracker.status().state === 'paused', 10_000);
      const mailingId = await sendList(b, 30, 'paused');
      const asked = sandbox.docsgw.ledger.statusAsks().length;
      await new Promise((r) => setTimeout(r, 8_000)); // past the first poll time (5 s after acceptance)
      expect(sandbox.docsgw.ledger.statusAsks().length).toBe(asked);
      expect(await notFinal(b, mailingId)).toBeGreaterThan(0);
      await b.tracker.setPaused(false);
      await until('every accepted document final after resuming', async () => (await notFinal(b, mailingId)) === 0, 30_000);
      const audited = await b.audit.events({ ev: 'op.tracker', limit: 10 });
      expect(audited.rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.tracker.pause', 'op.tracker.resume']));
    } finally {
      await b.close();
    }
  });
});

describe('tracker and a profile switch', () => {
  let a: RunningSandboxes;
  let bSandbox: RunningSandboxes;
  beforeAll(async () => {
    a = await startTestSandbox({ timeScale: 5_000 }); // documents of A stay non-final for ~17 s
    bSandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await a.close();
    await bSandbox.close();
  });

  it('stops on a switch and resumes on the new profile; the old gateway is never asked again', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const setup = await createBackend({ dataDir, env: {}, access: 'read' });
    await setup.importProfile(writeSandboxProfile(a, path.join(dataDir, 'pa.json'), { name: 'pa' }));
    await setup.importProfile(writeSandboxProfile(bSandbox, path.join(dataDir, 'pb.json'), { name: 'pb' }));
    await setup.useProfile('pa');
    await setup.close();
    const b = await createBackend({ dataDir, env: {}, track: true });
    const events: string[] = [];
    const handlers = createContractHandlers(b, (event) => events.push(event));
    try {
      const onA = await sendList(b, 40, 'on-a');
      await until('a round on A', () => a.docsgw.ledger.statusAsks().length > 0, 30_000);
      expect(await notFinal(b, onA)).toBeGreaterThan(0); // A's documents still wait for a status
      expect(await handlers.invoke('profiles:use', { name: 'pb' })).toMatchObject({ ok: true });
      const askedOfA = a.docsgw.ledger.requests().length;

      const onB = await sendList(b, 30, 'on-b');
      await until('B mailing final through the resumed tracker', async () => (await notFinal(b, onB)) === 0, 60_000);
      await new Promise((r) => setTimeout(r, 6_000)); // A's documents fall due again meanwhile
      expect(a.docsgw.ledger.requests().length).toBe(askedOfA);
      // B was asked only about its own documents.
      const binderOfA = new Set(a.docsgw.ledger.statusAsks().map((x) => x.binderUuid));
      expect(bSandbox.docsgw.ledger.statusAsks().some((x) => binderOfA.has(x.binderUuid))).toBe(false);
      expect(await notFinal(b, onA)).toBeGreaterThan(0);
      expect(b.tracker.status().profile).toBe('pb');
      expect(events).toContain('tracker:status');
      expect(events).toContain('mailing:statusChanged');
    } finally {
      handlers.close();
      await b.close();
    }
  });
});
