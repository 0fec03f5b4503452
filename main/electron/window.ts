// The one application window (DESIGN §12): context isolation, Chromium sandbox, no Node in the renderer, the
// renderer served from our own docdesk:// scheme with a strict CSP (app-protocol.ts); navigation, new windows,
// <webview> and every permission request refused; only allow-listed links open, in the user's browser
// (external-links.ts); devtools only in a development run, never in a packaged build.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';
import { allowedExternalUrl, EXTERNAL_LINKS } from './external-links.ts';

/** `devTools`: false in a packaged build (app.isPackaged), where a console would let anyone at the PC script the page. */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    spellcheck: false,
    devTools,
  };
}

export function windowOptions(preloadPath: string, o: { iconPath?: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'DocDesk',
    show: false,
    backgroundColor: '#ffffff',
    ...(o.iconPath ? { icon: o.iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath, o.devTools),
  };
}

/** True for a URL of our own renderer. */
export function isAppUrl(url: string): boolean {
  try {
    // Not URL.origin: WHATWG URL gives a custom scheme the opaque origin "null".
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Refuses every way out of our page: navigation, redirects, new windows, webviews. */
export function hardenContents(contents: WebContents, openExternal?: (url: string) => void, allowList: readonly string[] = EXTERNAL_LINKS): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const allowed = allowedExternalUrl(url, allowList);
    if (openExternal && allowed !== null) openExternal(allowed);
    return { action: 'deny' };
  });
}

/** The renderer needs no camera, microphone, notifications, geolocation, clipboard-read, …: deny them all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

export function createMainWindow(deps: {
  BrowserWindow: typeof BrowserWindowType;
  preloadPath: string;
  iconPath?: string;
  /** app.isPackaged: no devtools in an installed build. */
  isPackaged: boolean;
  openExternal?: (url: string) => void;
}): BrowserWindowType {
  const win = new deps.BrowserWindow(windowOptions(deps.preloadPath, { ...(deps.iconPath ? { iconPath: deps.iconPath } : {}), devTools: !deps.isPackaged }));
  hardenContents(win.webContents, deps.openExternal);
  denyAllPermissions(win.webContents.session);
  win.once('ready-to-show', () => win.show());
  return win;
}
