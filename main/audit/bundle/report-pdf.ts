// report.pdf of an evidence bundle: report.html printed by a real Chromium engine, never a hand-rolled PDF. The
// renderer comes from the composition root (the Electron app: a hidden sandboxed window's printToPDF; the CLI and
// `docdesk web`: the machine's Chromium, main/pdf/chromium-pdf.ts); without one the bundle has no PDF and says why.
import path from 'node:path';
import { writeOwnerOnlyFile } from '../../store/owner-only.ts';

/** report.html → the PDF's bytes (A4, the page's own print CSS). */
export type RenderPdf = (html: string) => Promise<Buffer>;

export const REPORT_PDF = 'report.pdf';
export const NO_RENDERER = 'PDF를 만들 Chromium을 찾지 못해 report.pdf를 만들지 않았습니다. Chromium(Debian: chromium)을 설치하거나 DOCDESK_CHROMIUM에 실행 파일 경로를 지정한 뒤 다시 내보내세요. report.html을 브라우저에서 인쇄해도 됩니다.';

export type PdfOutcome = { file: typeof REPORT_PDF; bytes: number } | { file: null; reason: string };

/** Writes report.pdf when a renderer is given and prints; otherwise says why not (the export goes on without it). */
export async function writeReportPdf(dir: string, html: string, renderPdf: RenderPdf | undefined): Promise<PdfOutcome> {
  if (!renderPdf) return { file: null, reason: NO_RENDERER };
  let pdf: Buffer;
  try {
    pdf = await renderPdf(html);
  } catch (err) {
    return { file: null, reason: `report.pdf를 만들지 못했습니다: ${err instanceof Error ? err.message : String(err)}. report.html을 브라우저에서 인쇄하세요.` };
  }
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { file: null, reason: 'PDF 변환 결과가 PDF가 아니어서 report.pdf를 만들지 않았습니다. report.html을 브라우저에서 인쇄하세요.' };
  writeOwnerOnlyFile(path.join(dir, REPORT_PDF), pdf);
  return { file: REPORT_PDF, bytes: pdf.length };
}
