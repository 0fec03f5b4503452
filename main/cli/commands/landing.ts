// `docdesk landing serve`: the reference landing server in the foreground (issue 4 §4, issue 14 §6).
//   --config landing.json  standalone, for the institution's web host: no data folder, HTTPS with --cert/--key,
//                          events in daily JSON Lines under --events-dir (main/app/standalone-landing.ts);
//   otherwise              inside this data folder's backend: events go to its audit chain and, with --out, to a
//                          JSON Lines file (the demo's loop, a landing page on the DocDesk PC itself).
import path from 'node:path';
import type { Backend } from '../../app/backend.ts';
import { startStandaloneLanding } from '../../app/standalone-landing.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

const USAGE = 'docdesk landing serve [--port N] [--out FILE.jsonl] | landing serve --config landing.json [--host H] [--port N] [--cert PEM --key PEM] [--events-dir DIR]';

function portOf(v: CliValues): number | undefined {
  if (v.port === undefined) return undefined;
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('INVALID_ARGUMENT', '--port는 0–65535 사이의 정수여야 합니다.', 2);
  return port;
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** Standalone mode: never opens a data folder. */
export async function landingStandalone(args: string[], v: CliValues, out: Output): Promise<number> {
  if (args[0] !== 'serve') throw new CliError('UNKNOWN_COMMAND', `알 수 없는 landing 명령: ${args[0] ?? ''} (사용법: ${USAGE})`, 2);
  if (v['data-dir'] !== undefined || v.out !== undefined) {
    throw new CliError('INVALID_ARGUMENT', '--config로 실행하는 랜딩 서버는 데이터 폴더를 쓰지 않습니다: --data-dir과 --out 대신 --events-dir(또는 설정 파일의 eventsDir)을 쓰세요.', 2);
  }
  const port = portOf(v);
  const landing = await startStandaloneLanding(
    path.resolve(v.config!),
    {
      ...(v.host !== undefined ? { host: v.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(v.cert !== undefined ? { cert: v.cert } : {}),
      ...(v.key !== undefined ? { key: v.key } : {}),
      ...(v['events-dir'] !== undefined ? { eventsDir: v['events-dir'] } : {}),
    },
    process.env,
  );
  out.progress(`랜딩 서버 실행 중: ${landing.server.url} · 이벤트 폴더: ${landing.eventsDir} · 상태 폴더: ${landing.stateDir} (종료: Ctrl+C 또는 SIGTERM)`);
  out.result({ url: landing.server.url, port: landing.server.port, eventsDir: landing.eventsDir, stateDir: landing.stateDir });
  await untilSignal();
  out.progress('랜딩 서버를 멈추는 중… 처리 중인 요청을 마칩니다.');
  await landing.close();
  out.progress(`랜딩 서버를 멈췄습니다. 기록한 이벤트 ${landing.server.eventCount()}건.`);
  return 0;
}

export async function landingCommand(b: Backend, args: string[], v: CliValues, out: Output): Promise<number> {
  if (args[0] !== 'serve') throw new CliError('UNKNOWN_COMMAND', `알 수 없는 landing 명령: ${args[0] ?? ''} (사용법: ${USAGE})`, 2);
  if (v.host !== undefined || v.cert !== undefined || v.key !== undefined || v['events-dir'] !== undefined) {
    throw new CliError('INVALID_ARGUMENT', '--host, --cert, --key, --events-dir는 웹 서버용 단독 실행(--config landing.json)에서만 씁니다.', 2);
  }
  const server = await b.landing.serve({ port: portOf(v) ?? 8080, ...(v.out ? { eventsFile: path.resolve(v.out) } : {}) });
  out.progress(`랜딩 서버 실행 중: ${server.url} (문서 링크를 이 주소로 향하게 하세요; 종료: Ctrl+C)`);
  out.result({ url: server.url, port: server.port });
  await untilSignal();
  await server.close();
  out.progress(`랜딩 서버를 멈췄습니다. 기록한 이벤트 ${server.eventCount()}건.`);
  return 0;
}
