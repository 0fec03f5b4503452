// Per-row result of a cancel batch as .xlsx (neutralised against formula injection in main/exports).
import { writeXlsxTable } from '../exports/xlsx-table.ts';
import type { ExportCell } from '../exports/formula-guard.ts';
import type { PayupBatchRow } from '../../shared/domain/payup.ts';

export const RESULT_HEADER = ['행', '거래번호', '취소사유', '금액', '처리', '상태', '응답코드', '응답메시지', '취소일시', '비고'] as const;

const DISPOSITION_KO: Record<string, string> = {
  NEW: '신규',
  REQUEUED: '재요청',
  PENDING: '대기분 이어서',
  SKIPPED: '건너뜀(이미 처리됨)',
  DUPLICATE: '파일 내 중복',
  INVALID: '입력 오류',
};

export function batchResultRows(batchRows: readonly PayupBatchRow[]): ExportCell[][] {
  return batchRows.map((r) => {
    const amount = r.amount === null ? null : Number(r.amount);
    return [
      r.sourceRow,
      r.transactionId,
      r.reason,
      amount !== null && Number.isSafeInteger(amount) ? amount : r.amount,
      DISPOSITION_KO[r.disposition] ?? r.disposition,
      r.disposition === 'INVALID' || r.disposition === 'DUPLICATE' ? null : r.state,
      r.disposition === 'INVALID' || r.disposition === 'DUPLICATE' ? null : r.responseCode,
      r.disposition === 'INVALID' || r.disposition === 'DUPLICATE' ? null : r.responseMessage,
      r.disposition === 'INVALID' || r.disposition === 'DUPLICATE' ? null : r.cancelDateTime,
      r.error ?? (r.state === 'UNKNOWN' ? r.detail : null),
    ];
  });
}

export function exportBatchResult(batchRows: readonly PayupBatchRow[], filePath: string): number {
  const rows = batchResultRows(batchRows);
  writeXlsxTable(filePath, '취소 결과', RESULT_HEADER, rows);
  return rows.length;
}
