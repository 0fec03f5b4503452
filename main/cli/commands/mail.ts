// `docdesk mail …`: import, send, status, poll, resolve, list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { documentAdvice } from '../../../shared/domain/docsgw-advice.ts';
import { columnMappingSchema, mailingDefaultsSchema } from '../../../shared/domain/import.ts';
import { unknownResolutionSchema, type PreReviewForm } from '../../../shared/domain/mailing.ts';
import { groupDigits, preReviewFormText, preReviewPlanSchema, type PreReviewDecision, type PreReviewPlan } from '../../../shared/domain/pre-review.ts';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import { invalidInput } from '../input-error.ts';
import { formatCounts, printAdvice, type Output } from '../output.ts';
import { ask, interactive } from '../prompt.ts';

export function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError('MISSING_ARGUMENT', `${what}이(가) 필요합니다.`, 2);
  return value;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidInput(r.error, what);
  return r.data;
}

/** Confirmation for irreversible actions: a prompt on a terminal, otherwise `--yes` is required. */
export async function confirm(values: CliValues, question: string): Promise<void> {
  if (values.yes) return;
  if (!interactive()) throw new CliError('CONFIRMATION_REQUIRED', `${question} — 터미널이 아니므로 --yes로 확인하세요.`, 2);
  const a = await ask(`${question} [y/N] `);
  if (!/^(y|yes|예|네)$/i.test(a)) throw new CliError('NOT_CONFIRMED', '취소했습니다.', 2);
}

export async function mailImport(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const file = need(pos[0], '가져올 파일 경로');
  const defaults = parseWith(
    mailingDefaultsSchema,
    {
      title: v.title,
      link: v.link,
      csNumber: v['cs-number'],
      csName: v['cs-name'],
      message: v.message,
      category: v.category,
      expiresInDays: v['expires-in-days'] === undefined ? undefined : Number(v['expires-in-days']),
    },
    '발송 기본값',
  );
  const mapping = v.mapping ? parseWith(columnMappingSchema, JSON.parse(readFileSync(v.mapping, 'utf8')), `열 매핑 파일(${v.mapping})`) : undefined;
  let lastPct = -1;
  const { mailingId, report } = await b.mailing.import(file, { sheet: v.sheet, mapping, defaults, name: v.name, preset: v.preset, savePreset: v['save-preset'] }, (p) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 0;
    if (pct !== lastPct && pct % 10 === 0) out.progress(`가져오는 중 (${p.phase}) ${pct}%`);
    lastPct = pct;
  });
  const errors = report.errors.map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, message: e.message }));
  out.result({ mailingId, rows: report.rows, valid: report.valid, invalid: report.invalid, errors });
  out.line(`발송 건: ${mailingId ?? '(생성되지 않음)'}`);
  out.line(`행 ${report.rows} · 정상 ${report.valid} · 오류 ${report.invalid}`);
  for (const e of errors.slice(0, 50)) out.line(`  ${e.row}행 ${e.column || '-'}열 [${e.field}] ${e.message}`);
  if (errors.length > 50) out.line(`  … 외 ${errors.length - 50}건 (--json으로 전체 목록)`);
  if (report.valid === 0) return 2;
  if (v.strict && report.invalid > 0) return 2;
  return 0;
}

/** The operator's plan on the pre-review form: `--date YYYY-MM-DD [--to YYYY-MM-DD] [--purpose TEXT]`. */
function preReviewPlan(v: CliValues): PreReviewPlan {
  return parseWith(preReviewPlanSchema, { date: v.date, until: v.to, purpose: v.purpose }, '사전 검토 양식(--date, --to, --purpose)');
}

function printPreReviewForm(print: (text: string) => void, review: PreReviewForm): void {
  for (const line of preReviewFormText(review).split('\n')) print(line);
  if (review.form.institutionName === '') print("  ※ 이용기관명이 설정되지 않았습니다: 'docdesk config set institutionName 기관명'으로 설정하세요.");
}

/** `mail pre-review ID [--date D] [--to D] [--purpose T] [--out FILE.xlsx]`: the form of seed 001 §2.1, as the app shows it. */
export async function mailPreReview(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const id = need(pos[0], '발송 건 ID');
  const request = { mailingId: id, ...preReviewPlan(v) };
  if (v.out !== undefined && !/\.xlsx$/i.test(v.out)) throw new CliError('INVALID_FILE_NAME', `--out 파일 이름은 .xlsx로 끝나야 합니다(입력값: ${v.out}).`, 2);
  const { review, filePath } = v.out !== undefined ? await b.mailing.exportPreReview(request, path.resolve(v.out)) : { review: await b.mailing.preReview(request), filePath: null };
  out.result({ mailingId: id, ...review, text: preReviewFormText(review), filePath });
  out.line(
    review.required
      ? `오늘 발송 예정 ${groupDigits(review.plannedToday)}건: 일 ${groupDigits(review.threshold)}건 이상이라 발송 전에 사전 검토 요청이 필요합니다.`
      : `오늘 발송 예정 ${groupDigits(review.plannedToday)}건: 일 ${groupDigits(review.threshold)}건 미만이라 사전 검토 요청은 필요하지 않습니다.`,
  );
  printPreReviewForm((t) => out.line(t), review);
  if (filePath !== null) out.line(`저장한 파일: ${filePath}`);
  return 0;
}

const PRE_REVIEW_DECISIONS = { sent: 'form-sent', proceed: 'proceed' } as const;

export async function mailSend(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const id = need(pos[0], '발송 건 ID');
  const s = await b.mailing.status(id);
  const plan = preReviewPlan(v);
  const review = await b.mailing.preReview({ mailingId: id, ...plan });
  let decision: PreReviewDecision | undefined;
  if (review.required) {
    out.progress('⚠ 일 50만 건 이상 발송 예정 — 카카오페이에 사전 검토를 요청하세요(아래 양식, seed 001 §2.1):');
    printPreReviewForm((t) => out.progress(`  ${t}`), review);
    const given = v['pre-review'];
    if (given !== undefined) decision = PRE_REVIEW_DECISIONS[parseWith(z.enum(['sent', 'proceed']), given, '--pre-review (sent 또는 proceed)')];
    else if (!v.yes && interactive()) decision = /^(y|yes|예|네)$/i.test(await ask('사전 검토 요청 양식을 보냈습니까? [y: 보냈음 / N: 보내지 않고 발송] ')) ? 'form-sent' : 'proceed';
    else decision = 'proceed';
  }
  const pending = s.counts.DRAFT + s.counts.QUEUED;
  await confirm(v, `'${s.name}' ${pending.toLocaleString('ko-KR')}건을 '${b.profile().name}' 프로필로 발송할까요?`);
  const ac = new AbortController();
  const onSigint = () => {
    out.progress('일시 정지합니다 — 전송 중인 묶음의 결과를 기록한 뒤 멈춥니다…');
    ac.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const r = await b.mailing.send(id, {
      signal: ac.signal,
      ...(decision !== undefined ? { preReview: { decision, ...plan } } : {}),
      onProgress: (p) => out.progress(`발송 중: ${formatCounts(p.counts)} (${(p.elapsedMs / 1000).toFixed(1)}s)`),
    });
    const accepted = r.counts.ACCEPTED;
    const docsPerSec = r.elapsedMs > 0 ? (accepted + r.counts.REJECTED) / (r.elapsedMs / 1000) : 0;
    out.result({ mailingId: id, stopped: r.stopped, counts: r.counts, chunks: r.chunks, elapsedMs: Math.round(r.elapsedMs), documentsPerSecond: Math.round(docsPerSec), preReview: r.preReview });
    out.line(`발송 ${r.stopped === 'done' ? '완료' : r.stopped === 'paused' ? '일시 정지' : '취소'}: ${formatCounts(r.counts)}`);
    if (r.counts.UNKNOWN > 0) {
      out.line(`결과를 알 수 없는 문서 ${r.counts.UNKNOWN}건: 게이트웨이가 받았는지 확인할 수 없습니다. 다시 보내면 중복 발송될 수 있습니다.`);
      out.line(`  결정: docdesk mail resolve ${id} --unknown resend | abandon`);
      return 3;
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export async function mailStatus(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const s = await b.mailing.status(need(pos[0], '발송 건 ID'));
  // Each group of refused / UNKNOWN / abandoned documents with what its code means and what to do next.
  const errors = (await b.mailing.errorSummary(s.id)).map((g) => {
    const stored = g.state === 'REJECTED' ? { errorCode: g.code, errorMessage: null } : { errorCode: null, errorMessage: g.code };
    const a = documentAdvice({ state: g.state, ...stored }, 'ko', 'cli');
    return { ...g, explanation: a?.explanation ?? null, advice: a?.advice ?? null };
  });
  out.result({ ...s, errors });
  out.line(`${s.id} '${s.name}' [${s.state}] 프로필 ${s.profile} · 총 ${s.total}건`);
  out.line(`  ${formatCounts(s.counts)}`);
  for (const e of errors) {
    out.line(`  ${e.state} ${e.code ?? '-'} ${e.count.toLocaleString('ko-KR')}건`);
    if (e.explanation !== null && e.advice !== null) printAdvice(out, { explanation: e.explanation, advice: e.advice }, '    ');
  }
  return 0;
}

export async function mailPoll(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const id = need(pos[0], '발송 건 ID');
  await b.mailing.status(id);
  if (v['until-final']) {
    const timeoutMs = parseWith(z.coerce.number().positive(), v.timeout ?? '3600', '--timeout') * 1000;
    const r = await b.mailing.pollUntilFinal(id, { timeoutMs, onRound: (x) => out.progress(`상태 조회: ${x.polled}건 조회, ${x.changed}건 변경, 남은 미완료 ${x.remaining}건`) });
    const s = await b.mailing.status(id);
    out.result({ mailingId: id, final: r.final, counts: s.counts });
    out.line(`${r.final ? '모든 문서가 최종 상태입니다' : '시간 초과: 아직 최종 상태가 아닌 문서가 있습니다'} — ${formatCounts(s.counts)}`);
    return r.final ? 0 : 1;
  }
  const r = await b.mailing.pollOnce(id);
  const s = await b.mailing.status(id);
  out.result({ mailingId: id, ...r, counts: s.counts });
  out.line(`조회 ${r.polled}건 · 변경 ${r.changed}건 · 오류 ${r.errors}건 · 남은 미완료 ${r.remaining}건`);
  return 0;
}

export async function mailResolve(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const id = need(pos[0], '발송 건 ID');
  const resolution = parseWith(unknownResolutionSchema, v.unknown, '--unknown (resend 또는 abandon)');
  const s = await b.mailing.status(id);
  if (resolution === 'resend') {
    await confirm(v, `결과를 알 수 없는 ${s.counts.UNKNOWN}건을 다시 보냅니다. 이미 전달된 문서라면 수신자가 두 번 받게 됩니다. 계속할까요?`);
  }
  const n = await b.mailing.resolve(id, resolution);
  out.result({ mailingId: id, resolution, documents: n, counts: (await b.mailing.status(id)).counts });
  out.line(resolution === 'resend' ? `${n}건을 재발송 대기열에 넣었습니다. 'docdesk mail send ${id}'로 보내세요.` : `${n}건을 포기(ABANDONED)로 기록했습니다.`);
  return 0;
}

export async function mailList(b: Backend, _pos: string[], _v: CliValues, out: Output): Promise<number> {
  const list = await b.mailing.list();
  out.result({ mailings: list });
  if (list.length === 0) out.line("발송 건이 없습니다. 'docdesk mail import 파일.xlsx --title … --link …'로 시작하세요.");
  for (const m of list) out.line(`${m.id}  [${m.state}]  ${m.name}  ${m.total}건  ${formatCounts(m.counts)}`);
  return 0;
}

export async function docShow(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const ref = need(pos[0], 'external_document_uuid 또는 document_binder_uuid');
  const d = await b.mailing.documentDetail(ref);
  if (!d) throw new CliError('DOCUMENT_NOT_FOUND', `문서 '${ref}'을(를) 찾을 수 없습니다.`, 2);
  const advice = documentAdvice(d, 'ko', 'cli');
  out.result({ ...d, advice });
  out.line(`문서 #${d.id} (${d.mailingId}, ${d.sourceRow}행) ${d.recipient} — ${d.state}${d.docBoxStatus ? ` / ${d.docBoxStatus}` : ''}`);
  out.line(`  external ${d.externalDocumentUuid ?? '-'} · binder ${d.documentBinderUuid ?? '-'}${d.errorCode ? ` · 오류 ${d.errorCode} ${d.errorMessage ?? ''}` : ''}`);
  if (advice) printAdvice(out, advice, '  ');
  const fmt = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'short', timeStyle: 'medium' });
  for (const e of d.timeline) out.line(`  ${fmt.format(e.at)}  ${e.kind}  ${JSON.stringify(e.data)}`);
  return 0;
}

export async function mailCancel(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const id = need(pos[0], '발송 건 ID');
  const s = await b.mailing.status(id);
  await confirm(v, `'${s.name}'의 아직 보내지 않은 ${(s.counts.DRAFT + s.counts.QUEUED).toLocaleString('ko-KR')}건을 취소할까요? (이미 접수된 문서는 취소되지 않습니다)`);
  const n = await b.mailing.cancel(id);
  out.result({ mailingId: id, cancelled: n, counts: (await b.mailing.status(id)).counts });
  out.line(`${n}건을 취소했습니다.`);
  return 0;
}

export function mailPresets(b: Backend, _pos: string[], _v: CliValues, out: Output): number {
  const presets = b.mailing.presets.list();
  out.result({ presets });
  if (presets.length === 0) out.line("저장된 열 매핑 프리셋이 없습니다. 'mail import … --save-preset 이름'으로 저장하세요.");
  for (const p of presets) out.line(`${p.name}: ${Object.entries(p.mapping).map(([f, c]) => `${f}=${c}`).join(', ')}${p.headerRow ? ` (머리글 ${p.headerRow}행)` : ''}`);
  return 0;
}
