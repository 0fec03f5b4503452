// 100,000-row list written by writeSampleRecipientList, imported through the worker: the main thread must
// stay responsive (the worker's whole point) and every valid row must become a sendable document.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, expect, it } from 'vitest';
import { bulkDocumentItemSchema } from '../../shared/domain/edoc.ts';
import { toBulkDocumentItem } from '../../shared/domain/import.ts';
import type { ImportProgress } from '../../shared/domain/import.ts';
import { importRecipientFile, writeSampleRecipientList } from '../../main/imports/index.ts';
import { SAMPLE_RESERVED_SUFFIXES } from '../../main/imports/sample-list.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('imports 100,000 rows in a worker while the main thread keeps running', { timeout: 240_000 }, async () => {
  const file = path.join(tmp, 'big.xlsx');
  const rows = 100_000;
  const summary = await writeSampleRecipientList(file, { rows, seed: 7 });
  const invalidRows = Object.values(summary.invalid).flat().sort((a, b) => a - b);
  expect(invalidRows).toHaveLength(rows / 50); // exactly 2 per block of 100

  const delay = monitorEventLoopDelay({ resolution: 10 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 25);
  const progress: ImportProgress[] = [];
  const started = performance.now();
  delay.enable();
  const { report, documents } = await importRecipientFile(
    file,
    { defaults: { title: '1월 고지서', link: 'https://example.com/bill', csNumber: '1588-0000', csName: '고객센터', category: 'BILL' } },
    (p) => progress.push(p),
  );
  delay.disable();
  clearInterval(timer);
  const elapsedMs = performance.now() - started;
  const maxStallMs = delay.max / 1e6;
  console.log(
    `import of ${rows} rows: ${Math.round(elapsedMs)} ms, main-thread max stall ${Math.round(maxStallMs)} ms, ` +
      `p99 ${Math.round(delay.percentile(99) / 1e6)} ms, ${ticks} timer ticks, ${progress.length} progress events`,
  );

  expect(report).toMatchObject({ rows, valid: rows - invalidRows.length, invalid: invalidRows.length, duplicates: 0, headerRow: 2 });
  expect([...new Set(report.errors.map((e) => e.row))]).toEqual(invalidRows);
  expect(documents).toHaveLength(report.valid);

  // Self-calibrating responsiveness check: parsing on the main thread would stall it for most of the
  // import; with the worker the longest stall is a small fraction of it, whatever the machine's speed.
  expect(maxStallMs).toBeLessThan(elapsedMs / 2);
  expect(ticks).toBeGreaterThan(3);
  expect(progress.filter((p) => p.phase === 'validate').length).toBeGreaterThan(10);

  // Sandbox suffixes survive the import; ordinary phones avoid every reserved suffix.
  const suffixCount = new Map<string, number>();
  for (const d of documents) {
    const phone = 'phone_number' in d.receiver ? d.receiver.phone_number : '';
    const suffix = phone.slice(-4);
    if (SAMPLE_RESERVED_SUFFIXES.includes(suffix)) suffixCount.set(suffix, (suffixCount.get(suffix) ?? 0) + 1);
  }
  expect(Object.fromEntries(suffixCount)).toEqual(summary.special);
  expect(suffixCount.get('8888')).toBeUndefined();
  expect(suffixCount.get('5001')).toBeUndefined();

  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    if (d === undefined) throw new Error('hole in documents');
    const parsed = bulkDocumentItemSchema.safeParse(toBulkDocumentItem(d, `BENCH-${i}`));
    if (!parsed.success) throw new Error(`row ${d.sourceRow}: ${parsed.error.message}`);
  }
});
