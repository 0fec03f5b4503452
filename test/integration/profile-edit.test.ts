// Settings edits of the active profile (issue 15 items 4–5): the two line addresses of docs-gw (seed 001 §2.2), and
// PayUp and KCP as host choices — test or production, completed with merchant id / site code and the module folder —
// so no operator writes JSON. Every edit goes through the confirmed, audited replace an import uses: the change list
// and a digest of the exact profile shown; a built-in profile is a template saved under a new name.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers, type DesktopFaces } from '../../main/app/contract-handlers.ts';
import { createDesktopFaces } from '../../main/electron/dialogs.ts';
import type { ProfileEdit } from '../../shared/domain/service-settings.ts';
import { FAKE_PPCLI_HOME } from '../helpers/kcp-service.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';
import { writeFileSync } from 'node:fs';

const PASSPHRASE = 'edit-test-passphrase-0123';

/** The error `fn` throws (previews are synchronous). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  return null;
}

async function opData(b: Backend, ev: string): Promise<Record<string, unknown>[]> {
  return (await b.audit.events({ ev, limit: 100 })).rows.map((e) => e.record?.data ?? {});
}

const toTest: ProfileEdit = {
  lines: { localAddress: '127.0.0.3', bulkLocalAddress: '127.0.0.2' },
  payup: { host: 'test', merchantId: 'M-AGENCY' },
  kcp: { gateway: 'test', siteCd: 'T0000', ppcliHome: FAKE_PPCLI_HOME },
};

describe('editing the active custom profile', () => {
  let b: Backend;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    b = await createBackend({ dataDir, passphrase: PASSPHRASE, env: {} });
    const file = uploadPath(dataDir, 'agency.json');
    writeFileSync(file, JSON.stringify({ name: 'agency', label: '대행사 VPN', kind: 'test', docsgw: { host: 'docs-gw-gs.kakaopay.com', addresses: ['113.29.182.90'], port: 443 } }));
    await b.importProfile(file);
    await b.useProfile('agency');
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  it('shows every change, replaces only with the digest of what was shown, and the running profile follows', async () => {
    const { invoke } = createContractHandlers(b, () => {});
    const preview = await invoke('profiles:previewEdit', toTest);
    expect(preview.ok).toBe(true);
    const p = preview.ok ? (preview.value as { exists: boolean; active: boolean; digest: string; changes: { field: string; before: string | null; after: string | null }[] }) : null;
    expect(p).toMatchObject({ exists: true, active: true });
    expect(p?.changes).toEqual(
      expect.arrayContaining([
        { field: 'docsgw.localAddress', before: null, after: '127.0.0.3' },
        { field: 'docsgw.bulkLocalAddress', before: null, after: '127.0.0.2' },
        { field: 'payup.baseUrl', before: null, after: 'https://api.testpayup.co.kr' },
        { field: 'payup.merchantId', before: null, after: 'M-AGENCY' },
        { field: 'kcp.transport', before: null, after: 'ppcli' },
        { field: 'kcp.host', before: null, after: 'testpaygw.kcp.co.kr' },
        { field: 'kcp.port', before: null, after: '8090' },
        { field: 'kcp.siteCd', before: null, after: 'T0000' },
        { field: 'kcp.ppcliHome', before: null, after: FAKE_PPCLI_HOME },
      ]),
    );

    // Without the confirmation nothing changes; a digest of something else does not confirm this.
    expect(await invoke('profiles:edit', toTest)).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    const other = await invoke('profiles:previewEdit', { ...toTest, payup: { host: 'production', merchantId: 'M-AGENCY' } });
    const otherDigest = other.ok ? (other.value as { digest: string }).digest : '';
    expect(await invoke('profiles:edit', { ...toTest, confirmReplace: otherDigest })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    expect(b.profile().payup).toBeUndefined();
    expect((await b.profiles.get('agency')).docsgw.bulkLocalAddress).toBeUndefined();

    expect(await invoke('profiles:edit', { ...toTest, confirmReplace: p?.digest })).toMatchObject({ ok: true, value: { name: 'agency', replaced: true, changes: p?.changes.length } });
    expect(b.profile()).toMatchObject({
      name: 'agency',
      docsgw: { localAddress: '127.0.0.3', bulkLocalAddress: '127.0.0.2' },
      payup: { baseUrl: 'https://api.testpayup.co.kr', merchantId: 'M-AGENCY' },
      kcp: { transport: 'ppcli', host: 'testpaygw.kcp.co.kr', port: 8090, siteCd: 'T0000', ppcliHome: FAKE_PPCLI_HOME },
    });
    const edits = await opData(b, 'op.profile.edit');
    expect(edits).toEqual([expect.objectContaining({ replaced: true, digest: p?.digest, changes: expect.arrayContaining([{ field: 'payup.baseUrl', before: '', after: 'https://api.testpayup.co.kr' }]) })]);

    // Production hosts, and the lines cleared again (null removes an address).
    const prod: ProfileEdit = { lines: { localAddress: null, bulkLocalAddress: null }, payup: { host: 'production', merchantId: 'M-AGENCY' }, kcp: { ...toTest.kcp!, gateway: 'production', siteCd: 'A1B2C' } };
    const pv = await b.previewProfileEdit(prod);
    await b.editProfile(prod, { confirmReplace: pv.digest });
    expect(b.profile().payup?.baseUrl).toBe('https://api.payup.co.kr');
    expect(b.profile().kcp).toMatchObject({ host: 'paygw.kcp.co.kr', port: 8090, siteCd: 'A1B2C' });
    expect(b.profile().docsgw.localAddress).toBeUndefined();
    expect(b.profile().docsgw.bulkLocalAddress).toBeUndefined();
  });

  it('refuses, changing nothing, a module folder without bin/pp_cli, a bad address, and the same address for both lines', async () => {
    const before = JSON.stringify(await b.profiles.get('agency'));
    const empty = tempDir('docdesk-kcp-home-');
    mkdirSync(path.join(empty, 'bin'));
    expect(await thrown(() => b.previewProfileEdit({ kcp: { gateway: 'test', siteCd: 'T0000', ppcliHome: empty } }))).toMatchObject({ code: 'KCP_HOME_INVALID', exitCode: 2 });
    await expect(b.editProfile({ kcp: { gateway: 'test', siteCd: 'T0000', ppcliHome: path.join(empty, 'nope') } })).rejects.toMatchObject({ code: 'KCP_HOME_INVALID' });
    const { invoke } = createContractHandlers(b, () => {});
    const bad = await invoke('profiles:previewEdit', { lines: { localAddress: 'line-a.local', bulkLocalAddress: null } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await thrown(() => b.previewProfileEdit({ lines: { localAddress: '127.0.0.2', bulkLocalAddress: '127.0.0.2' } }))).toMatchObject({ code: 'PROFILE_INVALID' });
    expect(JSON.stringify(await b.profiles.get('agency'))).toBe(before);
  });
});

describe('a built-in profile as a template', () => {
  it('is never changed itself; saved under a new name it becomes a custom profile; a sandbox copy stays on loopback', { timeout: 60_000 }, async () => {
    const b = await createBackend({ dataDir: tempDir(), passphrase: PASSPHRASE, env: {} });
    try {
      expect(await thrown(() => b.previewProfileEdit({ payup: { host: 'test', merchantId: 'M1' } }))).toMatchObject({ code: 'PROFILE_INVALID' });
      // The sandbox as a template may gain the bulk line on loopback, but never a real PayUp host.
      expect(await thrown(() => b.previewProfileEdit({ saveAs: 'my-sandbox', payup: { host: 'test', merchantId: 'M1' } }))).toMatchObject({ code: 'NOT_LOOPBACK' });
      await expect(b.editProfile({ saveAs: 'my-sandbox', payup: { host: 'test', merchantId: 'M1' } })).rejects.toMatchObject({ code: 'NOT_LOOPBACK' });
      expect((await b.profiles.list()).some((p) => p.name === 'my-sandbox')).toBe(false);
      expect(await b.editProfile({ saveAs: 'my-sandbox', lines: { localAddress: '127.0.0.3', bulkLocalAddress: '127.0.0.2' } })).toMatchObject({ name: 'my-sandbox', replaced: false });

      await b.useProfile('kakaopay-dedicated');
      const edit: ProfileEdit = { saveAs: 'agency-prod', label: '운영 — 전용선', payup: { host: 'production', merchantId: 'M-LIVE' }, kcp: { gateway: 'production', siteCd: 'A1B2C', ppcliHome: FAKE_PPCLI_HOME } };
      const preview = await b.previewProfileEdit(edit);
      expect(preview).toMatchObject({ name: 'agency-prod', exists: false, active: false, changes: [] });
      expect(await b.editProfile(edit)).toMatchObject({ name: 'agency-prod', kind: 'production', replaced: false });
      expect(await b.profiles.get('agency-prod')).toMatchObject({ label: '운영 — 전용선', kind: 'production', docsgw: { host: 'docs-gw-gs.kakaopay.com', addresses: ['113.29.182.90'], port: 443 }, payup: { baseUrl: 'https://api.payup.co.kr' } });
      expect((await b.profiles.get('kakaopay-dedicated')).payup).toBeUndefined();
      expect(b.profile().name).toBe('kakaopay-dedicated');
      expect((await opData(b, 'op.profile.edit')).map((d) => d['replaced'])).toEqual([false, false]);
    } finally {
      await b.close();
    }
  });
});

describe('the KCP module folder dialog', () => {
  it('the desktop face opens a folder dialog; the web bridge has none (the path is typed)', async () => {
    const asked: unknown[] = [];
    const dialog = {
      showOpenDialog: async (...args: unknown[]) => {
        asked.push(args.at(-1));
        return { canceled: false, filePaths: [FAKE_PPCLI_HOME] };
      },
      showSaveDialog: async () => ({ canceled: true }),
    };
    const faces = createDesktopFaces(dialog as unknown as Parameters<typeof createDesktopFaces>[0], { showItemInFolder: () => {} }, () => null, () => tempDir());
    expect(await faces.pickFolder('kcpModule')).toBe(FAKE_PPCLI_HOME);
    expect(asked[0]).toMatchObject({ properties: ['openDirectory'] });

    const b = await createBackend({ dataDir: tempDir(), env: {}, access: 'read' });
    try {
      const desktop: DesktopFaces = { pickOpen: async () => null, pickFolder: (p) => faces.pickFolder(p), saveAs: async () => null, showInFolder: () => {} };
      expect(await createContractHandlers(b, () => {}, desktop).invoke('files:pickFolder', { purpose: 'kcpModule' })).toEqual({ ok: true, value: { folderPath: FAKE_PPCLI_HOME } });
      expect(await createContractHandlers(b, () => {}).invoke('files:pickFolder', { purpose: 'kcpModule' })).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
    } finally {
      await b.close();
    }
  });
});
