// Audit service behaviours: landing-event import (idempotent, validated, no raw tokens), retention purge (payloads
// gone, chain still verifies), the anchor folder, key rotation, and the tee from the exchange/operator logs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { operatorEventType } from '../../main/audit/producer.ts';
import { canonicalize } from '../../main/audit/jcs.ts';
import { leafHash } from '../../main/audit/hashing.ts';
import { maskBirthday, maskEmail, maskIp, maskName, maskPhone } from '../../shared/domain/masking.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
  dirs.push(d);
  return d;
}

const BINDER = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TOKEN_SHA = 'a'.repeat(64);
const landingLines = [
  { type: 'ott.verify', at: '2026-11-22T01:00:00.000Z', document_binder_uuid: BINDER, external_document_uuid: 'EXT-1', token_sha256: TOKEN_SHA, result: 'USED', ip: '211.234.10.20', user_agent: 'KAKAOTALK 10.0' },
  { type: 'page.entry', at: '2026-11-22T01:00:01.000Z', document_binder_uuid: BINDER, content_sha256: 'b'.repeat(64), ip: '211.234.10.20' },
  { type: 'read_status', at: '2026-11-22T01:00:02.000Z', document_binder_uuid: BINDER, http_status: 204, attempt: 1, result: 'OK' },
  { type: 'page.failure', at: '2026-11-22T01:05:00.000Z', document_binder_uuid: BINDER, reason: 'token_reused', ip: '10.1.2.3' },
].map((l) => JSON.stringify(l));

describe('audit service', () => {
  it('imports a landing JSON Lines file once: a second import adds nothing; IPs are masked in the chain', async () => {
    const dataDir = tmp();
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor });
    const file = path.join(dataDir, 'landing.jsonl');
    writeFileSync(file, `${landingLines.join('\n')}\n`);
    expect(await svc.importLanding(file)).toEqual({ lines: 4, added: 4, duplicates: 0 });
    expect(await svc.importLanding(file)).toEqual({ lines: 4, added: 0, duplicates: 4 });
    const page = await svc.events({ ev: 'edoc.', subject: `binder:${BINDER}` });
    expect(page.rows.map((r) => r.ev).sort()).toEqual(['edoc.ott.verify', 'edoc.page.entry', 'edoc.page.failure', 'edoc.read_status']);
    const text = JSON.stringify(page.rows);
    expect(text).toContain('211.234.*.*');
    expect(text).not.toContain('211.234.10.20');
    expect((await svc.verify()).ok).toBe(true);
    // Stored bytes are exactly the JCS form of the record (assembled at commit from the enqueue-time parts).
    for (const row of (await svc.events({ limit: 100 })).rows) expect(leafHash(Buffer.from(canonicalize(row.record), 'utf8')).toString('hex')).toBe(row.leaf);
    await svc.close();
  });

  it('refuses a landing file with an invalid line or a raw token, and imports nothing from it', async () => {
    const dataDir = tmp();
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor });
    const before = await svc.size();
    const file = path.join(dataDir, 'bad.jsonl');
    writeFileSync(file, `${landingLines[0]}\n${JSON.stringify({ type: 'ott.verify', at: '2026-11-22T01:00:00Z', token: 'secret-token', token_sha256: TOKEN_SHA, result: 'USED' })}\n{oops\n`);
    await expect(svc.importLanding(file)).rejects.toThrow(/2행/);
    expect(await svc.size()).toBe(before);
    await svc.close();
  });

  it('retention purge deletes payloads older than the period, keeps leaf/chain, and the chain still verifies', async () => {
    const dataDir = tmp();
    let now = Date.parse('2024-01-01T00:00:00Z');
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor, now: () => now });
    for (let i = 0; i < 5; i++) await svc.appendDurable({ ev: 'op.test.old', data: { i }, blobs: { body: `old personal body ${i}` } });
    now = Date.parse('2026-06-01T00:00:00Z');
    for (let i = 0; i < 3; i++) await svc.appendDurable({ ev: 'op.test.new', data: { i } });
    expect(() => svc.setRetentionDays(100)).toThrow(/365/);
    const purged = await svc.purgeExpired();
    expect(purged).not.toBeNull();
    expect(purged!.lo).toBe(1);
    const rows = (await svc.events({ limit: 1000 })).rows;
    expect(rows.filter((r) => r.record === null).length).toBe(purged!.hi - purged!.lo + 1);
    expect(rows.find((r) => r.seq === 0)?.record?.ev).toBe('audit.genesis');
    expect(rows.some((r) => r.ev === 'op.test.new')).toBe(true);
    expect(rows.some((r) => r.ev === 'audit.purge')).toBe(true);
    const v = await svc.verify();
    expect(v.problems).toEqual([]);
    await svc.close();
  });

  it('sends every checkpoint to the anchor folder, and verify reads the folder back', async () => {
    const dataDir = tmp();
    const anchor = path.join(tmp(), 'share');
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor, checkpointEvery: 5 });
    await svc.setAnchorFolder(anchor);
    for (let i = 0; i < 12; i++) await svc.appendDurable({ ev: 'op.test.event', data: { i } });
    await svc.checkpoint();
    const files = readdirSync(anchor);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(readFileSync(path.join(anchor, files[0]!), 'utf8')).toMatch(/^docdesk-audit\/[0-9a-f-]{36}\n\d+\n/);
    expect((await svc.checkpoints()).every((c) => c.anchoredAt !== null)).toBe(true);
    const v = await svc.verify();
    expect(v.ok).toBe(true);
    expect(v.externalCheckpointsChecked).toBe(files.length);
    await svc.close();
  });

  it('a checkpoint signed while verify runs is left to the next run, not reported as a cut tail', async () => {
    const dataDir = tmp();
    // Resolved once verify has read the log's size and its chain pass is under way (with the worker pool: the
    // calling thread yields to the event loop until the workers answer).
    let chainPassStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (chainPassStarted = resolve));
    const svc = await openAuditService({
      dataDir,
      auditKey: randomBytes(32),
      actor,
      wrapReads: (reads) => ({
        ...reads,
        verify: (o) => {
          const report = reads.verify(o);
          chainPassStarted();
          return report;
        },
      }),
    });
    for (let i = 0; i < 20; i++) await svc.appendDurable({ ev: 'op.test.event', data: { i } });
    await svc.flush(); // signs the checkpoint now due (none yet), not during verify's own flush
    const before = (await svc.checkpoints()).length;
    const verifying = svc.verify({ workers: 2 });
    let verified = false;
    void verifying.finally(() => (verified = true));
    // The application appends and signs meanwhile.
    await started;
    for (let i = 0; i < 5; i++) svc.append({ ev: 'op.test.event', data: { late: i } });
    await svc.checkpoint();
    const grown = !verified;
    const v = await verifying;
    expect(grown).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.checkpointsChecked).toBe(before);
    expect((await svc.verify()).ok).toBe(true);
    await svc.close();
  });

  it('key rotation: the old key signs a checkpoint covering the rotation, the new key the next; all verify', async () => {
    const dataDir = tmp();
    const auditKey = randomBytes(32);
    const svc = await openAuditService({ dataDir, auditKey, actor });
    await svc.appendDurable({ ev: 'op.test.event', data: {} });
    const before = svc.key().fingerprint;
    const r = await svc.rotateKey('테스트 교체');
    expect(r.oldFp).toBe(before);
    expect(svc.key().fingerprint).toBe(r.newFp);
    const fps = new Set((await svc.checkpoints()).map((c) => c.keyFingerprint));
    expect(fps).toEqual(new Set([r.oldFp, r.newFp]));
    await svc.close();
    const again = await openAuditService({ dataDir, auditKey, actor, selfCheck: true });
    expect(again.key().fingerprint).toBe(r.newFp);
    expect(again.startup?.ok).toBe(true);
    expect((await again.verify()).ok).toBe(true);
    await again.close();
  });

  it('a float in producer data fails at the producer (never later in the writer)', async () => {
    const dataDir = tmp();
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor });
    expect(() => svc.append({ ev: 'op.test.event', data: { amount: 1.5 } })).toThrow(/integers/);
    expect(() => svc.append({ ev: 'Bad Event', data: {} })).toThrow();
    await svc.close();
  });

  it('operator actions map to op.* event types; one masking scheme', () => {
    expect(operatorEventType('payup.cancelBatch')).toBe('op.payup.cancel_batch');
    expect(operatorEventType('mailing.unknown.resend')).toBe('op.mailing.unknown.resend');
    expect(maskPhone('01012345678')).toBe('010-****-5678');
    expect([maskName('김철'), maskName('김철수'), maskName('남궁민수')]).toEqual(['김*', '김*수', '남**수']);
    expect(maskBirthday('19800102')).toBe('1980****');
    expect(maskEmail('abcdef@example.com')).toBe('ab***@example.com');
    expect(maskIp('211.234.10.20')).toBe('211.234.*.*');
  });
});
