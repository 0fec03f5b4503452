// Evidence bundles end to end (issue 4 "What it must show"; format 2 since issue 17): a bundle from `docdesk demo`
// verifies with the steps of its VERIFY.md run literally (sha256sum, openssl, python3 verify.py); an altered bundle
// file is caught by
// `sha256sum -c` and by `docdesk audit verify-bundle`; the report is marked non-authoritative and neutralises
// formula injection. The CLI runs as an async child (no sandbox in this process, so execFileSync is safe here).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

let root: string;
let dataDir: string;
let bundle: string;
let fingerprint: string;
const REASON = "=HYPERLINK(\"http://x\") 민원 #2026-11 열람 부인";

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
  dataDir = path.join(root, 'data');
  const demo = await runCli(['--data-dir', dataDir, '--json', 'demo', '--rows', '40']);
  expect(demo.json['final'], demo.stderr).toBe(true);
  const events = await runCli(['--data-dir', dataDir, '--json', 'audit', 'events', '--ev', 'net.exchange', '--limit', '1000']);
  const rows = events.json['rows'] as { record: { data: { endpoint: string }; subj: { external_document_uuid?: string[] } } }[];
  const send = rows.find((r) => r.record.data.endpoint === 'bulkSend');
  const ext = send?.record.subj.external_document_uuid?.[2];
  expect(ext).toBeTruthy();
  bundle = path.join(root, 'bundle');
  const exp = await runCli(['--data-dir', dataDir, '--json', 'audit', 'export', '--document', ext!, '--reason', REASON, '--out', bundle]);
  expect(exp.code, exp.stderr).toBe(0);
  expect(exp.json['disclosed']).toBeGreaterThanOrEqual(2);
  const key = await runCli(['--data-dir', dataDir, '--json', 'audit', 'key']);
  fingerprint = String(key.json['fingerprint']);
}, 240_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The shell blocks of VERIFY.md, in order. */
function verifySteps(dir: string): string[] {
  const md = readFileSync(path.join(dir, 'VERIFY.md'), 'utf8');
  return [...md.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('evidence bundle from the demo', () => {
  it('verifies with the VERIFY.md steps run literally (sha256sum, openssl pkeyutl -rawin, the shipped verify.py)', () => {
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/OpenSSL 3/);
    expect(execFileSync('python3', ['--version'], { encoding: 'utf8' })).toMatch(/^Python 3\./);
    const steps = verifySteps(bundle);
    expect(steps.length).toBe(4);
    const outputs = steps.map((script) => execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: bundle, encoding: 'utf8' }));
    expect(outputs[0]).toContain('events.jsonl: OK');
    expect(outputs[0]).toContain('Signature Verified Successfully');
    // step 2 prints the fingerprint of the bundled key: the one `docdesk audit key` shows for registration
    expect(outputs[1]).toContain(fingerprint);
    expect(outputs[2]).toContain('Signature Verified Successfully');
    expect(outputs[3]).toMatch(/^OK: 기록 [1-9]\d*건이 checkpoints\/checkpoint-\d{12}\.txt/);
  });

  it('docdesk audit verify-bundle accepts it, and the registered fingerprint must match', async () => {
    const ok = await runCli(['--json', 'audit', 'verify-bundle', bundle, '--fingerprint', fingerprint]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json['ok']).toBe(true);
    const wrong = await runCli(['--json', 'audit', 'verify-bundle', bundle, '--fingerprint', 'ab'.repeat(32)]);
    expect(wrong.code).toBe(1);
  });

  it('the whole audit log verifies (exit 0), and the export is itself an audit event with its reason', async () => {
    const v = await runCli(['--data-dir', dataDir, '--json', 'audit', 'verify']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json['ok']).toBe(true);
    const ex = await runCli(['--data-dir', dataDir, '--json', 'audit', 'events', '--ev', 'export.created']);
    const rows = ex.json['rows'] as { record: { data: { reason: string } } }[];
    expect(rows.length).toBe(1);
    expect(rows[0]!.record.data.reason).toBe(REASON);
  });

  it('a bundle file altered is caught by sha256sum -c and by verify-bundle; re-hashing it is caught by the signature and the proofs', async () => {
    const altered = path.join(root, 'altered');
    cpSync(bundle, altered, { recursive: true });
    const file = path.join(altered, 'events.jsonl');
    const text = readFileSync(file, 'utf8');
    const i = text.indexOf('"status":');
    expect(i).toBeGreaterThan(0);
    writeFileSync(file, `${text.slice(0, i + 9)}${text[i + 9] === '2' ? '5' : '2'}${text.slice(i + 10)}`);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: altered, encoding: 'utf8' });
    expect(sums.status).not.toBe(0);
    expect(sums.stdout).toContain('events.jsonl: FAILED');
    const r = await runCli(['--json', 'audit', 'verify-bundle', altered]);
    expect(r.code).toBe(1);
    expect(JSON.stringify(r.json['problems'])).toContain('events.jsonl');

    // An attacker who also rewrites SHA256SUMS: the signature over it and the event's proof both fail.
    const sumsPath = path.join(altered, 'SHA256SUMS');
    const newHash = execFileSync('sha256sum', ['events.jsonl'], { cwd: altered, encoding: 'utf8' }).split(' ')[0]!;
    writeFileSync(sumsPath, readFileSync(sumsPath, 'utf8').replace(/^[0-9a-f]{64}(?= {2}events\.jsonl$)/m, newHash));
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: altered }).status).toBe(0);
    const sig = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], { cwd: altered });
    expect(sig.status).not.toBe(0);
    const proofs = spawnSync('python3', ['verify.py', '.'], { cwd: altered, encoding: 'utf8' });
    expect(proofs.status).toBe(1);
    expect(proofs.stdout).toMatch(/^FAIL EVENT_CHANGED: 순번 \d+의 기록이 바뀌었습니다/m);
    const r2 = await runCli(['--json', 'audit', 'verify-bundle', altered]);
    expect(r2.code).toBe(1);
    expect(typeof r2.json['firstBadSeq']).toBe('number');
  });

  it('report.xlsx and report.html: Korean, non-authoritative, formula injection neutralised, HTML escaped', () => {
    const wb = XLSX.read(readFileSync(path.join(bundle, 'report.xlsx')), { dense: true });
    const info = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['안내']!, { header: 1 });
    expect(JSON.stringify(info)).toContain('비권위적');
    const reasonRow = info.find((r) => r[0] === '사유')!;
    expect(reasonRow[1]).toBe(`'${REASON}`);
    const timeline = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['타임라인']!, { header: 1 });
    expect(timeline.length).toBeGreaterThan(3);
    expect(JSON.stringify(timeline)).toContain('카카오페이 대량 발송 요청');
    const html = readFileSync(path.join(bundle, 'report.html'), 'utf8');
    expect(html).toContain('NON-AUTHORITATIVE');
    expect(html).toContain('&quot;http://x&quot;');
    expect(html).not.toContain('"http://x"');
  });
});
