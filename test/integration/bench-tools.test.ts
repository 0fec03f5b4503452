// The benchmark tools against a real sandbox process: the minimal client reaches the simulated docs-gw with
// the same TLS settings as DocDesk (test CA, servername), the bench backend sends through the same sandbox,
// the read-only database helpers see what was sent, and stop() leaves no process behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { benchBackend, BENCH_DEFAULTS, mailingItems, openBenchDb, pollableBinders } from '../bench/lib/bench-backend.ts';
import { createMinimalClient, groupsOf, runConcurrently } from '../bench/lib/minimal-client.ts';
import { startSandboxProcess } from '../bench/lib/sandbox-process.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('minimal client and bench backend send the same items to one sandbox process', { timeout: 120_000 }, async () => {
  const sandbox = await startSandboxProcess({ ledgerPath: path.join(tmp, 'ledger.db'), timeScale: 1 });
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  const backend = await benchBackend(dataDir, sandbox.info, { concurrency: 2, firstPollAfterSec: 5 });
  const db = openBenchDb(dataDir);
  const minimal = createMinimalClient(sandbox.info, 2);
  try {
    expect(sandbox.info.addresses).toEqual(['127.0.0.1']);
    const list = path.join(tmp, 'list.xlsx');
    await writeSampleRecipientList(list, { rows: 200, seed: 3 });
    const { mailingId, report } = await backend.mailing.import(list, { defaults: BENCH_DEFAULTS });
    expect(mailingId).not.toBeNull();
    const items = mailingItems(db, mailingId ?? '');
    expect(items).toHaveLength(report.valid);

    // Minimal client: the stored items with fresh external ids are accepted by the gateway (same shapes).
    let accepted = 0;
    const bodies = groupsOf(items.map((item, i) => ({ ...item, property: { ...(item['property'] as object), external_document_uuid: `TESTMIN-${i}` } })), 100);
    expect(bodies.map((b) => b.length)).toEqual([100, 96]);
    await runConcurrently(bodies, 2, async (documents) => {
      const res = await minimal.post('/v1/documents/bulk', { documents });
      expect(res.status).toBe(200);
      accepted += ((res.json as { documents: { document_binder_uuid?: string }[] }).documents ?? []).filter((d) => d.document_binder_uuid).length;
    });
    // Per 100 rows the sample has 98 valid; 9999, 4444 are refused and 5000 fails once (not retried here).
    expect(accepted).toBe(items.length - 6);

    const sent = await backend.mailing.send(mailingId ?? '', { acknowledgePreReview: true });
    expect(sent.counts.ACCEPTED).toBe(items.length - 4); // DocDesk retries the INTERNAL_ERROR items
    const binders = pollableBinders(db);
    expect(binders).toHaveLength(sent.counts.ACCEPTED);
    const status = await minimal.post('/v1/documents/bulk/status', { document_binder_uuids: binders.slice(0, 100) });
    expect(status.status).toBe(200);
    expect((status.json as { documents: unknown[] }).documents).toHaveLength(100);
  } finally {
    await minimal.close();
    db.close();
    await backend.close();
    await sandbox.stop();
  }
  expect(alive(sandbox.pid)).toBe(false);
});
