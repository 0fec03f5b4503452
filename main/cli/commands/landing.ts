// `docdesk landing serve`: the reference landing server in the foreground (issue 4 §4). Events go to the audit
// chain of this data folder and, with --out, to a JSON Lines file for `docdesk audit import-landing` elsewhere.
import path from 'node:path';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

export async function landingCommand(b: Backend, args: string[], v: CliValues, out: Output): Promise<number> {
  if (args[0] !== 'serve') throw new CliError('UNKNOWN_COMMAND', `알 수 없는 landing 명령: ${args[0] ?? ''} (사용법: docdesk landing serve [--port N] [--out FILE.jsonl])`, 2);
  const port = v.port === undefined ? 8080 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('INVALID_ARGUMENT', '--port는 0–65535 사이의 정수여야 합니다.', 2);
  const server = await b.landing.serve({ port, ...(v.out ? { eventsFile: path.resolve(v.out) } : {}) });
  out.progress(`랜딩 서버 실행 중: ${server.url} (문서 링크를 이 주소로 향하게 하세요; 종료: Ctrl+C)`);
  out.result({ url: server.url, port: server.port });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  out.progress(`랜딩 서버를 멈췄습니다. 기록한 이벤트 ${server.events().length}건.`);
  return 0;
}
