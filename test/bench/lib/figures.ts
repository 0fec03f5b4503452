// The benchmark protocol (docs/benchmarks.md): a bench file prints one JSON line per figure on stdout; run.ts
// collects those lines and ignores everything else. Shared by the bench files, run.ts and its unit test.
import { z } from 'zod';

export const figureSchema = z.object({
  bench: z.string().min(1),
  figure: z.string().min(1),
  value: z.number(),
  unit: z.string(),
  limit: z.number(),
  comparison: z.enum(['>=', '<=']),
  ok: z.boolean(),
  detail: z.string().optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Whether `value` meets `limit`; NaN/Infinity (a side that could not be measured) never meets it. */
export function meets(value: number, limit: number, comparison: Figure['comparison']): boolean {
  if (!Number.isFinite(value)) return false;
  return comparison === '>=' ? value >= limit : value <= limit;
}

/** Builds a figure with `ok` computed from the value, never asserted by the caller. */
export function makeFigure(f: Omit<Figure, 'ok'>): Figure {
  return { ...f, ok: meets(f.value, f.limit, f.comparison) };
}

/** Prints one figure as a protocol line (stdout). */
export function emitFigure(f: Omit<Figure, 'ok'>): Figure {
  const figure = makeFigure(f);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  return figure;
}

/** A protocol line → Figure; anything else (progress text, other JSON) → null. */
export function parseFigureLine(line: string): Figure | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = figureSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * How far the value is from its limit, as "times the limit" in the direction that is better: >1 means met with
 * room to spare. For `>=` it is value/limit, for `<=` limit/value (so 2.0 always reads "twice as good").
 */
export function ratioToLimit(f: Pick<Figure, 'value' | 'limit' | 'comparison'>): number {
  if (f.comparison === '>=') return f.limit === 0 ? (f.value >= 0 ? Infinity : 0) : f.value / f.limit;
  return f.value === 0 ? Infinity : f.limit / f.value;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** `figure: value unit (limit comparison) → ratio OK/NOT MET` — one table row of run.ts. */
export function formatFigure(f: Figure): string {
  const ratio = ratioToLimit(f);
  const verdict = f.ok ? 'OK' : 'NOT MET';
  return `${f.figure}: ${num(f.value)} ${f.unit} (limit ${f.comparison} ${num(f.limit)}) → ${Number.isFinite(ratio) ? ratio.toFixed(2) : String(ratio)}× limit ${verdict}`;
}
