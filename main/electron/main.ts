// The desktop app's main process (issue 3 §1): one secure window over the same backend as the CLI and the web
// bridge. Electron stays at this edge (DESIGN §1): the backend receives a safeStorage secret store and a
// keystore-held database passphrase; IPC is the contract (ipc.ts); quitting pauses sends and lets in-flight chunks
// finish their journal step before the database closes.
// Built to JS for Electron (see electron-builder.yml and docs/app.md, "Desktop app and `docdesk web`"): Node's
// type stripping does not apply to files inside an asar archive.
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, shell } from 'electron';
import { createBackend, defaultDataDir, type Backend } from '../app/backend.ts';
import { createContractHandlers } from '../app/contract-handlers.ts';
import { ConfigError } from '../app/errors.ts';
import { trackInFlight } from '../app/graceful-stop.ts';
import { APP_INDEX_URL, handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { createDesktopFaces } from './dialogs.ts';
import { createErrorLog, errorLogPath } from './error-log.ts';
import { createEventSender, registerContractIpc, trustedSender } from './ipc.ts';
import { dataDirPassphrase } from './keystore-passphrase.ts';
import { menuTemplate } from './menu.ts';
import { createSafeStorageSecretStore } from './safe-storage-secrets.ts';
import { ensureOwnerOnlyDir } from '../store/owner-only.ts';
import { createMainWindow, hardenContents } from './window.ts';
import { createElectronPdfRenderer } from './pdf-window.ts';

const appRoot = app.getAppPath();
const RENDERER_DIR = path.join(appRoot, 'renderer', 'dist');
const PRELOAD = path.join(appRoot, 'dist', 'preload', 'index.cjs');
const ICON = path.join(appRoot, 'build', 'icon.png');

let win: BrowserWindow | null = null;
let backend: Backend | null = null;
let tracked: ReturnType<typeof trackInFlight> | null = null;
let quitState: 'running' | 'draining' | 'done' = 'running';

/**
 * `DocDesk track --once [--data-dir DIR]`, as the OS scheduler runs it (Settings registers it, main/tracking/): one
 * catch-up pass of the status tracker with no window, then exit. While DocDesk is open the single-instance lock
 * hands the run to the open app, whose own tracker polls — it exits quietly.
 */
const isTrackOnce = (argv: readonly string[]): boolean => argv.includes('track') && argv.includes('--once');
function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function trackOnce(): Promise<void> {
  const dataDir = argValue(process.argv, '--data-dir') ?? defaultDataDir();
  const key = dataDirPassphrase(dataDir, safeStorage);
  let code = 0;
  try {
    const b = await createBackend({
      dataDir,
      passphrase: key.kind === 'none' ? undefined : key.passphrase,
      actor: `${os.userInfo().username}@${os.hostname()} (scheduled)`,
      secretStore: (layers) => createSafeStorageSecretStore({ filePath: path.join(dataDir, 'secrets.safe.json'), safeStorage, ...layers }),
    });
    try {
      await b.tracker.runOnce();
    } finally {
      await b.close();
    }
  } catch (err) {
    createErrorLog(dataDir)('track --once', err);
    code = err instanceof ConfigError && err.code === 'DATA_DIR_BUSY' ? 0 : 1;
  }
  quitState = 'done';
  app.exit(code);
}

registerAppScheme(protocol);
// Any web contents that ever appears (our window, devtools, a stray popup) gets the same refusals.
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

async function start(): Promise<void> {
  const dataDir = defaultDataDir();
  ensureOwnerOnlyDir(dataDir);
  const logError = createErrorLog(dataDir);
  process.on('uncaughtException', (err) => logError('uncaughtException', err));
  process.on('unhandledRejection', (err) => logError('unhandledRejection', err));

  const key = dataDirPassphrase(dataDir, safeStorage);
  try {
    backend = await createBackend({
      dataDir,
      passphrase: key.kind === 'none' ? undefined : key.passphrase,
      actor: `${os.userInfo().username}@${os.hostname()} (desktop)`,
      secretStore: (layers) => createSafeStorageSecretStore({ filePath: path.join(dataDir, 'secrets.safe.json'), safeStorage, ...layers }),
      // Statuses are tracked while the app is open; the OS scheduler runs this executable with `track --once`.
      track: true,
      cliLauncher: { command: process.execPath, args: app.isPackaged ? [] : [appRoot] },
      renderPdf: createElectronPdfRenderer(BrowserWindow),
    });
  } catch (err) {
    logError('startup', err);
    const message = err instanceof Error ? err.message : String(err);
    dialog.showErrorBox('DocDesk를 시작할 수 없습니다', `${message}\n\n${key.kind === 'none' && key.reason ? `${key.reason}\n\n` : ''}자세한 내용: ${errorLogPath(dataDir)}`);
    quitState = 'done';
    app.quit();
    return;
  }
  const b = backend;
  handleAppProtocol(protocol, RENDERER_DIR);
  win = createMainWindow({ BrowserWindow, preloadPath: PRELOAD, iconPath: ICON, isPackaged: app.isPackaged, openExternal: (url) => void shell.openExternal(url) });
  win.on('closed', () => {
    win = null;
  });
  const contents = () => (win && !win.isDestroyed() ? win.webContents : null);
  const handlers = createContractHandlers(b, createEventSender(contents), createDesktopFaces(dialog, shell, () => win, () => app.getPath('documents')));
  tracked = trackInFlight(handlers.invoke);
  b.landingFolder.start(); // the landing-events folder set in Settings, while the app runs (issue 14 §6)
  registerContractIpc(ipcMain, tracked.invoke, trustedSender(contents));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        openDataFolder: () => void shell.openPath(dataDir),
        openLogFolder: () => void shell.openPath(path.dirname(errorLogPath(dataDir))),
        reload: () => win?.webContents.reload(),
      }),
    ),
  );
  await win.loadURL(APP_INDEX_URL);
}

if (!app.requestSingleInstanceLock()) {
  // A second DocDesk on the same data folder would fight over the writer lock: hand over to the first one.
  app.quit();
} else {
  app.on('second-instance', (_event, argv: string[]) => {
    if (!win || isTrackOnce(argv)) return; // a scheduled pass while the app is open: its tracker polls already
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitState === 'done' || !backend) return;
    event.preventDefault();
    if (quitState === 'draining') return;
    quitState = 'draining';
    const b = backend;
    void (async () => {
      try {
        await tracked?.drain(b, 60_000);
      } finally {
        await b.close().catch(() => {});
        quitState = 'done';
        app.quit();
      }
    })();
  });
  app.whenReady().then(isTrackOnce(process.argv) ? trackOnce : start, (err: unknown) => {
    dialog.showErrorBox('DocDesk', err instanceof Error ? err.message : String(err));
    app.quit();
  });
}
