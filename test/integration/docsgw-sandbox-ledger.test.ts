// The sandbox ledger and admin API: persistence across restarts, "nothing accepted twice", and driving a
// sandbox that runs in another process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import http from 'node:http';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createDocsGwClient } from '../../main/docsgw/client.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../../main/sandbox/credentials.ts';
import { createDocsGwSandboxAdminClient, SandboxAdminError } from '../../main/sandbox/docsgw/admin-client.ts';
import { sandboxInfoSchema } from '../../main/sandbox/docsgw/admin-api.ts';
import { docsgwServiceSchema } from '../../shared/domain/profile.ts';
import { bulkItem, startTestSandbox, tempDir } from '../helpers/sandbox-docsgw.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

describe('sandbox ledger', () => {
  it('persists documents, seen recipients and the clock across a restart', async () => {
    const ledgerPath = path.join(tempDir(), 'ledger.db');
    const first = await startTestSandbox({ ledgerPath });
    let binder: string | undefined;
    try {
      const { client } = first.client();
      const out = await client.bulkSend({ documents: [bulkItem('P-1', 'internalErrorOnce', 9), bulkItem('P-2', 'neverRead', 9)] });
      expect(out.kind === 'ok' && out.value.documents.map((d) => d.error_code ?? 'OK')).toEqual(['INTERNAL_ERROR', 'OK']);
      binder = out.kind === 'ok' ? out.value.documents[1]?.document_binder_uuid : undefined;
      first.sandbox.advanceClock(20 * 60_000);
    } finally {
      await first.close();
    }

    const second = await startTestSandbox({ ledgerPath });
    try {
      const { client } = second.client();
      // The 5000 recipient was seen before the restart: accepted now.
      const again = await client.bulkSend({ documents: [bulkItem('P-3', 'internalErrorOnce', 9)] });
      expect(again.kind === 'ok' && again.value.documents[0]?.document_binder_uuid).toMatch(/^BIN-/);
      // The earlier document and the advanced clock survived.
      const s = await client.singleStatus(binder ?? '');
      expect(s.kind === 'ok' && s.value.doc_box_status).toBe('RECEIVED');
      expect(second.sandbox.ledger.summary()).toMatchObject({ requests: 3, items: 3, accepted: 2, externalIdsAcceptedMoreThanOnce: 0 });
    } finally {
      await second.close();
    }
  });

  it('counts acceptances per external id, so a double send is visible', async () => {
    const t = await startTestSandbox();
    try {
      const { client } = t.client();
      await client.bulkSend({ documents: [bulkItem('D-1', 'accepted', 1), bulkItem('D-2', 'forbidden', 1)] });
      expect(t.sandbox.ledger.acceptedCountsByExternalId()).toEqual(new Map([['D-1', 1]]));
      // The gateway does not de-duplicate across requests (seed 001 §3.2.1): resending is a second delivery.
      await client.bulkSend({ documents: [bulkItem('D-1', 'accepted', 1)] });
      expect(t.sandbox.ledger.acceptedCountsByExternalId().get('D-1')).toBe(2);
      expect(t.sandbox.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(1);
      expect(t.sandbox.ledger.itemsFor('D-1').map((i) => i.requestId)).toHaveLength(2);
      expect(t.sandbox.ledger.itemsFor('D-1')[0]?.recipientKey).not.toContain('0100');
    } finally {
      await t.close();
    }
  });
});

describe('sandbox admin API', () => {
  it('drives faults, the ledger, the clock and openDocument over loopback HTTP', async () => {
    const t = await startTestSandbox({ adminPort: 0 });
    try {
      const adminUrl = t.sandbox.adminUrl ?? '';
      expect(adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const admin = createDocsGwSandboxAdminClient(adminUrl);
      expect(await admin.info()).toMatchObject({ host: 'docs-gw.sandbox.docdesk.test', port: t.sandbox.port, addresses: ['127.0.0.1', '127.0.0.2'] });

      await admin.setFaults({ refuseAddresses: ['127.0.0.1'], timestampsInMillis: { count: 1 } });
      expect(await admin.faults()).toMatchObject({ refuseAddresses: ['127.0.0.1'], timestampsInMillis: { count: 1 } });
      const { client } = t.client();
      const sent = await client.bulkSend({ documents: [bulkItem('A-1', 'neverRead', 3)] });
      expect(sent).toMatchObject({ kind: 'ok', address: '127.0.0.2' });
      await admin.clearFaults();
      expect(await admin.faults()).toEqual({});

      expect((await admin.summary()).accepted).toBe(1);
      expect(await admin.itemsFor('A-1')).toMatchObject([{ result: 'ACCEPTED' }]);
      expect(await admin.acceptedCountsByExternalId()).toEqual(new Map([['A-1', 1]]));
      expect((await admin.requests()).map((r) => r.address)).toEqual(['127.0.0.2']);

      const binder = sent.kind === 'ok' ? (sent.value.documents[0]?.document_binder_uuid ?? '') : '';
      await expect(admin.openDocument(binder)).rejects.toBeInstanceOf(SandboxAdminError); // still SENT
      const before = await admin.now();
      expect(await admin.advanceClock(15 * 60_000)).toBeGreaterThanOrEqual(before + 15 * 60_000);
      const opened = await admin.openDocument(binder);
      expect((await client.verifyToken(binder, opened.token)).kind).toBe('ok');
      await expect(admin.openDocument('BIN-nope')).rejects.toMatchObject({ status: 404 });
      await expect(admin.setFaults({ refuseAddresses: ['10.0.0.1'] })).rejects.toBeInstanceOf(SandboxAdminError);
    } finally {
      await t.close();
    }
  });

  it('refuses a foreign Host header and writes without a JSON Content-Type', async () => {
    const t = await startTestSandbox({ adminPort: 0 });
    try {
      const url = t.sandbox.adminUrl ?? '';
      const port = Number(new URL(url).port);
      const status = (opts: { method: string; path: string; headers: Record<string, string> }, body?: string) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, ...opts }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(body);
        });
      expect(await status({ method: 'GET', path: '/v1/info', headers: { host: 'evil.example:80' } })).toBe(403);
      expect(await status({ method: 'PUT', path: '/v1/faults', headers: { 'content-type': 'text/plain' } }, '{"latencyMs":1}')).toBe(415);
      expect(await status({ method: 'GET', path: '/v1/info', headers: {} })).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('a sandbox in another process (start-sandbox.ts) is driven through the admin API', async () => {
    const ledger = path.join(tempDir(), 'child-ledger.db');
    const entry = path.resolve(import.meta.dirname, '../../main/sandbox/start-sandbox.ts');
    const child = spawn(process.execPath, [entry, '--ledger', ledger, '--admin-port', '0', '--time-scale', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: hermeticEnv(),
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines = readline.createInterface({ input: child.stdout });
      const firstLine = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
      });
      const info = sandboxInfoSchema.parse(JSON.parse(firstLine));
      expect(info).toMatchObject({ timeScale: 60, ledgerPath: ledger });
      const admin = createDocsGwSandboxAdminClient(info.adminUrl ?? '');
      const client = createDocsGwClient({
        profileKind: 'sandbox',
        service: docsgwServiceSchema.parse({ host: info.host, addresses: info.addresses, port: info.port, caFile: info.caFile }),
        credentials: () => ({ accessToken: SANDBOX_ACCESS_TOKEN, contractUuid: SANDBOX_CONTRACT_UUID }),
        exchangeSink: { append: () => {} },
      });
      try {
        await admin.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_SERVER_ERROR', count: 1 } });
        expect((await client.bulkSend({ documents: [bulkItem('C-1', 'accepted', 1)] })).kind).toBe('ambiguous');
        expect((await client.bulkSend({ documents: [bulkItem('C-2', 'accepted', 2)] })).kind).toBe('ok');
        expect(await admin.summary()).toMatchObject({ requests: 2, accepted: 1 });
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
