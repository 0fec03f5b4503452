import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftDocument } from '../../shared/domain/import.ts';
import { runImport } from '../../main/imports/run-import.ts';
import {
  SAMPLE_RESERVED_SUFFIXES,
  SAMPLE_SPECIAL_SUFFIXES,
  writeSampleRecipientList,
} from '../../main/imports/sample-list.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cellsOf(file: string): unknown[][] {
  const wb = XLSX.read(fs.readFileSync(file), { dense: true });
  const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
  return XLSX.utils.sheet_to_json<unknown[]>(ws ?? {}, { header: 1, raw: true, defval: null });
}

describe('writeSampleRecipientList', () => {
  it('writes 1,000 rows by default, deterministically for a seed', async () => {
    const a = path.join(tmp, 'a.xlsx');
    const b = path.join(tmp, 'b.xlsx');
    const c = path.join(tmp, 'c.xlsx');
    const sa = await writeSampleRecipientList(a, { seed: 42 });
    const sb = await writeSampleRecipientList(b, { seed: 42 });
    await writeSampleRecipientList(c, { seed: 43 });
    expect(sa.rows).toBe(1_000);
    expect(cellsOf(a)).toEqual(cellsOf(b));
    expect({ ...sa, filePath: '' }).toEqual({ ...sb, filePath: '' });
    expect(cellsOf(a)).not.toEqual(cellsOf(c));
    expect(cellsOf(a)).toHaveLength(2 + 1_000);
  });

  it('holds ~2% invalid rows, ~1% per sandbox suffix, and no reserved suffix elsewhere', async () => {
    const file = path.join(tmp, 'mix.xlsx');
    const summary = await writeSampleRecipientList(file, { rows: 2_000, seed: 9 });
    const invalidRows = Object.values(summary.invalid).flat();
    expect(invalidRows).toHaveLength(40);
    for (const kind of ['bad-phone', 'future-birthday', 'long-name', 'missing-name'] as const) {
      expect(summary.invalid[kind].length, kind).toBeGreaterThan(0);
    }
    for (const s of SAMPLE_SPECIAL_SUFFIXES) expect(summary.special[s]).toBe(20);

    const rows = cellsOf(file);
    const phones = rows.slice(summary.headerRow).map((r) => String(r[2]).replace(/-/g, ''));
    const invalidSet = new Set(invalidRows);
    let special = 0;
    phones.forEach((phone, i) => {
      const sheetRow = summary.headerRow + 1 + i;
      const suffix = phone.slice(-4);
      if (summary.invalid['bad-phone'].includes(sheetRow)) return;
      expect(phone).toMatch(/^010\d{8}$/);
      if ((SAMPLE_SPECIAL_SUFFIXES as readonly string[]).includes(suffix)) {
        if (!invalidSet.has(sheetRow)) special++;
      } else {
        expect(SAMPLE_RESERVED_SUFFIXES).not.toContain(suffix);
      }
    });
    expect(special).toBe(100);
  });

  it('imports as designed: exactly the planned rows are invalid, with Korean names and real birthdays', async () => {
    const file = path.join(tmp, 'import.xlsx');
    const summary = await writeSampleRecipientList(file, { rows: 500, seed: 3 });
    const documents: DraftDocument[] = [];
    const report = await runImport(
      file,
      { defaults: { title: '안내', link: 'https://example.com/x', csNumber: '1588-0000', csName: '센터' } },
      { progress: () => {}, documents: (b) => documents.push(...b) },
    );
    expect(report.headerRow).toBe(summary.headerRow);
    expect(report.mapping).toEqual({ name: 'B', phone: 'C', birthday: 'D' });
    const planned = Object.values(summary.invalid).flat().sort((x, y) => x - y);
    expect([...new Set(report.errors.map((e) => e.row))]).toEqual(planned);
    expect(report.valid).toBe(500 - planned.length);
    const codes = new Set(report.errors.map((e) => e.code));
    expect(codes).toEqual(new Set(['BAD_PHONE', 'BAD_BIRTHDAY', 'TOO_LONG', 'REQUIRED']));
    for (const d of documents) {
      if (!('name' in d.receiver)) throw new Error('sample rows identify by phone');
      expect(d.receiver.name).toMatch(/^[가-힣]{3}$/);
      expect(d.receiver.birthday >= '19400101' && d.receiver.birthday <= '20061231').toBe(true);
    }
  });

  it('refuses an impossible row count', async () => {
    await expect(writeSampleRecipientList(path.join(tmp, 'x.xlsx'), { rows: -1 })).rejects.toThrow(RangeError);
  });
});
