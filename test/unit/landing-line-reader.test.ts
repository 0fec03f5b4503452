// The watched landing folder reads only complete lines (issue 14 §6): a line being written is never taken half,
// a finished last line without '\n' is taken once it is a whole JSON object, an over-long line is reported by its
// number and skipped without being collected, and line numbers stay right across reads and chunk boundaries.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompleteLines, START_OF_FILE, type LineBatch, type LinePosition } from '../../main/audit/landing-line-reader.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, from: LinePosition, options: Parameters<typeof readCompleteLines>[2] = {}): Promise<{ lines: { line: number; text: string }[]; refused: LineBatch['refused']; position: LinePosition; batches: number }> {
  const out = { lines: [] as { line: number; text: string }[], refused: [] as LineBatch['refused'], position: from, batches: 0 };
  for await (const b of readCompleteLines(file, from, options)) {
    out.lines.push(...b.lines);
    out.refused.push(...b.refused);
    out.position = b.position;
    out.batches++;
  }
  return out;
}

describe('readCompleteLines', () => {
  it('takes a line written in two parts only once it is whole, with its line number', async () => {
    const file = path.join(dir, 'two-parts.jsonl');
    writeFileSync(file, '\uFEFF{"a":1}\r\n{"b":2}\n{"c":');
    const first = await readAll(file, START_OF_FILE);
    expect(first.lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
    expect(first.position).toEqual({ offset: Buffer.byteLength('\uFEFF{"a":1}\r\n{"b":2}\n'), newlines: 2, inLine: null });
    appendFileSync(file, '3}\n\n{"d":"한글"}\n');
    const second = await readAll(file, first.position);
    expect(second.lines).toEqual([
      { line: 3, text: '{"c":3}' },
      { line: 5, text: '{"d":"한글"}' },
    ]);
    expect(second.position.newlines).toBe(5);
    expect(await readAll(file, second.position)).toMatchObject({ lines: [], refused: [], position: second.position });
  });

  it('keeps multi-byte characters whole across chunk boundaries and yields in bounded batches', async () => {
    const file = path.join(dir, 'chunks.jsonl');
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ n: i, text: '가나다라마바사'.repeat(i % 5) }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await readAll(file, START_OF_FILE, { chunkBytes: 7, batchLines: 8 });
    expect(r.lines.map((l) => l.text)).toEqual(lines);
    expect(r.lines.map((l) => l.line)).toEqual(lines.map((_, i) => i + 1));
    expect(r.batches).toBeGreaterThanOrEqual(7);
  });

  it('takes a last line without a line break only when it is a whole JSON object, and flags a line continued after it', async () => {
    const file = path.join(dir, 'tail.jsonl');
    writeFileSync(file, '{"a":1}\n{"b":2}');
    const r = await readAll(file, START_OF_FILE);
    expect(r.lines.map((l) => l.line)).toEqual([1, 2]);
    expect(r.position).toMatchObject({ newlines: 1, inLine: 'taken' });
    // Its line break arrives later: nothing new, and the next line is number 3.
    appendFileSync(file, '\n{"c":3}\n');
    const after = await readAll(file, r.position);
    expect(after.lines).toEqual([{ line: 3, text: '{"c":3}' }]);
    expect(after.refused).toEqual([]);
    // A writer that adds to a line already taken: reported, never imported as a second event.
    writeFileSync(file, '{"a":1}');
    const taken = await readAll(file, START_OF_FILE);
    appendFileSync(file, ',"more":2}\n{"b":2}\n');
    const continued = await readAll(file, taken.position);
    expect(continued.refused).toEqual([{ line: 1, reason: 'continued' }]);
    expect(continued.lines).toEqual([{ line: 2, text: '{"b":2}' }]);
    // A cut-off object is not a line yet; in a file known to be complete (an upload) it is.
    writeFileSync(file, '{"a":1}\n{"b":');
    expect((await readAll(file, START_OF_FILE)).lines).toHaveLength(1);
    expect((await readAll(file, START_OF_FILE, { final: true })).lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":' },
    ]);
  });

  it('reports an over-long line by number and skips it without collecting it, even before its end arrives', async () => {
    const file = path.join(dir, 'long.jsonl');
    writeFileSync(file, `{"a":1}\n${'x'.repeat(5000)}`);
    const r = await readAll(file, START_OF_FILE, { chunkBytes: 512, maxLineBytes: 1024 });
    expect(r.lines).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(r.refused).toEqual([{ line: 2, reason: 'too_long' }]);
    // Read past, not kept: the next read starts at the end of what was there.
    expect(r.position).toEqual({ offset: 5008, newlines: 1, inLine: 'skipped' });
    appendFileSync(file, `${'y'.repeat(3000)}\n{"b":2}\n`);
    const next = await readAll(file, r.position, { chunkBytes: 512, maxLineBytes: 1024 });
    expect(next.refused).toEqual([]);
    expect(next.lines).toEqual([{ line: 3, text: '{"b":2}' }]);
  });
});
