// The Electron app's report printer (main/electron/pdf-window.ts) with a stand-in BrowserWindow, as the other
// Electron glue is tested (the binary cannot be downloaded here): a hidden, sandboxed window without JavaScript or
// Node loads report.html from an owner-only temporary file, prints it with printToPDF (A4, the page's CSS size), and
// is destroyed — the temporary file too — whether printing succeeds or fails.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createElectronPdfRenderer } from '../../main/electron/pdf-window.ts';

interface Seen {
  options?: BrowserWindowConstructorOptions;
  file?: string;
  html?: string;
  mode?: number;
  printOptions?: unknown;
  destroyed: boolean;
}

function fakeWindow(seen: Seen, print: () => Promise<Buffer>) {
  return class {
    webContents = {
      printToPDF: (o: unknown) => {
        seen.printOptions = o;
        return print();
      },
    };
    constructor(options: BrowserWindowConstructorOptions) {
      seen.options = options;
    }
    loadFile(file: string) {
      seen.file = file;
      seen.html = readFileSync(file, 'utf8');
      seen.mode = statSync(file).mode & 0o777;
      return Promise.resolve();
    }
    isDestroyed() {
      return seen.destroyed;
    }
    destroy() {
      seen.destroyed = true;
    }
  };
}

describe('createElectronPdfRenderer', () => {
  it('prints report.html in a hidden sandboxed window without scripts, then destroys it and the temporary file', async () => {
    const seen: Seen = { destroyed: false };
    const render = createElectronPdfRenderer(fakeWindow(seen, () => Promise.resolve(Buffer.from('%PDF-1.4 printed'))) as never);
    const pdf = await render('<!doctype html><p>열람</p>');
    expect(pdf.toString()).toBe('%PDF-1.4 printed');
    expect(seen.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, devTools: false } });
    expect(seen.options?.webPreferences?.preload).toBeUndefined();
    expect(seen.html).toBe('<!doctype html><p>열람</p>');
    expect(path.basename(seen.file!)).toBe('report.html');
    if (process.platform !== 'win32') expect(seen.mode).toBe(0o600);
    expect(seen.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(seen.destroyed).toBe(true);
    expect(existsSync(path.dirname(seen.file!))).toBe(false);
  });

  it('a failed print still destroys the window and removes the file, and the error reaches the export', async () => {
    const seen: Seen = { destroyed: false };
    const render = createElectronPdfRenderer(fakeWindow(seen, () => Promise.reject(new Error('printing failed'))) as never);
    await expect(render('<p>x</p>')).rejects.toThrow('printing failed');
    expect(seen.destroyed).toBe(true);
    expect(existsSync(path.dirname(seen.file!))).toBe(false);
  });
});
