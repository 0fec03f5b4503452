// KCP's module self-test (seed 004 §2.2.2): after installing pp_cli, `./pp_cli -h` with no argument must print the
// banner and `res_cd=S102 res_msg=연동 모듈 호출 오류` — that answer means the module is installed and runs. Before
// running it, the file is looked at, so each way it can fail is named for the operator: missing, not executable
// (mode 755 needed), not a program at all (an FTP upload in ASCII mode), built for another machine, or a 32-bit
// module on a 64-bit system whose 32-bit loader is missing (the spawn fails with ENOENT although the file exists).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeModuleOutput } from './codec.ts';
import { readExecutableHeader, runsOn, type ExecutableHeader } from './executable-header.ts';
import { moduleEnvironment } from './module-env.ts';
import { defaultBinary, runModule, type PpcliGrammar } from './ppcli-transport.ts';
import { parseResultLine, resultLineOf } from './result.ts';

export const MODULE_CHECK_CODES = ['OK', 'HOME_MISSING', 'MISSING', 'NOT_EXECUTABLE', 'NOT_A_PROGRAM', 'WRONG_ARCHITECTURE', 'MISSING_LOADER', 'TIMEOUT', 'UNEXPECTED_OUTPUT'] as const;
export type ModuleCheckCode = (typeof MODULE_CHECK_CODES)[number];

export type ModuleSelfCheck = {
  ok: boolean;
  code: ModuleCheckCode;
  /** The program that was checked (or would be run). */
  binary: string;
  /** What was observed, in Korean. */
  detail: string;
  /** What to do next, in Korean. */
  advice: string;
};

export type ModuleSelfCheckOptions = {
  /** Module home: the directory above `bin` (g_conf_home_dir). */
  home: string;
  grammar?: PpcliGrammar;
  /** Default: the transport's choice (pp_cli_x64 on 64-bit Linux when present, else pp_cli; pp_cli_exe on Windows). */
  binary?: string;
  timeoutMs?: number;
  /** Variables added to the module's minimal environment (tests: the fake module's switches). */
  extraEnv?: Record<string, string>;
  /** Default: os.arch(). */
  hostArch?: string;
};

const SEED = 'seed 004 §2.2.2';
const HOME_ADVICE = '설정 → 연결 설정의 KCP 모듈 폴더(ppcliHome)에 KCP에서 받은 모듈 폴더(bin 폴더의 바로 위)를 고르세요.';

function archName(arch: string): string {
  return ({ x64: '64비트 x86', ia32: '32비트 x86', arm64: '64비트 ARM', arm: '32비트 ARM' } as Record<string, string>)[arch] ?? arch;
}

/** A refusal from the file alone, before anything runs; null when the file looks runnable here. */
function judgeHeader(h: ExecutableHeader, binary: string, grammar: PpcliGrammar, hostArch: string): Omit<ModuleSelfCheck, 'binary'> | null {
  const name = path.basename(binary);
  const wantsElf = grammar === 'linux';
  if (h.format === 'unknown') {
    return {
      ok: false,
      code: 'NOT_A_PROGRAM',
      detail: `${name}은(는) 실행 파일 형식(${wantsElf ? 'ELF' : 'Windows PE'})이 아닙니다.`,
      advice: `KCP에서 받은 원본 파일을 다시 두세요. FTP로 올렸다면 ASCII가 아닌 BINARY 전송으로 올리고, 받은 파일과 크기가 같은지 확인하세요(${SEED}).`,
    };
  }
  if ((h.format === 'pe' && wantsElf) || (h.format === 'elf' && !wantsElf)) {
    return {
      ok: false,
      code: 'WRONG_ARCHITECTURE',
      detail: `${name}은(는) ${h.format === 'pe' ? 'Windows' : 'Linux'}용 모듈입니다. 이 PC는 ${wantsElf ? 'Linux' : 'Windows'}입니다.`,
      advice: `이 운영체제용 KCP 모듈(${wantsElf ? 'Linux: pp_cli / pp_cli_x64' : 'Windows: pp_cli_exe'})을 KCP 기술지원팀(1544-8661)에 요청해 bin 폴더에 두세요.`,
    };
  }
  if ((h.format === 'elf' || h.format === 'pe') && !runsOn(h.machine, hostArch)) {
    const built = h.format === 'elf' ? `${h.bits}비트 ${archName(h.machine)}` : archName(h.machine);
    return {
      ok: false,
      code: 'WRONG_ARCHITECTURE',
      detail: `${name}은(는) ${built}용으로 만들어졌습니다. 이 PC는 ${archName(hostArch)}입니다.`,
      advice: `이 PC에 맞는 KCP 모듈(${hostArch === 'x64' && wantsElf ? '64비트 Linux: pp_cli_x64' : archName(hostArch)})을 KCP 기술지원팀(1544-8661)에 요청해 bin 폴더에 두세요.`,
    };
  }
  if (h.format === 'elf' && h.interpreter !== null && !existsSync(h.interpreter)) {
    return missingLoader(name, h.bits === 32 && hostArch === 'x64', h.interpreter);
  }
  return null;
}

function missingLoader(name: string, thirtyTwoOnSixtyFour: boolean, loader: string | null): Omit<ModuleSelfCheck, 'binary'> {
  return thirtyTwoOnSixtyFour
    ? {
        ok: false,
        code: 'MISSING_LOADER',
        detail: `${name}은(는) 32비트 모듈인데 이 64비트 PC에 32비트 라이브러리${loader ? `(${loader})` : ''}가 없어 실행할 수 없습니다.`,
        advice: '64비트 모듈(pp_cli_x64)을 KCP 기술지원팀(1544-8661)에 요청해 bin 폴더에 두거나, 32비트 실행 라이브러리(Debian/Ubuntu: libc6-i386, RHEL 계열: glibc.i686)를 설치하세요.',
      }
    : {
        ok: false,
        code: 'MISSING_LOADER',
        detail: `${name} 파일은 있지만 실행에 필요한 로더/인터프리터${loader ? `(${loader})` : ''}가 이 PC에 없습니다.`,
        advice: '이 PC에 맞게 만들어진 KCP 모듈인지 확인하세요(32비트 모듈이면 32비트 라이브러리가 필요합니다). KCP 기술지원팀(1544-8661)에 문의하세요.',
      };
}

export async function selfCheckKcpModule(o: ModuleSelfCheckOptions): Promise<ModuleSelfCheck> {
  const grammar: PpcliGrammar = o.grammar ?? (process.platform === 'win32' ? 'windows' : 'linux');
  const hostArch = o.hostArch ?? os.arch();
  const home = path.resolve(o.home);
  const binary = o.binary ?? defaultBinary(home, grammar);
  const name = path.basename(binary);
  const fail = (code: ModuleCheckCode, detail: string, advice: string): ModuleSelfCheck => ({ ok: false, code, binary, detail, advice });

  if (!existsSync(home) || !statSync(home).isDirectory()) return fail('HOME_MISSING', `KCP 모듈 폴더가 없습니다: ${home}`, HOME_ADVICE);
  if (!existsSync(binary)) {
    const tried = grammar === 'linux' ? 'bin/pp_cli_x64, bin/pp_cli' : 'bin\\pp_cli_exe';
    return fail('MISSING', `KCP 모듈 실행 파일이 없습니다: ${binary} (찾은 이름: ${tried})`, `KCP에서 받은 모듈의 bin 폴더를 그대로 두세요(하위 폴더 이름을 바꾸지 마세요). ${HOME_ADVICE}`);
  }
  if (!statSync(binary).isFile()) return fail('NOT_A_PROGRAM', `${binary}은(는) 일반 파일이 아닙니다.`, HOME_ADVICE);
  if (grammar === 'linux') {
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      return fail('NOT_EXECUTABLE', `${name}에 실행 권한이 없습니다 (권한 ${(statSync(binary).mode & 0o777).toString(8)}).`, `'chmod 755 ${binary}'로 실행 권한을 주세요(${SEED}: 755 이상).`);
    }
  }
  const refused = judgeHeader(readExecutableHeader(binary), binary, grammar, hostArch);
  if (refused) return { ...refused, binary };

  // seed 004 §2.2.2 documents `-h` with no argument on Linux; KCP documents no self-test for pp_cli_exe, and the same
  // call is made there (an answer other than S102 is shown as it came).
  const r = await runModule(binary, ['-h'], {
    timeoutMs: o.timeoutMs ?? 5_000,
    env: moduleEnvironment(process.env, process.platform, o.extraEnv),
    verbatim: false,
    cwd: home,
  });
  if (r.error) {
    if (r.error.code === 'ENOENT') return { ...missingLoader(name, false, null), binary };
    if (r.error.code === 'EACCES') return fail('NOT_EXECUTABLE', `${name}을(를) 실행할 권한이 없습니다 (${r.error.code}).`, `'chmod 755 ${binary}'로 실행 권한을 주고, 모듈 폴더가 noexec로 마운트되어 있지 않은지 확인하세요(${SEED}).`);
    return fail('NOT_A_PROGRAM', `${name}을(를) 실행할 수 없습니다 (${r.error.code ?? r.error.message}).`, `KCP에서 받은 원본 파일을 BINARY 전송으로 다시 두세요(${SEED}).`);
  }
  if (r.timedOut) return fail('TIMEOUT', `${name} -h가 ${Math.round((o.timeoutMs ?? 5_000) / 1000)}초 안에 끝나지 않았습니다.`, 'KCP 기술지원팀(1544-8661)에 모듈 상태를 문의하세요.');
  const stdout = decodeModuleOutput(r.stdout, true);
  const line = resultLineOf(stdout);
  const result = line === null ? null : parseResultLine(line);
  if (result?.resCd === 'S102') {
    const banner = stdout.split(/\r?\n/).find((l) => l.includes('PayPLUS')) ?? '';
    return { ok: true, code: 'OK', binary, detail: `${name} -h → res_cd=S102 (${result.resMsg})${banner ? ` · ${banner.trim()}` : ''}: 모듈이 정상 설치되었습니다.`, advice: `모듈이 실행됩니다(${SEED}의 정상 응답).` };
  }
  const seen = (line ?? decodeModuleOutput(r.stderr, true)).trim().slice(0, 200) || '(출력 없음)';
  return fail('UNEXPECTED_OUTPUT', `${name} -h의 응답이 S102가 아닙니다 (종료 코드 ${r.exitCode ?? r.signal ?? '?'}): ${seen}`, `KCP에서 받은 모듈인지, 받은 파일과 크기가 같은지 확인하세요. 계속되면 KCP 기술지원팀(1544-8661)에 문의하세요(${SEED}).`);
}

/**
 * Why `home` cannot be a KCP module home, in Korean, or null: it must be a folder whose bin/ holds pp_cli,
 * pp_cli_x64 or pp_cli_exe (the layout of KCP's package; "do not rename its sub-folders", seed 004 §2.2).
 */
export function moduleHomeProblem(home: string): string | null {
  const dir = path.resolve(home);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return `KCP 모듈 폴더가 없습니다: ${dir}. KCP에서 받은 모듈 폴더(bin 폴더의 바로 위)를 고르세요.`;
  const found = ['pp_cli', 'pp_cli_x64', 'pp_cli_exe'].filter((n) => existsSync(path.join(dir, 'bin', n)));
  if (found.length === 0) return `${dir}에 bin/pp_cli(또는 pp_cli_x64, pp_cli_exe)가 없습니다. bin 폴더가 들어 있는 폴더(bin의 바로 위)를 고르세요.`;
  return null;
}
