// Issue 13 item 3: one writer per data folder, provably. The lock is the kernel's (data-dir-lock.ts): real
// processes race for it, hold it from another PID namespace, and are SIGKILLed holding it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { acquireDataDirLock, LOCK_FILE } from '../../main/app/data-dir-lock.ts';
import { HOLDER_FILE } from '../../main/app/data-dir-holder.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { CONTENDER, killHard, startContender, type Contender, type ContenderAnswer } from '../helpers/contender-process.ts';
import { tempDir } from '../helpers/test-backend.ts';

const ROUNDS = 120;

const started: Contender[] = [];
async function contender(argv?: string[]): Promise<Contender> {
  const c = await startContender(argv);
  started.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(started.map((c) => killHard(c)));
});

/** The next PID this host would not know: a PID a contender in another namespace can have (Linux, root). */
function pidNamespaceWrapper(): string[] | null {
  if (process.platform !== 'linux') return null;
  if (spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']).status !== 0) return null;
  // PIDs in the new namespace count up from 1; forks until the next one is a PID that does not exist on this
  // host (its /proc is the host's: no --mount-proc), so the holder's PID names no process here.
  const script = 'while :; do true & p=$!; wait $p; [ -e /proc/$((p+1)) ] || break; done; "$0" "$1"';
  return ['unshare', '--pid', '--fork', '--kill-child', 'sh', '-c', script, process.execPath, CONTENDER];
}

function processExistsHere(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return z.object({ code: z.string() }).safeParse(err).data?.code === 'EPERM';
  }
}

describe('writer lock between processes', () => {
  it(`two processes racing for a stale lock: exactly one wins in each of ${ROUNDS} rounds, none crashes`, { timeout: 240_000 }, async () => {
    const dataDir = tempDir('docdesk-lock-race-');
    // A holder killed with SIGKILL leaves the stale lock the first round races for.
    const first = await contender();
    first.send({ op: 'acquire', dataDir });
    expect((await first.next()).won).toBe(true);
    await killHard(first);

    // New contenders start while a round runs: each round uses up one (its winner is killed).
    const spares: Promise<Contender>[] = [contender(), contender()];
    const idle: Contender[] = [];
    const crashes: string[] = [];
    const previousWriters = new Set<string | null | undefined>();
    let doubleWins = 0;
    let noWinner = 0;
    for (let round = 0; round < ROUNDS; round++) {
      while (idle.length < 2) {
        idle.push(await spares.shift()!);
        spares.push(contender());
      }
      const pair = idle.splice(0, 2);
      const startAt = Date.now() + 40;
      for (const c of pair) c.send({ op: 'acquire', dataDir, startAt });
      const answers: ContenderAnswer[] = await Promise.all(pair.map((c) => c.next()));
      for (const a of answers) if (a.crashed !== undefined) crashes.push(a.crashed);
      const winners = pair.filter((_, i) => answers[i]!.won === true);
      if (winners.length > 1) doubleWins++;
      if (winners.length === 0) noWinner++;
      for (const a of answers) if (a.won === true) previousWriters.add(a.previousWriter);
      for (const a of answers) if (a.won === false) expect(a.code).toBe('DATA_DIR_BUSY');
      // The winner dies holding the lock: the next round races for a stale lock again.
      await Promise.all(winners.map((w) => killHard(w)));
      idle.push(...pair.filter((_, i) => answers[i]!.won === false));
    }
    await Promise.all(spares.map(async (s) => killHard(await s)));
    expect({ doubleWins, noWinner, crashes }).toEqual({ doubleWins: 0, noWinner: 0, crashes: [] });
    // Every winner knew it took over from a writer that died holding the folder.
    expect([...previousWriters]).toEqual(['died-holding']);
  });

  it('a holder whose PID means nothing here (another PID namespace) is not taken over, and the refusal names it', { timeout: 60_000 }, async () => {
    const dataDir = tempDir('docdesk-lock-pidns-');
    const wrapper = pidNamespaceWrapper();
    const holder = await contender(wrapper ?? undefined);
    holder.send({ op: 'acquire', dataDir });
    expect((await holder.next()).won).toBe(true);
    if (wrapper === null) {
      // No PID namespace to be had: the same situation, made by hand — the record's PID names no process here
      // while the holder really holds the lock.
      const record = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path.join(dataDir, HOLDER_FILE), 'utf8')));
      writeFileSync(path.join(dataDir, HOLDER_FILE), JSON.stringify({ ...record, pid: 4_194_000 }));
      holder.pid = 4_194_000;
    }
    // The holder's PID is not a process of this host: a PID check would have declared it dead.
    expect(processExistsHere(holder.pid)).toBe(false);

    let refusal: unknown = null;
    try {
      acquireDataDirLock(dataDir).release({ recoveryDue: false });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toMatchObject({ code: 'DATA_DIR_BUSY', exitCode: 4, message: expect.stringContaining(`이 컴퓨터의 다른 DocDesk(프로세스 ${holder.pid},`) });

    // Another process is refused just the same, and the holder still holds the folder until it lets go.
    const other = await contender();
    other.send({ op: 'acquire', dataDir });
    expect(await other.next()).toMatchObject({ won: false, code: 'DATA_DIR_BUSY' });
    holder.send({ op: 'release' });
    expect((await holder.next()).released).toBe(true);
    other.send({ op: 'acquire', dataDir });
    expect(await other.next()).toMatchObject({ won: true, previousWriter: 'stopped-cleanly' });
  });

  it('a folder held from another host is refused with a message naming that host', async () => {
    const dataDir = tempDir('docdesk-lock-host-');
    const holder = await contender();
    holder.send({ op: 'acquire', dataDir, hostName: 'SEOUL-PC-07' });
    expect((await holder.next()).won).toBe(true);
    const refused = await contender();
    refused.send({ op: 'acquire', dataDir, hostName: 'BUSAN-PC-02' });
    const answer = await refused.next();
    expect(answer).toMatchObject({ won: false, code: 'DATA_DIR_BUSY' });
    expect(answer.message).toContain(`다른 컴퓨터 'SEOUL-PC-07'의 DocDesk(그 컴퓨터의 프로세스 ${holder.pid},`);
    expect(answer.message).toContain('종료한 뒤 다시 실행하세요');
  });
});

describe('writer lock in one process', () => {
  it('a second backend in the same process is refused while the first is open', async () => {
    const dataDir = tempDir('docdesk-lock-same-');
    const first = acquireDataDirLock(dataDir);
    expect(() => acquireDataDirLock(dataDir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_BUSY', message: expect.stringContaining(`프로세스 ${process.pid},`) }));
    // The refused connection closed its own file descriptor: the holder's lock must have survived it.
    const other = await contender();
    other.send({ op: 'acquire', dataDir });
    expect(await other.next()).toMatchObject({ won: false, code: 'DATA_DIR_BUSY' });
    first.release({ recoveryDue: false });
    other.send({ op: 'acquire', dataDir });
    expect((await other.next()).won).toBe(true);
  });

  it('a clean close followed by a new open runs no IN_FLIGHT → UNKNOWN recovery; a close that left work in flight does', { timeout: 60_000 }, async () => {
    const dataDir = tempDir('docdesk-lock-clean-');
    const fresh = await createBackend({ dataDir, env: {} });
    expect(fresh.previousWriter).toBe('no-record');
    await fresh.close();

    const reopened = await createBackend({ dataDir, env: {} });
    expect(reopened.previousWriter).toBe('stopped-cleanly');
    expect([reopened.recoveredUnknown, reopened.recoveredPayupUnknown, reopened.recoveredKcpUnknown]).toEqual([0, 0, 0]);
    // A cancel whose answer never came before the close (e.g. a drain that timed out): IN_FLIGHT at close.
    const side = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    side
      .prepare(`INSERT INTO payup_cancels (transaction_id, reason, profile, state, state_at, created_at) VALUES ('T-LEFT-1', '테스트', 'sandbox', 'IN_FLIGHT', 1, 1)`)
      .run();
    side.close();
    await reopened.close();

    const afterLeftWork = await createBackend({ dataDir, env: {} });
    expect(afterLeftWork.previousWriter).toBe('stopped-with-work-in-flight');
    expect(afterLeftWork.recoveredPayupUnknown).toBe(1);
    expect((await afterLeftWork.payup.get('T-LEFT-1'))?.state).toBe('UNKNOWN');
    await afterLeftWork.close();

    const again = await createBackend({ dataDir, env: {} });
    expect(again.previousWriter).toBe('stopped-cleanly');
    await again.close();
  });

  it('read-only opens take no lock', async () => {
    const dataDir = tempDir('docdesk-lock-read-');
    await (await createBackend({ dataDir, env: {} })).close();
    const lock = acquireDataDirLock(dataDir);
    try {
      const reader = await createBackend({ dataDir, env: {}, access: 'read' });
      expect(reader.previousWriter).toBeNull();
      await reader.close();
    } finally {
      lock.release({ recoveryDue: false });
    }
  });

  it('upgrade: a PID file of an older DocDesk is taken over when its process is gone, refused while it runs', async () => {
    const dataDir = tempDir('docdesk-lock-legacy-');
    const legacy = path.join(dataDir, 'docdesk.lock');
    writeFileSync(legacy, String(process.ppid));
    expect(() => acquireDataDirLock(dataDir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_BUSY', message: expect.stringContaining(`이전 버전의 DocDesk(프로세스 ${process.ppid})`) }));
    expect(existsSync(legacy)).toBe(true);

    writeFileSync(legacy, '4194000');
    expect(processExistsHere(4_194_000)).toBe(false);
    const lock = acquireDataDirLock(dataDir);
    expect(lock.previousWriter).toBe('legacy-pid-file');
    expect(lock.recoveryDue).toBe(true);
    expect(existsSync(legacy)).toBe(false);
    lock.release({ recoveryDue: false });
  });

  it('a lock file that is not a database is refused with what to do, and left alone', () => {
    const dataDir = tempDir('docdesk-lock-corrupt-');
    writeFileSync(path.join(dataDir, LOCK_FILE), 'x'.repeat(4096));
    expect(() => acquireDataDirLock(dataDir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_LOCK_INVALID', exitCode: 4 }));
    expect(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).toBe('x'.repeat(4096));
  });
});
