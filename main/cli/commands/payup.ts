// `docdesk payup …`: cancel, cancel-batch, status, resolve (issue 5). Exit codes: 0 ok, 1 failed (refused or
// not sent), 2 invalid input, 3 operator decision needed (UNKNOWN), 4 configuration/credentials.
import path from 'node:path';
import { z } from 'zod';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { confirm } from './mail.ts';

function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError('MISSING_ARGUMENT', `${what}이(가) 필요합니다.`, 2);
  return value;
}

function warnHost(b: Backend, out: Output): void {
  const w = b.payup.hostWarning();
  if (w !== null) out.progress(`⚠ ${w}`);
}

export async function payupCancel(b: Backend, _pos: string[], v: CliValues, out: Output): Promise<number> {
  const tx = need(v.transaction, '--transaction (PayUp 거래번호)');
  const reason = need(v.reason, '--reason (취소사유)');
  const known = await b.payup.get(tx.trim());
  if (known === null || known.state === 'REJECTED' || known.state === 'QUEUED') {
    warnHost(b, out);
    await confirm(v, `거래 ${tx.trim()}의 카카오페이 결제를 '${b.profile().name}' 프로필로 취소할까요? 취소는 되돌릴 수 없습니다.`);
  }
  const r = await b.payup.cancel(tx, reason);
  out.result(r);
  out.line(r.summary);
  if (r.state === 'UNKNOWN') out.line(`  결정: docdesk payup resolve --transaction ${r.transactionId} --unknown retry|abandon`);
  if (r.state === 'CANCELLED' || r.state === 'ALREADY_CANCELLED') return 0;
  if (r.state === 'UNKNOWN' || r.state === 'IN_FLIGHT') return 3;
  return 1;
}

export async function payupCancelBatch(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const file = path.resolve(need(pos[0], '취소 목록 파일(.xlsx/.csv)'));
  const resultFile = v.out ? path.resolve(v.out) : undefined;
  if (resultFile !== undefined && !/\.xlsx$/i.test(resultFile)) throw new CliError('INVALID_ARGUMENT', `--out은 .xlsx 파일이어야 합니다: ${v.out}`, 2);
  const p = await b.payup.preview(file, v.sheet !== undefined ? { sheet: v.sheet } : {});
  const already = Object.entries(p.alreadyInJournal).map(([s, n]) => `${s} ${n}`).join(', ') || '없음';
  out.progress(`미리보기: 행 ${p.rows} · 정상 ${p.valid} · 오류 ${p.invalid} · 파일 내 중복 ${p.duplicatesInFile} · 이미 기록된 거래 ${already} · 보낼 건 ${p.toSend}`);
  for (const e of p.errors.slice(0, 20)) out.progress(`  ${e.message}`);
  if (p.errors.length > 20) out.progress(`  … 외 ${p.errors.length - 20}건`);
  if (p.valid === 0) {
    out.result({ ok: false, preview: p });
    return 2;
  }
  if (p.toSend > 0) {
    warnHost(b, out);
    await confirm(v, `${p.toSend.toLocaleString('ko-KR')}건의 카카오페이 결제를 '${b.profile().name}' 프로필로 취소할까요? 취소는 되돌릴 수 없습니다.`);
  }
  const ac = new AbortController();
  const onSigint = (): void => {
    out.progress('멈춥니다 — 보낸 요청의 결과를 기록한 뒤 종료합니다…');
    ac.abort();
  };
  process.once('SIGINT', onSigint);
  let last = 0;
  try {
    const r = await b.payup.runBatch(file, {
      ...(v.sheet !== undefined ? { sheet: v.sheet } : {}),
      signal: ac.signal,
      ...(resultFile !== undefined ? { resultFile } : {}),
      onProgress: (x) => {
        if (x.elapsedMs - last < 1000) return;
        last = x.elapsedMs;
        out.progress(`취소 중: 보냄 ${x.sent} · 취소 ${x.cancelled} · 거부 ${x.rejected} · 알 수 없음 ${x.unknown} (${(x.elapsedMs / 1000).toFixed(1)}s)`);
      },
    });
    out.result({ preview: p, ...r });
    out.line(`묶음 ${r.batchId}: 취소 ${r.counts.CANCELLED} · 이미 취소 ${r.counts.ALREADY_CANCELLED} · 거부 ${r.counts.REJECTED} · 알 수 없음 ${r.counts.UNKNOWN} · 대기 ${r.counts.QUEUED}`);
    if (r.resultFile) out.line(`결과 파일: ${r.resultFile}`);
    if (r.counts.UNKNOWN > 0) {
      out.line(`결과를 알 수 없는 거래가 있습니다. PayUp 관리자 화면에서 확인한 뒤 'docdesk payup resolve --transaction ID --unknown retry|abandon'으로 결정하세요 ('docdesk payup status'로 목록 확인).`);
      return 3;
    }
    if (r.stopped === 'unreachable') {
      out.line('PayUp에 연결하지 못해 멈췄습니다. 네트워크를 확인한 뒤 같은 명령을 다시 실행하면 남은 건만 보냅니다.');
      return 1;
    }
    return r.stopped === 'done' ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export async function payupStatus(b: Backend, _pos: string[], v: CliValues, out: Output): Promise<number> {
  if (v.transaction) {
    const row = await b.payup.get(v.transaction.trim());
    if (row === null) throw new CliError('PAYUP_NOT_IN_JOURNAL', `거래 ${v.transaction}는 취소 기록에 없습니다.`, 2);
    const timeline = await b.payup.timeline(row.transactionId);
    out.result({ cancel: row, timeline });
    out.line(`${row.transactionId} [${row.state}] ${row.responseCode ?? ''} ${row.responseMessage ?? ''} ${row.cancelDateTime ?? ''}`.trim());
    for (const e of timeline) out.line(`  ${new Date(e.at).toISOString()} ${e.kind} ${JSON.stringify(e.data)}`);
    return 0;
  }
  const counts = await b.payup.counts();
  const unknown = (await b.payup.list({ state: 'UNKNOWN', limit: 1000 })).map((r) => ({ transactionId: r.transactionId, detail: r.detail, stateAt: r.stateAt }));
  out.result({ counts, unknown });
  out.line(Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(' · ') || '취소 기록이 없습니다.');
  for (const u of unknown.slice(0, 50)) out.line(`  UNKNOWN ${u.transactionId} (${u.detail ?? ''})`);
  return 0;
}

export async function payupResolve(b: Backend, _pos: string[], v: CliValues, out: Output): Promise<number> {
  const tx = need(v.transaction, '--transaction (PayUp 거래번호)');
  const parsed = z.enum(['retry', 'abandon']).safeParse(v.unknown);
  if (!parsed.success) throw new CliError('INVALID_ARGUMENT', '--unknown 값은 retry 또는 abandon이어야 합니다.', 2);
  if (parsed.data === 'retry') {
    await confirm(v, `거래 ${tx}의 취소를 다시 요청합니다. 첫 요청이 이미 처리되었다면 PayUp은 1005(취소 가능 상태가 아닙니다)로 답합니다. 계속할까요?`);
  }
  const row = await b.payup.resolve(tx, parsed.data);
  out.result({ transactionId: row.transactionId, decision: parsed.data, state: row.state });
  out.line(parsed.data === 'retry' ? `거래 ${row.transactionId}를 다시 보낼 대기열에 넣었습니다. 'docdesk payup cancel --transaction ${row.transactionId} --reason …' 또는 같은 묶음 파일로 다시 실행하세요.` : `거래 ${row.transactionId}를 포기(ABANDONED)로 기록했습니다.`);
  return 0;
}
