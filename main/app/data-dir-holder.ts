// Who holds a data folder's writer lock (data-dir-lock.ts), written beside the lock so that a refused process can
// name the holder without taking the lock itself. The record only words messages and says how the previous
// writer stopped; whether a holder is alive is for the kernel's lock alone to say — never this record's PID,
// which means nothing in another PID namespace or on another host.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { seoulDateTime } from '../documents/format.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';

export const HOLDER_FILE = 'docdesk.lock.json';

const holderSchema = z.object({
  version: z.literal(1),
  host: z.string().min(1).max(255),
  pid: z.number().int().positive(),
  /** When the holding process started (ms UTC): with the PID, tells a person which process it is. */
  processStartedAt: z.number().int().nonnegative(),
  state: z.enum(['held', 'released']),
  /** Set on release: work was left IN_FLIGHT, so the next writer must settle it as after a crash. */
  recoveryDue: z.boolean(),
});
export type HolderRecord = z.infer<typeof holderSchema>;

/** The record, or null when there is none or it cannot be read (then nothing is known about the last writer). */
export function readHolder(dataDir: string): HolderRecord | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, HOLDER_FILE), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = holderSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Written whole (rename) so that a refused process never reads half a record. */
export function writeHolder(dataDir: string, record: HolderRecord): void {
  writeFileAtomic(path.join(dataDir, HOLDER_FILE), `${JSON.stringify(record, null, 2)}\n`, 0o644);
}

/**
 * The refusal a second writer gets. `record` may lag behind the lock by a moment (a new holder writes it right
 * after taking the lock), so a record that does not say 'held' names nobody.
 */
export function busyMessage(record: HolderRecord | null, ownHost: string): string {
  const next = '그 DocDesk를 종료한 뒤 다시 실행하세요. 잠금은 그 프로세스가 끝나면 저절로 풀리니 잠금 파일(docdesk.lock.db)은 지우지 마세요.';
  if (record === null || record.state !== 'held') return `다른 DocDesk가 이 데이터 폴더를 사용 중입니다. ${next}`;
  const since = `${seoulDateTime(record.processStartedAt)}(한국 시간)부터 실행 중`;
  if (record.host !== ownHost) {
    return `다른 컴퓨터 '${record.host}'의 DocDesk(그 컴퓨터의 프로세스 ${record.pid}, ${since})가 이 데이터 폴더를 사용 중입니다. ${next}`;
  }
  return `이 컴퓨터의 다른 DocDesk(프로세스 ${record.pid}, ${since})가 이 데이터 폴더를 사용 중입니다. ${next}`;
}
