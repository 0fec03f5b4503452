// The machine's Chromium as the PDF printer of the CLI and `docdesk web` (the Electron app prints with its own engine,
// main/electron/pdf-window.ts): `--headless --print-to-pdf` on the HTML written to an owner-only temporary folder,
// with its own throwaway profile and the flags that keep it off the network (as the browser tests run it).
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RenderPdf } from '../audit/bundle/report-pdf.ts';
import { writeOwnerOnlyFile } from '../store/owner-only.ts';

const NAMES = ['chromium', 'chromium-browser'];
const TIMEOUT_MS = 60_000;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** DOCDESK_CHROMIUM when set (and only it: a wrong path is not silently replaced), else `chromium` on PATH; null when none. */
export function findChromium(env: NodeJS.ProcessEnv): string | null {
  if (env.DOCDESK_CHROMIUM) return executable(env.DOCDESK_CHROMIUM) ? env.DOCDESK_CHROMIUM : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

export function chromiumPdfRenderer(chromium: string): RenderPdf {
  return (html) =>
    new Promise((resolve, reject) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-pdf-'));
      const done = (err: Error | null, pdf?: Buffer) => {
        rmSync(dir, { recursive: true, force: true });
        if (err || !pdf) reject(err ?? new Error('no PDF'));
        else resolve(pdf);
      };
      try {
        const input = path.join(dir, 'report.html');
        const output = path.join(dir, 'report.pdf');
        writeOwnerOnlyFile(input, html);
        const args = [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--no-default-browser-check',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          '--no-pdf-header-footer',
          `--print-to-pdf=${output}`,
          pathToFileURL(input).href,
        ];
        execFile(chromium, args, { timeout: TIMEOUT_MS, env: { ...process.env, LANG: 'C.UTF-8' } }, (err, _stdout, stderr) => {
          if (err) return done(new Error(`Chromium(${chromium})이 실패했습니다: ${err.message.split('\n')[0]} ${stderr.split('\n').slice(-3).join(' ').slice(0, 300)}`));
          try {
            done(null, readFileSync(output));
          } catch {
            done(new Error(`Chromium(${chromium})이 PDF를 쓰지 않았습니다`));
          }
        });
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
      }
    });
}

/** The CLI's and `docdesk web`'s renderer, or undefined when the machine has no Chromium (the bundle then says so). */
export function machineChromiumPdf(env: NodeJS.ProcessEnv): RenderPdf | undefined {
  const chromium = findChromium(env);
  return chromium ? chromiumPdfRenderer(chromium) : undefined;
}
