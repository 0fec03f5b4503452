// The proofs of a format-2 bundle (bundle-format.ts), in process: the checks of the shipped verify.py (same codes),
// with our RFC 9162 code (merkle/), plus what Python's standard library cannot do — every cited checkpoint's
// Ed25519 signature with the bundled key of its fingerprint (C2SP key IDs are not in a bundle: raw .sig files).
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseCheckpointBody, parseCheckpointFile, verifyCheckpointSignature, type CheckpointBody } from '../checkpoint.ts';
import { leafHash } from '../hashing.ts';
import { verifyConsistency } from '../merkle/consistency-proof.ts';
import { rootFromInclusionProof } from '../merkle/inclusion-proof.ts';
import { bundleInfoV2Schema, CHECKPOINT_DIR, EVENTS_FILE, INFO_FILE, PROOFS_FILE, proofsSchema, type BundleInfoV2 } from './bundle-format.ts';
import { BundleRefusal, type BundleProblem } from './bundle-problem.ts';

interface CitedCheckpoint {
  source: string;
  size: number;
  root: Buffer;
}

export interface ProofsVerdict {
  events: number;
  treeSize: number;
  olderCheckpoints: number;
  firstBadSeq: number | null;
  summary: string;
}

function readJson(dir: string, name: string): unknown {
  try {
    return JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  } catch (err) {
    throw new BundleRefusal('BUNDLE_FORMAT', `${name}을(를) 읽을 수 없습니다 (${err instanceof Error ? err.message : String(err)}). 묶음 폴더가 맞는지 확인하세요.`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new BundleRefusal('BUNDLE_FORMAT', `${name} 형식이 올바르지 않습니다: ${r.error.message.slice(0, 200)}`);
  return r.data;
}

/** A checkpoint of checkpoints/: a rooted body of this log, named by its size, signed by a bundled key. */
function readCitedCheckpoint(dir: string, name: string, info: BundleInfoV2, keys: Map<string, KeyObject>, problems: BundleProblem[]): CitedCheckpoint {
  const source = `${CHECKPOINT_DIR}/${name}.txt`;
  let body: string;
  let parsed: Required<CheckpointBody>;
  try {
    body = readFileSync(path.join(dir, source), 'utf8');
    parsed = parseCheckpointBody(body);
  } catch {
    throw new BundleRefusal('CHECKPOINT_FORMAT', `${source}: 머클 트리 루트가 있는 체크포인트 형식이 아닙니다.`);
  }
  if (!parsed.root) throw new BundleRefusal('CHECKPOINT_FORMAT', `${source}: 머클 트리 루트가 있는 체크포인트 형식이 아닙니다.`);
  if (parsed.logId !== info.log_id) throw new BundleRefusal('CHECKPOINT_OTHER_LOG', `${source}은(는) 다른 로그(${parsed.logId})의 체크포인트입니다. 이 묶음의 로그는 ${info.log_id}입니다.`);
  if (Number(name.slice('checkpoint-'.length)) !== parsed.size) throw new BundleRefusal('CHECKPOINT_FORMAT', `${source}: 파일 이름과 체크포인트 크기(${parsed.size})가 다릅니다.`);
  const key = keys.get(parsed.keyFp);
  let signature: Buffer | null;
  try {
    signature = readFileSync(path.join(dir, CHECKPOINT_DIR, `${name}.sig`));
  } catch {
    signature = null;
  }
  if (!key || !signature || !verifyCheckpointSignature(body, signature, key)) {
    problems.push({ code: 'CHECKPOINT_SIGNATURE', message: `${source}의 서명이 묶음의 공개 키(지문 ${parsed.keyFp.slice(0, 16)}…)로 확인되지 않습니다.` });
  }
  return { source, size: parsed.size, root: parsed.root };
}

/** Splits events.jsonl into its lines by seq (the bytes exactly as hashed). */
function eventLines(dir: string, problems: BundleProblem[]): Map<number, Buffer> {
  const data = readFileSync(path.join(dir, EVENTS_FILE));
  const out = new Map<number, Buffer>();
  let start = 0;
  for (let n = 1; start < data.length; n++) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    const line = data.subarray(start, end);
    start = end + 1;
    let seq: unknown;
    try {
      const parsed: unknown = JSON.parse(line.toString('utf8'));
      seq = typeof parsed === 'object' && parsed !== null && 'seq' in parsed ? parsed.seq : undefined;
    } catch {
      seq = undefined;
    }
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      problems.push({ code: 'EVENT_FORMAT', message: `events.jsonl ${n}번째 줄이 감사 기록(JSON, seq)이 아닙니다.` });
      continue;
    }
    out.set(seq, line);
  }
  return out;
}

/**
 * verify.py's checks of proofs.json, events.jsonl and checkpoints/, problems appended to `problems`. `anchors` are
 * checkpoint files kept off the PC (C2SP signed notes) the bundle must prove its checkpoint extends.
 */
export function verifyBundleProofs(dir: string, keys: Map<string, KeyObject>, anchors: readonly string[], problems: BundleProblem[]): ProofsVerdict {
  const info = parseWith(bundleInfoV2Schema, readJson(dir, INFO_FILE), INFO_FILE);
  const proofs = parseWith(proofsSchema, readJson(dir, PROOFS_FILE), PROOFS_FILE);
  const top = readCitedCheckpoint(dir, proofs.checkpoint, info, keys, problems);
  const lines = eventLines(dir, problems);
  let firstBadSeq: number | null = null;
  const bad = (seq: number, code: BundleProblem['code'], message: string) => {
    problems.push({ code, message });
    firstBadSeq = firstBadSeq === null ? seq : Math.min(firstBadSeq, seq);
  };
  const proven = new Set<number>();
  let last = -1;
  for (const entry of proofs.inclusion) {
    if (entry.seq <= last) throw new BundleRefusal('BUNDLE_FORMAT', 'proofs.json: 포함 증명의 순번이 오름차순이 아닙니다.');
    last = entry.seq;
    proven.add(entry.seq);
    const leaf = Buffer.from(entry.leaf, 'hex');
    const line = lines.get(entry.seq);
    if (!line) bad(entry.seq, 'EVENT_MISSING', `순번 ${entry.seq}의 기록이 events.jsonl에 없습니다(포함 증명은 있음).`);
    else if (!leafHash(line).equals(leaf)) bad(entry.seq, 'EVENT_CHANGED', `순번 ${entry.seq}의 기록이 바뀌었습니다: SHA-256(0x00 ‖ 줄)이 증명의 leaf와 다릅니다.`);
    const reached = rootFromInclusionProof(entry.seq, top.size, leaf, entry.path.map((h) => Buffer.from(h, 'hex')));
    if (!reached?.equals(top.root)) bad(entry.seq, 'INCLUSION_PROOF', `순번 ${entry.seq}의 포함 증명이 ${top.source}의 트리 루트에 이르지 않습니다.`);
  }
  for (const seq of [...lines.keys()].filter((s) => !proven.has(s)).sort((a, b) => a - b)) bad(seq, 'EVENT_UNPROVEN', `events.jsonl의 순번 ${seq} 기록에 포함 증명이 없습니다.`);

  const extended = new Map<number, Buffer>([[top.size, top.root]]);
  for (const entry of proofs.consistency) {
    const older = readCitedCheckpoint(dir, entry.from, info, keys, problems);
    if (verifyConsistency(older.size, top.size, older.root, top.root, entry.path.map((h) => Buffer.from(h, 'hex')))) extended.set(older.size, older.root);
    else {
      const what = entry.anchored ? '외부 보관(앵커) 체크포인트' : '이전 체크포인트';
      problems.push({ code: 'CONSISTENCY_PROOF', message: `${top.source}의 트리가 ${what} ${older.source}(${older.size}행)를 앞부분으로 담고 있지 않습니다: 그 뒤에 로그가 다시 쓰였습니다.` });
    }
  }
  for (const file of anchors) checkAnchor(file, info, extended, problems);
  return {
    events: proven.size,
    treeSize: top.size,
    olderCheckpoints: extended.size - 1,
    firstBadSeq,
    summary: `기록 ${proven.size}건이 ${top.source}(${top.size}행)의 트리에 포함됨, 이전 체크포인트 ${extended.size - 1}개와 일관됨, 외부 보관본 ${anchors.length}개 확인`,
  };
}

function checkAnchor(file: string, info: BundleInfoV2, extended: Map<number, Buffer>, problems: BundleProblem[]): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BundleRefusal('ANCHOR_UNREADABLE', `외부 보관 체크포인트를 읽을 수 없습니다: ${file} (${err instanceof Error ? err.message : String(err)})`);
  }
  let anchor: Required<CheckpointBody>;
  try {
    anchor = parseCheckpointFile(text).parsed;
  } catch {
    throw new BundleRefusal('CHECKPOINT_FORMAT', `${file}: 머클 트리 루트가 있는 체크포인트 형식이 아닙니다.`);
  }
  const root = anchor.root;
  if (!root) throw new BundleRefusal('CHECKPOINT_FORMAT', `${file}: 머클 트리 루트가 있는 체크포인트 형식이 아닙니다.`);
  const cited = extended.get(anchor.size);
  if (anchor.logId !== info.log_id) problems.push({ code: 'ANCHOR_OTHER_LOG', message: `${file}은(는) 다른 로그(${anchor.logId})의 체크포인트입니다.` });
  else if (!cited) problems.push({ code: 'ANCHOR_NOT_PROVEN', message: `이 묶음에는 ${file}(${anchor.size}행)에서 이어지는 증명이 없습니다. 그 체크포인트를 인용한 묶음을 다시 요청하세요.` });
  else if (!cited.equals(root)) problems.push({ code: 'ANCHOR_DIFFERS', message: `${file}(${anchor.size}행)의 트리 루트가 묶음의 같은 크기 체크포인트와 다릅니다: 로그가 다시 쓰였습니다.` });
}
