// The preload (DESIGN §1, §3): exposes exactly the contract as named functions on window.docdesk, plus event
// subscriptions that return their unsubscribe function. Nothing else crosses: no ipcRenderer, no Node, no electron
// object. Bundled to one CommonJS file for the sandboxed preload (it may import only shared/ and electron).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildDocDeskApi } from '../shared/api.ts';
import type { ContractResult } from '../shared/ipc.ts';

contextBridge.exposeInMainWorld(
  'docdesk',
  buildDocDeskApi(
    (channel, input) => ipcRenderer.invoke(channel, input) as Promise<ContractResult<unknown>>,
    (event, listener) => {
      // A wrapper per subscription, so the page never sees the IpcRendererEvent (it carries `sender`).
      const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, handler);
      return () => {
        ipcRenderer.removeListener(event, handler);
      };
    },
  ),
);
