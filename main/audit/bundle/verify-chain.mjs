// DocDesk evidence bundle — standalone chain verifier (shipped in every bundle; Node.js 18+, no dependencies).
// Usage: node verify-chain.mjs [BUNDLE_DIR]      exit 0 = verified, 1 = failed
// What it checks (reference evidence-and-audit.md §8 "Standalone verification", steps 2–3):
//  - events.jsonl rows are consecutive (seq n, n+1, …) starting at bundle-info.json segment.first_seq;
//  - a disclosed row's leaf is SHA-256(0x00 ‖ the line's bytes exactly as stored); a withheld row gives its leaf;
//  - chain = SHA-256(0x01 ‖ previous chain ‖ leaf), starting from segment.start_chain (the opening checkpoint's
//    head, or 32 zero bytes at the log's start); a withheld row's given chain must equal the computed one;
//  - the computed chain at size−1 equals the head of every checkpoint in checkpoints/, and each checkpoint's
//    Ed25519 signature verifies with the bundled public key named by its fingerprint.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function fingerprint(publicKey) {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return sha256(der.subarray(der.length - 32)).toString('hex');
}

export function verifyBundleChain(dir) {
  const info = JSON.parse(readFileSync(path.join(dir, 'bundle-info.json'), 'utf8'));
  const seg = info.segment;
  const keys = new Map();
  for (const f of readdirSync(path.join(dir, 'keys'))) {
    if (!f.endsWith('.pem')) continue;
    const k = createPublicKey(readFileSync(path.join(dir, 'keys', f)));
    keys.set(fingerprint(k), k);
  }
  const checkpoints = [];
  for (const f of readdirSync(path.join(dir, 'checkpoints')).filter((x) => x.endsWith('.txt')).sort()) {
    const body = readFileSync(path.join(dir, 'checkpoints', f));
    const sig = readFileSync(path.join(dir, 'checkpoints', f.replace(/\.txt$/, '.sig')));
    // Since issue 17 the third line is the Merkle tree root and the chain head follows as a `chain` line.
    const m = /^docdesk-audit\/([0-9a-f-]{36})\n(\d+)\n([A-Za-z0-9+/=]+)\n(?:chain ([A-Za-z0-9+/=]+)\n)?time (\S+)\nkey ([0-9a-f]{64})\n$/.exec(body.toString('utf8'));
    if (!m) return { ok: false, firstBadSeq: null, message: `checkpoint ${f}: malformed` };
    if (m[1] !== info.log_id) return { ok: false, firstBadSeq: null, message: `checkpoint ${f}: belongs to another log` };
    const size = Number(m[2]);
    const key = keys.get(m[6]);
    if (!key) return { ok: false, firstBadSeq: size - 1, message: `checkpoint ${f}: no bundled public key with fingerprint ${m[6]}` };
    if (!verify(null, body, key, sig)) return { ok: false, firstBadSeq: size - 1, message: `checkpoint ${f}: bad signature` };
    checkpoints.push({ file: f, size, head: Buffer.from(m[4] ?? m[3], 'base64') });
  }
  const bySize = new Map(checkpoints.map((c) => [c.size, c]));
  let prev = Buffer.from(seg.start_chain, 'hex');
  const opening = bySize.get(seg.first_seq);
  if (seg.first_seq > 0 && (!opening || !opening.head.equals(prev))) {
    return { ok: false, firstBadSeq: seg.first_seq, message: 'segment start does not match an opening checkpoint' };
  }
  if (seg.first_seq === 0 && !prev.equals(Buffer.alloc(32))) return { ok: false, firstBadSeq: 0, message: 'a log starts from 32 zero bytes' };

  const data = readFileSync(path.join(dir, 'events.jsonl'));
  let expected = seg.first_seq;
  let disclosed = 0;
  let checked = 0;
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    const line = data.subarray(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    let row;
    try {
      row = JSON.parse(line.toString('utf8'));
    } catch {
      return { ok: false, firstBadSeq: expected, message: `row ${expected}: not JSON` };
    }
    if (row.seq !== expected) return { ok: false, firstBadSeq: expected, message: `row ${expected} missing (found ${row.seq})` };
    let leaf;
    const withheld = row.v === undefined && typeof row.leaf === 'string' && typeof row.chain === 'string';
    if (withheld) leaf = Buffer.from(row.leaf, 'hex');
    else {
      leaf = sha256(Buffer.from([0x00]), line);
      disclosed++;
    }
    const chain = sha256(Buffer.from([0x01]), prev, leaf);
    if (withheld && !chain.equals(Buffer.from(row.chain, 'hex'))) return { ok: false, firstBadSeq: expected, message: `row ${expected}: chain mismatch` };
    prev = chain;
    expected++;
    const cp = bySize.get(expected);
    if (cp) {
      if (!cp.head.equals(prev)) return { ok: false, firstBadSeq: expected - 1, message: `chain at ${expected - 1} differs from checkpoint ${cp.file}` };
      checked++;
    }
  }
  if (expected !== seg.end_size) return { ok: false, firstBadSeq: expected, message: `segment ends at ${expected}, expected ${seg.end_size}` };
  const closing = bySize.get(seg.end_size);
  if (!closing) return { ok: false, firstBadSeq: seg.end_size - 1, message: 'no closing checkpoint' };
  return { ok: true, firstBadSeq: null, message: `OK: rows ${seg.first_seq}..${expected - 1} (${disclosed} disclosed) match ${checked} signed checkpoint(s)`, disclosed, checkpoints: checkpoints.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let r;
  try {
    r = verifyBundleChain(path.resolve(process.argv[2] ?? '.'));
  } catch (err) {
    r = { ok: false, message: `cannot read bundle: ${err && err.message}` };
  }
  process.stdout.write(`${r.ok ? '' : 'FAIL: '}${r.message}\n`);
  process.exitCode = r.ok ? 0 : 1;
}
