// The tests' own environment (issue 13 item 8): no DOCDESK_* of the caller, a UTF-8 locale, for the test process
// (vitest setupFiles) and for every child a helper spawns.
import { expect, it } from 'vitest';
import { hermeticEnv, UTF8_LOCALE } from '../helpers/hermetic-env.ts';

it('drops DocDesk variables from the base, sets a UTF-8 locale and adds the test settings', () => {
  const base = { PATH: '/usr/bin', LANG: 'C', DOCDESK_PASSPHRASE: 'x', DOCDESK_DATA_DIR: '/nonexistent', docdesk_kcp_site_key: 'y', DOCDESK_CHROMIUM: '/opt/chromium' };
  expect(hermeticEnv({ DOCDESK_KCP_SITE_KEY: 'the-test-s-own' }, base)).toEqual({
    PATH: '/usr/bin',
    LANG: UTF8_LOCALE,
    LC_ALL: UTF8_LOCALE,
    // A harness knob (which Chromium the browser tests drive), never read by DocDesk.
    DOCDESK_CHROMIUM: '/opt/chromium',
    DOCDESK_KCP_SITE_KEY: 'the-test-s-own',
  });
});

it('this test process already runs in it (setupFiles), whatever the caller exported', () => {
  expect(Object.keys(process.env).filter((n) => /^DOCDESK_/i.test(n) && n !== 'DOCDESK_CHROMIUM')).toEqual([]);
  expect(process.env.LANG).toBe(UTF8_LOCALE);
  expect(process.env.LC_ALL).toBe(UTF8_LOCALE);
});
