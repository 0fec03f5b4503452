// IPC registered from the contract (DESIGN §3): one ipcMain.handle per channel of shared/ipc.ts, answered by the
// same validating handlers as every other face (main/app/contract-handlers.ts). A call from any sender but our own
// window's main frame, showing our own page, is refused before it reaches the backend.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channels, events, type ContractResult, type EventChannel } from '../../shared/ipc.ts';
import { isAppUrl } from './window.ts';

export type ContractInvoke = (channel: string, input: unknown) => Promise<ContractResult<unknown>>;

/** Our window's main frame, on our own page; nothing else (other windows, subframes, devtools extensions). */
export function trustedSender(getContents: () => WebContents | null) {
  return (event: IpcMainInvokeEvent): boolean => {
    const contents = getContents();
    if (!contents || event.sender !== contents) return false;
    const frame = event.senderFrame;
    if (!frame || frame !== contents.mainFrame) return false;
    return isAppUrl(frame.url);
  };
}

export function registerContractIpc(ipcMain: IpcMain, invoke: ContractInvoke, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  const names = Object.keys(channels);
  for (const channel of names) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<ContractResult<unknown>> => {
      if (!isTrusted(event)) return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: '허용되지 않은 화면에서 온 요청입니다.' } };
      return invoke(channel, input);
    });
  }
  return () => {
    for (const channel of names) ipcMain.removeHandler(channel);
  };
}

/** Pushes an event to our window, validated against the contract first (the renderer validates again). */
export function createEventSender(getContents: () => WebContents | null) {
  return (event: EventChannel, payload: unknown): void => {
    const parsed = events[event].safeParse(payload);
    const contents = getContents();
    if (!parsed.success || !contents || contents.isDestroyed()) return;
    contents.send(event, parsed.data);
  };
}
