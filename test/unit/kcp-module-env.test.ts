// The KCP module's minimal environment (issue 13 item 7): what a program needs to start, nothing of DOCDESK_*.
import { expect, it } from 'vitest';
import { moduleEnvironment } from '../../main/kcp/module-env.ts';

const shell = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/clerk',
  LANG: 'ko_KR.UTF-8',
  TMPDIR: '/tmp',
  DOCDESK_PASSPHRASE: 'passphrase-marker',
  DOCDESK_KCP_SITE_KEY: 'site-key-marker',
  AWS_SECRET_ACCESS_KEY: 'shell-marker',
  SSH_AUTH_SOCK: '/tmp/agent',
};

it('keeps PATH, HOME, TMPDIR and the locale on Linux, and nothing else', () => {
  expect(moduleEnvironment(shell, 'linux')).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/clerk', LANG: 'ko_KR.UTF-8', TMPDIR: '/tmp' });
});

it('keeps what Windows programs need, matching names case-insensitively as Windows does', () => {
  const env = moduleEnvironment({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', WINDIR: 'C:\\Windows', TEMP: 'C:\\T', docdesk_passphrase: 'x', APPDATA: 'C:\\A' }, 'win32');
  expect(env).toEqual({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', WINDIR: 'C:\\Windows', TEMP: 'C:\\T' });
});

it('adds the extra variables, but never one named DOCDESK_*', () => {
  const env = moduleEnvironment(shell, 'linux', { LD_LIBRARY_PATH: '/opt/kcp/lib', DOCDESK_DATA_DIR: '/data' });
  expect(env.LD_LIBRARY_PATH).toBe('/opt/kcp/lib');
  expect(Object.keys(env).some((n) => n.startsWith('DOCDESK_'))).toBe(false);
});
