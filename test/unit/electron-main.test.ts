// The Electron main process with a mocked `electron` module (the binary cannot be downloaded here): the real
// main/electron/main.ts starts against a temp data folder with the embedded sandbox, and the test plays the
// renderer through the captured ipcMain handlers. Window options, refusals, sender checks, typed errors,
// validated outputs, safeStorage secrets that never come back, and a graceful quit.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels } from '../../shared/ipc.ts';
import { SECRET_KEYS } from '../../shared/domain/secrets.ts';

type Listener = (...args: unknown[]) => unknown;
type FakeContents = {
  mainFrame: { url: string };
  session: { permissionRequest?: Listener; permissionCheck?: Listener };
  openHandler?: (d: { url: string }) => { action: string };
  emit(event: string, ...args: unknown[]): boolean;
  sent: [string, unknown][];
};
type FakeWindow = { options: Record<string, unknown>; webContents: FakeContents; url?: string };

const state = vi.hoisted(() => ({
  windows: [] as unknown[],
  handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
  encryptionAvailable: true,
  quitCalls: 0,
  registeredSchemes: [] as unknown[],
  openedExternal: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class WebContents extends EventEmitter {
    mainFrame = { url: 'docdesk://app/index.html' };
    session = {
      permissionRequest: undefined as Listener | undefined,
      permissionCheck: undefined as Listener | undefined,
      setPermissionRequestHandler(h: Listener) {
        this.permissionRequest = h;
      },
      setPermissionCheckHandler(h: Listener) {
        this.permissionCheck = h;
      },
      setDevicePermissionHandler() {},
    };
    openHandler?: Listener;
    sent: [string, unknown][] = [];
    setWindowOpenHandler(h: Listener) {
      this.openHandler = h;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isDestroyed() {
      return false;
    }
    reload() {}
  }
  class BrowserWindow extends EventEmitter {
    options: unknown;
    webContents = new WebContents();
    url?: string;
    constructor(options: unknown) {
      super();
      this.options = options;
      state.windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    show() {}
    restore() {}
    focus() {}
  }
  const appEmitter = new EventEmitter();
  const app = {
    on(event: string, fn: (...args: unknown[]) => void) {
      state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), fn]);
      appEmitter.on(event, fn);
      return app;
    },
    getAppPath: () => '/nonexistent-docdesk-app',
    // As installed: devtools must be off.
    isPackaged: true,
    getPath: () => os.tmpdir(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => {
      state.quitCalls++;
    },
  };
  const safeStorage = {
    isEncryptionAvailable: () => state.encryptionAvailable,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    // A reversible stand-in for the OS keystore: not plain text on disk, as with DPAPI/libsecret.
    encryptString: (s: string) => Buffer.from(`K1:${Buffer.from(s, 'utf8').toString('hex').split('').reverse().join('')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(3).split('').reverse().join(''), 'hex').toString('utf8'),
  };
  return {
    app,
    BrowserWindow,
    safeStorage,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => state.handlers.set(channel, fn),
      removeHandler: (channel: string) => state.handlers.delete(channel),
    },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => state.registeredSchemes.push(s), handle: () => {} },
    dialog: { showErrorBox: () => {}, showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
    shell: {
      openExternal: async (url: string) => {
        state.openedExternal.push(url);
      },
      openPath: async () => '',
    },
  };
});

const MARKERS = Object.fromEntries(SECRET_KEYS.map((k, i) => [k, `MARKER-secret-${i}-7f3a9c2e1b`]));
let dataDir: string;
let win: FakeWindow;
const responses: string[] = [];

function trustedEvent() {
  return { sender: win.webContents, senderFrame: win.webContents.mainFrame };
}
async function call(channel: string, input: unknown, event: unknown = trustedEvent()) {
  const handler = state.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const r = (await handler(event, input)) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  responses.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-electron-'));
  process.env.DOCDESK_DATA_DIR = dataDir;
  delete process.env.DOCDESK_PASSPHRASE;
  await import('../../main/electron/main.ts');
  for (let i = 0; i < 200 && !(state.windows[0] as FakeWindow | undefined)?.url; i++) await new Promise((r) => setTimeout(r, 50));
  win = state.windows[0] as FakeWindow;
  expect(win?.url).toBe('docdesk://app/index.html');
}, 30_000);

afterAll(async () => {
  // Graceful quit: the first before-quit is held back until sends are paused and the backend is closed.
  let prevented = false;
  for (const fn of state.appListeners.get('before-quit') ?? []) fn({ preventDefault: () => (prevented = true) });
  expect(prevented).toBe(true);
  for (let i = 0; i < 200 && state.quitCalls === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(state.quitCalls).toBeGreaterThan(0);
  delete process.env.DOCDESK_DATA_DIR;
});

describe('window', () => {
  it('opens one window with context isolation, sandbox, no Node integration and our preload', () => {
    expect(state.windows).toHaveLength(1);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(prefs.devTools).toBe(false); // app.isPackaged
    expect(JSON.stringify(state.registeredSchemes)).toContain('"scheme":"docdesk"');
  });

  it('refuses navigation away, new windows, webviews and every permission request', () => {
    let prevented = 0;
    const ev = () => ({ preventDefault: () => prevented++ });
    win.webContents.emit('will-navigate', ev(), 'https://evil.example/');
    win.webContents.emit('will-navigate', ev(), 'file:///etc/passwd');
    win.webContents.emit('will-redirect', ev(), 'http://127.0.0.1:1/');
    win.webContents.emit('will-attach-webview', ev());
    expect(prevented).toBe(4);
    win.webContents.emit('will-navigate', ev(), 'docdesk://app/index.html#/grid');
    expect(prevented).toBe(4);
    // window.open: only allow-listed URLs the app made, and those in the user's browser (external-links.ts).
    for (const url of ['https://docdesk.example/help', 'https://evil.example/', 'docdesk://app/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(win.webContents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(state.openedExternal).toEqual([]);
    let granted: boolean | undefined;
    win.webContents.session.permissionRequest?.(win.webContents, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(win.webContents.session.permissionCheck?.(win.webContents, 'notifications')).toBe(false);
  });

  it('serves the renderer with a strict CSP from its own scheme, confined to the renderer folder', async () => {
    const { appResponse, DESKTOP_CSP } = await import('../../main/electron/app-protocol.ts');
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-renderer-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const ok = appResponse(dir, 'docdesk://app/index.html');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(appResponse(dir, 'docdesk://app/..%2f..%2fetc%2fpasswd').status).toBe(404);
    expect(appResponse(dir, 'docdesk://other/index.html').status).toBe(404);
  });
});

describe('IPC', () => {
  it('registers exactly the contract channels', () => {
    expect([...state.handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
  });

  it('refuses calls from any sender but our window main frame on our page', async () => {
    const { EventEmitter } = await import('node:events');
    const stranger = Object.assign(new EventEmitter(), { mainFrame: { url: 'docdesk://app/index.html' } });
    const refused = [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: win.webContents, senderFrame: { url: 'docdesk://app/index.html' } }, // a subframe
      { sender: win.webContents, senderFrame: null },
    ];
    for (const event of refused) expect(await call('mailing:list', {}, event)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const frame = win.webContents.mainFrame;
    frame.url = 'https://evil.example/';
    expect(await call('mailing:list', {}, trustedEvent())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    frame.url = 'docdesk://app/index.html';
    expect(await call('mailing:list', {})).toEqual({ ok: true, value: [] });
  });

  it('refuses invalid input with a typed error and changes nothing', async () => {
    expect(await call('documents:query', { limit: 10_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/[가-힣]/) } });
    expect(await call('profiles:use', { name: 'kakaopay-public', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('settings:setSecret', { key: 'docsgw.password', value: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('profiles:list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'sandbox', active: true })]) });
  });

  it('answers with outputs that satisfy the contract', async () => {
    for (const channel of ['mailing:list', 'profiles:list', 'settings:secretStatus', 'documents:query', 'dashboard:summary', 'diagnostics:run'] as const) {
      const r = await call(channel, {});
      expect(r.ok, `${channel}: ${JSON.stringify(r)}`).toBe(true);
      expect(channels[channel].output.safeParse(r.value).success).toBe(true);
    }
  });

  it('stores secrets with safeStorage, refuses when the keystore is unavailable, and no channel ever returns one', async () => {
    for (const key of SECRET_KEYS) {
      expect(await call('settings:setSecret', { key, value: MARKERS[key] })).toMatchObject({ ok: true, value: { key, set: true, source: 'vault', last4: MARKERS[key]!.slice(-4) } });
    }
    const file = path.join(dataDir, 'secrets.safe.json');
    expect(existsSync(file)).toBe(true);
    const onDisk = readFileSync(file, 'utf8');
    for (const m of Object.values(MARKERS)) expect(onDisk).not.toContain(m);

    state.encryptionAvailable = false;
    const refused = await call('settings:setSecret', { key: 'docsgw.accessToken', value: 'another-value-1234' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'KEYSTORE_UNAVAILABLE' } });
    expect(refused.error?.message).toMatch(/키 저장소|암호화 저장소/);
    state.encryptionAvailable = true;

    // Every channel, with an empty input and with a plausible one: no response carries a marker.
    const plausible: Record<string, unknown> = {
      'documents:query': { search: MARKERS['docsgw.accessToken'] },
      'documents:show': { ref: 'x' },
      'profiles:show': { name: 'sandbox' },
      'mailing:status': { mailingId: 'M-none' },
      'documents:export': {},
    };
    for (const channel of Object.keys(channels)) {
      if (channel === 'settings:setSecret') continue;
      await call(channel, {});
      if (plausible[channel]) await call(channel, plausible[channel]);
    }
    expect(responses.length).toBeGreaterThan(Object.keys(channels).length);
    for (const r of responses) for (const m of Object.values(MARKERS)) expect(r).not.toContain(m);
    const status = await call('settings:secretStatus', {});
    expect((status.value as { set: boolean }[]).every((s) => s.set)).toBe(true);
  });

  it('pushes contract events to our window only after validating them', async () => {
    const { createEventSender } = await import('../../main/electron/ipc.ts');
    const send = createEventSender(() => win.webContents as never);
    const before = win.webContents.sent.length;
    send('mailing:progress', { mailingId: 'M-1', counts: {}, chunksDone: 1, elapsedMs: 1 });
    expect(win.webContents.sent.length).toBe(before);
    const counts = Object.fromEntries(['DRAFT', 'QUEUED', 'IN_FLIGHT', 'ACCEPTED', 'REJECTED', 'UNKNOWN', 'ABANDONED', 'CANCELLED', 'SENT', 'RECEIVED', 'READ', 'EXPIRED'].map((k) => [k, 0]));
    send('mailing:progress', { mailingId: 'M-1', counts, chunksDone: 1, elapsedMs: 1 });
    expect(win.webContents.sent.at(-1)?.[0]).toBe('mailing:progress');
  });
});
