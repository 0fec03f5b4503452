// The environment KCP's module runs with (issue 13 item 7): only what a program needs to start, find its
// libraries and temp folder and read its locale. Never the operator's whole shell: DOCDESK_* holds credentials
// and the data folder's passphrase, and a foreign binary has no business seeing them or anything else there.

/** Kept from the parent on Linux/macOS. */
const POSIX_NAMES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'LC_CTYPE'];
/** Kept from the parent on Windows (names compared case-insensitively, as Windows does). */
const WINDOWS_NAMES = ['PATH', 'PATHEXT', 'SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'TEMP', 'TMP', 'USERPROFILE'];

const DOCDESK_VARIABLE = /^DOCDESK_/i;

/**
 * The module's environment: the allowed names from `parent`, plus `extra` (variables a deployment or a test
 * needs to add). Anything named DOCDESK_* is dropped, from `extra` too.
 */
export function moduleEnvironment(parent: NodeJS.ProcessEnv, platform: NodeJS.Platform, extra: Record<string, string> = {}): Record<string, string> {
  const windows = platform === 'win32';
  const allowed = new Set((windows ? WINDOWS_NAMES : POSIX_NAMES).map((n) => (windows ? n.toUpperCase() : n)));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && allowed.has(windows ? name.toUpperCase() : name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) env[name] = value;
  for (const name of Object.keys(env)) if (DOCDESK_VARIABLE.test(name)) delete env[name];
  return env;
}
