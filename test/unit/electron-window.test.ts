// The window's devtools switch and the window.open allow-list (issue 13 item 7), on a stand-in for Electron's
// BrowserWindow (the binary cannot be downloaded here; electron-main.test.ts runs main.ts on a mocked module).
import { EventEmitter } from 'node:events';
import type { BrowserWindow, WebContents } from 'electron';
import { expect, it } from 'vitest';
import { allowedExternalUrl, EXTERNAL_LINKS } from '../../main/electron/external-links.ts';
import { createMainWindow, hardenContents } from '../../main/electron/window.ts';

type OpenHandler = (d: { url: string }) => { action: string };

class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} };
  setWindowOpenHandler(h: OpenHandler) {
    this.openHandler = h;
  }
}

class FakeWindow extends EventEmitter {
  static last: FakeWindow | null = null;
  webContents = new FakeContents();
  readonly options: { webPreferences: { devTools?: boolean } };
  constructor(options: { webPreferences: { devTools?: boolean } }) {
    super();
    this.options = options;
    FakeWindow.last = this;
  }
}

function devToolsOf(isPackaged: boolean): boolean | undefined {
  createMainWindow({ BrowserWindow: FakeWindow as unknown as typeof BrowserWindow, preloadPath: '/app/preload.cjs', isPackaged });
  return FakeWindow.last?.options.webPreferences.devTools;
}

it('has devtools in a development run and none in a packaged build', () => {
  expect(devToolsOf(false)).toBe(true);
  expect(devToolsOf(true)).toBe(false);
});

it('opens nothing by default: the allow-list is empty because the renderer builds no external link', () => {
  expect(EXTERNAL_LINKS).toEqual([]);
  expect(allowedExternalUrl('https://docdesk.example/help')).toBeNull();
});

it('allows exactly the listed URLs, https only, and nothing that merely looks like them', () => {
  const list = ['https://docs.docdesk.example/help/kcp'];
  expect(allowedExternalUrl('https://docs.docdesk.example/help/kcp', list)).toBe('https://docs.docdesk.example/help/kcp');
  expect(allowedExternalUrl('HTTPS://DOCS.docdesk.example/help/kcp', list)).toBe('https://docs.docdesk.example/help/kcp');
  for (const url of [
    'https://docs.docdesk.example/help/kcp?next=https://evil.example',
    'https://docs.docdesk.example/help/kcp/../../admin',
    'https://docs.docdesk.example/help/kcpx',
    'https://docs.docdesk.example.evil.example/help/kcp',
    'https://user@docs.docdesk.example/help/kcp',
    'http://docs.docdesk.example/help/kcp',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ]) {
    expect(allowedExternalUrl(url, list), url).toBeNull();
  }
});

it('hands an allowed URL to the user browser and denies the new window either way', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  hardenContents(contents as unknown as WebContents, (url) => opened.push(url), ['https://docs.docdesk.example/help/kcp']);
  expect(contents.openHandler?.({ url: 'https://docs.docdesk.example/help/kcp' })).toEqual({ action: 'deny' });
  expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  expect(opened).toEqual(['https://docs.docdesk.example/help/kcp']);
});
