// The Electron app's PDF printer for evidence reports: the app's own Chromium engine, in a hidden window with no
// preload, no JavaScript, the Chromium sandbox and context isolation, loading report.html from an owner-only
// temporary file (its CSP forbids every load) and printing it with webContents.printToPDF (A4, the page's print CSS).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import type { RenderPdf } from '../audit/bundle/report-pdf.ts';
import { writeOwnerOnlyFile } from '../store/owner-only.ts';

type PdfWindow = Pick<BrowserWindowType, 'loadFile' | 'destroy' | 'isDestroyed'> & { webContents: Pick<BrowserWindowType['webContents'], 'printToPDF'> };

export const PDF_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 794, // A4 at 96 dpi
  height: 1123,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    javascript: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    devTools: false,
  },
};

export function createElectronPdfRenderer(BrowserWindow: new (options: BrowserWindowConstructorOptions) => PdfWindow): RenderPdf {
  return async (html) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-pdf-'));
    const win = new BrowserWindow(PDF_WINDOW_OPTIONS);
    try {
      const file = path.join(dir, 'report.html');
      writeOwnerOnlyFile(file, html);
      await win.loadFile(file);
      return Buffer.from(await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false }));
    } finally {
      if (!win.isDestroyed()) win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
