// The audit writer's named steps (main/audit/audit-writer-steps.ts) as callers see them through AuditStore: a
// refusal reaches the caller as a typed error with its code and a Korean message — from the promise and from
// settle() — and changes nothing; a step that does not parse where it crosses the thread is refused the same way.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import type { AuditWriterStep } from '../../main/audit/audit-writer-steps.ts';
import { openAuditWriter, type OpenAuditWriter } from '../../main/audit/open-audit-writer.ts';
import { StepRefusedError } from '../../main/store/step-refusal.ts';
import { tempDir } from '../helpers/test-backend.ts';

let writer: OpenAuditWriter;
beforeEach(() => {
  const keys = deriveAuditKeys(randomBytes(32));
  writer = openAuditWriter({ path: path.join(tempDir('docdesk-audit-steps-'), 'audit.db'), key: keys.dbKey }, keys.blobKey);
});
afterEach(() => writer.close());

const meta = (key: string): unknown => writer.db.prepare('SELECT value FROM audit_meta WHERE key = ?').pluck().get(key);

it('a second log id is refused with its code and a Korean message; the first stays', async () => {
  const { store } = writer;
  await store.setMeta('log_id', '11111111-1111-4111-8111-111111111111');
  const refused = store.setMeta('log_id', '22222222-2222-4222-8222-222222222222');
  await expect(refused).rejects.toBeInstanceOf(StepRefusedError);
  await expect(refused).rejects.toMatchObject({ code: 'AUDIT_LOG_ID_EXISTS', exitCode: 1, message: expect.stringContaining('이미 로그 ID') as unknown });
  expect(meta('log_id')).toBe('11111111-1111-4111-8111-111111111111');
});

it('settle() throws the first refusal among the steps posted since the last settle, once', () => {
  const { store } = writer;
  void store.setMeta('anchor_folder', '/share/a');
  void store.purge({ lo: 5, hi: 2, grantedAt: 1 });
  void store.setMeta('retention_days', '800');
  expect(() => store.settle()).toThrow(expect.objectContaining({ code: 'AUDIT_PURGE_RANGE', message: expect.stringContaining('아무것도 지우지 않았습니다') as unknown }));
  // The steps around it committed; the refusal is reported once.
  expect(meta('anchor_folder')).toBe('/share/a');
  expect(meta('retention_days')).toBe('800');
  expect(writer.db.prepare('SELECT count(*) FROM purge_grant').pluck().get()).toBe(0);
  expect(() => store.settle()).not.toThrow();
});

it('a step that does not parse where it crosses the thread is refused, and nothing is written', () => {
  const answers: unknown[] = [];
  // A key the log never sets (and the type refuses): only the writer's zod check stands between it and audit_meta.
  const forged = JSON.parse('{"step":"setMeta","key":"tree_upgrade","value":"x"}') as AuditWriterStep;
  writer.committer.step(forged, (a) => answers.push(a));
  writer.committer.drain();
  expect(answers).toEqual([{ error: expect.stringContaining('잘못된 요청') as unknown }]);
  expect(meta('tree_upgrade')).toBeUndefined();
});
