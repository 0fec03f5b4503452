// Wires the status tracker (main/tracking/tracker.ts) to the backend: the active profile, the shared request
// budget, the operator's persisted pause (audited), the profile switch (background work) and the listeners the
// faces turn into events (tracker:status, mailing:statusChanged).
import type { MailingStatusChanged, SchedulerPlan, TrackerStatus } from '../../shared/domain/tracker.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import type { MailingEngine } from '../mailing/engine.ts';
import type { RateLimiter } from '../mailing/rate-limiter.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { createTracker } from '../tracking/tracker.ts';
import { schedulerPlan, type CliLauncher, type SchedulerHost } from '../tracking/scheduler-command.ts';
import { registerScheduler } from '../tracking/register-scheduler.ts';
import type { ActivityRegistry } from './activity.ts';
import type { ProfileRegistry } from './profiles.ts';

/** The settings key of the operator's pause (docdesk.db settings: it survives restarts and applies to `track --once`). */
export const TRACKER_PAUSED_SETTING = 'tracker.paused';

export async function createTrackerService(deps: {
  engine: MailingEngine;
  profile: () => Profile;
  profiles: ProfileRegistry;
  operatorLog: OperatorLog;
  rateLimiter: () => RateLimiter;
  activity: ActivityRegistry;
  dataDir: string;
  launcher: CliLauncher;
  schedulerHost: () => SchedulerHost;
}) {
  const statusListeners = new Set<(s: TrackerStatus) => void>();
  const changeListeners = new Set<(c: MailingStatusChanged) => void>();
  // The pause as stored, read once here and then kept with every change this service stores (setPaused): the
  // tracker asks for it synchronously (its status, each loop), and only the process holding the folder stores it.
  let paused = (await deps.profiles.setting(TRACKER_PAUSED_SETTING)) === 'true';
  const tracker = createTracker({
    pollRound: deps.engine.pollRound,
    nextDueAt: (scope) => deps.engine.nextPollDueAt(scope),
    pendingCount: (scope) => deps.engine.pendingPollCount(scope),
    profile: deps.profile,
    limiter: deps.rateLimiter,
    sendsRunning: deps.engine.sendingCount,
    paused: { get: () => paused },
    onStatus: (s) => {
      for (const l of statusListeners) l(s);
    },
    onMailingsChanged: (c) => {
      for (const l of changeListeners) l(c);
    },
  });
  // A profile switch stops the tracker (waiting for its round) and resumes it on the new profile.
  const unregister = deps.activity.addBackground({ stop: tracker.stop, resume: tracker.resume });

  const plan = (): SchedulerPlan => schedulerPlan({ launcher: deps.launcher, dataDir: deps.dataDir, host: deps.schedulerHost() });

  return {
    status: tracker.status,
    start: tracker.start,
    wake: tracker.wake,
    runOnce: tracker.runOnce,
    pendingCount: tracker.pendingCount,
    /** Stores the pause with its audit record in one step on the docdesk writer, then the tracker takes it up. */
    async setPaused(pause: boolean): Promise<TrackerStatus> {
      await deps.profiles.setSetting(TRACKER_PAUSED_SETTING, String(pause), deps.operatorLog.stamp(pause ? 'tracker.pause' : 'tracker.resume', 'tracker'));
      paused = pause;
      return tracker.setPaused(pause);
    },
    onStatus(listener: (s: TrackerStatus) => void): () => void {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onMailingsChanged(listener: (c: MailingStatusChanged) => void): () => void {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    /** The OS scheduler entry that runs `docdesk track --once` while DocDesk is closed. */
    schedulerPlan: plan,
    /** Registers it (only on the operator's explicit click; audited). */
    async registerScheduler(): Promise<SchedulerPlan> {
      const p = plan();
      await registerScheduler(p);
      await deps.operatorLog.record('tracker.registerScheduler', p.kind, { command: p.command });
      return p;
    },
    async close(): Promise<void> {
      unregister();
      await tracker.close();
    },
  };
}
export type TrackerService = Awaited<ReturnType<typeof createTrackerService>>;
