// `docdesk network plan show|import|schema`, `network forms --out`, `network profile NAME` (issue 15), as an
// operator runs them: exit codes, Korean messages, nothing stored on a refused plan, the workbook read back, and
// the same confirmation rules as `profile import`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { networkPlanViewSchema } from '../../shared/domain/network-documents.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { planFor } from '../fixtures/network/plans.ts';

function writePlan(dir: string, name: string, plan: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}

describe('network plan', () => {
  it('schema: the plan JSON schema with the four modes of seed 000 §2.3', { timeout: 60_000 }, async () => {
    const r = await runCli(['--data-dir', tempDir(), '--json', 'network', 'plan', 'schema']);
    expect(r.code).toBe(0);
    const schema = z.object({ properties: z.object({ mode: z.object({ enum: z.array(z.string()) }) }), required: z.array(z.string()) }).parse(r.json);
    expect(schema.properties.mode.enum).toEqual(['public', 'public-vpn', 'leased', 'leased-vpn']);
    expect(schema.required).toEqual(expect.arrayContaining(['mode', 'institution', 'server', 'volume']));
  });

  it('a refused plan is exit 2 with the field and section in Korean, and nothing is stored', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const file = writePlan(dir, 'bad.json', planFor('public', { server: { publicIps: ['211.45.67.0/24'], hostname: 'edoc-send01' }, kakaopayPort: 8443 }));
    const r = await runCli(['--data-dir', path.join(dir, 'data'), 'network', 'plan', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('서버 공인 IP 1번째');
    expect(r.stderr).toContain('대역 연동 불가');
    expect(r.stderr).toContain('카카오페이 네트워크 연동 가이드 §2.1');
    expect(r.stderr).toContain('카카오페이 포트');
    expect(r.stderr).toContain('§2.2');
    const show = await runCli(['--data-dir', path.join(dir, 'data'), 'network', 'plan', 'show']);
    expect(show.code).toBe(1);
    expect(show.stdout).toContain('네트워크 계획이 없습니다');
  });

  it('imports a plan with its warnings, shows the forms and the flow table, writes the workbook', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = writePlan(dir, 'plan.json', planFor('leased-vpn', { isps: ['KT'], kcp: { environment: 'production', siteCd: 'A1234' } }));
    const imported = await runCli(['--data-dir', data, 'network', 'plan', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('⚠ 확인 청약 예정 ISP');
    expect(imported.stdout).toContain('이중화 필수');

    const show = await runCli(['--data-dir', data, 'network', 'plan', 'show']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('[VPN 신청양식] (카카오페이 네트워크 연동 가이드 §4.1)');
    expect(show.stdout).toContain('4. BW(대역폭 / ex. 128k, 256k, 2M): ');
    expect(show.stdout).toContain('211.45.67.10\tpaygw.kcp.co.kr\t8090\tTCP');
    const json = networkPlanViewSchema.parse((await runCli(['--data-dir', data, '--json', 'network', 'plan', 'show'])).json);
    expect(json.documents?.forms.map((f) => f.id)).toEqual(['handover', 'vpn', 'leased']);

    const out = path.join(dir, '대행사 양식.xlsx');
    const forms = await runCli(['--data-dir', data, 'network', 'forms', '--out', out]);
    expect(forms.code).toBe(0);
    const wb = XLSX.read(readFileSync(out), { dense: true });
    expect(wb.SheetNames).toEqual(['서버 정보 교환 (방화벽 작업 요청)', 'VPN 신청양식', '전용선 신청양식', '방화벽 플로우']);
    const vpn = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['VPN 신청양식'] as XLSX.WorkSheet, { header: 1, defval: '' });
    expect(vpn.slice(1, 9).map((row) => row[1])).toEqual(json.documents?.forms[1]?.fields.map((f) => f.label));
    expect((await runCli(['--data-dir', data, 'network', 'forms', '--out', path.join(dir, 'x.csv')])).code).toBe(2);
  });
});

describe('network profile', () => {
  it('a sandbox-only folder takes the rehearsal only', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    expect((await runCli(['--data-dir', data, 'network', 'plan', 'import', writePlan(dir, 'p.json', planFor('leased'))])).code).toBe(0);
    const refused = await runCli(['--data-dir', data, 'network', 'profile', 'agency-leased']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('샌드박스 전용');
    const rehearsal = await runCli(['--data-dir', data, '--json', 'network', 'profile', 'agency-rehearsal', '--sandbox']);
    expect(rehearsal.code).toBe(0);
    expect(rehearsal.json).toMatchObject({ imported: 'agency-rehearsal', kind: 'sandbox', replaced: false });
    const list = await runCli(['--data-dir', data, '--json', 'profile', 'list']);
    expect(z.object({ profiles: z.array(z.object({ name: z.string() })) }).parse(list.json).profiles.map((p) => p.name)).not.toContain('agency-leased');
  });

  it('production: replacing the profile after the plan changed needs a yes, as profile import does', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const env = { DOCDESK_PASSPHRASE: 'network-plan-cli-test' };
    const run = (...args: string[]) => runCli(['--data-dir', data, ...args], { env });
    expect((await run('network', 'plan', 'import', writePlan(dir, 'p.json', planFor('leased')))).code).toBe(0);
    const made = await run('--json', 'network', 'profile', 'agency');
    expect(made.code).toBe(0);
    expect(made.json).toMatchObject({ imported: 'agency', kind: 'production', replaced: false });
    const profileFile = z.object({ file: z.string() }).parse(made.json).file;
    expect(path.dirname(profileFile)).toBe(path.join(data, 'exports'));
    expect(JSON.parse(readFileSync(profileFile, 'utf8'))).toMatchObject({ docsgw: { host: 'docs-gw-gs.kakaopay.com', addresses: ['113.29.182.90'], port: 443 } });

    expect((await run('network', 'plan', 'import', writePlan(dir, 'p2.json', planFor('public')))).code).toBe(0);
    const unconfirmed = await run('network', 'profile', 'agency');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('docsgw.addresses: 113.29.182.90 → 113.29.182.90, 210.103.253.40');
    expect(unconfirmed.stderr).toContain('--yes');
    const unchanged = await run('--json', 'profile', 'show', 'agency');
    expect(unchanged.json).toMatchObject({ docsgw: { host: 'docs-gw-gs.kakaopay.com', addresses: ['113.29.182.90'] } });

    const confirmed = await run('--json', 'network', 'profile', 'agency', '--yes');
    expect(confirmed.code).toBe(0);
    expect(confirmed.json).toMatchObject({ replaced: true });
    expect((await run('--json', 'profile', 'show', 'agency')).json).toMatchObject({ docsgw: { host: 'docs-gw.kakaopay.com', addresses: ['113.29.182.90', '210.103.253.40'] } });
  });
});
