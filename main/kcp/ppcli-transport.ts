// `ppcli` transport: runs the institution's KCP module, the only way to reach paygw.kcp.co.kr (reference
// kcp-and-payup.md A1). Linux: `<home>/bin/pp_cli -h "<argument>"` with opt=1 (UTF-8 I/O: Node hands argv to
// the child as UTF-8 and cannot pass raw EUC-KR bytes, A6). Windows: `<home>\bin\pp_cli_exe "<argument>"`
// verbatim; Windows converts the command line to the system ANSI code page, so Korean values reach the module
// as EUC-KR bytes only on code page 949 (checked before the first run). Always an argument array, never a shell,
// and a minimal environment (module-env.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExchangeSink } from '../http/exchange.ts';
import { decodeModuleOutput } from './codec.ts';
import { moduleEnvironment } from './module-env.ts';
import { linuxArgument, windowsArgument } from './message.ts';
import { WRAPPER_CODES, parseResultLine, resultLineOf } from './result.ts';
import { logKcpExchange, type KcpTransport, type TransportCall, type TransportOutcome } from './transport.ts';

export type PpcliGrammar = 'linux' | 'windows';

export type PpcliTransportOptions = {
  /** Module home: the directory above `bin` (g_conf_home_dir, A2). */
  home: string;
  gwHost: string;
  gwPort: number;
  timeoutMs: number;
  exchangeSink: ExchangeSink;
  /** Default: 'windows' on win32, else 'linux'. */
  grammar?: PpcliGrammar;
  /** Linux only; default '1' (UTF-8, A6). */
  opt?: '0' | '1';
  /** Executable; default by grammar and word size (pp_cli_x64 on 64-bit Linux when present, pp_cli_exe on Windows). */
  binary?: string;
  /** Variables added to the module's minimal environment (tests: the fake module's switches); never DOCDESK_*. */
  extraEnv?: Record<string, string>;
  /** Windows only: the system code page (default: asked once from `chcp`); anything but 949 blocks ACCO (A6). */
  codePage?: () => Promise<number | null>;
};

/** Windows paths on Windows; elsewhere (tests of the Windows grammar) the host's own separator. */
const winPath = (...parts: string[]): string => (process.platform === 'win32' ? path.win32.join(...parts) : path.join(...parts));

export function defaultBinary(home: string, grammar: PpcliGrammar): string {
  if (grammar === 'windows') return winPath(home, 'bin', 'pp_cli_exe');
  const x64 = path.join(home, 'bin', 'pp_cli_x64');
  if (['x64', 'arm64', 'ppc64', 's390x'].includes(os.arch()) && existsSync(x64)) return x64;
  return path.join(home, 'bin', 'pp_cli');
}

export type ModuleRun = { stdout: Buffer; stderr: Buffer; exitCode: number | null; signal: string | null; error: NodeJS.ErrnoException | null; timedOut: boolean };

/** Runs the module: an argument array (never a shell), the given environment, killed (SIGKILL) at the timeout. */
export function runModule(file: string, args: string[], o: { timeoutMs: number; env: Record<string, string>; verbatim: boolean; cwd: string }): Promise<ModuleRun> {
  return new Promise((resolve) => {
    let timedOut = false;
    const child = execFile(
      file,
      args,
      {
        encoding: 'buffer',
        cwd: o.cwd,
        env: o.env,
        windowsVerbatimArguments: o.verbatim,
        windowsHide: true,
        maxBuffer: 1024 * 1024,
        shell: false,
      },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        const e = error as (NodeJS.ErrnoException & { signal?: string }) | null;
        resolve({
          stdout: Buffer.from(stdout),
          stderr: Buffer.from(stderr),
          exitCode: child.exitCode,
          signal: child.signalCode,
          // A non-zero exit is not a spawn failure: the module may still have printed its result.
          error: e && typeof e.code === 'string' ? e : null,
          timedOut,
        });
      },
    );
    // Own timer instead of execFile's `timeout`: SIGKILL, so a hung module cannot ignore it.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
  });
}

async function windowsCodePage(): Promise<number | null> {
  const r = await runModule('cmd.exe', ['/d', '/c', 'chcp'], { timeoutMs: 5_000, env: moduleEnvironment(process.env, process.platform), verbatim: false, cwd: os.tmpdir() });
  const m = /(\d{3,5})/.exec(r.stdout.toString('latin1'));
  return m?.[1] ? Number(m[1]) : null;
}

export function createPpcliTransport(o: PpcliTransportOptions): KcpTransport {
  const grammar: PpcliGrammar = o.grammar ?? (process.platform === 'win32' ? 'windows' : 'linux');
  const binary = o.binary ?? defaultBinary(o.home, grammar);
  const opt = o.opt ?? '1';
  const env = moduleEnvironment(process.env, process.platform, o.extraEnv);
  let codePageChecked: Promise<number | null> | null = null;

  return {
    name: 'ppcli',
    async verify(call: TransportCall): Promise<TransportOutcome> {
      const base = { method: 'EXEC', host: o.gwHost, path: binary, address: null, port: o.gwPort };
      if (grammar === 'windows' && process.platform === 'win32') {
        codePageChecked ??= (o.codePage ?? windowsCodePage)();
        const cp = await codePageChecked;
        if (cp !== 949) {
          return {
            kind: 'not-sent',
            code: 'CODEPAGE',
            message: `Windows 시스템 코드 페이지가 ${cp ?? '확인 불가'}입니다. KCP 모듈에 한글 예금주명을 EUC-KR로 전달하려면 코드 페이지 949(한국어)가 필요합니다(제어판 → 국가 또는 지역 → 관리자 → 시스템 로캘).`,
          };
        }
      }
      const argument =
        grammar === 'linux'
          ? linuxArgument(call.message, { home: o.home, gwHost: o.gwHost, gwPort: o.gwPort, opt })
          : windowsArgument(call.message, {
              gwHost: o.gwHost,
              gwPort: o.gwPort,
              keyPath: winPath(o.home, 'bin', 'pub.key'),
              logPath: winPath(o.home, 'log'),
            });
      // Windows: one double-quoted string passed verbatim, exactly what KCP's library builds (A3).
      const args = grammar === 'linux' ? ['-h', argument] : [`"${argument}"`];
      const startedAt = Date.now();
      const t0 = performance.now();
      const r = await runModule(binary, args, { timeoutMs: o.timeoutMs, env, verbatim: grammar === 'windows', cwd: o.home });
      const durationMs = performance.now() - t0;
      const stdoutText = decodeModuleOutput(r.stdout, grammar === 'linux' && opt === '1');
      const stderrText = decodeModuleOutput(r.stderr, true).slice(0, 2000);
      const meta: Record<string, string> = { 'exit-code': String(r.exitCode ?? ''), signal: r.signal ?? '', stderr: stderrText };
      const logged = { startedAt, durationMs, requestText: [binary, ...args].join(' '), responseMeta: meta };

      if (r.error && r.stdout.length === 0 && !r.timedOut) {
        // Spawn failure (missing file, no permission): local S102, as KCP's Java wrapper does (A7.5).
        logKcpExchange(o.exchangeSink, call, base, { ...logged, responseText: null, failure: { phase: 'connect', code: r.error.code ?? 'EXEC', message: r.error.message, bodySent: false } });
        return { kind: 'not-sent', code: WRAPPER_CODES.EXEC_FAILED.code, message: `${WRAPPER_CODES.EXEC_FAILED.message}: ${r.error.code ?? ''} ${binary}` };
      }
      if (r.timedOut) {
        logKcpExchange(o.exchangeSink, call, base, { ...logged, responseText: stdoutText || null, failure: { phase: 'response', code: 'TIMEOUT', message: `module killed after ${o.timeoutMs} ms`, bodySent: true } });
        return { kind: 'ambiguous', code: 'TIMEOUT', message: `KCP 모듈이 ${Math.round(o.timeoutMs / 1000)}초 안에 끝나지 않아 중단했습니다.` };
      }
      const line = resultLineOf(stdoutText);
      if (line === null) {
        // Empty output: synthesise 9502 as KCP's libraries do (A7.4); exit code and stderr are in the log.
        logKcpExchange(o.exchangeSink, call, base, { ...logged, responseText: '', failure: { phase: 'response', code: '9502', message: 'empty module output', bodySent: true } });
        return { kind: 'empty', code: '9502', message: WRAPPER_CODES.EMPTY_OUTPUT.message };
      }
      const result = parseResultLine(line);
      logKcpExchange(o.exchangeSink, call, base, {
        ...logged,
        responseText: stdoutText,
        failure: result === null ? { phase: 'parse', code: 'NO_RES_CD', message: 'module output without res_cd', bodySent: true } : null,
      });
      if (result === null) return { kind: 'ambiguous', code: 'NO_RES_CD', message: 'KCP 모듈 출력에 res_cd가 없습니다.' };
      return { kind: 'answer', result };
    },
  };
}
