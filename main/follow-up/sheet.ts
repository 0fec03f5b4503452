// The follow-up list as an .xlsx for the next channel (SMS, post): one row per recipient, unmasked — that is its
// purpose — so it is written owner-only (writeXlsxTable) and only where the operator asked (exports/ for the
// app). Text cells are neutralised against formula injection like every export (main/exports/formula-guard.ts).
import { emptyReasonCounts, type FollowUpReasonCounts } from '../../shared/domain/follow-up.ts';
import { seoulDateTime } from '../documents/format.ts';
import type { ExportCell } from '../exports/formula-guard.ts';
import { writeXlsxTable } from '../exports/xlsx-table.ts';
import type { FollowUpRecipient } from './recipients.ts';

const COLUMNS: readonly { header: string; cell: (r: FollowUpRecipient) => ExportCell }[] = [
  { header: '원본 행', cell: (r) => r.sourceRow },
  { header: '이름', cell: (r) => r.name },
  { header: '휴대폰 번호', cell: (r) => r.phone },
  { header: '생년월일', cell: (r) => r.birthday },
  { header: 'CI', cell: (r) => r.ci },
  { header: '사유', cell: (r) => r.reasonLabel },
  { header: '설명', cell: (r) => r.explanation },
  { header: '다음 조치', cell: (r) => r.advice },
  { header: '문서 상태', cell: (r) => r.state },
  { header: '오류 코드', cell: (r) => r.errorCode },
  { header: '오류 내용', cell: (r) => r.errorMessage },
  { header: '외부 문서 ID', cell: (r) => r.externalDocumentUuid },
  { header: '접수 시각', cell: (r) => seoulDateTime(r.acceptedAt) },
  { header: '열람 기한', cell: (r) => seoulDateTime(r.deadlineAt) },
  { header: '제목', cell: (r) => r.title },
  { header: '링크', cell: (r) => r.link },
  { header: '안내 메시지', cell: (r) => r.message },
  { header: 'payload', cell: (r) => r.payload },
  { header: '추가 내용', cell: (r) => r.bridgeContent },
];

export const FOLLOW_UP_SHEET_HEADER: readonly string[] = COLUMNS.map((c) => c.header);

/** Writes the sheet (the header alone when nobody needs follow-up) and returns how many rows each reason has. */
export async function writeFollowUpSheet(filePath: string, recipients: AsyncIterable<FollowUpRecipient>): Promise<FollowUpReasonCounts> {
  const counts = emptyReasonCounts();
  const rows: ExportCell[][] = [];
  for await (const r of recipients) {
    counts[r.reason] += 1;
    rows.push(COLUMNS.map((c) => c.cell(r)));
  }
  writeXlsxTable(filePath, '후속 조치', FOLLOW_UP_SHEET_HEADER, rows);
  return counts;
}
