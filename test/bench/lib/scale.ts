// DOCDESK_BENCH_SCALE (default 1) shrinks every bench's volumes, for a quick smoke run of the whole pipeline
// (`DOCDESK_BENCH_SCALE=0.05 npm run bench`). Figures from a scaled run say so in their detail.
export const BENCH_SCALE = ((): number => {
  const v = Number(process.env['DOCDESK_BENCH_SCALE'] ?? '1');
  return Number.isFinite(v) && v > 0 && v <= 1 ? v : 1;
})();

/** `n` scaled, rounded up to whole blocks of 100 rows (the sample list's pattern repeats every 100 rows). */
export function scaled(n: number): number {
  return Math.max(100, Math.ceil((n * BENCH_SCALE) / 100) * 100);
}

export const scaleNote = (): string => (BENCH_SCALE === 1 ? '' : ` [scaled ×${BENCH_SCALE}]`);
