// The shipped verify.py's RFC 9162 verification (§2.1.3.2 inclusion, §2.1.4.2 consistency), run with python3:
// against the published RFC 6962/9162 test set of transparency-dev/merkle, and against the independent
// recomputation (test/helpers/naive-merkle.ts) for every leaf and every pair of sizes up to 40 — each proof
// accepted as made and refused with one bit of one node changed, a wrong root, or (inclusion) a wrong tree size.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../../main/audit/hashing.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { naiveMth, naivePath, naiveSubproof } from '../helpers/naive-merkle.ts';

const VERIFY_PY_DIR = path.resolve(import.meta.dirname, '../../main/audit/bundle');

interface Case {
  kind: 'inclusion' | 'consistency';
  a: number;
  b: number;
  x: string;
  y: string;
  path: string[];
}

/** Each case through verify.py's own functions; true where it accepts. */
function runPython(cases: Case[]): boolean[] {
  const program = `
import json, sys
sys.path.insert(0, sys.argv[1])
import verify
out = []
for c in json.load(sys.stdin):
    p = [bytes.fromhex(h) for h in c["path"]]
    x, y = bytes.fromhex(c["x"]), bytes.fromhex(c["y"])
    if c["kind"] == "inclusion":
        out.append(verify.root_from_inclusion(c["a"], c["b"], x, p) == y)
    else:
        out.append(verify.consistent(c["a"], c["b"], x, y, p))
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-B', '-c', program, VERIFY_PY_DIR], { input: JSON.stringify(cases), encoding: 'utf8', env: hermeticEnv(), maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as boolean[];
}

const hex = (b: Buffer) => b.toString('hex');
const flip = (h: string) => `${h.slice(0, 7)}${h[7] === '0' ? '1' : '0'}${h.slice(8)}`;

// transparency-dev/merkle proof/verify_test.go (the 8-leaf RFC 6962 set): leaves, roots of the first 1 … 8, proofs.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOT_8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const ROOT_6 = '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef';
const ROOT_2 = 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125';
const ROOT_5 = '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4';

describe('verify.py (python3, standard library only)', () => {
  it('accepts the published vectors and refuses them altered', () => {
    const leaf = (i: number) => hex(leafHash(Buffer.from(LEAVES[i]!, 'hex')));
    const good: Case[] = [
      { kind: 'inclusion', a: 0, b: 8, x: leaf(0), y: ROOT_8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
      { kind: 'inclusion', a: 5, b: 8, x: leaf(5), y: ROOT_8, path: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
      { kind: 'consistency', a: 6, b: 8, x: ROOT_6, y: ROOT_8, path: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
      { kind: 'consistency', a: 2, b: 5, x: ROOT_2, y: ROOT_5, path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
    ];
    // (A consistency proof's shape can be the same for two second sizes, e.g. 2→5 and 2→6; a signed checkpoint
    // fixes size and root together, so it is altered by its first root instead.)
    const bad = good.flatMap((c) => [{ ...c, path: [flip(c.path[0]!), ...c.path.slice(1)] }, { ...c, y: flip(c.y) }, c.kind === 'inclusion' ? { ...c, b: c.b + 1 } : { ...c, x: flip(c.x) }]);
    expect(runPython(good)).toEqual(good.map(() => true));
    expect(runPython(bad)).toEqual(bad.map(() => false));
  });

  it('agrees with the independent recomputation for every leaf and size pair up to 40', () => {
    const leaves = Array.from({ length: 40 }, () => leafHash(randomBytes(20)));
    const cases: Case[] = [];
    const expected: boolean[] = [];
    for (let n = 1; n <= 40; n++) {
      const tree = leaves.slice(0, n);
      const rootN = hex(naiveMth(tree));
      for (let m = 0; m < n; m++) {
        const p = naivePath(m, tree).map(hex);
        cases.push({ kind: 'inclusion', a: m, b: n, x: hex(tree[m]!), y: rootN, path: p });
        expected.push(true);
        if (p.length) {
          cases.push({ kind: 'inclusion', a: m, b: n, x: hex(tree[m]!), y: rootN, path: p.map((h, i) => (i === p.length - 1 ? flip(h) : h)) });
          expected.push(false);
        }
      }
      for (let m = 1; m <= n; m++) {
        const p = naiveSubproof(m, tree, true).map(hex);
        const rootM = hex(naiveMth(leaves.slice(0, m)));
        cases.push({ kind: 'consistency', a: m, b: n, x: rootM, y: rootN, path: p });
        expected.push(true);
        // A prefix that is not this tree's (a rewritten log): the same proof must not verify.
        cases.push({ kind: 'consistency', a: m, b: n, x: flip(rootM), y: rootN, path: p });
        expected.push(false);
      }
    }
    expect(cases.length).toBeGreaterThan(2_000);
    expect(runPython(cases)).toEqual(expected);
  });
});
