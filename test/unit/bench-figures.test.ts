// The benchmark protocol (test/bench/lib/figures.ts): which stdout lines count as figures, how `ok` is decided
// and how run.ts prints a figure against its limit.
import { describe, expect, it } from 'vitest';
import { formatFigure, makeFigure, meets, parseFigureLine, ratioToLimit } from '../bench/lib/figures.ts';

describe('bench figures', () => {
  it('computes ok from the value and the comparison, never from the caller', () => {
    expect(makeFigure({ bench: 'b', figure: 'send.ratio', value: 0.81, unit: '×', limit: 0.8, comparison: '>=' }).ok).toBe(true);
    expect(makeFigure({ bench: 'b', figure: 'send.ratio', value: 0.79, unit: '×', limit: 0.8, comparison: '>=' }).ok).toBe(false);
    expect(meets(50, 50, '<=')).toBe(true);
    expect(meets(50.1, 50, '<=')).toBe(false);
    // A side that could not be measured never meets a limit.
    expect(meets(Number.NaN, 1, '<=')).toBe(false);
    expect(meets(Number.POSITIVE_INFINITY, 0.8, '>=')).toBe(false);
  });

  it('accepts only complete protocol lines', () => {
    const line = JSON.stringify({ bench: 'b', figure: 'f', value: 1.2, unit: 'ms', limit: 50, comparison: '<=', ok: true, detail: 'x' });
    expect(parseFigureLine(`  ${line}  `)).toMatchObject({ figure: 'f', value: 1.2, detail: 'x' });
    expect(parseFigureLine('progress: 10%')).toBeNull();
    expect(parseFigureLine('{"bench":"b","figure":"f"}')).toBeNull();
    expect(parseFigureLine('{not json')).toBeNull();
    expect(parseFigureLine(JSON.stringify({ bench: 'b', figure: 'f', value: 1, unit: 'ms', limit: 50, comparison: '<', ok: true }))).toBeNull();
  });

  it('reads the ratio to the limit in the direction that is better', () => {
    expect(ratioToLimit({ value: 1.6, limit: 0.8, comparison: '>=' })).toBeCloseTo(2);
    expect(ratioToLimit({ value: 25, limit: 50, comparison: '<=' })).toBeCloseTo(2);
    expect(ratioToLimit({ value: 75, limit: 50, comparison: '<=' })).toBeCloseTo(2 / 3);
  });

  it('prints value, unit, limit, ratio and verdict on one line', () => {
    const ok = makeFigure({ bench: 'b', figure: 'eventloop.p99', value: 12.345, unit: 'ms', limit: 50, comparison: '<=' });
    expect(formatFigure(ok)).toBe('eventloop.p99: 12.3 ms (limit <= 50) → 4.05× limit OK');
    const miss = makeFigure({ bench: 'b', figure: 'send.ratio', value: 0.4, unit: '× minimal client', limit: 0.8, comparison: '>=' });
    expect(formatFigure(miss)).toBe('send.ratio: 0.4 × minimal client (limit >= 0.8) → 0.50× limit NOT MET');
  });
});
