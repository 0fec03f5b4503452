// `documents:export`: the grid's current view (same filter, search and sort) to an .xlsx under <dataDir>/exports/,
// every text cell neutralised against formula injection by the one shared helper (main/exports/, DESIGN §12).
// Personal data stays masked, exactly as on screen.
import path from 'node:path';
import { documentsExportInputSchema, DOCUMENTS_EXPORT_MAX, type DocumentRow, type DocumentsExportInput } from '../../shared/domain/documents-query.ts';
import type { ExportCell } from '../exports/formula-guard.ts';
import { writeXlsxTable } from '../exports/xlsx-table.ts';
import { ensureExportsDir } from './export-paths.ts';
import { seoulDateTime } from './format.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';

type ColumnKey = keyof DocumentRow;

const COLUMNS: Record<ColumnKey, { header: string; cell: (r: DocumentRow) => ExportCell }> = {
  id: { header: '문서 번호', cell: (r) => r.id },
  mailingId: { header: '발송 건', cell: (r) => r.mailingId },
  mailingName: { header: '발송 건 이름', cell: (r) => r.mailingName },
  sourceRow: { header: '원본 행', cell: (r) => r.sourceRow },
  recipient: { header: '수신자(마스킹)', cell: (r) => r.recipient },
  state: { header: '처리 상태', cell: (r) => r.state },
  stateAt: { header: '상태 변경 시각', cell: (r) => seoulDateTime(r.stateAt) },
  docBoxStatus: { header: '문서함 상태', cell: (r) => r.docBoxStatus },
  errorCode: { header: '오류 코드', cell: (r) => r.errorCode },
  errorMessage: { header: '오류 메시지', cell: (r) => r.errorMessage },
  externalDocumentUuid: { header: '외부 문서 ID', cell: (r) => r.externalDocumentUuid },
  documentBinderUuid: { header: '바인더 UUID', cell: (r) => r.documentBinderUuid },
  acceptedAt: { header: '접수 시각', cell: (r) => seoulDateTime(r.acceptedAt) },
  readAt: { header: '열람 시각', cell: (r) => seoulDateTime(r.readAt) },
  attemptNo: { header: '시도 횟수', cell: (r) => r.attemptNo },
};
const DEFAULT_COLUMNS: ColumnKey[] = ['id', 'mailingId', 'mailingName', 'sourceRow', 'recipient', 'state', 'stateAt', 'docBoxStatus', 'errorCode', 'errorMessage', 'externalDocumentUuid', 'documentBinderUuid', 'acceptedAt', 'readAt'];

/** Writes the view; the file name carries the time so exports never overwrite each other. */
export async function exportDocuments(reads: Pick<DocdeskReads, 'gridRows'>, dataDir: string, raw: DocumentsExportInput, now = Date.now()) {
  const input = documentsExportInputSchema.parse(raw);
  const { columns: chosen, ...view } = input;
  const columns = chosen ?? DEFAULT_COLUMNS;
  const rows: ExportCell[][] = [];
  for await (const page of reads.gridRows(view, DOCUMENTS_EXPORT_MAX + 1)) {
    for (const r of page) rows.push(columns.map((c) => COLUMNS[c].cell(r)));
  }
  const truncated = rows.length > DOCUMENTS_EXPORT_MAX;
  if (truncated) rows.length = DOCUMENTS_EXPORT_MAX;
  const dir = ensureExportsDir(dataDir);
  const stamp = seoulDateTime(now).replace(/[-: ]/g, '').replace(/^(\d{8})/, '$1-');
  const filePath = path.join(dir, `documents-${stamp}-${process.hrtime.bigint() % 100000n}.xlsx`);
  writeXlsxTable(filePath, '문서 상태', columns.map((c) => COLUMNS[c].header), rows);
  return { filePath, rows: rows.length, truncated };
}

/**
 * The exported view as the audit log records it: which mailing, states and sort — the search text only as
 * "searched", since it may be a recipient's phone number or name.
 */
export function exportViewSummary(raw: DocumentsExportInput): Record<string, unknown> {
  const { search, columns: _columns, ...view } = documentsExportInputSchema.parse(raw);
  return { ...view, ...(search ? { searched: true } : {}) };
}
