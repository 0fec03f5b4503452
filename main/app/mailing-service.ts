// Mailing use-cases as the faces see them: import a list, send, poll until final, resolve, inspect.
// Wires the import module to the mailing engine with the active profile's limits.
import path from 'node:path';
import type { ImportProgress, ImportReport } from '../../shared/domain/import.ts';
import type { PreReviewForm, UnknownResolution } from '../../shared/domain/mailing.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { importRecipientFileRows, type ImportOptions } from '../imports/import-recipient-file.ts';
import type { MailingEngine } from '../mailing/engine.ts';
import type { SendProgress } from '../mailing/sender.ts';
import { MailingError, type MailingGateway } from '../mailing/types.ts';
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
    const writer = engine.beginImport({
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
    try {
      if (report.valid > 0) mailingId = await writer.complete(report);
    } finally {
      if (mailingId === null) await writer.discard();
    }
    if (savePreset) deps.presets.save({ name: savePreset, mapping: report.mapping, ...(report.headerRow > 0 ? { headerRow: report.headerRow } : {}) });
    operatorLog.record('mailing.import', mailingId ?? '(none)', { file: path.basename(filePath), rows: report.rows, valid: report.valid, invalid: report.invalid });
    return { mailingId, report };
  }

  function preReviewFor(mailingId: string): PreReviewForm {
    const m = engine.summary(mailingId);
    if (!m) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${mailingId}을(를) 찾을 수 없습니다.`, 2);
    return engine.preReview(mailingId, {
      institutionName: deps.profiles.setting('institutionName') ?? '(이용기관명을 설정하세요: docdesk config set institutionName …)',
      rateLimitPerSec: deps.profile().docsgw.rateLimitPerSec,
      purpose: m.name,
    });
  }

  async function send(mailingId: string, options: { signal?: AbortSignal; onProgress?: (p: SendProgress) => void; acknowledgePreReview?: boolean } = {}) {
    const review = preReviewFor(mailingId);
    if (review.required && !options.acknowledgePreReview) {
      throw new MailingError('PRE_REVIEW_REQUIRED', `오늘 발송 예정 ${review.plannedToday.toLocaleString('ko-KR')}건이 일 50만 건 이상입니다. 사전 검토 요청(seed 001 §2.1)을 보낸 뒤 발송을 확인하세요.`, 3, {
        kind: 'confirm',
        plannedToday: review.plannedToday,
      });
    }
    const svc = deps.profile().docsgw;
    operatorLog.record('mailing.send', mailingId, { profile: deps.profile().name });
    const result = await engine.send(mailingId, {
      concurrency: svc.concurrency,
      rateLimitPerSec: svc.rateLimitPerSec,
      firstPollAfterMs: svc.poll.firstAfterSec * 1000,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    return { ...result, preReview: review };
  }

  async function pollOnce(mailingId?: string) {
    const svc = deps.profile().docsgw;
    return engine.pollRound({ mailingId, schedule: svc.poll, concurrency: svc.concurrency });
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

  function resolve(mailingId: string, resolution: UnknownResolution): number {
    return engine.resolveUnknown(mailingId, resolution);
  }

  return {
    import: importFile,
    send,
    preReview: preReviewFor,
    pollOnce,
    pollUntilFinal,
    resolve,
    presets: deps.presets,
    pause: engine.pause,
    cancel: engine.cancel,
    list: engine.list,
    status: (id: string) => {
      const s = engine.summary(id);
      if (!s) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${id}을(를) 찾을 수 없습니다.`, 2);
      return s;
    },
    /** The mailing's refused, UNKNOWN and abandoned documents grouped by code or reason (`mail status`). */
    errorSummary: engine.errorSummary,
    documentDetail: engine.documentDetail,
  };
}
