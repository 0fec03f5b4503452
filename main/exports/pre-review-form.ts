// The pre-review request form (seed 001 §2.1) as an .xlsx under <dataDir>/exports/: one sheet, the seed's Korean
// field names in the seed's order, each with its value — what the operator attaches to the mail to KakaoPay.
import path from 'node:path';
import type { PreReviewForm } from '../../shared/domain/mailing.ts';
import { PRE_REVIEW_FIELDS, preReviewFieldText, tpsBasisText } from '../../shared/domain/pre-review.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import { writeXlsxTable } from './xlsx-table.ts';

/**
 * Writes the form to `out` (the CLI's --out, the operator's own path), else to
 * exports/`사전검토요청-<purpose>-<time>.xlsx` (the name reduced to safe characters); returns the path.
 */
export function writePreReviewForm(dataDir: string, review: PreReviewForm, o: { out?: string; now?: number } = {}): string {
  const base = review.form.purpose.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'form';
  const filePath = o.out ?? path.join(ensureExportsDir(dataDir), `사전검토요청-${base}-${o.now ?? Date.now()}.xlsx`);
  const value = (key: (typeof PRE_REVIEW_FIELDS)[number]['key']) =>
    key === 'dailyCount' || key === 'expectedTps' ? review.form[key] : preReviewFieldText(review, key);
  writeXlsxTable(
    filePath,
    '사전 검토 요청',
    ['항목', '내용', '비고'],
    PRE_REVIEW_FIELDS.map((f) => [f.ko, value(f.key), f.key === 'expectedTps' ? tpsBasisText(review) : '']),
  );
  return filePath;
}
