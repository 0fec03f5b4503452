// Serves shared/ipc.ts over the backend: validates every input and every output, and turns thrown errors into
// typed `{ ok: false, error }` results. Electron IPC (issue 3) and the test bridge are adapters over this.
import type { z } from 'zod';
import { SECRET_KEYS } from '../../shared/domain/secrets.ts';
import path from 'node:path';
import { importRecipientFile, listSheets } from '../imports/index.ts';
import { isFileRefusal } from '../imports/errors.ts';
import { discardUpload } from '../web/uploads-folder.ts';
import type { events} from '../../shared/ipc.ts';
import { channels, type Channel, type ChannelOutput, type ContractResult, type EventChannel } from '../../shared/ipc.ts';
import type { Backend } from './backend.ts';
import { ConfigError } from './errors.ts';
import { resolveExportOutput, resolveExportPath } from '../documents/export-paths.ts';
import { createChosenFiles } from './chosen-files.ts';
import { previewVerifyBatch } from '../kcp/batch-preview.ts';
import { payupCodeInfo } from '../payup/response-codes.ts';

type Handlers = { [C in Channel]: (input: z.infer<(typeof channels)[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C> };

/**
 * What only a desktop face can do (native dialogs). Electron passes its implementation (main/electron/); the web
 * bridge and the CLI pass none, and those channels answer NOT_AVAILABLE (the browser uploads and downloads).
 */
export interface DesktopFaces {
  pickOpen(purpose: 'recipients' | 'profile' | 'kcp' | 'payup' | 'landing'): Promise<string | null>;
  /** A folder (the KCP module home, issue 15); null when the dialog was cancelled. */
  pickFolder(purpose: 'kcpModule'): Promise<string | null>;
  /** `filePath` has been checked to be inside <dataDir>/exports/. */
  saveAs(filePath: string): Promise<string | null>;
  /** Opens the file manager at `filePath` (checked to be inside <dataDir>/exports/). */
  showInFolder(filePath: string): void;
}

/** Only a plain .xlsx name; the file goes to <dataDir>/exports/ (DESIGN §12: checked paths only). */
function exportsFile(dataDir: string, fileName: string): string {
  const name = path.basename(fileName).replace(/[^\p{L}\p{N}._-]+/gu, '_');
  if (!/\.xlsx$/i.test(name)) throw new ConfigError('INVALID_FILE_NAME', '결과 파일 이름은 .xlsx로 끝나야 합니다.', 2);
  return resolveExportOutput(dataDir, name);
}

/** The screen shows the response code's advice next to PayUp's message (seed 002 §4.1). */
function withAdvice<R extends { responseCode: string | null; responseMessage: string | null }>(r: R): R & { advice: string | null } {
  return { ...r, advice: r.responseCode === null ? null : payupCodeInfo(r.responseCode, r.responseMessage ?? undefined).advice };
}

function notAvailable(): never {
  throw new ConfigError('NOT_AVAILABLE', '이 기능은 데스크톱 앱에서만 쓸 수 있습니다. 웹 화면에서는 파일 선택과 다운로드 버튼을 사용하세요.', 2);
}

export function createContractHandlers(
  b: Backend,
  emit: <E extends EventChannel>(event: E, payload: z.infer<(typeof events)[E]>) => void,
  desktop?: DesktopFaces,
) {
  // Every path a screen names is checked here before the backend sees it (chosen-files.ts, DESIGN §12).
  const chosen = createChosenFiles(b.dataDir);
  const readable = (filePath: string) => chosen.readable(filePath);
  // Uploads hold lists in plain text (issue 14 §7): a file refused as such cannot be used again, and a batch that
  // ran is done with its file. Picked files outside uploads/ are the operator's own and are never deleted.
  const discardIfFileRefused = async <T>(filePath: string, read: (f: string) => Promise<T>): Promise<T> => {
    try {
      return await read(filePath);
    } catch (err) {
      if (isFileRefusal(err)) discardUpload(b.dataDir, filePath);
      throw err;
    }
  };
  const discardAfterRun = async <T>(filePath: string, run: (f: string) => Promise<T>): Promise<T> => {
    const result = await run(filePath);
    discardUpload(b.dataDir, filePath);
    return result;
  };
  const handlers: Handlers = {
    'mailing:import': async (i) => {
      const filePath = readable(i.filePath);
      // An uploaded list is deleted once imported or refused (issue 14 §7): the mailing holds it, encrypted.
      try {
        return await b.mailing.import(filePath, { sheet: i.sheet, mapping: i.mapping, defaults: i.defaults, name: i.name, preset: i.preset, savePreset: i.savePreset }, (p) =>
          emit('mailing:importProgress', p),
        );
      } finally {
        discardUpload(b.dataDir, filePath);
      }
    },
    'mailing:presets': () => b.mailing.presets.list(),
    'mailing:savePreset': (i) => b.mailing.presets.save(i),
    'mailing:sheets': (i) => discardIfFileRefused(readable(i.filePath), (f) => listSheets(f)),
    'mailing:validate': async (i) => {
      // A dry run of mailing:import: same reader and validator, nothing stored (the wizard's validation step).
      const filePath = readable(i.filePath);
      let mapping = i.mapping;
      let headerRow: number | undefined;
      if (!mapping && i.preset) {
        const preset = b.mailing.presets.get(i.preset);
        if (!preset) throw new ConfigError('PRESET_NOT_FOUND', `열 매핑 프리셋 '${i.preset}'이(가) 없습니다.`, 2);
        mapping = preset.mapping;
        headerRow = preset.headerRow;
      }
      const { report } = await discardIfFileRefused(filePath, (f) =>
        importRecipientFile(f, { sheet: i.sheet, mapping, headerRow, defaults: i.defaults }, (p) => emit('mailing:importProgress', p)),
      );
      return report;
    },
    'mailing:exportErrors': (i) => b.mailing.exportErrors(i.fileName, i.errors),
    'mailing:send': async (i) => {
      const r = await b.mailing.send(i.mailingId, {
        acknowledgePreReview: i.acknowledgePreReview,
        ...(i.preReview !== undefined ? { preReview: i.preReview } : {}),
        onProgress: (p) => emit('mailing:progress', p),
      });
      return { mailingId: r.mailingId, stopped: r.stopped, counts: r.counts, chunks: r.chunks, elapsedMs: r.elapsedMs };
    },
    'mailing:pause': async (i) => ({ paused: await b.mailing.pause(i.mailingId) }),
    'mailing:cancel': async (i) => ({ cancelled: await b.mailing.cancel(i.mailingId) }),
    'mailing:resolve': async (i) => ({ documents: await b.mailing.resolve(i.mailingId, i.resolution) }),
    'mailing:list': () => b.mailing.list(),
    'mailing:status': (i) => b.mailing.status(i.mailingId),
    'mailing:preReview': (i) => b.mailing.preReview(i),
    'mailing:poll': (i) => b.mailing.pollOnce(i.mailingId),
    'tracker:status': () => b.tracker.status(),
    'tracker:setPaused': (i) => b.tracker.setPaused(i.paused),
    'tracker:scheduler': () => b.tracker.schedulerPlan(),
    'tracker:registerScheduler': () => b.tracker.registerScheduler(),
    'documents:show': async (i) => (await b.mailing.documentDetail(i.ref)) ?? null,
    'documents:planResend': (i) => b.document.planResend(i.ref, i.fix),
    'documents:resend': (i) => b.document.resend(i.ref, i.fix, i.confirmDigest),
    'documents:planSendOne': (i) => b.document.planSendOne(i),
    'documents:sendOne': ({ confirmDigest, ...i }) => b.document.sendOne(i, confirmDigest),
    'documents:check': (i) => b.document.check(i.ref),
    'profiles:list': async () => {
      const active = b.profile().name;
      return (await b.profiles.list()).map((p) => ({ name: p.name, kind: p.kind, label: p.label ?? '', builtin: p.builtin, active: p.name === active }));
    },
    'profiles:show': (i) => b.profiles.get(i.name),
    'profiles:previewImport': (i) => b.previewProfileImport(readable(i.filePath)),
    'profiles:import': (i) => b.importProfile(readable(i.filePath), i.confirmReplace !== undefined ? { confirmReplace: i.confirmReplace } : {}),
    'profiles:previewEdit': (i) => b.previewProfileEdit(i),
    'profiles:edit': ({ confirmReplace, ...edit }) => b.editProfile(edit, confirmReplace !== undefined ? { confirmReplace } : {}),
    'profiles:use': async (i) => {
      const p = await b.profiles.get(i.name);
      if (p.kind === 'production' && !i.confirmProduction) {
        throw new ConfigError('CONFIRMATION_REQUIRED', `운영 프로필 '${i.name}'로 전환하려면 확인이 필요합니다.`, 2);
      }
      const active = await b.useProfile(i.name);
      return { active: active.name, kind: active.kind };
    },
    'settings:setSecret': async (i) => {
      await b.secrets.set(i.key, i.value);
      return b.secrets.status(i.key);
    },
    'settings:clearSecret': async (i) => {
      await b.secrets.clear(i.key);
      return b.secrets.status(i.key);
    },
    'settings:secretStatus': () => SECRET_KEYS.map((k) => b.secrets.status(k)),
    'settings:info': async () => ({ dataDir: b.dataDir, protection: b.dataDirProtection, institutionName: (await b.profiles.setting('institutionName')) ?? null }),
    'audit:verify': (i) => b.audit.verify({ checkpointFiles: i.checkpointFiles.map((f) => chosen.readable(f, { exports: true })) }),
    'audit:events': (i) => b.audit.eventsPage(i),
    'audit:checkpoints': () => b.audit.overview(),
    'audit:export': (i) => b.audit.exportToExports(i),
    'audit:settings': (i) => b.audit.updateSettings(i),
    'audit:importLanding': async (i) => {
      const r = await b.audit.importLanding(readable(i.filePath));
      if (r.added > 0) emit('landing:imported', { source: 'upload', added: r.added, invalid: 0, documents: [] });
      return r;
    },
    'landing:folderStatus': () => b.landingFolder.status(),
    'landing:setFolder': (i) => b.landingFolder.setFolder(i.folder),
    'landing:scanFolder': async () => {
      await b.landingFolder.scanNow();
      return b.landingFolder.status();
    },
    'documents:query': (i) => b.documents.query(i),
    'documents:export': (i) => b.documents.export(i),
    'dashboard:summary': () => b.documents.dashboard(),
    'diagnostics:run': () => b.diagnostics(),
    'network:check': () => b.networkCheck(),
    'followUp:overview': (i) => b.followUp.overview(i),
    'followUp:export': (i) => b.followUp.export(i),
    'dashboard:mailing': (i) => b.followUp.chart(i.mailingId),
    'files:pickOpen': async (i) => {
      if (!desktop) notAvailable();
      const filePath = await desktop.pickOpen(i.purpose);
      if (filePath !== null) chosen.rememberPicked(filePath);
      return { filePath };
    },
    'files:pickFolder': async (i) => {
      if (!desktop) notAvailable();
      return { folderPath: await desktop.pickFolder(i.purpose) };
    },
    'files:saveAs': async (i) => {
      if (!desktop) notAvailable();
      return { savedTo: await desktop.saveAs(resolveExportPath(b.dataDir, i.filePath)) };
    },
    'kcp:banks': () => b.kcp.banks(),
    'kcp:verify': (i) => b.kcp.verify(i),
    'kcp:previewBatch': (i) => previewVerifyBatch(readable(i.filePath), i.sheet !== undefined ? { sheet: i.sheet } : {}),
    'kcp:verifyBatch': (i) =>
      discardAfterRun(readable(i.filePath), (filePath) => b.kcp.verifyBatch(filePath, {
        ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
        ...(i.outPath !== undefined ? { out: resolveExportOutput(b.dataDir, i.outPath) } : {}),
        ...(i.outPath === undefined && i.resultFileName !== undefined ? { out: exportsFile(b.dataDir, i.resultFileName) } : {}),
        confirmUnverifiedBanks: i.confirmUnverifiedBanks,
        onProgress: (p) => emit('kcp:batchProgress', p),
      })),
    'kcp:resumeBatch': (i) =>
      b.kcp.resumeBatch(i.batchId, {
        ...(i.resultFileName !== undefined ? { out: exportsFile(b.dataDir, i.resultFileName) } : {}),
        confirmUnverifiedBanks: i.confirmUnverifiedBanks,
        onProgress: (p) => emit('kcp:batchProgress', p),
      }),
    'payup:cancel': async (i) => withAdvice(await b.payup.cancel(i.transactionId, i.reason)),
    'payup:cancelBatch': async (i) => {
      const filePath = readable(i.filePath);
      const preview = await b.payup.preview(filePath, i.sheet !== undefined ? { sheet: i.sheet } : {});
      if (i.previewOnly) return { preview, run: null };
      const resultFile = i.resultFileName !== undefined ? exportsFile(b.dataDir, i.resultFileName) : undefined;
      const run = await discardAfterRun(filePath, (f) =>
        b.payup.runBatch(f, {
          ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
          ...(resultFile !== undefined ? { resultFile } : {}),
          onProgress: (p) => emit('payup:progress', p),
        }),
      );
      return { preview, run };
    },
    'payup:resolve': async (i) => {
      const row = await b.payup.resolve(i.transactionId, i.decision);
      // retry puts it back in the queue; the screen's "retry" means "send it again now", so it goes at once.
      const result = i.decision === 'retry' ? withAdvice(await b.payup.cancel(row.transactionId, row.reason)) : null;
      return { row: (await b.payup.get(row.transactionId)) ?? row, result };
    },
    'mailing:preReviewExport': (i) => b.mailing.exportPreReview(i),
    'settings:setInstitutionName': async (i) => {
      await b.config.set('institutionName', i.name);
      return { institutionName: i.name };
    },
    'exports:list': () => b.exports.list(),
    'exports:delete': (i) => b.exports.delete(i),
    'files:showInFolder': (i) => {
      if (!desktop) notAvailable();
      desktop.showInFolder(resolveExportPath(b.dataDir, i.filePath));
      return { shown: true };
    },
    'network:plan': () => b.networkPlan.view(),
    'network:savePlan': (i) => b.networkPlan.save(i.plan),
    'network:exportForms': async () => ({ filePath: await b.networkPlan.exportForms() }),
    'network:previewProfile': async (i) => ({ preview: await b.previewProfileImport(await b.networkPlan.writeProfile(i.name, i.target)), profile: await b.networkPlan.profile(i.name, i.target) }),
    'network:makeProfile': async (i) => b.importProfile(await b.networkPlan.writeProfile(i.name, i.target), i.confirmReplace !== undefined ? { confirmReplace: i.confirmReplace } : {}),
    'payup:list': async (i) => ({
      counts: await b.payup.counts(i.batchId),
      items: await b.payup.list({ ...(i.state !== undefined ? { state: i.state } : {}), ...(i.batchId !== undefined ? { batchId: i.batchId } : {}), limit: i.limit }),
    }),
  };

  async function invoke(channel: string, rawInput: unknown): Promise<ContractResult<unknown>> {
    if (!Object.hasOwn(channels, channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `알 수 없는 요청: ${channel}` } };
    const c = channel as Channel;
    const input = channels[c].input.safeParse(rawInput ?? {});
    if (!input.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: '입력값이 올바르지 않습니다.', details: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
    }
    try {
      const handler = handlers[c] as (x: unknown) => unknown;
      const value = await handler(input.data);
      const output = channels[c].output.safeParse(value);
      if (!output.success) return { ok: false, error: { code: 'INVALID_OUTPUT', message: '내부 오류: 응답 형식이 계약과 다릅니다.' } };
      return { ok: true, value: output.data };
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown; details?: unknown };
      return { ok: false, error: { code: typeof e.code === 'string' ? e.code : 'ERROR', message: typeof e.message === 'string' ? e.message : String(err), details: e.details } };
    }
  }

  // Every face shows the profile the backend uses: a switch from any window reaches all of them.
  const stopProfileEvents = b.onProfileChanged((p) => emit('profile:changed', { name: p.name, kind: p.kind, label: p.label ?? '' }));
  const stopLandingEvents = b.landingFolder.onImported((r) => emit('landing:imported', r));
  const stopTrackerEvents = b.tracker.onStatus((s) => emit('tracker:status', s));
  const stopChangeEvents = b.tracker.onMailingsChanged((c) => emit('mailing:statusChanged', c));
  return {
    invoke,
    close: () => {
      stopProfileEvents();
      stopLandingEvents();
      stopTrackerEvents();
      stopChangeEvents();
    },
  };
}
