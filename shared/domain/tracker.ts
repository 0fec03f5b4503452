// The status tracker (issue 14 item 1): what the app and `docdesk track` show about the background polling.
import { z } from 'zod';

export const trackerRoundSchema = z.object({
  at: z.number().int(),
  polled: z.number().int(),
  changed: z.number().int(),
  errors: z.number().int(),
});
export type TrackerRound = z.infer<typeof trackerRoundSchema>;

export const trackerStatusSchema = z.object({
  /**
   * off: this process runs no tracker (a short CLI command); polling: a round is running; waiting: asleep until
   * the next document falls due; paused: the operator paused it (a setting of the data folder); stopped: stopped
   * for a profile switch or on quit.
   */
  state: z.enum(['off', 'polling', 'waiting', 'paused', 'stopped']),
  paused: z.boolean(),
  profile: z.string(),
  /** When the next document falls due (null: no accepted document waits for a status). */
  nextDueAt: z.number().int().nullable(),
  lastRound: trackerRoundSchema.nullable(),
  /** The last round's failure, in Korean (null after a round that worked). */
  lastError: z.string().nullable(),
});
export type TrackerStatus = z.infer<typeof trackerStatusSchema>;

/** Mailings whose documents changed status in the tracker's last rounds (coalesced, at most about once a second). */
export const mailingStatusChangedSchema = z.object({ mailingIds: z.array(z.string()), changed: z.number().int() });
export type MailingStatusChanged = z.infer<typeof mailingStatusChangedSchema>;

/**
 * How `docdesk track --once` runs while DocDesk is closed: the OS scheduler entry, as a copyable command, and
 * whether this machine can register it with one click.
 */
export const schedulerPlanSchema = z.object({
  kind: z.enum(['schtasks', 'systemd', 'cron']),
  /** Can be registered from the app (Windows Task Scheduler, a systemd user manager); otherwise copy `script`. */
  registrable: z.boolean(),
  /** Why not, in Korean, when it cannot be registered from here. */
  reason: z.string().nullable(),
  /** The command line the scheduler runs every 15 minutes. */
  command: z.string(),
  /** What to type (or what the app runs) to register it. */
  script: z.string(),
  /** Files the registration writes (systemd units), with their content. */
  files: z.array(z.object({ path: z.string(), content: z.string() })),
  /** The programs the registration runs after writing the files, each as its argument list (no shell). */
  run: z.array(z.array(z.string())),
  intervalMinutes: z.number().int(),
});
export type SchedulerPlan = z.infer<typeof schedulerPlanSchema>;
