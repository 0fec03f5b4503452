// Serves shared/ipc.ts over the backend: validates every input and every output, and turns thrown errors into
// typed `{ ok: false, error }` results. Electron IPC (issue 3) and the test bridge are adapters over this.
import type { z } from 'zod';
import { SECRET_KEYS } from '../../shared/domain/secrets.ts';
import type { events} from '../../shared/ipc.ts';
import { channels, type Channel, type ChannelOutput, type ContractResult, type EventChannel } from '../../shared/ipc.ts';
import type { Backend } from './backend.ts';
import { ConfigError } from './errors.ts';

type Handlers = { [C in Channel]: (input: z.infer<(typeof channels)[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C> };

export function createContractHandlers(b: Backend, emit: <E extends EventChannel>(event: E, payload: z.infer<(typeof events)[E]>) => void) {
  const handlers: Handlers = {
    'mailing:import': (i) =>
      b.mailing.import(i.filePath, { sheet: i.sheet, mapping: i.mapping, defaults: i.defaults, name: i.name, preset: i.preset, savePreset: i.savePreset }, (p) =>
        emit('mailing:importProgress', p),
      ),
    'mailing:presets': () => b.mailing.presets.list(),
    'mailing:savePreset': (i) => b.mailing.presets.save(i),
    'mailing:send': async (i) => {
      const r = await b.mailing.send(i.mailingId, { acknowledgePreReview: i.acknowledgePreReview, onProgress: (p) => emit('mailing:progress', p) });
      return { mailingId: r.mailingId, stopped: r.stopped, counts: r.counts, chunks: r.chunks, elapsedMs: r.elapsedMs };
    },
    'mailing:pause': (i) => ({ paused: b.mailing.pause(i.mailingId) }),
    'mailing:cancel': (i) => ({ cancelled: b.mailing.cancel(i.mailingId) }),
    'mailing:resolve': (i) => ({ documents: b.mailing.resolve(i.mailingId, i.resolution) }),
    'mailing:list': () => b.mailing.list(),
    'mailing:status': (i) => b.mailing.status(i.mailingId),
    'mailing:preReview': (i) => b.mailing.preReview(i.mailingId),
    'mailing:poll': (i) => b.mailing.pollOnce(i.mailingId),
    'documents:show': (i) => b.mailing.documentDetail(i.ref) ?? null,
    'profiles:list': () => {
      const active = b.profiles.activeName();
      return b.profiles.list().map((p) => ({ name: p.name, kind: p.kind, label: p.label ?? '', builtin: p.builtin, active: p.name === active }));
    },
    'profiles:show': (i) => b.profiles.get(i.name),
    'profiles:import': (i) => {
      const p = b.profiles.importFile(i.filePath);
      return { name: p.name, kind: p.kind };
    },
    'profiles:use': (i) => {
      const p = b.profiles.get(i.name);
      if (p.kind === 'production' && !i.confirmProduction) {
        throw new ConfigError('CONFIRMATION_REQUIRED', `운영 프로필 '${i.name}'로 전환하려면 확인이 필요합니다.`, 2);
      }
      b.useProfile(i.name);
      return { active: p.name, kind: p.kind };
    },
    'settings:setSecret': (i) => {
      b.secrets.set(i.key, i.value);
      return b.secrets.status(i.key);
    },
    'settings:clearSecret': (i) => {
      b.secrets.clear(i.key);
      return b.secrets.status(i.key);
    },
    'settings:secretStatus': () => SECRET_KEYS.map((k) => b.secrets.status(k)),
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

  return { invoke };
}
