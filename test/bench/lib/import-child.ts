// One side of the import figure, alone in its own process so `process.resourceUsage().maxRSS` is that side's
// peak memory (worker threads included). Prints one JSON result line on stdout.
//   npx node test/bench/lib/import-child.ts docdesk <file.xlsx> <dataDir>
//   npx node test/bench/lib/import-child.ts sheetjs <file.xlsx>
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { benchBackend, BENCH_DEFAULTS } from './bench-backend.ts';

export type ImportChildResult = { mode: 'docdesk' | 'sheetjs'; ms: number; rows: number; valid: number; maxRssKb: number };

async function main(): Promise<void> {
  const [mode, file, dataDir] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: import-child.ts docdesk|sheetjs <file> [dataDir]');
  let result: Omit<ImportChildResult, 'maxRssKb'>;
  if (mode === 'docdesk') {
    if (dataDir === undefined) throw new Error('docdesk mode needs a data folder');
    const backend = await benchBackend(dataDir, null, { concurrency: 4 });
    try {
      // Timed: worker read + header detection + normalisation + validation + createMailing (documents stored).
      const t0 = performance.now();
      const { mailingId, report } = await backend.mailing.import(file, { defaults: BENCH_DEFAULTS });
      const ms = performance.now() - t0;
      if (mailingId === null) throw new Error('import produced no mailing');
      result = { mode, ms, rows: report.rows, valid: report.valid };
    } finally {
      await backend.close();
    }
  } else if (mode === 'sheetjs') {
    // The bare reference: what a script that only reads the list would do (header on sheet row 2).
    XLSX.set_fs(fs);
    const t0 = performance.now();
    const wb = XLSX.readFile(file, { dense: true });
    const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (sheet === undefined) throw new Error('no sheet');
    const rows = XLSX.utils.sheet_to_json(sheet, { range: 1 });
    const ms = performance.now() - t0;
    result = { mode, ms, rows: rows.length, valid: rows.length };
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
