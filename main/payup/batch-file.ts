// Reads a cancel batch file (Excel/CSV) with the shared import machinery: columns transactionId/거래번호,
// reason/취소사유, optionally amount/금액. Each row is validated like a single cancel (validate.ts).
import { readKeyedTable, type KeyedColumn } from '../imports/keyed-table.ts';
import { PayupError } from './errors.ts';
import { validateCancelReason, validateTransactionId } from './validate.ts';

export const CANCEL_BATCH_COLUMNS: readonly KeyedColumn[] = [
  { key: 'transactionId', label: '거래번호', names: ['transactionId', 'transaction_id', '거래번호', '페이업거래번호', 'tid'], required: true },
  { key: 'reason', label: '취소사유', names: ['reason', 'cancelReason', 'cancel_reason', '취소사유', '사유'], required: true },
  { key: 'amount', label: '금액', names: ['amount', '금액', '결제금액', '취소금액'], required: false },
];

export type CancelBatchRow = { sourceRow: number; transactionId: string; reason: string; amount: string | null; error: string | null };

export async function readCancelBatchFile(
  filePath: string,
  options: { sheet?: string } = {},
): Promise<{ sheet: string; headerRow: number; rows: CancelBatchRow[] }> {
  const table = await readKeyedTable(filePath, CANCEL_BATCH_COLUMNS, options);
  const rows = table.rows.map((r): CancelBatchRow => {
    const rawTx = r.values.transactionId ?? '';
    const rawReason = r.values.reason ?? '';
    const rawAmount = r.values.amount ?? null;
    const errors: string[] = [];
    let transactionId = rawTx.trim();
    let reason = rawReason.trim();
    try {
      transactionId = validateTransactionId(rawTx);
    } catch (e) {
      errors.push(`${table.columns.transactionId ?? ''}열: ${e instanceof PayupError ? e.message : String(e)}`);
    }
    try {
      reason = validateCancelReason(rawReason);
    } catch (e) {
      errors.push(`${table.columns.reason ?? ''}열: ${e instanceof PayupError ? e.message : String(e)}`);
    }
    // The KakaoPay cancel of [002] is a full cancel: the amount is kept for the operator's records only.
    const amount = rawAmount === null ? null : rawAmount.replace(/[,\s원]/g, '');
    if (amount !== null && !/^-?\d+$/.test(amount)) errors.push(`${table.columns.amount ?? ''}열: 금액 '${rawAmount}'는 숫자가 아닙니다.`);
    return { sourceRow: r.sourceRow, transactionId, reason, amount, error: errors.length > 0 ? `${r.sourceRow}행 ${errors.join(' / ')}` : null };
  });
  return { sheet: table.sheet, headerRow: table.headerRow, rows };
}
