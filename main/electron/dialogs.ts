// Native file dialogs (issue 3): the Electron side of the contract's files:pickOpen, files:pickFolder (the KCP module
// home, issue 15), files:saveAs and files:showInFolder.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog, FileFilter, Shell } from 'electron';
import type { DesktopFaces } from '../app/contract-handlers.ts';

const FILTERS: Record<Parameters<DesktopFaces['pickOpen']>[0], FileFilter[]> = {
  recipients: [{ name: '수신자 목록 (Excel, CSV)', extensions: ['xlsx', 'xls', 'csv', 'ods'] }],
  profile: [{ name: '프로필 (JSON)', extensions: ['json'] }],
  kcp: [{ name: '계좌 목록 (Excel, CSV)', extensions: ['xlsx', 'xls', 'csv'] }],
  payup: [{ name: '취소 목록 (Excel, CSV)', extensions: ['xlsx', 'xls', 'csv'] }],
  landing: [{ name: '랜딩 이벤트 (JSON Lines)', extensions: ['jsonl'] }],
};

export function createDesktopFaces(dialog: Dialog, shell: Pick<Shell, 'showItemInFolder'>, getWindow: () => BrowserWindow | null, defaultDir: () => string): DesktopFaces {
  return {
    async pickOpen(purpose) {
      const win = getWindow();
      const options = { title: '파일 선택', properties: ['openFile' as const], filters: FILTERS[purpose] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async pickFolder(purpose) {
      const win = getWindow();
      const titles: Record<typeof purpose, string> = { kcpModule: 'KCP 모듈 폴더 선택 (bin 폴더의 바로 위)' };
      const options = { title: titles[purpose], properties: ['openDirectory' as const] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveAs(filePath) {
      // filePath was checked by the contract handler to be inside <dataDir>/exports/.
      const win = getWindow();
      const options = { title: '다른 이름으로 저장', defaultPath: path.join(defaultDir(), path.basename(filePath)), filters: [{ name: 'Excel', extensions: [path.extname(filePath).slice(1) || 'xlsx'] }] };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      const target = path.resolve(r.filePath);
      copyFileSync(filePath, target);
      return target;
    },
    showInFolder(filePath) {
      shell.showItemInFolder(filePath);
    },
  };
}
