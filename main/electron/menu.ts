// The Korean application menu. Roles give the platform's own behaviour (copy/paste, zoom, quit).
import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate(actions: { openDataFolder: () => void; openLogFolder: () => void; reload: () => void }): MenuItemConstructorOptions[] {
  return [
    {
      label: '파일',
      submenu: [
        { label: '데이터 폴더 열기', click: actions.openDataFolder },
        { label: '오류 기록 폴더 열기', click: actions.openLogFolder },
        { type: 'separator' },
        { label: '종료', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '편집',
      submenu: [
        { label: '실행 취소', role: 'undo' },
        { label: '다시 실행', role: 'redo' },
        { type: 'separator' },
        { label: '잘라내기', role: 'cut' },
        { label: '복사', role: 'copy' },
        { label: '붙여넣기', role: 'paste' },
        { label: '모두 선택', role: 'selectAll' },
      ],
    },
    {
      label: '보기',
      submenu: [
        { label: '새로 고침', accelerator: 'F5', click: actions.reload },
        { type: 'separator' },
        { label: '실제 크기', role: 'resetZoom' },
        { label: '확대', role: 'zoomIn' },
        { label: '축소', role: 'zoomOut' },
        { type: 'separator' },
        { label: '전체 화면', role: 'togglefullscreen' },
      ],
    },
    { label: '창', submenu: [{ label: '최소화', role: 'minimize' }, { label: '닫기', role: 'close' }] },
  ];
}
