// "Check every flow from this PC" (issue 15 item 6) against real loopback sockets: the embedded sandbox (every flow
// passes), the bulk-only line over loopback aliases (each flow checked from its own source address), a closed port
// and a source address this PC does not have (each with advice naming the flow-table row), and KCP's module
// self-test of seed 004 §2.2.2 — `pp_cli -h` answers res_cd=S102 — on the fake module and on crafted files that
// are missing, not executable, built for another machine, or 32-bit without the 32-bit loader.
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { checkFlows } from '../../main/diagnostics/flow-check.ts';
import { runDiagnostics } from '../../main/diagnostics/run-diagnostics.ts';
import { readExecutableHeader } from '../../main/kcp/executable-header.ts';
import { selfCheckKcpModule } from '../../main/kcp/module-self-check.ts';
import { docsgwFlowId, networkCheckReportSchema, type NetworkCheckReport } from '../../shared/domain/network-check.ts';
import { profileSchema } from '../../shared/domain/profile.ts';
import { runCli } from '../helpers/cli.ts';
import { FAKE_PPCLI_HOME } from '../helpers/kcp-service.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** The fake module needs the test's Node: the module runs with a minimal environment (main/kcp/module-env.ts). */
const FAKE_ENV = { FAKE_PPCLI_NODE: process.execPath };

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * A module home holding a copy of the fake module's bin/pp_cli, which runs ../fake-pp-cli.mjs: linked, so that its
 * imports still resolve from this checkout's node_modules.
 */
function fakeModuleHome(): string {
  const home = tempDir('docdesk-kcp-home-');
  mkdirSync(path.join(home, 'bin'));
  copyFileSync(path.join(FAKE_PPCLI_HOME, 'bin', 'pp_cli'), path.join(home, 'bin', 'pp_cli'));
  symlinkSync(path.join(FAKE_PPCLI_HOME, 'fake-pp-cli.mjs'), path.join(home, 'fake-pp-cli.mjs'));
  chmodSync(path.join(home, 'bin', 'pp_cli'), 0o755);
  return home;
}

/** A module home whose bin/pp_cli is `content` (mode 755). */
function moduleHomeWith(content: Buffer | string): { home: string; binary: string } {
  const home = tempDir('docdesk-kcp-home-');
  mkdirSync(path.join(home, 'bin'));
  const binary = path.join(home, 'bin', 'pp_cli');
  writeFileSync(binary, content);
  chmodSync(binary, 0o755);
  return { home, binary };
}

/** The 64-byte ELF header of a 64-bit executable for e_machine `machine`, no program headers (System V ABI). */
function elf64Header(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2; // ELFCLASS64
  b[5] = 1; // little-endian
  b[6] = 1;
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeUInt16LE(64, 52); // e_ehsize
  b.writeUInt16LE(56, 54); // e_phentsize
  return b;
}

/** A 32-bit x86 executable's ELF header with one PT_INTERP program header naming `loader` (like KCP's 32-bit pp_cli). */
function elf32WithLoader(loader: string): Buffer {
  const interp = Buffer.from(`${loader}\0`, 'latin1');
  const b = Buffer.alloc(52 + 32 + interp.length);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 1; // ELFCLASS32
  b[5] = 1;
  b[6] = 1;
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(3, 18); // EM_386
  b.writeUInt32LE(1, 20);
  b.writeUInt32LE(52, 28); // e_phoff
  b.writeUInt16LE(52, 40); // e_ehsize
  b.writeUInt16LE(32, 42); // e_phentsize
  b.writeUInt16LE(1, 44); // e_phnum
  b.writeUInt32LE(3, 52); // p_type PT_INTERP
  b.writeUInt32LE(84, 56); // p_offset
  b.writeUInt32LE(interp.length, 68); // p_filesz
  b.writeUInt32LE(interp.length, 72); // p_memsz
  interp.copy(b, 84);
  return b;
}

describe('KCP module self-check (seed 004 §2.2.2)', () => {
  it('the fake module answers pp_cli -h with res_cd=S102: installed and runnable', async () => {
    const m = await selfCheckKcpModule({ home: fakeModuleHome(), hostArch: 'x64', extraEnv: FAKE_ENV });
    expect(m).toMatchObject({ ok: true, code: 'OK' });
    expect(m.detail).toContain('res_cd=S102');
    expect(m.detail).toContain('PayPLUS CLIENT');
  });

  it('names a missing module folder and a missing pp_cli', async () => {
    const none = await selfCheckKcpModule({ home: path.join(tempDir(), 'no-such-home'), hostArch: 'x64' });
    expect(none).toMatchObject({ ok: false, code: 'HOME_MISSING' });
    const home = tempDir('docdesk-kcp-home-');
    mkdirSync(path.join(home, 'bin'));
    const missing = await selfCheckKcpModule({ home, hostArch: 'x64' });
    expect(missing).toMatchObject({ ok: false, code: 'MISSING' });
    expect(missing.detail).toContain(path.join(home, 'bin', 'pp_cli'));
  });

  it('names a module without the execute permission, with the chmod 755 of the seed', async () => {
    const home = fakeModuleHome();
    chmodSync(path.join(home, 'bin', 'pp_cli'), 0o644);
    const m = await selfCheckKcpModule({ home, hostArch: 'x64', extraEnv: FAKE_ENV });
    expect(m).toMatchObject({ ok: false, code: 'NOT_EXECUTABLE' });
    expect(m.advice).toContain('chmod 755');
  });

  it('names a module built for another machine (ELF class and machine read from the header), without running it', async () => {
    const { home, binary } = moduleHomeWith(elf64Header(183)); // EM_AARCH64
    expect(readExecutableHeader(binary)).toEqual({ format: 'elf', bits: 64, machine: 'arm64', interpreter: null });
    const m = await selfCheckKcpModule({ home, hostArch: 'x64' });
    expect(m).toMatchObject({ ok: false, code: 'WRONG_ARCHITECTURE' });
    expect(m.detail).toContain('64비트 ARM');
    expect(m.advice).toContain('pp_cli_x64');
    // A Windows module on Linux is named as such too.
    const pe = Buffer.alloc(0x100);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0x14c, 0x84);
    const win = moduleHomeWith(pe);
    expect(readExecutableHeader(win.binary)).toEqual({ format: 'pe', machine: 'ia32' });
    expect(await selfCheckKcpModule({ home: win.home, hostArch: 'x64' })).toMatchObject({ ok: false, code: 'WRONG_ARCHITECTURE' });
  });

  it('names a 32-bit pp_cli on a 64-bit system without the 32-bit loader', async () => {
    const loader = path.join(tempDir(), 'lib', 'ld-linux.so.2'); // absent, like /lib/ld-linux.so.2 without libc6-i386
    const { home, binary } = moduleHomeWith(elf32WithLoader(loader));
    expect(readExecutableHeader(binary)).toEqual({ format: 'elf', bits: 32, machine: 'ia32', interpreter: loader });
    const m = await selfCheckKcpModule({ home, hostArch: 'x64' });
    expect(m).toMatchObject({ ok: false, code: 'MISSING_LOADER' });
    expect(m.detail).toContain('32비트');
    expect(m.detail).toContain(loader);
    expect(m.advice).toContain('pp_cli_x64');
  });

  it('a module whose interpreter is missing fails to start with ENOENT although the file exists: named as a missing loader', async () => {
    const { home } = moduleHomeWith(`#!${path.join(tempDir(), 'no-such-interpreter')}\n`);
    expect(await selfCheckKcpModule({ home, hostArch: 'x64' })).toMatchObject({ ok: false, code: 'MISSING_LOADER' });
  });

  it('a file that is no program (an FTP upload in ASCII mode) and a module that does not answer S102', async () => {
    const { home } = moduleHomeWith(Buffer.from('ELF? no: this text replaced the binary\r\n'));
    const m = await selfCheckKcpModule({ home, hostArch: 'x64' });
    expect(m).toMatchObject({ ok: false, code: 'NOT_A_PROGRAM' });
    expect(m.advice).toContain('BINARY');
    const silent = await selfCheckKcpModule({ home: fakeModuleHome(), hostArch: 'x64', extraEnv: { ...FAKE_ENV, FAKE_PPCLI_MODE: 'empty' } });
    expect(silent).toMatchObject({ ok: false, code: 'UNEXPECTED_OUTPUT' });
  });
});

describe('flows of a profile', () => {
  let b: Backend;
  beforeAll(async () => {
    b = await createBackend({ dataDir: tempDir(), env: {} });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('names docs-gw flows by IDC (seed 000 §3.2), the bulk line with -bulk', () => {
    expect(docsgwFlowId('113.29.182.90', 'default')).toBe('docsgw-gasan');
    expect(docsgwFlowId('210.103.253.40', 'default')).toBe('docsgw-pangyo');
    expect(docsgwFlowId('113.29.182.90', 'bulk')).toBe('docsgw-gasan-bulk');
    expect(docsgwFlowId('127.0.0.1', 'default')).toBe('docsgw-127.0.0.1');
  });

  it('every flow of the embedded sandbox passes, through the contract (network:check)', async () => {
    const r = await createContractHandlers(b, () => {}).invoke('network:check', {});
    expect(r.ok).toBe(true);
    const report: NetworkCheckReport = networkCheckReportSchema.parse((r as { value: unknown }).value);
    expect(report.ok).toBe(true);
    expect(report.flows.map((f) => f.id)).toEqual(['docsgw-127.0.0.1', 'docsgw-127.0.0.2', 'payup', 'kcp']);
    for (const f of report.flows) {
      expect(f.ok).toBe(true);
      expect(f.advice).toMatch(/[가-힣]/);
    }
    const tls = report.flows[0]!.checks.find((c) => c.check === 'tls');
    expect(tls).toMatchObject({ status: 'ok' });
    expect(tls?.detail).toMatch(/인증서 주체: docs-gw\.sandbox\.docdesk\.test.*발급자: DocDesk Sandbox Test CA/);
  });

  it('with a bulk-only line each docs-gw flow is checked from its own source address; an address this PC lacks is named', async () => {
    const d = b.profile().docsgw;
    const lines = profileSchema.parse({
      name: 'lines',
      kind: 'sandbox',
      docsgw: { host: d.host, addresses: [d.addresses[0]], port: d.port, caFile: d.caFile, localAddress: '127.0.0.3', bulkLocalAddress: '127.0.0.2' },
    });
    const ok = await checkFlows(lines, { timeoutMs: 3_000 });
    expect(ok.flows.map((f) => [f.id, f.source, f.ok])).toEqual([
      ['docsgw-127.0.0.1', '127.0.0.3', true],
      ['docsgw-127.0.0.1-bulk', '127.0.0.2', true],
    ]);
    expect(ok.flows[1]?.checks.find((c) => c.check === 'tcp')?.target).toBe(`127.0.0.2 → 127.0.0.1:${d.port}`);

    // 192.0.2.10 (TEST-NET-1) is on no interface of this PC: the bind fails before anything leaves.
    const absent = profileSchema.parse({ ...lines, docsgw: { ...lines.docsgw, bulkLocalAddress: '192.0.2.10' } });
    const r = await checkFlows(absent, { timeoutMs: 3_000 });
    expect(r.ok).toBe(false);
    const bulk = r.flows.find((f) => f.id === 'docsgw-127.0.0.1-bulk');
    expect(bulk).toMatchObject({ ok: false, source: '192.0.2.10' });
    expect(bulk?.checks.find((c) => c.check === 'tcp')?.detail).toContain('EADDRNOTAVAIL');
    expect(bulk?.advice).toContain('docsgw.bulkLocalAddress');
    expect(bulk?.advice).toContain('§4.2 6번');
    expect(r.flows.find((f) => f.id === 'docsgw-127.0.0.1')?.ok).toBe(true);
  });

  it('diagnostics connect from docsgw.localAddress, the line of the non-bulk calls', async () => {
    const d = b.profile().docsgw;
    const from = (localAddress: string) =>
      runDiagnostics(profileSchema.parse({ name: 'diag-line', kind: 'sandbox', docsgw: { host: d.host, addresses: [d.addresses[0]], port: d.port, caFile: d.caFile, localAddress } }), { timeoutMs: 3_000 });
    expect((await from('127.0.0.3')).results.filter((r) => r.check !== 'dns').map((r) => r.status)).toEqual(['ok', 'ok']);
    expect((await from('192.0.2.10')).results.find((r) => r.check === 'tcp')?.detail).toContain('EADDRNOTAVAIL');
  });

  it('a closed port fails the flow with the flow-table row in its advice; TLS is not attempted', async () => {
    const port = await closedPort();
    const closed = profileSchema.parse({ name: 'closed', kind: 'test', docsgw: { host: 'docs-gw.example.test', addresses: ['127.0.0.1'], port } });
    const r = await checkFlows(closed, { resolve: async () => ['127.0.0.1'], timeoutMs: 3_000 });
    expect(r.ok).toBe(false);
    const [flow] = r.flows;
    expect(flow?.checks.map((c) => [c.check, c.status])).toEqual([
      ['dns', 'ok'],
      ['tcp', 'fail'],
      ['tls', 'skipped'],
    ]);
    expect(flow?.checks[1]?.detail).toContain('ECONNREFUSED');
    expect(flow?.advice).toContain(`방화벽 흐름표 'docsgw-127.0.0.1' 행(이 PC의 기본 경로 → docs-gw.example.test (127.0.0.1):${port})`);
  });

  it('KCP over the module: the self-check, then TCP to the gateway port; a closed gateway port names KCP firewall row', async () => {
    const gw = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
    const open = (gw.address() as net.AddressInfo).port;
    const home = fakeModuleHome();
    const kcp = (port: number, ppcliHome: string) =>
      profileSchema.parse({ name: 'kcp-check', kind: 'test', docsgw: { host: 'docs-gw.example.test', addresses: ['127.0.0.1'], port: open }, kcp: { transport: 'ppcli', host: '127.0.0.1', port, siteCd: 'T0000', ppcliHome } });
    try {
      const good = (await checkFlows(kcp(open, home), { resolve: async () => ['127.0.0.1'], timeoutMs: 3_000, kcpModuleEnv: FAKE_ENV })).flows.find((f) => f.id === 'kcp');
      expect(good?.checks.map((c) => [c.check, c.status])).toEqual([
        ['module', 'ok'],
        ['dns', 'skipped'],
        ['tcp', 'ok'],
      ]);
      const closed = await closedPort();
      const bad = (await checkFlows(kcp(closed, home), { resolve: async () => ['127.0.0.1'], timeoutMs: 3_000, kcpModuleEnv: FAKE_ENV })).flows.find((f) => f.id === 'kcp');
      expect(bad?.ok).toBe(false);
      expect(bad?.advice).toContain(`'kcp' 행`);
      const noModule = (await checkFlows(kcp(open, path.join(tempDir(), 'nothing')), { resolve: async () => ['127.0.0.1'], timeoutMs: 3_000 })).flows.find((f) => f.id === 'kcp');
      expect(noModule?.ok).toBe(false);
      expect(noModule?.checks[0]).toMatchObject({ check: 'module', status: 'fail' });
    } finally {
      await new Promise<void>((r) => gw.close(() => r()));
    }
  });
});

describe('docdesk network check', () => {
  it('exit 0 with one passing entry per flow against the sandbox; exit 1 with the advice when a flow fails (closed port)', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const ok = await runCli(['--data-dir', dataDir, 'network', 'check', '--json'], { timeoutMs: 60_000 });
    expect(ok.code).toBe(0);
    const report = networkCheckReportSchema.parse(ok.json);
    expect(report.ok).toBe(true);
    expect(report.flows.map((f) => [f.id, f.ok])).toEqual([
      ['docsgw-127.0.0.1', true],
      ['docsgw-127.0.0.2', true],
      ['payup', true],
      ['kcp', true],
    ]);
    for (const f of report.flows) expect(f.checks.length).toBeGreaterThan(0);

    const port = await closedPort();
    const file = path.join(dataDir, 'closed.json');
    writeFileSync(file, JSON.stringify({ name: 'closed-port', kind: 'sandbox', docsgw: { host: 'docs-gw.sandbox.docdesk.test', addresses: ['127.0.0.1'], port } }));
    expect((await runCli(['--data-dir', dataDir, 'profile', 'import', file], { timeoutMs: 60_000 })).code).toBe(0);
    const human = await runCli(['--data-dir', dataDir, '--profile', 'closed-port', 'network', 'check'], { timeoutMs: 60_000 });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('[실패] docsgw-127.0.0.1');
    expect(human.stdout).toContain('ECONNREFUSED');
    expect(human.stdout).toContain(`조치: 방화벽 흐름표 'docsgw-127.0.0.1' 행`);
    const failed = await runCli(['--data-dir', dataDir, '--profile', 'closed-port', 'network', 'check', '--json'], { timeoutMs: 60_000 });
    expect(failed.code).toBe(1);
    const bad = networkCheckReportSchema.parse(failed.json);
    expect(bad.ok).toBe(false);
    expect(bad.flows[0]).toMatchObject({ id: 'docsgw-127.0.0.1', ok: false });
    expect(bad.flows[0]?.advice).toContain('포트');
  });
});
