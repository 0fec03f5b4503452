// VERIFY.md after a key rotation (issue 17 item 3): the bundle cites the newest checkpoint anchored off the PC, here
// one from before the rotation (signed with the old key) and the one signed at export (the new key). Run literally, VERIFY.md checks each
// with the key that signed it — keys/<fp>.pem, its fingerprint checked against its name — and every step passes;
// a key file swapped for another key is refused by that check.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { verifyBoth } from '../helpers/bundle-verdicts.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { tempDir } from '../helpers/test-backend.ts';

const actor = { type: 'operator' as const, id: 'tester', host: 'test-pc' };
let root: string;
let bundle: string;

const steps = (dir: string): string[] => [...readFileSync(path.join(dir, 'VERIFY.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const keyLine = (dir: string, name: string) => /^key ([0-9a-f]{64})$/m.exec(readFileSync(path.join(dir, 'checkpoints', name), 'utf8'))?.[1];

beforeAll(async () => {
  root = tempDir('docdesk-key-rotation-');
  const anchor = path.join(root, 'anchor');
  mkdirSync(anchor);
  mkdirSync(path.join(root, 'data'));
  const svc = await openAuditService({ dataDir: path.join(root, 'data'), auditKey: randomBytes(32), actor });
  await svc.setAnchorFolder(anchor);
  const append = async (from: number, to: number) => {
    for (let i = from; i < to; i++) svc.append({ ev: 'edoc.page.entry', subj: { external_document_uuid: ['DOC-1'] }, data: { result: 'ok', i }, index: ['doc:DOC-1'] });
    await svc.flush();
  };
  await append(0, 20);
  await svc.checkpoint();
  const beforeRotation = new Set(readdirSync(anchor));
  await svc.rotateKey('정기 키 교체');
  await append(20, 40);
  // The share keeps only what it held before the rotation (restored from its backup, say): the newest checkpoint
  // off the PC is the old key's.
  for (const f of readdirSync(anchor)) if (!beforeRotation.has(f)) rmSync(path.join(anchor, f));
  bundle = path.join(root, 'bundle');
  await svc.export({ kind: 'document', ref: 'DOC-1', externalIds: ['DOC-1'], binderUuids: [] }, '키 교체 뒤 내보내기', bundle);
  await svc.close();
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

it('VERIFY.md run literally checks each cited checkpoint with the key that signed it', async () => {
  const cited = readdirSync(path.join(bundle, 'checkpoints')).filter((f) => f.endsWith('.txt')).sort();
  expect(cited).toHaveLength(2);
  const [oldKey, newKey] = cited.map((f) => keyLine(bundle, f));
  expect(oldKey).toBeDefined();
  expect(newKey).not.toBe(oldKey);
  const outputs = steps(bundle).map((script) => execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: bundle, encoding: 'utf8', env: hermeticEnv() }));
  expect(outputs).toHaveLength(4);
  expect(outputs[2]!.match(/Signature Verified Successfully/g)).toHaveLength(2);
  expect(outputs[2]).toContain(oldKey);
  const v = await verifyBoth(bundle);
  expect(v.python.status, v.python.stdout).toBe(0);
  expect(v.inProcess.problems).toEqual([]);
});

it('a key file replaced by another key is refused by step 3', () => {
  const copy = path.join(root, 'swapped');
  cpSync(bundle, copy, { recursive: true });
  const oldKey = keyLine(copy, readdirSync(path.join(copy, 'checkpoints')).filter((f) => f.endsWith('.txt')).sort()[0]!);
  writeFileSync(path.join(copy, 'keys', `${oldKey}.pem`), readFileSync(path.join(copy, 'public-key.pem')));
  const step3 = spawnSync('bash', ['-euo', 'pipefail', '-c', steps(copy)[2]!], { cwd: copy, encoding: 'utf8', env: hermeticEnv() });
  expect(step3.status).not.toBe(0);
});
