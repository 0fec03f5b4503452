// report.xlsx and report.html of an evidence bundle: typed cells (ids and masked values as text, never
// formulas — every text cell goes through the ONE formula guard, main/exports/formula-guard.ts), HTML-escaped
// text, and a NON-AUTHORITATIVE banner on both.
import * as XLSX from 'xlsx';
import { tableToSheet } from '../../exports/xlsx-table.ts';
import { writeOwnerOnlyFile } from '../../store/owner-only.ts';
import type { TimelineEntry } from './timeline.ts';

export interface ReportGroup {
  /** e.g. 문서 <external id> / <binder uuid>, or 기간 … */
  title: string;
  entries: TimelineEntry[];
}

const NOTICE = '참고용 보기입니다(비권위적). 증거는 events.jsonl과 서명된 체크포인트이며, 검증 방법은 VERIFY.md를 보세요.';
const HEADER = ['순번(seq)', '시각(KST)', '구분', '내용', '이벤트'];

export function writeReportXlsx(filePath: string, meta: { subject: string; reason: string; createdAt: string }, groups: ReportGroup[]): void {
  const wb = XLSX.utils.book_new();
  const info = tableToSheet(['항목', '값'], [
    ['안내', NOTICE],
    ['대상', meta.subject],
    ['사유', meta.reason],
    ['내보낸 시각', meta.createdAt],
  ]);
  XLSX.utils.book_append_sheet(wb, info, '안내');
  const rows: (string | number)[][] = [];
  for (const g of groups) {
    rows.push(['', '', g.title, '', '']);
    for (const e of g.entries) rows.push([e.seq, e.time, e.label, e.detail, e.event]);
  }
  XLSX.utils.book_append_sheet(wb, tableToSheet(HEADER, rows), '타임라인');
  writeOwnerOnlyFile(filePath, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function reportHtml(meta: { subject: string; reason: string; createdAt: string }, groups: ReportGroup[]): string {
  const sections = groups
    .map(
      (g) => `<section><h2>${esc(g.title)}</h2><table><thead><tr>${HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${g.entries.map((e) => `<tr><td>${e.seq}</td><td>${esc(e.time)}</td><td>${esc(e.label)}</td><td>${esc(e.detail)}</td><td><code>${esc(e.event)}</code></td></tr>`).join('\n')}
</tbody></table></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>DocDesk 증거 보고서 (참고용)</title>
<style>body{font-family:'Nanum Gothic','Malgun Gothic',sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;font-size:13px;text-align:left}.notice{background:#fff3cd;border:1px solid #d39e00;padding:8px}</style>
</head><body>
<h1>DocDesk 증거 보고서</h1>
<p class="notice"><strong>비권위적 참고용 보기(NON-AUTHORITATIVE).</strong> ${esc(NOTICE)}</p>
<dl><dt>대상</dt><dd>${esc(meta.subject)}</dd><dt>사유</dt><dd>${esc(meta.reason)}</dd><dt>내보낸 시각</dt><dd>${esc(meta.createdAt)}</dd></dl>
${sections}
</body></html>
`;
}
