// report.pdf (issue 17 item 3): the evidence report printed by the machine's real Chromium (`--print-to-pdf`, as the
// CLI and `docdesk web` do), written before SHA256SUMS so both verifiers cover it; A4 pages with a page per document
// and the NON-AUTHORITATIVE notice printed on every page, the Korean text kept as text. Without a Chromium the bundle
// has no PDF and the export result and the CLI say so in Korean; a renderer that fails or gives no PDF does the same.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { NO_RENDERER } from '../../main/audit/bundle/report-pdf.ts';
import { findChromium, machineChromiumPdf } from '../../main/pdf/chromium-pdf.ts';
import { verifyBoth } from '../helpers/bundle-verdicts.ts';
import { runCli } from '../helpers/cli.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { missingCharacters, pdfFacts } from '../helpers/pdf-facts.ts';
import { tempDir } from '../helpers/test-backend.ts';

const actor = { type: 'operator' as const, id: 'tester', host: 'test-pc' };
const subject = { kind: 'document' as const, ref: 'DOC-1', externalIds: ['DOC-1', 'DOC-2'], binderUuids: [] };
let root: string;

async function openLog(dir: string, renderPdf?: ReturnType<typeof machineChromiumPdf>) {
  mkdirSync(dir, { recursive: true });
  const svc = await openAuditService({ dataDir: dir, auditKey: randomBytes(32), actor, ...(renderPdf ? { renderPdf } : {}) });
  for (let i = 0; i < 60; i++) {
    const ext = `DOC-${i % 3}`;
    svc.append({ ev: 'edoc.page.entry', subj: { external_document_uuid: [ext] }, data: { result: 'ok', ip: '203.0.113.7', user_agent: '수신자 휴대전화 브라우저' }, index: [`doc:${ext}`] });
  }
  await svc.flush();
  return svc;
}

beforeAll(() => {
  root = tempDir('docdesk-bundle-pdf-');
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('report.pdf', () => {
  it('is printed by the machine’s Chromium: A4 pages, a page per document, the notice on every page, Korean kept as text, covered by SHA256SUMS', async () => {
    const chromium = findChromium(hermeticEnv());
    expect(chromium, 'the browser tests need Debian’s chromium (README)').not.toBeNull();
    const svc = await openLog(path.join(root, 'with-chromium'), machineChromiumPdf(hermeticEnv()));
    const out = path.join(root, 'bundle');
    const started = performance.now();
    const r = await svc.export(subject, '열람 부인 민원 확인', out);
    const ms = performance.now() - started;
    await svc.close();
    expect(r.pdf).toMatchObject({ file: 'report.pdf' });
    expect(r.files).toContain('report.pdf');
    const pdf = readFileSync(path.join(out, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const facts = pdfFacts(pdf);
    // The cover with DOC-1's section, then DOC-2's on a page of its own.
    expect(facts.pages).toBeGreaterThanOrEqual(2);
    expect(facts.textStreams).toBeGreaterThanOrEqual(facts.pages);
    // A4 = 210 × 297 mm = 595.3 × 841.9 pt (Chromium rounds to its device pixels: 594.96 × 841.92).
    const [, width, height] = /\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1')) ?? [];
    expect(Math.abs(Number(width) - 595.3)).toBeLessThan(1);
    expect(Math.abs(Number(height) - 841.9)).toBeLessThan(1);
    for (const text of ['비권위적 참고용 보기(NON-AUTHORITATIVE)', '문서 DOC-1', '문서 DOC-2', '수신자 페이지 진입 확인', '열람 부인 민원 확인']) expect(missingCharacters(facts, text), text).toEqual([]);
    expect(readFileSync(path.join(out, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}report\.pdf$/m);
    const v = await verifyBoth(out);
    expect(v.python.status, v.python.stdout).toBe(0);
    expect(v.inProcess.problems).toEqual([]);
    console.log(`report.pdf: ${pdf.length} bytes, ${facts.pages} pages; export with the PDF ${ms.toFixed(0)} ms`);
  }, 120_000);

  it('an empty PDF would be caught: a page-less PDF has no pages and no text', () => {
    const facts = pdfFacts(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
    expect(facts.pages).toBe(0);
    expect(missingCharacters(facts, '열람')).toEqual(['열', '람']);
  });

  it('without a Chromium, or when printing fails, the bundle has no report.pdf and says why in Korean', async () => {
    expect(machineChromiumPdf(hermeticEnv({ DOCDESK_CHROMIUM: path.join(root, 'no-such-chromium') }))).toBeUndefined();
    expect(machineChromiumPdf({ PATH: root })).toBeUndefined();
    const cases = [
      { name: 'none', renderPdf: undefined, reason: NO_RENDERER },
      { name: 'fails', renderPdf: () => Promise.reject(new Error('printToPDF 실패')), reason: /report\.pdf를 만들지 못했습니다: printToPDF 실패/ },
      { name: 'not-pdf', renderPdf: () => Promise.resolve(Buffer.from('<html>')), reason: /PDF가 아니어서/ },
    ];
    for (const c of cases) {
      const svc = await openLog(path.join(root, `log-${c.name}`), c.renderPdf);
      const out = path.join(root, `bundle-${c.name}`);
      const r = await svc.export(subject, '열람 부인 민원 확인', out);
      await svc.close();
      expect(r.pdf.file).toBeNull();
      expect(r.pdf.file === null ? r.pdf.reason : '').toMatch(c.reason);
      expect(existsSync(path.join(out, 'report.pdf'))).toBe(false);
      expect((await verifyBoth(out)).inProcess.problems).toEqual([]);
    }
  }, 120_000);

  it('the CLI says in Korean when the machine has no Chromium, and prints the PDF when it has', async () => {
    const dataDir = path.join(root, 'cli-data');
    const demo = await runCli(['--data-dir', dataDir, '--json', 'demo', '--rows', '5']);
    expect(demo.code, demo.stderr).toBe(0);
    const events = await runCli(['--data-dir', dataDir, '--json', 'audit', 'events', '--ev', 'net.exchange', '--limit', '50']);
    const rows = events.json['rows'] as { record: { data: { endpoint: string }; subj: { external_document_uuid?: string[] } } }[];
    const ext = rows.find((r) => r.record.data.endpoint === 'bulkSend')?.record.subj.external_document_uuid?.[0];
    if (!ext) throw new Error('no bulk send in the demo');
    const without = await runCli(['--data-dir', dataDir, 'audit', 'export', '--document', ext, '--reason', '민원 확인', '--out', path.join(root, 'cli-no-pdf')], { env: { DOCDESK_CHROMIUM: path.join(root, 'no-such-chromium') } });
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).toContain(NO_RENDERER);
    const withPdf = await runCli(['--data-dir', dataDir, 'audit', 'export', '--document', ext, '--reason', '민원 확인', '--out', path.join(root, 'cli-pdf')]);
    expect(withPdf.code, withPdf.stderr).toBe(0);
    expect(withPdf.stdout).toMatch(/인쇄용 보고서: report\.pdf \([\d,]+ bytes, SHA256SUMS에 포함\)/);
    expect(pdfFacts(readFileSync(path.join(root, 'cli-pdf', 'report.pdf'))).pages).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
