// The tile layout's pure parts (merkle/tiles.ts): which levels a row stores, and the in-place MTH of a tile's
// leaves, against a naive recomputation with node:crypto.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTreeAppender } from '../../main/audit/merkle/append-leaves.ts';
import { perfectSubtreeInto, storedLevelOffset, storedLevelsAt, storedPartOf } from '../../main/audit/merkle/tiles.ts';
import { naiveNode } from '../helpers/naive-merkle.ts';

const naivePerfect = (leaves: Buffer[]): Buffer => (leaves.length === 1 ? leaves[0]! : naiveNode(naivePerfect(leaves.slice(0, leaves.length / 2)), naivePerfect(leaves.slice(leaves.length / 2))));

describe('tiles', () => {
  it('a row at every seq completing 16 leaves, holding levels 4 and up', () => {
    expect([0, 1, 7, 14, 15, 16, 31, 47, 63, 255, 1023].map(storedLevelsAt)).toEqual([0, 0, 0, 0, 1, 0, 2, 1, 3, 5, 7]);
    expect(() => storedLevelOffset(3)).toThrow(RangeError);
    expect(storedLevelOffset(6)).toBe(64);
  });

  it('storedPartOf keeps what the appender completes from level 4 on, for every leaf of 300', () => {
    const appender = createTreeAppender(0, []);
    for (let seq = 0; seq < 300; seq++) {
      const completed = appender.push(randomBytes(32));
      const part = storedPartOf(completed);
      expect(part === null ? 0 : part.length / 32, `seq ${seq}`).toBe(storedLevelsAt(seq));
      if (part) expect(part.equals(Buffer.concat(completed.slice(3)))).toBe(true);
    }
  });

  it('perfectSubtreeInto equals the naive MTH for 1–16 leaves, packed or interleaved (leaf ‖ chain rows)', () => {
    for (const count of [1, 2, 4, 8, 16]) {
      const leaves = Array.from({ length: count }, () => randomBytes(32));
      const scratch = Buffer.alloc(8 * 32);
      perfectSubtreeInto(Buffer.concat(leaves), 0, 32, count, scratch);
      expect(scratch.subarray(0, 32).equals(naivePerfect(leaves)), `${count} packed`).toBe(true);
      const rows = Buffer.concat([randomBytes(64), ...leaves.map((l) => Buffer.concat([l, randomBytes(32)]))]);
      scratch.fill(0);
      perfectSubtreeInto(rows, 64, 64, count, scratch);
      expect(scratch.subarray(0, 32).equals(naivePerfect(leaves)), `${count} interleaved`).toBe(true);
    }
    expect(() => perfectSubtreeInto(Buffer.alloc(96), 0, 32, 3, Buffer.alloc(64))).toThrow(RangeError);
  });
});
