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
  /** What KakaoPay answered about the document, from the disclosed slices (document-story.ts). */
  story: TimelineEntry[];
  /** Every disclosed event (landing page, operator actions, the exchanges' HTTP status). */
  entries: TimelineEntry[];
}

const NOTICE = '참고용 보기입니다(비권위적). 증거는 events.jsonl과 서명된 체크포인트이며, 검증 방법은 VERIFY.md를 보세요.';
/** Printed in every page's top margin (report.pdf, or report.html printed from a browser). */
const PRINT_NOTICE = '비권위적 참고용 보기(NON-AUTHORITATIVE) — 증거는 events.jsonl과 서명된 체크포인트입니다(VERIFY.md)';
const HEADER = ['순번(seq)', '시각(KST)', '구분', '내용', '이벤트'];
const STORY_TITLE = '문서 경과 — 카카오페이 응답 기준(공개된 조각, 카카오페이 시각)';
const RECORDS_TITLE = '감사 기록 — 랜딩 페이지 이벤트, 호출 결과';

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
    if (g.story.length) rows.push(['', '', STORY_TITLE, '', '']);
    for (const e of g.story) rows.push([e.seq, e.time, e.label, e.detail, e.event]);
    rows.push(['', '', RECORDS_TITLE, '', '']);
    for (const e of g.entries) rows.push([e.seq, e.time, e.label, e.detail, e.event]);
  }
  XLSX.utils.book_append_sheet(wb, tableToSheet(HEADER, rows), '타임라인');
  // Deflated like any .xlsx an office suite writes (SheetJS stores the parts uncompressed by default): a bundle stays small.
  writeOwnerOnlyFile(filePath, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function reportHtml(meta: { subject: string; reason: string; createdAt: string }, groups: ReportGroup[]): string {
  const table = (entries: TimelineEntry[]) => `<table><thead><tr>${HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${entries.map((e) => `<tr><td>${e.seq}</td><td>${esc(e.time)}</td><td>${esc(e.label)}</td><td>${esc(e.detail)}</td><td><code>${esc(e.event)}</code></td></tr>`).join('\n')}
</tbody></table>`;
  const sections = groups
    .map(
      (g) => `<section><h2>${esc(g.title)}</h2>
${g.story.length ? `<h3>${esc(STORY_TITLE)}</h3>\n<div class="story">${table(g.story)}</div>\n` : ''}<h3>${esc(RECORDS_TITLE)}</h3>
${table(g.entries)}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>DocDesk 증거 보고서 (참고용)</title>
<style>
body{font-family:'Nanum Gothic','NanumGothic','Malgun Gothic','맑은 고딕',sans-serif;margin:2em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;font-size:13px;text-align:left}
.notice{background:#fff3cd;border:1px solid #d39e00;padding:8px}
.story td:nth-child(3){font-weight:bold}
@page{size:A4;margin:20mm 12mm 16mm;@top-center{content:"${PRINT_NOTICE}";font-family:'Nanum Gothic','NanumGothic','Malgun Gothic',sans-serif;font-size:8.5pt;color:#7a5a00}@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt}}
@media print{body{margin:0}td,th{font-size:9pt;padding:2px 4px}section+section{break-before:page}tr{break-inside:avoid}thead{display:table-header-group}h2,h3{break-after:avoid}.notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
</style>
</head><body>
<h1>DocDesk 증거 보고서</h1>
<p class="notice"><strong>비권위적 참고용 보기(NON-AUTHORITATIVE).</strong> ${esc(NOTICE)}</p>
<dl><dt>대상</dt><dd>${esc(meta.subject)}</dd><dt>사유</dt><dd>${esc(meta.reason)}</dd><dt>내보낸 시각</dt><dd>${esc(meta.createdAt)}</dd></dl>
${sections}
</body></html>
`;
}
