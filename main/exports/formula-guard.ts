// Formula-injection neutraliser for every CSV/XLSX export (DESIGN §12; OWASP "CSV injection"): a text cell
// starting with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so spreadsheet programs show it as text.
// Numbers are never touched: a negative amount stays a number (-1500 is data, not a formula).

const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r']);

export type ExportCell = string | number | boolean | null;

export function neutralizeText(text: string): string {
  return text.length > 0 && DANGEROUS_FIRST.has(text[0] as string) ? `'${text}` : text;
}

export function neutralizeCell(value: ExportCell): ExportCell {
  return typeof value === 'string' ? neutralizeText(value) : value;
}
