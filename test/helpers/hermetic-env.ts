// Tests run in an environment of their own (issue 13 item 8): a developer's shell may hold DOCDESK_* variables
// (credentials, a passphrase, a data folder) that would change what DocDesk does, and a shell or CI job started
// with `env -i` has no locale, so Chromium cannot take a file chooser path with Hangul in it. Every test process
// (test/helpers/hermetic-setup.ts) and every child a helper spawns starts from this base.

/** Present on every Debian/Ubuntu system, unlike ko_KR.UTF-8. */
export const UTF8_LOCALE = 'C.UTF-8';

/** Kept from the caller: where this machine's Chromium is (the browser tests, and DocDesk's report.pdf printer). */
const HARNESS_VARIABLES = new Set(['DOCDESK_CHROMIUM']);

export function isScrubbed(name: string): boolean {
  return /^DOCDESK_/i.test(name) && !HARNESS_VARIABLES.has(name);
}

/** `base` without DocDesk's own variables, with a UTF-8 locale, plus `extra` (the test's own settings). */
export function hermeticEnv(extra: NodeJS.ProcessEnv = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!isScrubbed(name)) env[name] = value;
  return { ...env, LANG: UTF8_LOCALE, LC_ALL: UTF8_LOCALE, ...extra };
}
