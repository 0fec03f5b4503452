// `docdesk web [--port N] [--demo] [--demo-documents N]`: the UI in a browser, on machines without the Electron
// binary (issue 3 §4). Serves renderer/dist and the loopback bridge (main/web/) over the same contract handlers as
// Electron; runs until SIGINT/SIGTERM.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContractHandlers } from '../../app/contract-handlers.ts';
import type { Backend } from '../../app/backend.ts';
import { trackInFlight } from '../../app/graceful-stop.ts';
import { startWebBridge, type WebBridge } from '../../web/bridge-server.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import { openBackend } from '../open-backend.ts';
import type { Output } from '../output.ts';
import { DEMO_MAILING_DEFAULTS, DEMO_MAILING_NAME } from '../demo-mailing.ts';

export const RENDERER_DIST = fileURLToPath(new URL('../../../renderer/dist/', import.meta.url));

/** A small sent mailing on the embedded sandbox (screenshots, training); sandbox profiles only. */
async function loadDemo(b: Backend, out: Output, documents: number): Promise<void> {
  if (b.profile().kind !== 'sandbox') throw new CliError('SANDBOX_ONLY', '--demo는 샌드박스 프로필에서만 쓸 수 있습니다.', 2);
  if (documents > 0) {
    out.progress(`합성 문서 ${documents.toLocaleString('ko-KR')}건을 만드는 중…`);
    await b.documents.insertSynthetic({ documents });
  }
  const listPath = path.join(b.dataDir, 'exports', `demo-recipients-${Date.now()}.xlsx`);
  await b.samples.writeRecipientList(listPath, { rows: 200 });
  const { mailingId } = await b.mailing.import(listPath, {
    defaults: DEMO_MAILING_DEFAULTS,
    name: DEMO_MAILING_NAME,
  });
  if (mailingId) {
    await b.mailing.send(mailingId);
    await b.mailing.pollOnce(mailingId);
    out.progress(`데모 발송 건 ${mailingId}을(를) 보냈습니다.`);
  }
}

export async function webCommand(v: CliValues, out: Output): Promise<number> {
  const port = v.port === undefined ? 0 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('INVALID_PORT', `포트 번호가 올바르지 않습니다: ${v.port}`, 2);
  const demoDocuments = v['demo-documents'] === undefined ? 0 : Number(v['demo-documents']);
  if (!Number.isInteger(demoDocuments) || demoDocuments < 0 || demoDocuments > 2_000_000) {
    throw new CliError('INVALID_INPUT', '--demo-documents는 0~2,000,000 사이의 정수여야 합니다.', 2);
  }
  const b = await openBackend(v, 'write', process.env, { track: true });
  let bridge: WebBridge | null = null;
  try {
    if (b.recoveredUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 전송 중이던 ${b.recoveredUnknown}건을 UNKNOWN으로 표시했습니다.`);
    if (v.demo || demoDocuments > 0) await loadDemo(b, out, demoDocuments);
    let handlers: ReturnType<typeof createContractHandlers> | null = null;
    const tracked = trackInFlight((channel, input) => handlers!.invoke(channel, input));
    const started = await startWebBridge({ dataDir: b.dataDir, staticDir: RENDERER_DIST, port, invoke: tracked.invoke });
    bridge = started;
    handlers = createContractHandlers(b, (event, payload) => started.emit(event, payload));
    b.landingFolder.start(); // the landing-events folder set in Settings, while this runs (issue 14 §6)
    out.result({ url: started.url, port: started.port, token: started.token, dataDir: b.dataDir });
    out.line(`DocDesk web: ${started.url}`);
    out.progress(`프로필: ${b.profile().name} (${b.profile().kind}) · 데이터 폴더: ${b.dataDir} · Ctrl+C로 종료`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    out.progress('종료하는 중… 발송 중인 건은 일시 정지하고, 전송 중인 묶음의 기록을 마칩니다.');
    const drained = await tracked.drain(b);
    if (!drained) out.progress('일부 요청이 제한 시간 안에 끝나지 않았습니다. 다음 시작 때 전송 중이던 문서는 UNKNOWN으로 표시됩니다.');
    return 0;
  } finally {
    await bridge?.close();
    await b.close();
  }
}
