// The agency's workbook: one sheet per filled form (seed order: 번호, 항목, 내용; the calculation and notes under
// it) and one for the firewall flow table — the same content the screen shows and the copy buttons copy.
import type { FilledForm, NetworkDocuments } from '../../shared/domain/network-documents.ts';
import type { ExportCell } from '../exports/formula-guard.ts';
import { writeXlsxTables, type XlsxTable } from '../exports/xlsx-table.ts';
import { flowTableRows } from './flow-table.ts';

export const FORM_SHEET_HEADER = ['번호', '항목', '내용'] as const;
export const FLOW_SHEET_NAME = '방화벽 플로우';

function formSheet(f: FilledForm): XlsxTable {
  const rows: ExportCell[][] = f.fields.map((x) => [x.no, x.label, x.value]);
  rows.push([], ['근거', '', f.section]);
  for (const line of f.appendix) rows.push(['', '', line]);
  return { sheetName: f.title, header: FORM_SHEET_HEADER, rows };
}

export function writePlanWorkbook(filePath: string, docs: NetworkDocuments): void {
  const flows = flowTableRows(docs.flows);
  writeXlsxTables(filePath, [...docs.forms.map(formSheet), { sheetName: FLOW_SHEET_NAME, header: flows.header, rows: flows.rows }]);
}
