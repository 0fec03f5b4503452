// `docdesk demo`: the main job end to end on the embedded sandbox — sample list (≥1,000 rows, with invalid
// rows and recipients the sandbox rejects or who blocked the sender) → import → send → poll until final.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '../open-backend.ts';
import type { CliValues } from '../args.ts';
import { formatCounts, type Output } from '../output.ts';
import { DEMO_MAILING_DEFAULTS, DEMO_MAILING_NAME } from '../demo-mailing.ts';

export async function demoCommand(v: CliValues, out: Output): Promise<number> {
  // A fresh folder per run, so the demo never touches real data and always tells the same story. That folder is
  // sandbox-only whatever the shell holds: DOCDESK_PASSPHRASE is for the operator's real folders.
  const ownFolder = v['data-dir'] === undefined;
  const dataDir = v['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'docdesk-demo-'));
  const rows = Number(v.rows ?? 1200);
  const b = await openBackend({ ...v, 'data-dir': dataDir, profile: 'sandbox' }, 'write', ownFolder ? {} : process.env);
  // The landing loop (issue 4 §4): simulated recipients open their documents through the reference landing
  // server, whose read-status call is what makes a document READ — as with real recipients.
  const sandbox = b.sandbox();
  const landing = sandbox ? await b.landing.serve({ port: 0, institution: '관리사무소' }) : null;
  const recipients = landing && sandbox ? sandbox.useLandingRecipients(landing.url) : null;
  try {
    const t0 = performance.now();
    const listPath = path.join(dataDir, 'demo-recipients.xlsx');
    await b.samples.writeRecipientList(listPath, { rows });
    out.progress(`샘플 수신자 목록 ${rows}행: ${listPath}`);

    const { mailingId, report } = await b.mailing.import(listPath, {
      defaults: DEMO_MAILING_DEFAULTS,
      name: DEMO_MAILING_NAME,
    });
    out.progress(`가져오기: 정상 ${report.valid} · 오류 ${report.invalid}행 (오류 행은 발송하지 않습니다)`);
    if (!mailingId) throw new Error('샘플 목록에 정상 행이 없습니다.');

    const tSend = performance.now();
    await b.mailing.send(mailingId, { onProgress: (p) => out.progress(`발송 중: ${formatCounts(p.counts)}`) });
    const sendSeconds = (performance.now() - tSend) / 1000;
    out.progress(`발송 완료 (${sendSeconds.toFixed(1)}s). 상태를 조회합니다 — 모든 문서가 열람(READ) 또는 만료(EXPIRED)될 때까지…`);

    const polled = await b.mailing.pollUntilFinal(mailingId, {
      timeoutMs: 180_000,
      onRound: (r) => out.progress(`상태 조회: ${r.polled}건 조회, ${r.changed}건 변경, 미완료 ${r.remaining}건`),
    });
    const s = await b.mailing.status(mailingId);
    const handled = s.counts.ACCEPTED + s.counts.REJECTED;
    const summary = {
      mailingId,
      final: polled.final,
      rows: report.rows,
      invalidRows: report.invalid,
      counts: s.counts,
      documentsPerSecond: Math.round(handled / sendSeconds),
      totalSeconds: Math.round((performance.now() - t0) / 100) / 10,
      dataDir,
      exchanges: b.exchangeCount(),
      sandboxLedger: sandbox?.info().ledgerPath ?? null,
      landing: recipients ? { url: landing?.url ?? null, opened: recipients.completed(), failed: recipients.failed() } : null,
      auditEvents: await b.audit.size(),
    };
    out.result(summary);
    out.line('');
    out.line('DocDesk 데모 요약 (샌드박스 — 실제 발송 없음)');
    out.line(`  발송 건        ${mailingId}`);
    out.line(`  목록           ${report.rows}행 (오류 ${report.invalid}행 제외)`);
    out.line(`  접수/거절      ACCEPTED ${s.counts.ACCEPTED} · REJECTED ${s.counts.REJECTED} · UNKNOWN ${s.counts.UNKNOWN}`);
    out.line(`  최종 상태      READ ${s.counts.READ} · EXPIRED ${s.counts.EXPIRED} · RECEIVED ${s.counts.RECEIVED} · SENT ${s.counts.SENT}`);
    out.line(`  발송 속도      ${summary.documentsPerSecond.toLocaleString('ko-KR')} 건/초`);
    out.line(`  게이트웨이 교환 ${summary.exchanges}건 기록`);
    out.line(`  데이터 위치    ${dataDir}`);
    out.line(`  더 보기        npx docdesk --data-dir ${dataDir} mail status ${mailingId}`);
    return polled.final && s.counts.UNKNOWN === 0 ? 0 : 1;
  } finally {
    await landing?.close();
    await b.close();
  }
}
