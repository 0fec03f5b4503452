// The open of the audit service reads the log through AuditReads only (issue 16 item 2), so a store that answers
// over a socket — PostgreSQL for a team server — serves it unchanged. Here a deliberately late implementation
// (test/helpers/late-audit-reads.ts) and the SQLite one open the same folders and must decide the same: the
// refusal of a lost, replaced or rolled-back audit.db (docdesk.db's record and the anchor folder), with the same
// problems named, the start-up self-check of a sound and of a tampered log, and a checkpoint signed over the same
// rows (Ed25519 is deterministic and the clock is fixed: the same body, signature and file).
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { AuditLogLostError } from '../../main/audit/log-continuity.ts';
import { openAuditService, type AuditServiceOptions } from '../../main/audit/audit-service.ts';
import type { AuditLogRecord } from '../../main/audit/log-record.ts';
import type { AuditReads } from '../../main/reads/audit-reads.ts';
import { answeringLater } from '../helpers/late-audit-reads.ts';
import { tempDir } from '../helpers/test-backend.ts';

const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const now = (): number => T0;
const actor = { type: 'operator' as const, id: 'tester' };
const auditKey = randomBytes(32);

let root: string;
let logId: string;
let signed: { size: number; head: string };
let anchor: string;
/** The size of the self-checked log's newest checkpoint. */
let checkedSigned: number;

/** docdesk.db's record of the log as the open reads it. */
const remembering = (record: AuditLogRecord): Pick<AuditServiceOptions, 'logRecord'> => ({ logRecord: { read: () => record, record: async () => {} } });

/** What the open refused with (the problems it named), or 'opened'. */
async function openOutcome(o: AuditServiceOptions): Promise<unknown> {
  try {
    await (await openAuditService(o)).close();
    return 'opened';
  } catch (err) {
    if (!(err instanceof AuditLogLostError)) throw err;
    return err.problems;
  }
}

/** The outcome over SQLite and over the late reads, and how often the late reads were asked. */
async function bothOutcomes(o: AuditServiceOptions): Promise<{ sqlite: unknown; late: unknown; calls: Map<string, number> }> {
  const sqlite = await openOutcome(o);
  let calls = new Map<string, number>();
  const late = await openOutcome({
    ...o,
    wrapReads: (inner) => {
      const wrapped = answeringLater(inner);
      calls = wrapped.calls;
      return wrapped.reads;
    },
  });
  return { sqlite, late, calls };
}

beforeAll(async () => {
  root = tempDir('docdesk-audit-open-reads-');
  anchor = path.join(root, 'anchor');
  const dataDir = path.join(root, 'log');
  mkdirSync(dataDir);
  const svc = await openAuditService({ dataDir, auditKey, actor, now });
  try {
    logId = svc.logId;
    await svc.setAnchorFolder(anchor);
    for (let i = 0; i < 10; i++) svc.append({ ev: 'op.test.filler', data: { i } });
    await svc.checkpoint();
    // The folder as a backup taken now holds it: older than what is signed below.
    cpSync(dataDir, path.join(root, 'older'), { recursive: true });
    for (let i = 0; i < 10; i++) svc.append({ ev: 'op.test.filler', data: { i: 10 + i } });
    const cp = await svc.checkpoint();
    signed = { size: cp.size, head: cp.head };
  } finally {
    await svc.close();
  }
  // A log without an anchor folder (a self-checked open signs a shutdown checkpoint), with rows after its newest
  // checkpoint: the self-check recomputes those.
  const checked = path.join(root, 'checked');
  mkdirSync(checked);
  const unanchored = await openAuditService({ dataDir: checked, auditKey, actor, now });
  try {
    for (let i = 0; i < 10; i++) unanchored.append({ ev: 'op.test.filler', data: { i } });
    checkedSigned = (await unanchored.checkpoint()).size;
    for (let i = 0; i < 5; i++) unanchored.append({ ev: 'op.test.filler', data: { i: 10 + i } });
    await unanchored.flush();
  } finally {
    await unanchored.close();
  }
});

/** A copy of the self-checked log (each self-checked open appends its result, and its close signs a checkpoint). */
function checkedCopy(name: string, tamperSeq?: number): string {
  const dataDir = path.join(root, name);
  cpSync(path.join(root, 'checked'), dataDir, { recursive: true });
  if (tamperSeq !== undefined) {
    // The attacker holds the database key and edits a record after the newest checkpoint, guards and all.
    const db = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(auditKey).dbKey);
    try {
      db.exec('DROP TRIGGER audit_record_no_update');
      db.prepare(`UPDATE audit_record SET record = CAST(replace(CAST(record AS TEXT), 'filler', 'fillet') AS BLOB) WHERE seq = ?`).run(tamperSeq);
    } finally {
      db.close();
    }
  }
  return dataDir;
}

describe('the open over a late AuditReads decides what it decides over SQLite', () => {
  it("refuses against docdesk.db's record: another log, a shorter log, another head — the same problems, read through AuditReads", async () => {
    const dataDir = path.join(root, 'log');
    const record = (change: Partial<AuditLogRecord>): AuditLogRecord => ({ logId, size: signed.size, head: signed.head, anchorFolder: anchor, recordedAt: new Date(T0).toISOString(), ...change });
    const cases: [AuditLogRecord, string][] = [
      [record({ logId: '00000000-0000-4000-8000-000000000000' }), 'LOG_ID_DIFFERS'],
      [record({ size: signed.size + 50 }), 'LOG_SHORTER_THAN_SIGNED'],
      [record({ head: Buffer.alloc(32, 7).toString('base64') }), 'LOG_HEAD_DIFFERS'],
    ];
    for (const [remembered, code] of cases) {
      const { sqlite, late, calls } = await bothOutcomes({ dataDir, auditKey, actor, now, ...remembering(remembered) });
      expect(sqlite, code).toMatchObject([{ code }]);
      expect(late, code).toEqual(sqlite);
      for (const read of ['logId', 'size']) expect(calls.get(read), `${code}: ${read}`).toBeGreaterThan(0);
    }
    // The record as the log is: it opens.
    expect(await bothOutcomes({ dataDir, auditKey, actor, now, ...remembering(record({})) })).toMatchObject({ sqlite: 'opened', late: 'opened' });
  });

  it('refuses a rolled-back audit.db that the anchor folder contradicts, reading the keys and the folder setting through AuditReads', async () => {
    const { sqlite, late, calls } = await bothOutcomes({ dataDir: path.join(root, 'older'), auditKey, actor, now });
    expect(sqlite).toMatchObject([{ code: 'LOG_SHORTER_THAN_SIGNED', seq: expect.any(Number) as unknown }]);
    expect(late).toEqual(sqlite);
    for (const read of ['logId', 'setting', 'keys', 'size']) expect(calls.get(read), read).toBeGreaterThan(0);
  });
});

describe('the start-up self-check over a late AuditReads finds what it finds over SQLite', () => {
  /** The open's self-check result over SQLite and over the late reads, each on its own copy of the log. */
  async function bothChecks(tamperSeq?: number): Promise<{ sqlite: unknown; late: unknown; calls: Map<string, number> }> {
    const sqlite = await openAuditService({ dataDir: checkedCopy(`sqlite-${tamperSeq ?? 'sound'}`, tamperSeq), auditKey, actor, now, selfCheck: true });
    let calls = new Map<string, number>();
    const late = await openAuditService({
      dataDir: checkedCopy(`late-${tamperSeq ?? 'sound'}`, tamperSeq),
      auditKey,
      actor,
      now,
      selfCheck: true,
      wrapReads: (inner) => {
        const wrapped = answeringLater(inner);
        calls = wrapped.calls;
        return wrapped.reads;
      },
    });
    try {
      return { sqlite: sqlite.startup, late: late.startup, calls };
    } finally {
      await sqlite.close();
      await late.close();
    }
  }

  it('a sound log: ok, the rows after the newest checkpoint recomputed through AuditReads', async () => {
    const { sqlite, late, calls } = await bothChecks();
    expect(sqlite).toEqual({ ok: true, quickCheck: 'ok', triggersMissing: [], firstBadSeq: null });
    expect(late).toEqual(sqlite);
    for (const read of ['quickCheck', 'latestCheckpoint', 'chainAt', 'chainFrom']) expect(calls.get(read), read).toBeGreaterThan(0);
  });

  it('a record edited after the newest checkpoint: the same first bad seq and missing guard', async () => {
    const { sqlite, late } = await bothChecks(checkedSigned + 2);
    expect(sqlite).toEqual({ ok: false, quickCheck: 'ok', triggersMissing: ['audit_record_no_update'], firstBadSeq: checkedSigned + 2 });
    expect(late).toEqual(sqlite);
  });
});

describe('a checkpoint signed through a late AuditReads is the one signed through SQLite', () => {
  it('over the rows after the newest checkpoint: the same size, head, root, signature and file', async () => {
    const signedBy = async (name: string, late: boolean): Promise<{ answer: Record<string, unknown>; file: string; calls: Map<string, number> }> => {
      let calls = new Map<string, number>();
      const svc = await openAuditService({
        dataDir: checkedCopy(name),
        auditKey,
        actor,
        now,
        ...(late
          ? {
              wrapReads: (inner: AuditReads) => {
                const wrapped = answeringLater(inner);
                calls = wrapped.calls;
                return wrapped.reads;
              },
            }
          : {}),
      });
      try {
        const out = path.join(root, `${name}.checkpoint.txt`);
        const { file, ...answer } = await svc.checkpoint(out);
        expect(file).toBe(out);
        return { answer, file: readFileSync(out, 'utf8'), calls };
      } finally {
        await svc.close();
      }
    };
    const sqlite = await signedBy('signed-sqlite', false);
    const late = await signedBy('signed-late', true);
    expect(sqlite.answer).toMatchObject({ size: checkedSigned + 6 });
    expect(late.answer).toEqual(sqlite.answer);
    expect(late.file).toBe(sqlite.file);
    for (const read of ['latestCheckpoint', 'size', 'chainAt', 'treeHashes']) expect(late.calls.get(read), read).toBeGreaterThan(0);
  });
});
