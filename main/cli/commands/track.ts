// `docdesk track [--once]` (issue 14 items 1 and 10): the app's status tracker without the app. Without --once it
// runs until SIGINT/SIGTERM (progress on stderr, a summary at the end); --once is one catch-up pass over what is
// due now, for the OS scheduler (Settings registers it). While the app holds the data folder, the scheduled pass
// has nothing to do — the app's own tracker polls — so --once then exits 0 with a "skipped" note instead of the
// busy folder's exit 4, and the scheduler shows no failure.
import type { TrackerRound } from '../../../shared/domain/tracker.ts';
import type { Backend } from '../../app/backend.ts';
import { ConfigError } from '../../app/errors.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import { openBackend } from '../open-backend.ts';
import type { Output } from '../output.ts';

const when = (at: number | null): string => (at === null ? '없음' : new Date(at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' }));
const roundLine = (r: TrackerRound, nextDueAt: number | null): string =>
  `상태 조회: ${r.polled.toLocaleString('ko-KR')}건 조회 · ${r.changed.toLocaleString('ko-KR')}건 변경 · 오류 ${r.errors}건 · 다음 조회 ${when(nextDueAt)}`;

export async function trackCommand(args: string[], v: CliValues, out: Output): Promise<number> {
  if (args.length > 0) throw new CliError('UNKNOWN_COMMAND', `알 수 없는 track 인수: ${args.join(' ')} (사용법: docdesk track [--once])`, 2);
  let b: Backend;
  try {
    b = await openBackend(v, 'write');
  } catch (err) {
    if (v.once && err instanceof ConfigError && err.code === 'DATA_DIR_BUSY') {
      const message = err.message;
      out.progress(`건너뜀: 데이터 폴더를 다른 DocDesk가 쓰고 있습니다(그쪽의 상태 추적이 조회합니다). ${message}`);
      out.result({ skipped: 'DATA_DIR_BUSY', message });
      out.line('건너뜀: DocDesk가 열려 있어 앱이 상태를 추적합니다.');
      return 0;
    }
    throw err;
  }
  try {
    if (b.recoveredUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 전송 중이던 ${b.recoveredUnknown}건을 UNKNOWN으로 표시했습니다.`);
    if (v.once) {
      const r = await b.tracker.runOnce((round) => out.progress(roundLine(round, b.tracker.status().nextDueAt)));
      out.result({ profile: b.profile().name, ...r });
      if (r.paused) out.line("상태 추적이 일시 정지되어 있어 조회하지 않았습니다(설정 화면에서 재개하거나 'docdesk mail poll ID'로 조회하세요).");
      else out.line(`조회 ${r.polled.toLocaleString('ko-KR')}건 · 변경 ${r.changed.toLocaleString('ko-KR')}건 · 오류 ${r.errors}건 · 남은 미완료 ${r.remaining.toLocaleString('ko-KR')}건 · 다음 조회 ${when(r.nextDueAt)}`);
      return 0;
    }
    const total = { rounds: 0, polled: 0, changed: 0, errors: 0 };
    let seen: TrackerRound | null = null;
    let lastState = '';
    const stopEvents = b.tracker.onStatus((s) => {
      if (s.lastRound !== null && s.lastRound !== seen) {
        seen = s.lastRound;
        total.rounds++;
        total.polled += s.lastRound.polled;
        total.changed += s.lastRound.changed;
        total.errors += s.lastRound.errors;
        out.progress(roundLine(s.lastRound, s.nextDueAt));
      }
      if (s.state !== lastState && (s.state === 'paused' || s.lastError !== null)) out.progress(s.lastError ?? '상태 추적이 일시 정지되어 있습니다(설정 화면에서 재개하세요).');
      lastState = s.state;
    });
    b.tracker.start();
    out.progress(`상태 추적 중 (프로필 ${b.profile().name}) · Ctrl+C로 종료`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    out.progress('종료하는 중… 진행 중인 조회의 기록을 마칩니다.');
    await b.tracker.close(); // after its round in progress is committed
    stopEvents();
    const status = b.tracker.status();
    out.result({ profile: status.profile, ...total, remaining: await b.tracker.pendingCount(), nextDueAt: status.nextDueAt, stopped: 'signal' });
    out.line(`상태 추적을 멈췄습니다: ${total.rounds}회 조회 · ${total.polled.toLocaleString('ko-KR')}건 조회 · ${total.changed.toLocaleString('ko-KR')}건 변경`);
    return 0;
  } finally {
    await b.close();
  }
}
