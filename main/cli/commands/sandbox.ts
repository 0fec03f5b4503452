// `docdesk sandbox serve`: the simulators in the foreground, for rehearsal, training and multi-process tests.
import path from 'node:path';
import { defaultDataDir } from '../../app/backend.ts';
import { serveSandbox } from '../../app/sandbox-server.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

export async function sandboxCommand(pos: string[], v: CliValues, out: Output): Promise<number> {
  if (pos[0] !== 'serve') throw new CliError('UNKNOWN_COMMAND', 'sandbox serve [--port N] [--time-scale X]', 2);
  const dataDir = v['data-dir'] ?? defaultDataDir();
  // Listening before the addresses are printed: a supervisor may stop us the moment it reads them.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const running = await serveSandbox({
    ledgerPath: path.join(dataDir, 'sandbox', 'serve-ledger.db'),
    port: v.port ? Number(v.port) : 0,
    timeScale: v['time-scale'] ? Number(v['time-scale']) : undefined,
  });
  const info = running.info();
  out.result(info);
  out.line(`샌드박스 실행 중 (Ctrl+C로 종료)`);
  out.line(`  docs-gw  https://${info.host}:${info.port}  주소 ${info.addresses.join(', ')}`);
  out.line(`  테스트 CA ${info.caFile}`);
  out.line(`  관리 API ${info.adminUrl}`);
  out.line(`  원장      ${info.ledgerPath}`);
  await stopRequested;
  await running.close();
  return 0;
}
