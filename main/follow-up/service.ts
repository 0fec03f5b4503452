// Deadlines and the next channel (issue 14 item 2) as the faces use them: every mailing's deadline and follow-up
// counts, the per-mailing charts, and the export of exactly the unread and failed recipients to .xlsx — with the
// operator's reason recorded in the audit log (the count and the file name, never the personal data).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { followUpExportInputSchema, followUpOverviewInputSchema, failedCount, unreadCount, type FollowUpExportInput, type FollowUpExportResult, type FollowUpOverviewInput, type MailingChart, type MailingDeadline } from '../../shared/domain/follow-up.ts';
import { seoulDateTime } from '../documents/format.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import { MailingError } from '../mailing/types.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { createDeadlines } from './deadlines.ts';
import { createMailingChart } from './mailing-chart.ts';
import { createFollowUpRecipients } from './recipients.ts';
import { writeFollowUpSheet } from './sheet.ts';

export function createFollowUpService(deps: {
  /** Counts and read curves come from DocdeskReads.followUp, on a thread of their own in the app (follow-up-reads.ts). */
  reads: Pick<DocdeskReads, 'followUp' | 'dataVersion'>;
  dataDir: string;
  operatorLog: OperatorLog;
  /** Virtual seconds per real second of a profile's gateway (the sandbox's time scale; 1 for a real gateway). */
  timeScaleOf: (profile: string) => Promise<number>;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const deadlines = createDeadlines(deps.reads, { timeScaleOf: deps.timeScaleOf, now });
  const recipients = createFollowUpRecipients(deps.reads);
  const chartOf = createMailingChart(deps.reads.followUp.readsByDay);

  async function deadline(mailingId: string, afterDays?: number): Promise<MailingDeadline> {
    const d = await deadlines.of(mailingId, afterDays);
    if (!d) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${mailingId}을(를) 찾을 수 없습니다. 발송 목록에서 ID를 확인하세요.`, 2);
    return d;
  }

  /** `outPath` (the CLI's --out) is the operator's own path; without it the file goes to <dataDir>/exports/. */
  function target(mailingName: string, outPath: string | undefined): string {
    if (outPath === undefined) {
      const base = mailingName.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'mailing';
      const stamp = seoulDateTime(now()).replace(/[-: ]/g, '').replace(/^(\d{8})/, '$1-');
      return path.join(ensureExportsDir(deps.dataDir), `후속조치-${base}-${stamp}-${process.hrtime.bigint() % 100000n}.xlsx`);
    }
    const file = path.resolve(outPath);
    if (!/\.xlsx$/i.test(file)) throw new MailingError('BAD_OUT_PATH', `후속 조치 목록은 .xlsx 파일로 저장합니다: '${outPath}'. 파일 이름을 .xlsx로 끝내세요.`, 2);
    const dir = path.dirname(file);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MailingError('BAD_OUT_PATH', `저장할 폴더가 없습니다: '${dir}'. 있는 폴더를 지정하세요.`, 2);
    if (existsSync(file) && !statSync(file).isFile()) throw new MailingError('BAD_OUT_PATH', `'${outPath}'은(는) 파일이 아닙니다. 파일 경로를 지정하세요.`, 2);
    return file;
  }

  return {
    /** Every mailing with its deadline and counts; `afterDays` marks mailings due N days after sending. */
    overview(input: FollowUpOverviewInput = {}): Promise<MailingDeadline[]> {
      const i = followUpOverviewInputSchema.parse(input);
      return deadlines.all(i.afterDays);
    },
    deadline,
    async chart(mailingId: string): Promise<MailingChart> {
      return chartOf(await deadline(mailingId), now());
    },
    /**
     * Writes exactly the unread and failed recipients of the mailing (an empty sheet when there are none) and
     * records the operator's reason. UNKNOWN documents are left out: they may have been delivered.
     */
    async export(input: FollowUpExportInput, o: { outPath?: string } = {}): Promise<FollowUpExportResult> {
      const parsed = followUpExportInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new MailingError('INVALID_INPUT', parsed.error.issues.map((i) => i.message).join(' '), 2);
      }
      const { mailingId, reason } = parsed.data;
      const d = await deadline(mailingId);
      const filePath = target(d.name, o.outPath);
      const reasons = await writeFollowUpSheet(filePath, recipients.of(mailingId, d.deadlinePassed));
      const unread = unreadCount(reasons);
      const failed = failedCount(reasons);
      const rows = unread + failed;
      await deps.operatorLog.record('mailing.followUpExport', mailingId, { reason, file: path.basename(filePath), rows, unread, failed, reasons, excludedUnknown: d.unknown });
      return { mailingId, filePath, rows, reasons, unread, failed, excludedUnknown: d.unknown };
    },
  };
}
export type FollowUpService = ReturnType<typeof createFollowUpService>;
