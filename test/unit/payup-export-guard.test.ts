// Formula-injection neutraliser (main/exports, shared by every export) and the batch result .xlsx.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, neutralizeText } from '../../main/exports/formula-guard.ts';
import { writeXlsxTable } from '../../main/exports/xlsx-table.ts';
import { tempDir } from '../helpers/test-backend.ts';

describe('formula guard', () => {
  it('prefixes dangerous first characters with a quote', () => {
    for (const s of ['=1+1', '+82', '-cmd', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeText(s)).toBe(`'${s}`);
    for (const s of ['정상', '1+1', 'a=b', '', "'"]) expect(neutralizeText(s)).toBe(s);
  });

  it('keeps numbers, negative ones included, as numbers', () => {
    expect(neutralizeCell(-1500)).toBe(-1500);
    expect(neutralizeCell(0)).toBe(0);
    expect(neutralizeCell(null)).toBe(null);
    expect(neutralizeCell('-1500')).toBe("'-1500");
  });

  it('writes an .xlsx with no formula cells and numbers intact', () => {
    const file = path.join(tempDir(), 'out.xlsx');
    writeXlsxTable(file, '결과', ['a', 'b'], [['=HYPERLINK("http://x")', -42], ['@cmd', '정상']]);
    const wb = XLSX.read(readFileSync(file), { dense: true });
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!ws) throw new Error('no sheet');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://x")', -42]);
    expect(rows[2]).toEqual(["'@cmd", '정상']);
    const dense = ws['!data'] as ({ t: string; f?: string } | undefined)[][] | undefined;
    for (const r of dense ?? []) for (const c of r ?? []) expect(c?.f).toBeUndefined();
    expect(dense?.[1]?.[1]?.t).toBe('n');
  });
});
