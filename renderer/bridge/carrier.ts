// Which carrier delivers window.docdesk: the Electron preload (already present) or the web bridge (installed
// here). Screens use `carrier()` for the API and for the two things that differ: choosing a file and downloading.
import type { DocDeskApi } from '../../shared/api.ts';
import type { ContractResult } from '../../shared/ipc.ts';
import { createWebBridge, takeToken } from './web-bridge.ts';

declare global {
  interface Window {
    docdesk?: DocDeskApi;
  }
}

export type Carrier = {
  kind: 'electron' | 'web';
  api: DocDeskApi;
  upload: ((file: File) => Promise<ContractResult<{ filePath: string }>>) | null;
  downloadUrl: ((filePath: string) => string) | null;
};

let current: Carrier | null = null;

export function installCarrier(): Carrier {
  if (current) return current;
  if (window.docdesk) {
    current = { kind: 'electron', api: window.docdesk, upload: null, downloadUrl: null };
  } else {
    const bridge = createWebBridge(takeToken(window.location, window.history, window.sessionStorage));
    window.docdesk = bridge.api;
    current = { kind: 'web', api: bridge.api, upload: bridge.upload, downloadUrl: bridge.downloadUrl };
  }
  return current;
}

export function carrier(): Carrier {
  return current ?? installCarrier();
}
