// Files the backend wrote under <dataDir>/exports/. Web: the bridge serves them (GET /api/download, confined to
// exports/) and the browser saves them. Electron: files:saveAs shows the native save dialog and copies the file.
import { z } from 'zod';
import { callChannel, errorMessage } from '../bridge/call.ts';
import { carrier } from '../bridge/carrier.ts';

export const exportResultSchema = z.object({ filePath: z.string() }).loose();

export function useDownload(onError?: (message: string) => void): (filePath: string) => void {
  return (filePath: string) => {
    const c = carrier();
    const url = c.downloadUrl?.(filePath);
    if (!url) {
      callChannel('files:saveAs', { filePath }, z.object({ savedTo: z.string().nullable() })).catch((e: unknown) => onError?.(errorMessage(e)));
      return;
    }
    const a = document.createElement('a');
    a.href = url;
    a.download = filePath.split(/[\\/]/).pop() ?? 'export.xlsx';
    document.body.append(a);
    a.click();
    a.remove();
  };
}
