// shared/ipc.ts served over the backend: inputs and outputs validated, typed errors, secrets never returned.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { events } from '../../shared/ipc.ts';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const MARKER = 'MARKER-contract-secret-5d1e8b';
let b: Backend;
const emitted: { event: string; payload: unknown }[] = [];
let invoke: ReturnType<typeof createContractHandlers>['invoke'];
const responses: string[] = [];

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir(), env: {} });
  invoke = async (channel, input) => {
    const r = await createContractHandlers(b, (event, payload) => emitted.push({ event, payload })).invoke(channel, input);
    responses.push(JSON.stringify(r));
    return r;
  };
});
afterAll(async () => {
  await b.close();
});

it('refuses unknown channels and invalid input with typed errors, changing nothing', async () => {
  expect(await invoke('mailing:drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  const bad = await invoke('mailing:import', { filePath: '', defaults: { link: '링크-한글' } });
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await invoke('mailing:list', {})).toEqual({ ok: true, value: [] });
  expect(await invoke('mailing:status', { mailingId: 'M-missing' })).toMatchObject({ ok: false, error: { code: 'MAILING_NOT_FOUND' } });
});

it('imports and sends through the contract with progress events that match their schemas', { timeout: 60_000 }, async () => {
  const file = uploadPath(b.dataDir, 'l.xlsx');
  await writeSampleRecipientList(file, { rows: 150 });
  const imp = await invoke('mailing:import', { filePath: file, defaults: { title: '계약 테스트', link: 'https://docdesk.example/c', csNumber: '02-1', csName: '센터' } });
  expect(imp.ok).toBe(true);
  const mailingId = (imp as { value: { mailingId: string } }).value.mailingId;
  const sent = await invoke('mailing:send', { mailingId });
  expect(sent).toMatchObject({ ok: true, value: { stopped: 'done' } });
  expect(emitted.some((e) => e.event === 'mailing:progress')).toBe(true);
  for (const e of emitted) expect(events[e.event as keyof typeof events].safeParse(e.payload).success).toBe(true);
});

it('never returns a secret value on any channel', async () => {
  const set = await invoke('settings:setSecret', { key: 'docsgw.accessToken', value: MARKER });
  expect(set).toMatchObject({ ok: true, value: { set: true, last4: MARKER.slice(-4), source: 'vault' } });
  await invoke('settings:secretStatus', {});
  await invoke('profiles:list', {});
  await invoke('profiles:show', { name: 'sandbox' });
  await invoke('mailing:list', {});
  for (const r of responses) expect(r).not.toContain(MARKER);
  expect(await invoke('profiles:use', { name: 'kakaopay-public' })).toMatchObject({ ok: false });
});
