// Unhandled errors of the desktop app go to <dataDir>/logs/electron-errors.log (one JSON line each), so support
// can read what happened on a staff PC. Messages pass through the redactor: no secret or token ever lands there.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export function errorLogPath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'electron-errors.log');
}

/** Long opaque strings (tokens, keys, uuids) are cut to their last 4 characters. */
export function redactText(text: string): string {
  return text.replace(/[A-Za-z0-9_\-+/=]{24,}/g, (m) => `…${m.slice(-4)}`);
}

export function createErrorLog(dataDir: string, now: () => number = Date.now) {
  const file = errorLogPath(dataDir);
  return (kind: string, err: unknown): void => {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const e = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
      const line = JSON.stringify({ at: new Date(now()).toISOString(), kind, name: 'name' in e ? e.name : undefined, message: redactText(e.message), stack: e.stack ? redactText(e.stack) : undefined });
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
    } catch {
      // Logging must never crash the app.
    }
  };
}
