// Mailing use-cases as the faces see them: import a list, send, poll until final, resolve, inspect.
// Wires the import module to the mailing engine with the active profile's limits.
import path from 'node:path';
import type { ImportProgress, ImportReport } from '../../shared/domain/import.ts';
import type { PreReviewForm, UnknownResolution } from '../../shared/domain/mailing.ts';
import type { PreReviewRequest, PreReviewSend } from '../../shared/domain/pre-review.ts';
import { writePreReviewForm } from '../exports/pre-review-form.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { importRecipientFileRows, type ImportOptions } from '../imports/import-recipient-file.ts';
import type { MailingEngine } from '../mailing/engine.ts';
import type { PreReviewTarget } from '../mailing/pre-review.ts';
import type { SendProgress } from '../mailing/sender.ts';
import { MailingError, type MailingGateway } from '../mailing/types.ts';
import type { RateLimiter } from '../mailing/rate-limiter.ts';
import type { MappingPresets } from '../store/mapping-presets.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import type { ProfileRegistry } from './profiles.ts';

export function createMailingService(deps: {
  engine: MailingEngine;
  profile: () => Profile;
  profiles: ProfileRegistry;
  operatorLog: OperatorLog;
  gateway: () => MailingGateway;
  presets: MappingPresets;
  dataDir: string;
  /** The active profile's request budget, shared by sends and status polling. */
  rateLimiter: () => RateLimiter;
}) {
  const { engine, operatorLog } = deps;

  /**
   * Imports a list into a new mailing. `preset` supplies a saved mapping (and header row) unless `mapping` is
   * given; `savePreset` stores the mapping that was used (detected or given) under that name.
   */
  async function importFile(
    filePath: string,
    options: ImportOptions & { name?: string; preset?: string; savePreset?: string },
    onProgress?: (p: ImportProgress) => void,
  ) {
    const { name: _name, preset: presetName, savePreset, ...importOptions } = options;
    if (presetName && !importOptions.mapping) {
      const preset = deps.presets.get(presetName);
      if (!preset) throw new MailingError('PRESET_NOT_FOUND', `열 매핑 프리셋 '${presetName}'이(가) 없습니다.`, 2);
      importOptions.mapping = preset.mapping;
      if (preset.headerRow !== undefined && importOptions.headerRow === undefined) importOptions.headerRow = preset.headerRow;
    }
    // Valid rows are stored while the worker still reads the file; the mailing stays invisible until complete.
    const writer = await engine.beginImport({
      name: options.name ?? options.defaults.title ?? path.basename(filePath),
      profile: deps.profile().name,
      sourceFile: path.resolve(filePath),
      defaults: options.defaults,
    });
    let report: ImportReport;
    try {
      report = await importRecipientFileRows(filePath, importOptions, (rows) => writer.store(rows), onProgress);
    } catch (e) {
      await writer.discard();
      throw e;
    }
    let mailingId: string | null = null;
    const imported = { file: path.basename(filePath), rows: report.rows, valid: report.valid, invalid: report.invalid };
    try {
      // The operator's import is recorded in the step that makes the list visible.
      if (report.valid > 0) mailingId = await writer.complete(report, { name: 'mailing.import', data: imported });
    } finally {
      if (mailingId === null) await writer.discard();
    }
    if (mailingId === null) await operatorLog.record('mailing.import', '(none)', imported);
    if (savePreset) await deps.presets.save({ name: savePreset, mapping: report.mapping, ...(report.headerRow > 0 ? { headerRow: report.headerRow } : {}) });
    return { mailingId, report };
  }

  /**
   * The pre-review form of seed 001 §2.1 for a stored mailing or a validated list not imported yet, filled in with
   * the operator's plan (date or period, purpose; default today and the mailing's name).
   */
  async function preReviewFor(request: PreReviewRequest): Promise<PreReviewForm> {
    let target: PreReviewTarget;
    let name: string;
    if ('mailingId' in request) {
      const m = await engine.summary(request.mailingId);
      if (!m) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${request.mailingId}을(를) 찾을 수 없습니다.`, 2);
      target = { mailingId: request.mailingId };
      name = m.name;
    } else {
      target = { newDocuments: request.newDocuments };
      name = request.name;
    }
    return engine.preReview(target, {
      institutionName: (await deps.profiles.setting('institutionName')) ?? '',
      rateLimitPerSec: deps.profile().docsgw.rateLimitPerSec,
      purpose: request.purpose ?? name,
      plan: { ...(request.date !== undefined ? { date: request.date } : {}), ...(request.until !== undefined ? { until: request.until } : {}) },
    });
  }

  /**
   * The filled form as .xlsx (attached to the request mail): under <dataDir>/exports/, or at `out` (the CLI's
   * own path). Every export is audited.
   */
  async function exportPreReview(request: PreReviewRequest, out?: string): Promise<{ filePath: string; review: PreReviewForm }> {
    const review = await preReviewFor(request);
    const filePath = writePreReviewForm(deps.dataDir, review, out !== undefined ? { out } : {});
    await operatorLog.record('mailing.preReviewExport', path.basename(filePath), { mailing: 'mailingId' in request ? request.mailingId : '(가져오기 전)', ...review.form });
    return { filePath, review };
  }

  async function send(
    mailingId: string,
    options: { signal?: AbortSignal; onProgress?: (p: SendProgress) => void; acknowledgePreReview?: boolean; preReview?: PreReviewSend } = {},
  ) {
    const { decision, ...plan } = options.preReview ?? { decision: 'proceed' as const };
    const review = await preReviewFor({ mailingId, ...plan });
    if (review.required) {
      if (!options.acknowledgePreReview && options.preReview === undefined) {
        throw new MailingError(
          'PRE_REVIEW_REQUIRED',
          `오늘 발송 예정 ${review.plannedToday.toLocaleString('ko-KR')}건이 일 50만 건 이상입니다. 카카오페이에 사전 검토 요청(양식 5개 항목)을 보낸 뒤, 보냈는지 또는 보내지 않고 발송할지 정해 발송하세요.`,
          3,
          { kind: 'confirm', plannedToday: review.plannedToday },
        );
      }
    }
    // The operator's records (the decision on a day over the line, with the form as it stood — seed 001 §2.1 — and
    // the send) are steps posted before the send's own: the writer commits steps in order, so they are durable
    // before anything is claimed, and the send starts in this same tick (a pause or cancel finds it running).
    const recorded = Promise.all([
      review.required ? operatorLog.record('mailing.preReview', mailingId, { decision, plannedToday: review.plannedToday, threshold: review.threshold, ...review.form }) : null,
      operatorLog.record('mailing.send', mailingId, { profile: deps.profile().name }),
    ]);
    const svc = deps.profile().docsgw;
    const sending = engine.send(mailingId, {
      concurrency: svc.concurrency,
      rateLimitPerSec: svc.rateLimitPerSec,
      limiter: deps.rateLimiter(),
      firstPollAfterMs: svc.poll.firstAfterSec * 1000,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    sending.catch(() => undefined); // surfaced by the await below
    try {
      await recorded;
    } catch (err) {
      // Never an unaudited send: it stops before its first claim (that step waits behind the failed record's).
      await engine.pause(mailingId);
      await sending.catch(() => undefined);
      throw err;
    }
    const result = await sending;
    return { ...result, preReview: review };
  }

  async function pollOnce(mailingId?: string) {
    const active = deps.profile();
    const limiter = deps.rateLimiter();
    return engine.pollRound({
      mailingId,
      profile: active.name,
      schedule: active.docsgw.poll,
      concurrency: active.docsgw.concurrency,
      beforeCall: () => limiter.acquire(),
    });
  }

  /** Polls until every accepted document is final (READ/EXPIRED), or the timeout passes. */
  async function pollUntilFinal(mailingId: string, options: { timeoutMs: number; signal?: AbortSignal; onRound?: (r: Awaited<ReturnType<typeof pollOnce>>) => void }) {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const r = await pollOnce(mailingId);
      options.onRound?.(r);
      if (r.remaining === 0) return { final: true as const };
      if (options.signal?.aborted || Date.now() >= deadline) return { final: false as const };
      const wait = Math.max(250, Math.min((r.nextDueAt ?? Date.now() + 1000) - Date.now(), deadline - Date.now()));
      await new Promise((res) => setTimeout(res, wait));
    }
  }

  function resolve(mailingId: string, resolution: UnknownResolution): Promise<number> {
    return engine.resolveUnknown(mailingId, resolution);
  }

  return {
    import: importFile,
    send,
    preReview: preReviewFor,
    exportPreReview,
    pollOnce,
    pollUntilFinal,
    resolve,
    presets: deps.presets,
    pause: engine.pause,
    cancel: engine.cancel,
    list: engine.list,
    status: async (id: string) => {
      const s = await engine.summary(id);
      if (!s) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${id}을(를) 찾을 수 없습니다.`, 2);
      return s;
    },
    /** The mailing's refused, UNKNOWN and abandoned documents grouped by code or reason (`mail status`). */
    errorSummary: engine.errorSummary,
    documentDetail: engine.documentDetail,
  };
}
