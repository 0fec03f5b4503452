// The OS scheduler entry that runs `docdesk track --once` every 15 minutes while DocDesk is closed (issue 14
// item 1): Windows Task Scheduler (schtasks), a systemd user timer on Linux, or a crontab line to copy where
// neither can be registered from the app. Pure: the same input gives the same text (tested per platform,
// with paths holding spaces and Hangul); registering is register-scheduler.ts, on the operator's click only.
import path from 'node:path';
import type { SchedulerPlan } from '../../shared/domain/tracker.ts';

/** How this installation starts its command line: e.g. Node + main/cli/index.ts, or the desktop executable. */
export interface CliLauncher {
  command: string;
  args: string[];
}

export interface SchedulerHost {
  platform: NodeJS.Platform;
  homeDir: string;
  /** A systemd user manager answers for this user (Linux). */
  systemdUser: boolean;
}

export const SCHEDULER_INTERVAL_MINUTES = 15;
export const WINDOWS_TASK_NAME = 'DocDesk 상태 추적';
export const SYSTEMD_UNIT = 'docdesk-track';
/** schtasks refuses a /TR value longer than this. */
const SCHTASKS_TR_MAX = 261;

/** Windows command-line quoting (CommandLineToArgvW): quotes when needed, backslashes before a quote doubled. */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/** POSIX shell quoting: single quotes, a single quote as '\''. */
export function quotePosixArg(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** systemd ExecStart quoting: double quotes with C escapes; % and $ are specifiers and variables there. */
export function quoteSystemdArg(arg: string): string {
  const escaped = arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[\w@+=:,./-]+$/.test(arg) ? escaped : `"${escaped}"`;
}

/** The argument list the scheduler runs: `<launcher> track --once --data-dir <dir>`. */
export function trackOnceArgv(launcher: CliLauncher, dataDir: string): string[] {
  return [launcher.command, ...launcher.args, 'track', '--once', '--data-dir', dataDir];
}

export function schedulerPlan(input: { launcher: CliLauncher; dataDir: string; host: SchedulerHost }): SchedulerPlan {
  const argv = trackOnceArgv(input.launcher, input.dataDir);
  const every = SCHEDULER_INTERVAL_MINUTES;
  if (input.host.platform === 'win32') {
    const tr = argv.map(quoteWindowsArg).join(' ');
    const registerArgv = ['schtasks', '/Create', '/F', '/SC', 'MINUTE', '/MO', String(every), '/TN', WINDOWS_TASK_NAME, '/TR', tr];
    const tooLong = tr.length > SCHTASKS_TR_MAX;
    return {
      kind: 'schtasks',
      registrable: !tooLong,
      reason: tooLong ? `실행 명령이 ${tr.length}자로 작업 스케줄러의 한도(${SCHTASKS_TR_MAX}자)를 넘습니다. 데이터 폴더를 더 짧은 경로로 옮기거나 작업 스케줄러에서 직접 만드세요.` : null,
      command: tr,
      script: registerArgv.map(quoteWindowsArg).join(' '),
      files: [],
      run: [registerArgv],
      intervalMinutes: every,
    };
  }
  if (input.host.platform === 'linux') {
    const dir = path.posix.join(input.host.homeDir, '.config', 'systemd', 'user');
    const service = {
      path: path.posix.join(dir, `${SYSTEMD_UNIT}.service`),
      content: [
        '[Unit]',
        'Description=DocDesk 상태 추적 (docdesk track --once)',
        '',
        '[Service]',
        'Type=oneshot',
        `ExecStart=${argv.map(quoteSystemdArg).join(' ')}`,
        '',
      ].join('\n'),
    };
    const timer = {
      path: path.posix.join(dir, `${SYSTEMD_UNIT}.timer`),
      content: [
        '[Unit]',
        `Description=DocDesk 상태 추적 (${every}분마다)`,
        '',
        '[Timer]',
        `OnCalendar=*:0/${every}`,
        // A run missed while the computer was off happens at the next start (the night off is caught up).
        'Persistent=true',
        '',
        '[Install]',
        'WantedBy=timers.target',
        '',
      ].join('\n'),
    };
    const script = [
      `mkdir -p ${quotePosixArg(dir)}`,
      ...[service, timer].map((f) => `cat > ${quotePosixArg(f.path)} <<'DOCDESK_UNIT'\n${f.content}DOCDESK_UNIT`),
      'systemctl --user daemon-reload',
      `systemctl --user enable --now ${SYSTEMD_UNIT}.timer`,
    ].join('\n');
    return {
      kind: 'systemd',
      registrable: input.host.systemdUser,
      reason: input.host.systemdUser ? null : 'systemd 사용자 관리자가 없어 자동으로 등록할 수 없습니다. 아래 명령을 복사해 실행하거나 crontab에 등록하세요.',
      command: argv.map(quotePosixArg).join(' '),
      script,
      files: [service, timer],
      run: [
        ['systemctl', '--user', 'daemon-reload'],
        ['systemctl', '--user', 'enable', '--now', `${SYSTEMD_UNIT}.timer`],
      ],
      intervalMinutes: every,
    };
  }
  // macOS and the rest: a crontab line to copy (in crontab, % ends the command unless escaped).
  const command = argv.map(quotePosixArg).join(' ');
  return {
    kind: 'cron',
    registrable: false,
    reason: '이 운영체제에서는 앱에서 바로 등록할 수 없습니다. 터미널에서 crontab -e를 열고 아래 줄을 추가하세요.',
    command,
    script: `*/${every} * * * * ${command.replace(/%/g, '\\%')}`,
    files: [],
    run: [],
    intervalMinutes: every,
  };
}
