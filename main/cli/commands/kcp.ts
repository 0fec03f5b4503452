// `docdesk kcp …`: account verification through NHN KCP (issue 5). Exit codes: 0 verified (verify) or batch
// processed; 1 not verified / request failed; 2 invalid input; 3 operator decision needed (a result is UNKNOWN,
// or an unconfirmed bank needs --yes); 4 configuration or credentials. `verify-batch --resume ID --yes` also
// verifies the rows a batch left out for an unconfirmed bank.
import type { KcpBatchResult, KcpVerificationResult } from '../../../shared/domain/kcp-verification.ts';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError('MISSING_ARGUMENT', `${what}이(가) 필요합니다.`, 2);
  return value;
}

function line(r: KcpVerificationResult): string {
  const tail = r.tno ? ` · tno ${r.tno} · ${r.appTime ?? ''}` : '';
  return `#${r.id} ${r.bankName ?? r.bankCode ?? '-'} ${r.accountMasked} ${r.ownerMasked} [${r.state}] ${r.resCd ? `(${r.resCd}) ${r.resMsg ?? ''}` : ''}${tail}`;
}

export async function kcpVerify(b: Backend, _pos: string[], v: CliValues, out: Output): Promise<number> {
  const r = await b.kcp.verify({
    bankCode: need(v.bank, '--bank (은행 코드)'),
    accountNo: need(v.account, '--account (계좌번호)'),
    ownerName: need(v.owner, '--owner (예금주명)'),
    ...(v['order-id'] ? { orderId: v['order-id'] } : {}),
    confirmUnverifiedBank: v.yes,
  });
  out.result(r);
  for (const w of r.warnings) out.progress(`주의: ${w}`);
  out.line(line(r));
  out.line(`  ${r.message}`);
  if (r.state === 'VERIFIED') return 0;
  if (r.state === 'UNKNOWN') return 3;
  return 1;
}

export async function kcpVerifyBatch(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const onProgress = (p: { done: number; total: number }): void => out.progress(`계좌 확인 중: ${p.done.toLocaleString('ko-KR')} / ${p.total.toLocaleString('ko-KR')}`);
  const ac = new AbortController();
  const onSigint = (): void => {
    out.progress('중단합니다 — 진행 중인 확인의 결과를 기록한 뒤 멈춥니다…');
    ac.abort();
  };
  process.once('SIGINT', onSigint);
  let r: KcpBatchResult;
  try {
    const common = { ...(v.out ? { out: v.out } : {}), onProgress, signal: ac.signal };
    r = v.resume
      ? await b.kcp.resumeBatch(v.resume, { ...common, confirmUnverifiedBanks: v.yes })
      : await b.kcp.verifyBatch(need(pos[0], '확인할 파일 경로'), { ...common, ...(v.sheet ? { sheet: v.sheet } : {}), confirmUnverifiedBanks: v.yes });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  out.result(r);
  const c = r.counts;
  out.line(`묶음 ${r.batchId}: ${r.rows}행 · 확인됨 ${c.VERIFIED} · 확인 안 됨 ${c.NOT_VERIFIED} · 입력 오류 ${c.INVALID} · 실패 ${c.FAILED} · 알 수 없음 ${c.UNKNOWN} · 대기 ${c.QUEUED}`);
  for (const row of r.results.filter((x) => x.state !== 'VERIFIED').slice(0, 50)) out.line(`  ${row.row}행 [${row.state}] ${row.message}`);
  if (r.resultFile) out.line(`결과 파일: ${r.resultFile}`);
  if (c.QUEUED > 0) out.line(`멈춘 묶음입니다. 이어서 확인하려면: docdesk kcp verify-batch --resume ${r.batchId}`);
  const unconfirmed = r.results.filter((x) => x.state === 'INVALID' && x.errorCode === 'UNVERIFIED_BANK').length;
  if (unconfirmed > 0) out.line(`KCP 지원이 확인되지 않은 은행 ${unconfirmed}행은 보내지 않았습니다. 이 행들도 인증하려면: docdesk kcp verify-batch --resume ${r.batchId} --yes`);
  if (c.UNKNOWN > 0) return 3;
  if (c.QUEUED > 0) return 1;
  if (c.VERIFIED + c.NOT_VERIFIED + c.FAILED + c.UNKNOWN === 0) return 2;
  return 0;
}

export function kcpBanks(b: Backend, _pos: string[], _v: CliValues, out: Output): number {
  const t = b.kcp.banks();
  out.result(t);
  for (const bank of t.banks) out.line(`${bank.code}  ${bank.nameKo}${bank.kcpVerified ? '' : '  (KCP 지원 미확인 — --yes 필요)'}${bank.note ? `  · ${bank.note}` : ''}`);
  out.line('구 은행 코드(자동 변환): ' + t.legacy.map((l) => `${l.code}→${l.to}`).join(', '));
  return 0;
}
