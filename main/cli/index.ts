// `docdesk`: a thin face over createBackend (DESIGN §1) — argument parsing and output only.
import { z } from 'zod';
import type { Backend } from '../app/backend.ts';
import { parseCli, type CliValues } from './args.ts';
import { auditCommand, auditStandalone } from './commands/audit.ts';
import { demoCommand } from './commands/demo.ts';
import { docCheck, docResend } from './commands/doc.ts';
import { landingCommand, landingStandalone } from './commands/landing.ts';
import { docShow, mailCancel, mailImport, mailList, mailPoll, mailPreReview, mailPresets, mailResolve, mailSend, mailStatus } from './commands/mail.ts';
import { mailFollowUp } from './commands/follow-up.ts';
import { payupCancel, payupCancelBatch, payupResolve, payupStatus } from './commands/payup.ts';
import { kcpBanks, kcpVerify, kcpVerifyBatch } from './commands/kcp.ts';
import { networkForms, networkPlan, networkProfile } from './commands/network-plan.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { webCommand } from './commands/web.ts';
import { networkCheck } from './commands/network-check.ts';
import { trackCommand } from './commands/track.ts';
import { configCommand, profileCommand, secretCommand } from './commands/settings.ts';
import { CliError, exitCodeOf } from './errors.ts';
import { invalidInput } from './input-error.ts';
import { cliErrorMessage } from './next-step.ts';
import { openBackend } from './open-backend.ts';
import { createOutput, type Output } from './output.ts';

const USAGE = `사용법: docdesk [--data-dir DIR] [--profile NAME] [--json] <명령>

  demo                                 샌드박스에서 샘플 목록 가져오기 → 발송 → 최종 상태까지 조회
  sandbox serve [--port N]             모의 게이트웨이를 포그라운드로 실행
  web [--port N] [--demo] [--demo-documents N]  브라우저용 화면과 루프백 브리지 실행(토큰이 든 주소 출력)
  track [--once]                       상태 추적: 종료할 때까지(Ctrl+C) 또는 지금 조회할 것만 한 번(--once; 앱이 열려 있으면 건너뛰고 0)
  profile list | show [NAME] | use NAME | import FILE.json | schema
  secret set KEY | clear KEY | status  (값은 표준 입력으로; 예: docsgw.accessToken)
  config set institutionName NAME
  mail import FILE [--sheet S] [--mapping M.json | --preset P] [--save-preset P] [--title T] [--link URL] [--cs-number N] [--cs-name N]
                   [--message M] [--category C] [--expires-in-days D] [--name N] [--strict]
  mail send ID [--yes] [--pre-review sent|proceed] | status ID | poll ID [--until-final] [--timeout S]
  mail pre-review ID [--date YYYY-MM-DD] [--to YYYY-MM-DD] [--purpose 목적] [--out FILE.xlsx]   일 50만 건 사전 검토 요청 양식
  mail resolve ID --unknown resend|abandon [--yes] | cancel ID [--yes] | list | presets
  mail follow-up ID --out FILE.xlsx --reason 사유   미열람·실패 수신자를 다른 채널(문자·우편)용 .xlsx로
  doc show EXTERNAL_ID|BINDER_UUID
  doc resend EXTERNAL_ID [--phone P] [--name N] [--birthday YYYYMMDD] --yes   거절·포기된 문서를 고쳐 새 문서로 다시 보내기
  doc check EXTERNAL_ID                지금 한 문서의 상태 조회
  payup cancel --transaction ID --reason TEXT [--yes]       카카오페이 결제 취소 (PayUp)
  payup cancel-batch FILE [--sheet S] [--yes] [--out RESULT.xlsx]
  payup status [--transaction ID] | resolve --transaction ID --unknown retry|abandon [--yes]
  kcp verify --bank CODE --account NO --owner NAME [--order-id ID] [--yes]   계좌인증 (NHN KCP)
  kcp verify-batch FILE [--sheet S] [--out RESULT.xlsx] [--yes] | verify-batch --resume BATCH_ID | banks
  audit verify [--checkpoint FILE]... | checkpoint [--out FILE] | checkpoints | key     감사 로그 검증·체크포인트·서명 키
  audit export (--document ID | --recipient 전화번호 | --from ISO --to ISO) --reason 사유 --out DIR
  audit verify-bundle DIR [--fingerprint FP] [--checkpoint 외부보관.txt] | import-landing FILE.jsonl | events [--ev 접두어] [--document ID]
  audit config [--folder DIR] [--days N] [--landing-folder DIR] | purge [--yes] | rotate-key --reason 사유 [--yes]
  landing serve [--port N] [--out FILE.jsonl]   기관 랜딩 페이지(토큰 확인 → 열람 확인 → read-status) 실행
  landing serve --config landing.json [--host H] [--port N] [--cert PEM --key PEM] [--events-dir DIR]   웹 서버에서 단독 실행(데이터 폴더 없음)
  network check                        이 PC에서 흐름(docs-gw 각 IDC·대량 회선, PayUp, KCP)마다 DNS·TCP·TLS·KCP 모듈 점검
  network plan show | import FILE.json | schema   네트워크 계획(망 구성, 공인 IP, VPN·전용선) 확인·가져오기
  network forms [--out FILE.xlsx] | profile NAME [--sandbox] [--out FILE.json] [--yes]   대행사용 양식, 계획대로 만든 프로필

종료 코드: 0 성공 · 1 실패 · 2 입력 오류 · 3 운영자 결정 필요(UNKNOWN) · 4 설정/자격 증명 문제`;

type Handler = (b: Backend, pos: string[], v: CliValues, out: Output) => number | Promise<number>;
const READ_ONLY = new Set(['mail status', 'mail list', 'mail presets', 'doc show', 'profile list', 'profile show', 'profile schema', 'secret status', 'payup status', 'kcp banks']);
const HANDLERS: Record<string, Handler> = {
  'mail import': mailImport,
  'mail send': mailSend,
  'mail status': mailStatus,
  'mail poll': mailPoll,
  'mail resolve': mailResolve,
  'mail list': mailList,
  'mail cancel': mailCancel,
  'mail presets': mailPresets,
  'mail pre-review': mailPreReview,
  'mail follow-up': mailFollowUp,
  'doc show': docShow,
  'doc resend': docResend,
  'doc check': docCheck,
  'payup cancel': payupCancel,
  'payup cancel-batch': payupCancelBatch,
  'payup status': payupStatus,
  'payup resolve': payupResolve,
  'kcp verify': kcpVerify,
  'kcp verify-batch': kcpVerifyBatch,
  'kcp banks': kcpBanks,
  'network check': networkCheck,
  'network plan': networkPlan,
  'network forms': networkForms,
  'network profile': networkProfile,
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
    if (group === 'landing') {
      if (v.config !== undefined) return await landingStandalone(verb ? [verb, ...rest] : [], v, out);
      const lb = await openBackend(v, 'write');
      try {
        return await landingCommand(lb, verb ? [verb, ...rest] : [], v, out);
      } finally {
        await lb.close();
      }
    }
    if (group === 'audit') {
      const standalone = await auditStandalone(verb, rest, v, out);
      if (standalone !== null) return standalone;
      const ab = await openBackend(v, verb === 'key' || verb === 'events' || verb === 'checkpoints' ? 'read' : 'write');
      try {
        return await auditCommand(ab, verb ? [verb, ...rest] : [], v, out);
      } finally {
        await ab.close();
      }
    }
    if (group === 'web') return await webCommand(v, out);
    if (group === 'track') return await trackCommand(verb ? [verb, ...rest] : [], v, out);
    const key = `${group} ${verb ?? ''}`;
    const handler = HANDLERS[key];
    const settings = group === 'profile' ? profileCommand : group === 'secret' ? secretCommand : group === 'config' ? configCommand : undefined;
    if (!handler && !settings) throw new CliError('UNKNOWN_COMMAND', `알 수 없는 명령: ${positionals.join(' ')}\n\n${USAGE}`, 2);
    const b = await openBackend(v, READ_ONLY.has(key) ? 'read' : 'write');
    try {
      if (b.recoveredPayupUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 취소 요청 중이던 ${b.recoveredPayupUnknown}건을 UNKNOWN으로 표시했습니다 ('docdesk payup status').`);
      if (b.recoveredKcpUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 확인 중이던 계좌 ${b.recoveredKcpUnknown}건을 UNKNOWN(결과 알 수 없음)으로 표시했습니다.`);
      if (b.recoveredUnknown > 0) out.progress(`이전 실행이 비정상 종료되어 전송 중이던 ${b.recoveredUnknown}건을 UNKNOWN으로 표시했습니다.`);
      return handler ? await handler(b, rest, v, out) : await settings!(b, verb ? [verb, ...rest] : [], v, out);
    } finally {
      await b.close();
    }
  } catch (thrown) {
    // A schema refusing a command-line value is invalid input (exit 2), whichever command or service parsed it.
    const err = thrown instanceof z.ZodError ? invalidInput(thrown) : thrown;
    const code = exitCodeOf(err);
    const errorCode = (err as { code?: string }).code ?? 'ERROR';
    const message = cliErrorMessage(errorCode, err instanceof Error ? err.message : String(err), (err as { details?: unknown }).details);
    process.stderr.write(`오류: ${message}\n`);
    out.result({ ok: false, error: { code: errorCode, message } });
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
