// Issue 16 step 8: an exchange record commits in docdesk.db with its journal step; the docdesk writer then posts its
// audit event to the audit writer. A process killed between the two commits loses the event, not the record: the
// next start appends it from exchange_log (main/audit/recover.ts) — exactly once, with no row of the log missing
// from the chain. The window is held open for real: the test holds audit.db's write lock while the CLI answers a
// status check (its step committed in docdesk.db), kills the CLI with SIGKILL, then lets go of the lock.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { CLI } from '../helpers/cli.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '3월 관리비 고지서', link: 'https://docdesk.example/bill/3', csNumber: '02-123-4567', csName: '관리사무소' };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function startCli(dataDir: string, args: string[]): { child: ChildProcessWithoutNullStreams; exited: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { env: hermeticEnv() });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

const webInfo = z.object({ port: z.number().int(), token: z.string() });
const seqRows = z.array(z.number().int());

it('an exchange event lost between the docdesk commit and the audit commit is recovered at the next start, once, with no gap', { timeout: 180_000 }, async () => {
  const dataDir = tempDir('docdesk-route-kill9-');
  dirs.push(dataDir);
  // A sent mailing: its documents are ACCEPTED, so one can be checked on its own (a status call in a journal step).
  const first = await createBackend({ dataDir, env: {} });
  const externalId = await (async () => {
    try {
      const list = path.join(dataDir, 'list.csv');
      writeFileSync(list, '이름,휴대폰,생년월일\n김철수,010-2222-1111,19750505\n');
      const mailingId = (await first.mailing.import(list, { defaults: DEFAULTS, name: '경로 시험' })).mailingId ?? '';
      await first.mailing.send(mailingId);
      return (await first.documents.query({ mailingId, limit: 1 })).rows[0]?.externalDocumentUuid ?? '';
    } finally {
      await first.close();
    }
  })();
  expect(externalId).not.toBe('');
  const keys = loadDataDirKeys(dataDir, undefined);
  const exchangeSeqs = (): number[] => {
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey, { readonly: true });
    try {
      return seqRows.parse(db.prepare('SELECT seq FROM exchange_log ORDER BY seq').pluck().all());
    } finally {
      db.close();
    }
  };
  const before = exchangeSeqs();

  const web = startCli(dataDir, ['web', '--json', '--port', '0']);
  let info: z.infer<typeof webInfo> | null = null;
  for (const deadline = Date.now() + 60_000; info === null && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const line = web.stdout().split('\n')[0];
    if (web.stdout().includes('\n') && line) info = webInfo.parse(JSON.parse(line));
  }
  if (info === null) throw new Error(`no bridge address: ${web.stderr()}`);
  // Whatever the CLI logged while starting is committed by now (its start-up recovery flushed the log).
  const auditDb = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(keys.auditKey).dbKey);
  let lost: number[];
  try {
    auditDb.prepare('BEGIN IMMEDIATE').run();
    const answer = await fetch(`http://127.0.0.1:${info.port}/api/invoke/documents:check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docdesk-token': info.token },
      body: JSON.stringify({ ref: externalId }),
    });
    const body = z.object({ ok: z.boolean() }).parse(await answer.json());
    web.child.kill('SIGKILL');
    expect(body.ok).toBe(true);
    expect(await web.exited).toBeNull();
    auditDb.prepare('ROLLBACK').run();
    // The check's record is in docdesk.db; its event never reached audit.db.
    lost = exchangeSeqs().filter((s) => !before.includes(s));
    expect(lost.length).toBeGreaterThanOrEqual(1);
    for (const seq of lost) expect(auditDb.prepare('SELECT count(*) FROM audit_subject WHERE key = ?').pluck().get(`xlog:${seq}`)).toBe(0);
  } finally {
    auditDb.close();
  }

  for (let start = 0; start < 2; start++) {
    // Twice: the first start recovers the lost events, the second finds nothing left to recover.
    const b = await createBackend({ dataDir, env: {} });
    try {
      for (const seq of exchangeSeqs()) {
        const events = await b.audit.events({ ev: 'net.', subject: `xlog:${seq}`, limit: 5 });
        expect(events.total, `exchange_log row ${seq}`).toBe(1);
        expect(events.rows[0]!.record?.data['recovered'], `exchange_log row ${seq}`).toBe(lost.includes(seq) ? true : undefined);
      }
      const recovered = (await b.audit.events({ ev: 'net.', subject: lost.map((seq) => `xlog:${seq}`), limit: 20 })).rows;
      expect(recovered.map((e) => e.record?.data['endpoint'])).toContain('singleStatus');
      expect((await b.audit.verify()).ok).toBe(true);
    } finally {
      await b.close();
    }
  }
});
