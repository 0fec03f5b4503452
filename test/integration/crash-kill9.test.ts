// Issue 2: the CLI sending 5,000 documents is killed with SIGKILL at ten or more random moments and resumed each
// time; at the end the sandbox ledger shows no document delivered twice, and every document is accepted,
// rejected, or UNKNOWN and then resolved — none missing.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StateCounts } from '../../shared/domain/mailing.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

const KILLS = 12;

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

function cli(dataDir: string, ...args: string[]) {
  return runCli(['--data-dir', dataDir, '--json', ...args]);
}

/**
 * Starts `mail send` and SIGKILLs it a random moment after its first request of this run reached the sandbox,
 * so the kill lands mid-send however slowly the machine starts processes. Resolves with the exit code (null when
 * killed).
 */
function sendAndKill(dataDir: string, mailingId: string): Promise<number | null> {
  const seen = sandbox.docsgw.ledger.requests().length;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'mail', 'send', mailingId, '--yes'], { stdio: 'ignore', env: hermeticEnv() });
    let timer: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (sandbox.docsgw.ledger.requests().length > seen) {
        clearInterval(watch);
        timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 500));
      }
    }, 25);
    child.on('exit', (code) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve(code);
    });
  });
}

it('survives SIGKILL at random moments without a double delivery or a lost document', { timeout: 240_000 }, async () => {
  const dataDir = tempDir('docdesk-crash-');
  // Slow requests so each run is killed in the middle of sending chunks.
  await sandbox.docsgw.setFaults({ latencyMs: { ms: 600, endpoints: ['bulkSend'] } });
  await (await backendFor(sandbox, { dataDir, concurrency: 2 })).close();
  const list = path.join(dataDir, 'list.xlsx');
  await writeSampleRecipientList(list, { rows: 5000, seed: 42 });
  const imported = await cli(dataDir, 'mail', 'import', list, '--title', '크래시 테스트', '--link', 'https://docdesk.example/c', '--cs-number', '02-000-0000', '--cs-name', '센터');
  expect(imported.code).toBe(0);
  const mailingId = String(imported.json.mailingId);

  let killed = 0;
  for (let i = 0; i < KILLS; i++) {
    const code = await sendAndKill(dataDir, mailingId);
    if (code === null) killed++;
    else if (code !== 0 && code !== 3) throw new Error(`mail send exited with ${code}`);
    else break; // the send finished before the kill: nothing left to interrupt
  }
  expect(killed).toBeGreaterThanOrEqual(10);

  // Resume to the end, then the operator abandons whatever is UNKNOWN (its delivery cannot be known).
  let status = await cli(dataDir, 'mail', 'send', mailingId, '--yes');
  expect([0, 3], status.stderr).toContain(status.code);
  if (status.code === 3) expect((await cli(dataDir, 'mail', 'resolve', mailingId, '--unknown', 'abandon')).code).toBe(0);
  status = await cli(dataDir, 'mail', 'status', mailingId);
  const counts = status.json.counts as StateCounts;
  expect(counts.QUEUED + counts.IN_FLIGHT + counts.UNKNOWN + counts.DRAFT).toBe(0);
  expect(counts.ACCEPTED + counts.REJECTED + counts.ABANDONED).toBe(status.json.total);
  await sandbox.docsgw.clearFaults();

  // Cross-check every document against the sandbox ledger.
  expect(sandbox.docsgw.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(0);
  const accepted = sandbox.docsgw.ledger.acceptedCountsByExternalId();
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    const docs = db.prepare('SELECT id, state, external_document_uuid ext, gateway_binder_uuid bin FROM documents WHERE mailing_id = ?').all(mailingId) as {
      id: number;
      state: string;
      ext: string;
      bin: string | null;
    }[];
    const attempts = db.prepare('SELECT document_id d, external_document_uuid ext FROM attempts').all() as { d: number; ext: string }[];
    const acceptedPerDocument = new Map<number, number>();
    for (const a of attempts) if (accepted.has(a.ext)) acceptedPerDocument.set(a.d, (acceptedPerDocument.get(a.d) ?? 0) + 1);
    for (const d of docs) {
      // Never delivered twice, whatever the attempt id.
      expect(acceptedPerDocument.get(d.id) ?? 0).toBeLessThanOrEqual(1);
      if (d.state === 'ACCEPTED') {
        expect(accepted.get(d.ext)).toBe(1);
        expect(sandbox.docsgw.ledger.itemsFor(d.ext).find((x) => x.result === 'ACCEPTED')?.documentBinderUuid).toBe(d.bin);
      }
      if (d.state === 'REJECTED') expect(sandbox.docsgw.ledger.itemsFor(d.ext).some((x) => x.result !== 'ACCEPTED')).toBe(true);
    }
    // At least one kill landed while chunks were in flight (recovered as UNKNOWN at the next start).
    const recovered = db.prepare(`SELECT count(*) n FROM attempts WHERE outcome = 'UNKNOWN' AND detail = 'crash-recovery'`).get() as { n: number };
    expect(recovered.n).toBeGreaterThan(0);
    // Nothing the gateway accepted is unknown to us.
    const ours = new Set(attempts.map((a) => a.ext));
    for (const ext of accepted.keys()) if (ext.startsWith(docs[0]!.ext.split('-')[0]!)) expect(ours.has(ext)).toBe(true);
  } finally {
    db.close();
  }
});
