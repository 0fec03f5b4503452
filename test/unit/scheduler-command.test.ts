// The OS scheduler entry of `docdesk track --once` (issue 14 item 1): the command line each platform would register,
// with paths holding spaces and Hangul quoted so the scheduler runs exactly this argument list. Nothing is registered.
import { describe, expect, it } from 'vitest';
import { quotePosixArg, quoteSystemdArg, quoteWindowsArg, schedulerPlan } from '../../main/tracking/scheduler-command.ts';

const winLauncher = { command: 'C:\\Program Files\\DocDesk\\DocDesk.exe', args: [] };
const winDir = 'C:\\Users\\홍길동\\AppData\\Roaming\\DocDesk 자료';
const linuxLauncher = { command: '/opt/DocDesk/node', args: ['/opt/DocDesk 앱/main/cli/index.ts'] };
const linuxDir = "/home/hong/문서/DocDesk 'data' 100%";

/** Splits a Windows command line the way CommandLineToArgvW does (the quoting's inverse, for the round trip). */
function splitWindows(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else {
          quoted = !quoted;
        }
        started = true;
      } else {
        cur += '\\'.repeat(n);
        i--;
        started = true;
      }
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      started = true;
      continue;
    }
    if (/\s/.test(ch) && !quoted) {
      if (started) out.push(cur);
      cur = '';
      started = false;
      continue;
    }
    cur += ch;
    started = true;
  }
  if (started) out.push(cur);
  return out;
}

describe('scheduler plan', () => {
  it('Windows: schtasks every 15 minutes running track --once on the data folder, quoted for spaces and Hangul', () => {
    const p = schedulerPlan({ launcher: winLauncher, dataDir: winDir, host: { platform: 'win32', homeDir: 'C:\\Users\\홍길동', systemdUser: false } });
    expect(p.kind).toBe('schtasks');
    expect(p.registrable).toBe(true);
    expect(p.command).toBe('"C:\\Program Files\\DocDesk\\DocDesk.exe" track --once --data-dir "C:\\Users\\홍길동\\AppData\\Roaming\\DocDesk 자료"');
    expect(splitWindows(p.command)).toEqual([winLauncher.command, 'track', '--once', '--data-dir', winDir]);
    expect(p.run).toEqual([['schtasks', '/Create', '/F', '/SC', 'MINUTE', '/MO', '15', '/TN', 'DocDesk 상태 추적', '/TR', p.command]]);
    // The copyable line is the same argument list, /TR's inner quotes escaped as schtasks expects.
    expect(p.script).toBe(
      'schtasks /Create /F /SC MINUTE /MO 15 /TN "DocDesk 상태 추적" /TR "\\"C:\\Program Files\\DocDesk\\DocDesk.exe\\" track --once --data-dir \\"C:\\Users\\홍길동\\AppData\\Roaming\\DocDesk 자료\\""',
    );
    expect(splitWindows(p.script)).toEqual(p.run[0]);
  });

  it('Windows: a /TR longer than schtasks takes is not registrable, with the reason in Korean', () => {
    const p = schedulerPlan({ launcher: winLauncher, dataDir: `C:\\${'긴 폴더 이름\\'.repeat(40)}DocDesk`, host: { platform: 'win32', homeDir: 'C:\\', systemdUser: false } });
    expect(p.registrable).toBe(false);
    expect(p.reason).toContain('261자');
  });

  it('Linux: a systemd user service and a persistent 15-minute timer, enabled with systemctl --user', () => {
    const p = schedulerPlan({ launcher: linuxLauncher, dataDir: linuxDir, host: { platform: 'linux', homeDir: '/home/hong', systemdUser: true } });
    expect(p.kind).toBe('systemd');
    expect(p.registrable).toBe(true);
    expect(p.files.map((f) => f.path)).toEqual(['/home/hong/.config/systemd/user/docdesk-track.service', '/home/hong/.config/systemd/user/docdesk-track.timer']);
    expect(p.files[0]!.content).toContain(`ExecStart=/opt/DocDesk/node "/opt/DocDesk 앱/main/cli/index.ts" track --once --data-dir "/home/hong/문서/DocDesk 'data' 100%%"`);
    expect(p.files[0]!.content).toContain('Type=oneshot');
    expect(p.files[1]!.content).toContain('OnCalendar=*:0/15');
    expect(p.files[1]!.content).toContain('Persistent=true');
    expect(p.run).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'docdesk-track.timer'],
    ]);
    expect(p.command).toBe(`/opt/DocDesk/node '/opt/DocDesk 앱/main/cli/index.ts' track --once --data-dir '/home/hong/문서/DocDesk '\\''data'\\'' 100%'`);
    expect(p.script).toContain("cat > /home/hong/.config/systemd/user/docdesk-track.service <<'DOCDESK_UNIT'");
    expect(p.script).toContain('systemctl --user enable --now docdesk-track.timer');
  });

  it('Linux without a systemd user manager: the same script to copy, not registrable', () => {
    const p = schedulerPlan({ launcher: linuxLauncher, dataDir: linuxDir, host: { platform: 'linux', homeDir: '/home/hong', systemdUser: false } });
    expect(p.registrable).toBe(false);
    expect(p.reason).toContain('systemd');
    expect(p.script).toContain('systemctl --user enable --now docdesk-track.timer');
  });

  it('macOS: a crontab line to copy, % escaped', () => {
    const p = schedulerPlan({ launcher: { command: '/Applications/DocDesk.app/Contents/MacOS/DocDesk', args: [] }, dataDir: '/Users/hong/DocDesk 100%', host: { platform: 'darwin', homeDir: '/Users/hong', systemdUser: false } });
    expect(p).toMatchObject({ kind: 'cron', registrable: false, files: [], run: [] });
    expect(p.script).toBe("*/15 * * * * /Applications/DocDesk.app/Contents/MacOS/DocDesk track --once --data-dir '/Users/hong/DocDesk 100\\%'");
  });

  it('quoting helpers', () => {
    expect(quoteWindowsArg('plain')).toBe('plain');
    expect(quoteWindowsArg('')).toBe('""');
    expect(quoteWindowsArg('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(splitWindows(quoteWindowsArg('a "b" \\c\\'))).toEqual(['a "b" \\c\\']);
    expect(quotePosixArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteSystemdArg('/a b/$HOME')).toBe('"/a b/$$HOME"');
  });
});
