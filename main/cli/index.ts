// `docdesk`: a thin face over createBackend (DESIGN §1) — argument parsing and output only.
import type { Backend } from '../app/backend.ts';
import { parseCli, type CliValues } from './args.ts';
import { demoCommand } from './commands/demo.ts';
import { docShow, mailCancel, mailImport, mailList, mailPoll, mailPresets, mailResolve, mailSend, mailStatus } from './commands/mail.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { configCommand, profileCommand, secretCommand } from './commands/settings.ts';
import { CliError, exitCodeOf } from './errors.ts';
import { openBackend } from './open-backend.ts';
import { createOutput, type Output } from './output.ts';

const USAGE = `사용법: docdesk [--data-dir DIR] [--profile NAME] [--json] <명령>

  demo                                 샌드박스에서 샘플 목록 가져오기 → 발송 → 최종 상태까지 조회
  sandbox serve [--port N]             모의 게이트웨이를 포그라운드로 실행
  profile list | show [NAME] | use NAME | import FILE.json | schema
  secret set KEY | clear KEY | status  (값은 표준 입력으로; 예: docsgw.accessToken)
  config set institutionName NAME
  mail import FILE [--sheet S] [--mapping M.json | --preset P] [--save-preset P] [--title T] [--link URL] [--cs-number N] [--cs-name N]
                   [--message M] [--category C] [--expires-in-days D] [--name N] [--strict]
  mail send ID [--yes] | status ID | poll ID [--until-final] [--timeout S]
  mail resolve ID --unknown resend|abandon [--yes] | cancel ID [--yes] | list | presets
  doc show EXTERNAL_ID|BINDER_UUID

종료 코드: 0 성공 · 1 실패 · 2 입력 오류 · 3 운영자 결정 필요(UNKNOWN) · 4 설정/자격 증명 문제`;

type Handler = (b: Backend, pos: string[], v: CliValues, out: Output) => number | Promise<number>;
const READ_ONLY = new Set(['mail status', 'mail list', 'mail presets', 'doc show', 'profile list', 'profile show', 'profile schema', 'secret status']);
const HANDLERS: Record<string, Handler> = {
  'mail import': mailImport,
  'mail send': mailSend,
  'mail status': mailStatus,
  'mail poll': mailPoll,
  'mail resolve': mailResolve,
  'mail list': mailList,
  'mail cancel': mailCancel,
  'mail presets': mailPresets,
  'doc show': docShow,
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const out = createOutput(v.json);
  const [group, verb, ...rest] = positionals;
  if (v.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return group || v.help ? 0 : 2;
  }
  try {
    if (group === 'demo') return await demoCommand(v, out);
    if (group === 'sandbox') return await sandboxCommand(verb ? [verb, ...rest] : [], v, out);
    const key = `${group} ${verb ?? ''}`;
    const handler = HANDLERS[key];
    const settings = group === 'profile' ? profileCommand : group === 'secret' ? secretCommand : group === 'config' ? configCommand : undefined;
    if (!handler && !settings) throw new CliError('UNKNOWN_COMMAND', `알 수 없는 명령: ${positionals.join(' ')}\n\n${USAGE}`, 2);
    const b = await openBackend(v, READ_ONLY.has(key) ? 'read' : 'write');
    try {
      if (b.recoveredUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 전송 중이던 ${b.recoveredUnknown}건을 UNKNOWN으로 표시했습니다.`);
      return handler ? await handler(b, rest, v, out) : await settings!(b, verb ? [verb, ...rest] : [], v, out);
    } finally {
      await b.close();
    }
  } catch (err) {
    const code = exitCodeOf(err);
    const message = err instanceof Error ? err.message : String(err);
    const errorCode = (err as { code?: string }).code ?? 'ERROR';
    process.stderr.write(`오류: ${message}\n`);
    out.result({ ok: false, error: { code: errorCode, message } });
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
