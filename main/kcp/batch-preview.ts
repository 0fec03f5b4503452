// The verification batch screen's preview (issue 5 §4): the same reader and validator as verifyBatch
// (batch-file.ts, validate.ts), nothing journalled and nothing sent, so the operator sees the counts first.
import type { KcpBatchPreview } from '../../shared/domain/kcp-verification.ts';
import { readVerifyBatchFile } from './batch-file.ts';
import { validateRequest } from './validate.ts';

export async function previewVerifyBatch(filePath: string, options: { sheet?: string } = {}): Promise<KcpBatchPreview> {
  const file = await readVerifyBatchFile(filePath, options);
  let invalid = 0;
  let unverifiedBanks = 0;
  const errors: { row: number; message: string }[] = [];
  for (const r of file.rows) {
    const v = validateRequest({ bankCode: r.bank, accountNo: r.account, ownerName: r.owner, orderId: r.orderId });
    if (!v.ok) {
      invalid += 1;
      errors.push({ row: r.sourceRow, message: `${r.sourceRow}행: ${v.problems.map((p) => p.message).join(' ')}` });
    } else if (!v.request.bank.kcpVerified) {
      unverifiedBanks += 1;
    }
  }
  return { sheet: file.sheet, headerRow: file.headerRow, rows: file.rows.length, valid: file.rows.length - invalid, invalid, unverifiedBanks, errors: errors.slice(0, 1000) };
}
