// Registers the scheduler entry of scheduler-command.ts: writes its files (systemd units, owner-writable) and runs
// its programs without a shell. Only on the operator's explicit click (Settings); tests never call it.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SchedulerPlan } from '../../shared/domain/tracker.ts';
import { MailingError } from '../mailing/types.ts';

const run = promisify(execFile);

export async function registerScheduler(plan: SchedulerPlan): Promise<void> {
  if (!plan.registrable) throw new MailingError('SCHEDULER_NOT_REGISTRABLE', plan.reason ?? '이 컴퓨터에서는 자동으로 등록할 수 없습니다. 표시된 명령을 복사해 실행하세요.', 4);
  for (const f of plan.files) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content, { mode: 0o644 });
  }
  for (const [program, ...args] of plan.run) {
    if (program === undefined) continue;
    try {
      await run(program, args, { timeout: 30_000, windowsHide: true });
    } catch (err) {
      const detail = (err as { stderr?: string }).stderr?.trim() || (err instanceof Error ? err.message : String(err));
      throw new MailingError('SCHEDULER_REGISTER_FAILED', `예약 작업을 등록하지 못했습니다(${program}: ${detail.slice(0, 300)}). 표시된 명령을 복사해 직접 실행하세요.`, 1);
    }
  }
}
