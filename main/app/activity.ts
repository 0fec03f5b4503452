// What the backend is doing right now with the active profile (DESIGN §12: the active profile is the one every
// service uses at every moment). A profile switch is refused while anything here runs — it would otherwise change
// the gateway, the sandbox or the credentials under a send, a poll or a batch — and nothing new starts while a
// switch is being carried out.
import { ConfigError } from './errors.ts';

/** What an operator can be told is running, in Korean ("발송 건 '…' 발송"). */
export type ActivityLabel = string;

/**
 * Work that runs by itself in the background (the status tracker): it does not block a switch — a switch stops it
 * (waiting for what it has started), changes the profile, and resumes it on the new one.
 */
export type BackgroundWork = { stop(): Promise<void>; resume(): void };

export function createActivityRegistry() {
  const running = new Map<number, ActivityLabel>();
  const background = new Set<BackgroundWork>();
  let nextId = 1;
  let switching: string | null = null;

  /** Marks work as running until the returned release is called; refused while a profile switch is under way. */
  function begin(label: ActivityLabel): () => void {
    if (switching !== null) {
      throw new ConfigError('PROFILE_SWITCHING', `프로필을 '${switching}'(으)로 바꾸는 중이라 '${label}'을(를) 시작할 수 없습니다. 잠시 뒤 다시 시도하세요.`);
    }
    const id = nextId++;
    running.set(id, label);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running.delete(id);
    };
  }

  /** Runs `work` as one activity: the profile cannot change until it settles. */
  async function run<T>(label: ActivityLabel, work: () => Promise<T>): Promise<T> {
    const release = begin(label);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /**
   * Runs a profile change with nothing else running: refused (naming what runs) when anything does, and no
   * activity can begin until it settles.
   */
  async function exclusive<T>(target: string, change: () => Promise<T>): Promise<T> {
    if (switching !== null) throw new ConfigError('PROFILE_SWITCHING', `이미 프로필을 '${switching}'(으)로 바꾸는 중입니다.`);
    const busy = [...running.values()];
    if (busy.length > 0) {
      const shown = [...new Set(busy)].slice(0, 5).join(', ');
      throw new ConfigError(
        'PROFILE_BUSY',
        `진행 중인 작업이 있어 프로필을 '${target}'(으)로 바꿀 수 없습니다: ${shown}${busy.length > 5 ? ` 외 ${busy.length - 5}건` : ''}. 작업이 끝나거나 일시 정지한 뒤 다시 시도하세요.`,
      );
    }
    switching = target;
    const stopped = [...background];
    try {
      await Promise.all(stopped.map((w) => w.stop()));
      return await change();
    } finally {
      switching = null;
      for (const w of stopped) if (background.has(w)) w.resume();
    }
  }

  /** Registers background work with the switch; returns its unregistration. */
  function addBackground(work: BackgroundWork): () => void {
    background.add(work);
    return () => void background.delete(work);
  }

  return { begin, run, exclusive, addBackground, running: (): ActivityLabel[] => [...running.values()] };
}
export type ActivityRegistry = ReturnType<typeof createActivityRegistry>;
