// Both verdicts on one evidence bundle — OUR copy of verify.py run with python3 on the real files, and
// `verifyEvidenceBundle` (what `docdesk audit verify-bundle` runs) — and tampered copies of a bundle.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { verifyEvidenceBundle, type BundleReport } from '../../main/audit/bundle/verify-bundle.ts';
import { hermeticEnv } from './hermetic-env.ts';

export interface Verdicts {
  python: { status: number | null; codes: string[]; stdout: string };
  inProcess: BundleReport;
}

export async function verifyBoth(dir: string, anchors: string[] = []): Promise<Verdicts> {
  // Our copy of verify.py, not the bundle's: a tampered bundle could carry a tampered script.
  const script = path.resolve(import.meta.dirname, '../../main/audit/bundle/verify.py');
  const py = spawnSync('python3', [script, dir, ...anchors.flatMap((a) => ['--anchor', a])], { encoding: 'utf8', env: hermeticEnv() });
  const codes = [...py.stdout.matchAll(/^FAIL ([A-Z_]+): /gm)].map((m) => m[1]!);
  return { python: { status: py.status, codes, stdout: py.stdout + py.stderr }, inProcess: await verifyEvidenceBundle(dir, { anchors }) };
}

/** A copy of `dir` at `copy`, changed by `edit`; with `rehash`, SHA256SUMS is rewritten to match (as an attacker would). */
export function tamperedCopy(dir: string, copy: string, edit: (copy: string) => void, rehash = true): string {
  cpSync(dir, copy, { recursive: true });
  edit(copy);
  if (rehash) {
    const sums = readFileSync(path.join(copy, 'SHA256SUMS'), 'utf8').replace(/^([0-9a-f]{64}) {2}(.+)$/gm, (_l, _h, f: string) => `${createHash('sha256').update(readFileSync(path.join(copy, f))).digest('hex')}  ${f}`);
    writeFileSync(path.join(copy, 'SHA256SUMS'), sums);
  }
  return copy;
}

/** Both verifiers refused with exactly `codes` (in process also the SHA256SUMS signature when the sums were rewritten), in Korean. */
export function expectRefused(v: Verdicts, codes: string | string[], rehashed: boolean): void {
  const want = (Array.isArray(codes) ? codes : [codes]).slice().sort();
  expect(v.python.status, v.python.stdout).toBe(1);
  expect(v.python.codes.slice().sort(), v.python.stdout).toEqual(want);
  expect(v.python.stdout).toMatch(/[가-힣]/);
  expect(v.inProcess.ok).toBe(false);
  const inProcessCodes = v.inProcess.problems.map((p) => p.code).sort();
  expect(inProcessCodes, JSON.stringify(v.inProcess.problems)).toEqual((rehashed ? [...want, 'SUMS_SIGNATURE'] : want).sort());
  for (const p of v.inProcess.problems) expect(p.message).toMatch(/[가-힣]/);
}
