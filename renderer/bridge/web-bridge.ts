// The `docdesk web` carrier of window.docdesk (DESIGN §1): the same contract as the Electron preload, over the
// loopback bridge. The per-run token arrives once in the page URL (?token=…); it is moved out of the address bar
// at once so it does not end up in bookmarks or screenshots, and kept for this tab only (sessionStorage).
import { buildDocDeskApi, type DocDeskApi, type Invoke, type Subscribe } from '../../shared/api.ts';
import { contractErrorSchema, type ContractResult, type EventChannel } from '../../shared/ipc.ts';

const TOKEN_KEY = 'docdesk.token';

export type WebBridge = {
  api: DocDeskApi;
  /** Sends a chosen file to <dataDir>/uploads/ and returns the path the backend can read. */
  upload(file: File): Promise<ContractResult<{ filePath: string }>>;
  /** URL that downloads a file the backend wrote under <dataDir>/exports/. */
  downloadUrl(filePath: string): string;
};

/** Reads the token from the URL (first load) or this tab's storage (reload), and strips it from the address bar. */
export function takeToken(loc: Location, hist: History, storage: Storage): string {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    hist.replaceState(null, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

async function asResult(res: Response): Promise<ContractResult<unknown>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (body && typeof body === 'object' && 'ok' in body) return body as ContractResult<unknown>;
  const err = contractErrorSchema.safeParse(body && typeof body === 'object' && 'error' in body ? (body as { error: unknown }).error : null);
  if (err.success) return { ok: false, error: err.data };
  return { ok: false, error: { code: `HTTP_${res.status}`, message: `DocDesk 서버 응답을 읽지 못했습니다(HTTP ${res.status}). 창을 새로 고치거나 DocDesk를 다시 시작하세요.` } };
}

const offline = (e: unknown): ContractResult<never> => ({
  ok: false,
  error: { code: 'BRIDGE_UNREACHABLE', message: `DocDesk 서버에 연결할 수 없습니다. DocDesk가 실행 중인지 확인하세요. (${String(e)})` },
});

export function createWebBridge(token: string, base = ''): WebBridge {
  const headers = { 'content-type': 'application/json', 'x-docdesk-token': token };
  const invoke: Invoke = async (channel, input) => {
    try {
      const res = await fetch(`${base}/api/invoke/${channel}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      return await asResult(res);
    } catch (e) {
      return offline(e);
    }
  };

  // One EventSource for all event channels, opened on the first subscription.
  let source: EventSource | null = null;
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const subscribe: Subscribe = (event, listener) => {
    if (!source) source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    let set = listeners.get(event);
    if (!set) {
      const fresh = new Set<(payload: unknown) => void>();
      listeners.set(event, fresh);
      set = fresh;
      source.addEventListener(event, (m: MessageEvent<string>) => {
        let payload: unknown;
        try {
          payload = JSON.parse(m.data);
        } catch {
          return;
        }
        for (const l of fresh) l(payload);
      });
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  return {
    api: buildDocDeskApi(invoke, subscribe),
    async upload(file) {
      try {
        const res = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'x-docdesk-token': token },
          body: file,
        });
        return (await asResult(res)) as ContractResult<{ filePath: string }>;
      } catch (e) {
        return offline(e);
      }
    },
    downloadUrl: (filePath) => `${base}/api/download?path=${encodeURIComponent(filePath)}&token=${encodeURIComponent(token)}`,
  };
}
