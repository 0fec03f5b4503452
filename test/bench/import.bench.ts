// Issue 2 figure 2: importing a 100,000-row .xlsx into a validated mailing (worker read + validation +
// createMailing) divided by a bare SheetJS read of the same file; limit ≤ 1.5. Each side runs alone in its
// own process so its peak memory (maxRSS, worker threads included) is its own. Then a 500,000-row list must
// complete (time and peak memory reported).
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { emitFigure } from './lib/figures.ts';
import { runJsonChild } from './lib/child.ts';
import { scaled, scaleNote } from './lib/scale.ts';
import { createWorkspace, log, mb } from './lib/workspace.ts';

const BENCH = 'import';
const CHILD = fileURLToPath(new URL('./lib/import-child.ts', import.meta.url));
const resultSchema = z.object({ mode: z.enum(['docdesk', 'sheetjs']), ms: z.number(), rows: z.number(), valid: z.number(), maxRssKb: z.number() });
type ChildResult = z.infer<typeof resultSchema>;

const ws = createWorkspace(BENCH);
const run = async (mode: 'docdesk' | 'sheetjs', file: string, timeoutMs: number): Promise<ChildResult> =>
  resultSchema.parse(await runJsonChild(CHILD, mode === 'docdesk' ? [mode, file, ws.sub(`data-${mode}-${Date.now()}`)] : [mode, file], { timeoutMs }));

try {
  const rows = scaled(100_000);
  const file = await ws.sampleList(rows);
  log(BENCH, `bare SheetJS read of ${rows} rows`);
  const bare = await run('sheetjs', file, 300_000);
  log(BENCH, `DocDesk import of ${rows} rows`);
  const docdesk = await run('docdesk', file, 300_000);
  emitFigure({
    bench: BENCH,
    figure: 'import.ratio',
    value: docdesk.ms / bare.ms,
    unit: '× bare SheetJS time',
    limit: 1.5,
    comparison: '<=',
    detail:
      `DocDesk ${(docdesk.ms / 1000).toFixed(1)} s (${docdesk.valid} valid of ${docdesk.rows} rows, peak RSS ${mb(docdesk.maxRssKb)} MB), ` +
      `bare SheetJS ${(bare.ms / 1000).toFixed(1)} s (peak RSS ${mb(bare.maxRssKb)} MB)${scaleNote()}`,
  });

  const bigRows = scaled(500_000);
  const big = await ws.sampleList(bigRows);
  log(BENCH, `DocDesk import of ${bigRows} rows`);
  let completed = 0;
  let detail: string;
  try {
    const r = await run('docdesk', big, 600_000);
    completed = r.valid > 0 ? 1 : 0;
    detail = `${bigRows} rows in ${(r.ms / 1000).toFixed(1)} s, ${r.valid} valid, peak RSS ${mb(r.maxRssKb)} MB (machine ${mb(os.totalmem() / 1024)} MB)`;
  } catch (err) {
    detail = `failed: ${err instanceof Error ? err.message.slice(0, 500) : String(err)}`;
  }
  emitFigure({ bench: BENCH, figure: 'import.500k.completes', value: completed, unit: 'completed', limit: 1, comparison: '>=', detail: `${detail}${scaleNote()}` });
} finally {
  ws.cleanup();
}
