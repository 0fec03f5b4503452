// The preload with a mocked `electron`: exactly one thing is exposed — window.docdesk with one function per contract
// channel plus `on` — calls go through ipcRenderer.invoke, and subscriptions return a working unsubscribe.
import { expect, it, vi } from 'vitest';
import { channels } from '../../shared/ipc.ts';

const state = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  invoked: [] as [string, unknown][],
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.push([key, api]) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      state.invoked.push([channel, input]);
      return { ok: true, value: [] };
    },
    on: (event: string, fn: (event: unknown, payload: unknown) => void) => {
      if (!state.listeners.has(event)) state.listeners.set(event, new Set());
      state.listeners.get(event)!.add(fn);
    },
    removeListener: (event: string, fn: (event: unknown, payload: unknown) => void) => state.listeners.get(event)?.delete(fn),
  },
}));

it('exposes only window.docdesk: the contract channels and on()', async () => {
  await import('../../preload/index.ts');
  expect(state.exposed).toHaveLength(1);
  const [key, api] = state.exposed[0]!;
  expect(key).toBe('docdesk');
  const docdesk = api as Record<string, unknown>;
  expect(Object.keys(docdesk).sort()).toEqual([...Object.keys(channels), 'on'].sort());
  for (const k of Object.keys(docdesk)) expect(typeof docdesk[k]).toBe('function');

  expect(await (docdesk['mailing:list'] as (i: unknown) => Promise<unknown>)({})).toEqual({ ok: true, value: [] });
  expect(state.invoked).toEqual([['mailing:list', {}]]);

  const seen: unknown[] = [];
  const off = (docdesk.on as (e: string, l: (p: unknown) => void) => () => void)('mailing:importProgress', (p) => seen.push(p));
  const valid = { phase: 'read', done: 1, total: 10 };
  const fire = (payload: unknown) => {
    for (const fn of state.listeners.get('mailing:importProgress') ?? []) fn({ sender: 'ipc-internals' }, payload);
  };
  fire(valid);
  fire({ not: 'a progress event' });
  off();
  fire(valid);
  expect(state.listeners.get('mailing:importProgress')?.size).toBe(0);
  // The IpcRendererEvent never reaches the page; invalid payloads are dropped by the contract's schema.
  expect(seen.every((p) => !JSON.stringify(p).includes('ipc-internals'))).toBe(true);
  expect(seen).toEqual([valid]);
});
