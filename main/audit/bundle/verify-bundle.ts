// `docdesk audit verify-bundle DIR`: the same checks as the bundle's VERIFY.md, in-process — every file against
// SHA256SUMS (and no unlisted file), SHA256SUMS.sig with the bundled public key, then by format: format 2 (issue 17)
// the inclusion and consistency proofs and checkpoint signatures (verify-bundle-v2.ts, verify.py's checks); format 1
// the chain walk with OUR copy of verify-chain.mjs. Never the bundle's own script, which could be altered.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyFingerprint } from '../signing-key.ts';
import { BUNDLE_FORMAT_V1, bundleFormatSchema, INFO_FILE } from './bundle-format.ts';
import { BundleRefusal, type BundleProblem } from './bundle-problem.ts';
import { listFiles } from './export-bundle.ts';
import { verifyBundleProofs } from './verify-bundle-v2.ts';

export interface BundleReport {
  ok: boolean;
  format: string | null;
  problems: BundleProblem[];
  firstBadSeq: number | null;
  keyFingerprint: string | null;
  /** What was proven, in one line (the chain walk's line for format 1). */
  chain: string | null;
}

const chainResultSchema = z.object({ ok: z.boolean(), firstBadSeq: z.number().int().nullable().optional(), message: z.string() });
async function chainCheck(dir: string): Promise<z.infer<typeof chainResultSchema>> {
  const mod = (await import(new URL('./verify-chain.mjs', import.meta.url).href)) as { verifyBundleChain?: unknown };
  if (typeof mod.verifyBundleChain !== 'function') throw new Error('verify-chain.mjs has no verifyBundleChain');
  return chainResultSchema.parse((mod.verifyBundleChain as (d: string) => unknown)(dir));
}

function checkSums(dir: string, sums: Buffer, problems: BundleProblem[]): void {
  const listed = new Map<string, string>();
  for (const line of sums.toString('utf8').split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || path.isAbsolute(m[2]!) || m[2]!.split('/').includes('..')) {
      problems.push({ code: 'SUMS_FORMAT', message: `SHA256SUMS 형식 오류: ${line.slice(0, 80)}` });
      continue;
    }
    listed.set(m[2]!, m[1]!);
  }
  for (const [file, want] of [...listed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = path.join(dir, file);
    if (!existsSync(p)) problems.push({ code: 'SUMS_FILE_MISSING', message: `파일이 없습니다: ${file}` });
    else if (createHash('sha256').update(readFileSync(p)).digest('hex') !== want) problems.push({ code: 'SUMS_MISMATCH', message: `파일이 변경되었습니다(SHA256SUMS와 다름): ${file}` });
  }
  for (const f of listFiles(dir)) if (f !== 'SHA256SUMS' && f !== 'SHA256SUMS.sig' && !listed.has(f)) problems.push({ code: 'SUMS_UNLISTED', message: `SHA256SUMS에 없는 파일: ${f}` });
}

/** The bundled keys of keys/, by fingerprint. */
function bundledKeys(dir: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const folder = path.join(dir, 'keys');
  if (!existsSync(folder)) return keys;
  for (const f of readdirSync(folder).filter((n) => n.endsWith('.pem'))) {
    const k = createPublicKey(readFileSync(path.join(folder, f)));
    keys.set(keyFingerprint(k), k);
  }
  return keys;
}

export async function verifyEvidenceBundle(dirArg: string, options: { expectedFingerprint?: string; anchors?: readonly string[] } = {}): Promise<BundleReport> {
  const dir = path.resolve(dirArg);
  const problems: BundleProblem[] = [];
  const sumsPath = path.join(dir, 'SHA256SUMS');
  if (!existsSync(sumsPath)) {
    return { ok: false, format: null, problems: [{ code: 'SUMS_FILE_MISSING', message: 'SHA256SUMS 파일이 없습니다. 증거 묶음 폴더가 맞는지 확인하세요.' }], firstBadSeq: null, keyFingerprint: null, chain: null };
  }
  const sums = readFileSync(sumsPath);
  checkSums(dir, sums, problems);

  let fingerprint: string | null = null;
  try {
    const pub = createPublicKey(readFileSync(path.join(dir, 'public-key.pem')));
    fingerprint = keyFingerprint(pub);
    if (!verify(null, sums, pub, readFileSync(path.join(dir, 'SHA256SUMS.sig')))) problems.push({ code: 'SUMS_SIGNATURE', message: 'SHA256SUMS.sig 서명이 올바르지 않습니다: 목록이 서명 뒤에 바뀌었습니다.' });
    if (options.expectedFingerprint && options.expectedFingerprint.toLowerCase() !== fingerprint) {
      problems.push({ code: 'KEY_FINGERPRINT', message: `서명 키 지문이 등록된 값과 다릅니다 (묶음 ${fingerprint.slice(0, 16)}…, 등록 ${options.expectedFingerprint.slice(0, 16)}…).` });
    }
  } catch (err) {
    problems.push({ code: 'KEY_UNREADABLE', message: `공개 키 또는 서명을 읽을 수 없습니다: ${err instanceof Error ? err.message : String(err)}` });
  }

  let format: string | null = null;
  let firstBadSeq: number | null = null;
  let chain: string | null = null;
  try {
    const parsed = bundleFormatSchema.safeParse(JSON.parse(readFileSync(path.join(dir, INFO_FILE), 'utf8')));
    if (!parsed.success) throw new BundleRefusal('BUNDLE_FORMAT', `${INFO_FILE}의 형식(format)을 알 수 없습니다. DocDesk 증거 묶음이 맞는지 확인하세요.`);
    format = parsed.data.format;
    if (format === BUNDLE_FORMAT_V1) {
      if ((options.anchors ?? []).length) throw new BundleRefusal('ANCHOR_NOT_PROVEN', '형식 1 묶음에는 일관성 증명이 없어 외부 보관 체크포인트를 확인할 수 없습니다.');
      const r = await chainCheck(dir);
      chain = r.message;
      if (!r.ok) {
        problems.push({ code: 'CHAIN', message: `해시 체인: ${r.message}` });
        firstBadSeq = r.firstBadSeq ?? null;
      }
    } else {
      const v = verifyBundleProofs(dir, bundledKeys(dir), options.anchors ?? [], problems);
      chain = v.summary;
      firstBadSeq = v.firstBadSeq;
    }
  } catch (err) {
    if (err instanceof BundleRefusal) problems.push({ code: err.code, message: err.message });
    else problems.push({ code: 'BUNDLE_FORMAT', message: `묶음을 검증할 수 없습니다: ${err instanceof Error ? err.message : String(err)}` });
  }
  return { ok: problems.length === 0, format, problems, firstBadSeq, keyFingerprint: fingerprint, chain };
}
