// The per-row result of a verification batch as .xlsx (main/exports: formula-injection neutralised, atomic
// write). Account numbers and names are masked here as on screen.
import type { KcpBatchRowResult } from '../../shared/domain/kcp-verification.ts';
import { writeXlsxTable } from '../exports/xlsx-table.ts';

const STATE_KO: Record<KcpBatchRowResult['state'], string> = {
  QUEUED: '대기',
  INVALID: '입력 오류(미전송)',
  IN_FLIGHT: '확인 중',
  VERIFIED: '확인됨',
  NOT_VERIFIED: '불일치/확인 안 됨',
  FAILED: '요청 실패',
  UNKNOWN: '결과 알 수 없음',
};

export const RESULT_HEADER = ['행', '은행코드', '은행', '계좌번호', '예금주', '주문번호', '결과', 'res_cd', 'res_msg', 'tno', 'app_time', '안내'] as const;

export function writeVerifyResultFile(filePath: string, rows: readonly KcpBatchRowResult[]): void {
  writeXlsxTable(
    filePath,
    '계좌인증 결과',
    RESULT_HEADER,
    rows.map((r) => [r.row, r.bankCode ?? '', r.bankName ?? '', r.accountMasked, r.ownerMasked, r.orderId ?? '', STATE_KO[r.state], r.resCd ?? '', r.resMsg ?? '', r.tno ?? '', r.appTime ?? '', r.message]),
  );
}
