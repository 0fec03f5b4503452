// electron-builder.yml (issue 13 item 7), read and validated by the installed electron-builder itself (its own
// loader and its JSON schema, where electronFuses allows no unknown key): Electron fuses on, and a Windows
// installer that can only install for the current user.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
let config: Awaited<ReturnType<typeof getConfig>>;

beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
});

it('flips the fuses: no run-as-node, no NODE_OPTIONS or --inspect, encrypted cookies, ASAR integrity', () => {
  expect(config.asar).toBe(true);
  expect(config.electronFuses).toEqual({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});

it('builds a per-user-only NSIS installer: no all-users choice, no elevation helper', () => {
  const nsis = config.nsis ?? {};
  // electron-builder 26 (NsisTarget.configureDefines) compiles the per-machine install mode, and with it the
  // "all users / only me" page, whenever oneClick is false or perMachine is true.
  expect(nsis.oneClick).toBe(true);
  expect(nsis.perMachine).not.toBe(true);
  expect(nsis.packElevateHelper).toBe(false);
  // Refused by electron-builder for a one-click installer.
  expect(nsis.allowToChangeInstallationDirectory).toBeUndefined();
  expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
});
