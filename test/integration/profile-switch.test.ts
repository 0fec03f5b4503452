// A profile switch in the running app takes effect at once, or not at all (issue 13 §1): after `profiles:use`
// every service works on the new profile — proven from two simulators' ledgers — a switch under a running send is
// refused, a secret typed after the switch belongs to the new profile, and every audit event names the profile.
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { startTestSandbox, tempDir, uploadPath, writeSandboxProfile } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '프로필 전환 테스트', link: 'https://docdesk.example/p', csNumber: '02-1', csName: '센터' };

let a: RunningSandboxes;
let bSandbox: RunningSandboxes;
beforeAll(async () => {
  a = await startTestSandbox();
  bSandbox = await startTestSandbox();
});
afterAll(async () => {
  await a.close();
  await bSandbox.close();
});

type Invoke = ReturnType<typeof createContractHandlers>['invoke'];

/** A data folder with profiles `pa` (→ sandbox A) and `pb` (→ sandbox B), `pa` active, opened as the app opens it. */
async function appOn(dataDir = tempDir()): Promise<{ b: Backend; invoke: Invoke; events: { event: string; payload: unknown }[]; dataDir: string }> {
  const setup = await createBackend({ dataDir, env: {}, access: 'read' });
  await setup.importProfile(writeSandboxProfile(a, path.join(dataDir, 'pa.json'), { name: 'pa' }));
  await setup.importProfile(writeSandboxProfile(bSandbox, path.join(dataDir, 'pb.json'), { name: 'pb' }));
  await setup.useProfile('pa');
  await setup.close();
  const b = await createBackend({ dataDir, env: {} });
  const events: { event: string; payload: unknown }[] = [];
  const handlers = createContractHandlers(b, (event, payload) => events.push({ event, payload }));
  return { b, invoke: handlers.invoke, events, dataDir };
}

/** Imports a list the way the screen does: uploaded into the data folder, then named to mailing:import. */
async function importList(invoke: Invoke, dataDir: string, rows: number, title: string): Promise<string> {
  const file = uploadPath(dataDir, `${title}.xlsx`);
  await writeSampleRecipientList(file, { rows, seed: title.length });
  const r = await invoke('mailing:import', { filePath: file, defaults: { ...DEFAULTS, title } });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { mailingId: string }).mailingId;
}

async function externalIdsOf(b: Backend, mailingId: string): Promise<string[]> {
  return (await b.documents
    .query({ mailingId, limit: 500 }))
    .rows.map((r) => r.externalDocumentUuid)
    .filter((e): e is string => e !== null);
}

describe('profile switch in the running app', () => {
  it('after a switch while idle, sends, polls and every audit event go to the new profile — both ledgers agree', { timeout: 120_000 }, async () => {
    const { b, invoke, events, dataDir } = await appOn();
    try {
      const first = await importList(invoke, dataDir, 40, 'first');
      expect(await invoke('mailing:send', { mailingId: first })).toMatchObject({ ok: true, value: { stopped: 'done' } });

      expect(await invoke('profiles:use', { name: 'pb' })).toEqual({ ok: true, value: { active: 'pb', kind: 'sandbox' } });
      // The header badge reads profiles:list; every face is told at once.
      const listed = await invoke('profiles:list', {});
      expect(listed.ok && (listed.value as { name: string; active: boolean }[]).find((p) => p.active)?.name).toBe('pb');
      expect(events).toContainEqual({ event: 'profile:changed', payload: { name: 'pb', kind: 'sandbox', label: '' } });
      expect(b.profile().docsgw.port).toBe(bSandbox.docsgw.port);

      const second = await importList(invoke, dataDir, 30, 'second-list');
      expect(await invoke('mailing:send', { mailingId: second })).toMatchObject({ ok: true, value: { stopped: 'done' } });
      expect(await invoke('mailing:poll', { mailingId: second })).toMatchObject({ ok: true });

      const firstIds = await externalIdsOf(b, first);
      const secondIds = await externalIdsOf(b, second);
      expect(firstIds.length).toBeGreaterThan(0);
      expect(secondIds.length).toBeGreaterThan(0);
      // Sandbox A saw only the first list, sandbox B only the second.
      const inA = a.docsgw.ledger.acceptedCountsByExternalId();
      const inB = bSandbox.docsgw.ledger.acceptedCountsByExternalId();
      for (const e of firstIds) expect(inB.has(e)).toBe(false);
      for (const e of secondIds) {
        expect(inA.has(e)).toBe(false);
        expect((inB.get(e) ?? 0) + bSandbox.docsgw.ledger.itemsFor(e).length).toBeGreaterThan(0);
      }
      expect(bSandbox.docsgw.ledger.summary().requests).toBeGreaterThan(0);

      // The mailing imported under pa is neither sent nor polled through pb (it would ask the wrong gateway).
      expect(await invoke('mailing:poll', { mailingId: first })).toMatchObject({ ok: false, error: { code: 'MAILING_OTHER_PROFILE' } });
      expect(await invoke('mailing:send', { mailingId: first })).toMatchObject({ ok: false, error: { code: 'MAILING_OTHER_PROFILE' } });

      // Every exchange and operator action names the profile that was active when it happened.
      const nets = (await b.audit.events({ ev: 'net.', limit: 1000 })).rows;
      expect(nets.length).toBeGreaterThan(0);
      for (const e of nets) {
        const ids = (e.record?.subj?.['external_document_uuid'] as string[] | undefined) ?? [];
        const expected = ids.some((x) => secondIds.includes(x)) ? 'pb' : 'pa';
        expect(e.record?.data['profile']).toBe(expected);
      }
      const use = (await b.audit.events({ ev: 'op.profile.use', limit: 10 })).rows;
      expect(use.map((e) => e.record?.data)).toContainEqual(expect.objectContaining({ profile: 'pb', from: 'pa', kind: 'sandbox' }));
      const sends = (await b.audit.events({ ev: 'op.mailing.send', limit: 10 })).rows.map((e) => e.record?.data['profile']);
      expect(sends).toEqual(expect.arrayContaining(['pa', 'pb']));
    } finally {
      await b.close();
    }
  });

  it('a switch while a send runs is refused (naming the send), and works once it finished', { timeout: 120_000 }, async () => {
    const { b, invoke, dataDir } = await appOn();
    try {
      const mailingId = await importList(invoke, dataDir, 120, 'slow');
      await a.docsgw.setFaults({ latencyMs: { ms: 400, endpoints: ['bulkSend'] } });
      const sending = invoke('mailing:send', { mailingId });
      await new Promise((r) => setTimeout(r, 150));
      const refused = await invoke('profiles:use', { name: 'pb' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'PROFILE_BUSY' } });
      expect(!refused.ok && refused.error.message).toContain("발송 건 'slow' 발송");
      expect(b.profile().name).toBe('pa');
      expect((await invoke('profiles:list', {})).ok && (await b.profiles.setting('activeProfile'))).toBe('pa');
      expect(await sending).toMatchObject({ ok: true, value: { stopped: 'done' } });
      await a.docsgw.clearFaults();
      expect(await invoke('profiles:use', { name: 'pb' })).toMatchObject({ ok: true, value: { active: 'pb' } });
    } finally {
      await a.docsgw.clearFaults();
      await b.close();
    }
  });

  it('a secret set after a switch belongs to the new profile, and the new profile’s calls use it', { timeout: 60_000 }, async () => {
    const { b, invoke, dataDir } = await appOn();
    try {
      expect(await invoke('profiles:use', { name: 'pb' })).toMatchObject({ ok: true });
      const set = await invoke('settings:setSecret', { key: 'docsgw.accessToken', value: 'token-for-pb-only-0042' });
      expect(set).toMatchObject({ ok: true, value: { set: true, last4: '0042', source: 'vault' } });
      expect(b.secrets.status('docsgw.accessToken', 'pb')).toMatchObject({ source: 'vault', last4: '0042' });
      expect(b.secrets.status('docsgw.accessToken', 'pa').source).not.toBe('vault');
      // Sandbox B only knows its own token: a send through pb is now refused as a whole (401), not sent via pa.
      const mailingId = await importList(invoke, dataDir, 5, 'wrong-token');
      await invoke('mailing:send', { mailingId });
      expect(bSandbox.docsgw.ledger.requests().some((r) => r.httpStatus === 401)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('switching away from the built-in sandbox stops its embedded simulators; switching back starts them', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const setup = await createBackend({ dataDir, env: {}, access: 'read' });
    await setup.importProfile(writeSandboxProfile(bSandbox, path.join(dataDir, 'pb.json'), { name: 'pb' }));
    await setup.close();
    const b = await createBackend({ dataDir, env: {} });
    try {
      const embedded = b.sandbox()?.info();
      expect(embedded?.port).toBeGreaterThan(0);
      await b.useProfile('pb');
      expect(b.sandbox()).toBeNull();
      const refused = await new Promise<string>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: embedded?.port ?? 1 });
        s.once('connect', () => (s.destroy(), resolve('connected')));
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      await b.useProfile('sandbox');
      expect(b.sandbox()?.info().port).toBeGreaterThan(0);
      expect(b.profile().docsgw.port).toBe(b.sandbox()?.info().port);
    } finally {
      await b.close();
    }
  });
});
