// `docdesk audit verify-bundle DIR`: the same checks as the bundle's VERIFY.md, in-process — every file against
// SHA256SUMS (and no unlisted file), SHA256SUMS.sig with the bundled public key, then the chain walk and
// checkpoint signatures with OUR copy of verify-chain.mjs (never the bundle's own, which could be altered).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyFingerprint } from '../signing-key.ts';
import { listFiles } from './export-bundle.ts';

export interface BundleReport {
  ok: boolean;
  problems: string[];
  firstBadSeq: number | null;
  keyFingerprint: string | null;
  chain: string | null;
}

const chainResultSchema = z.object({ ok: z.boolean(), firstBadSeq: z.number().int().nullable().optional(), message: z.string() });
async function chainCheck(dir: string): Promise<z.infer<typeof chainResultSchema>> {
  const mod = (await import(new URL('./verify-chain.mjs', import.meta.url).href)) as { verifyBundleChain?: unknown };
  if (typeof mod.verifyBundleChain !== 'function') throw new Error('verify-chain.mjs has no verifyBundleChain');
  return chainResultSchema.parse((mod.verifyBundleChain as (d: string) => unknown)(dir));
}

export async function verifyEvidenceBundle(dirArg: string, options: { expectedFingerprint?: string } = {}): Promise<BundleReport> {
  const dir = path.resolve(dirArg);
  const problems: string[] = [];
  const sumsPath = path.join(dir, 'SHA256SUMS');
  if (!existsSync(sumsPath)) return { ok: false, problems: ['SHA256SUMS 파일이 없습니다. 증거 묶음 폴더가 맞는지 확인하세요.'], firstBadSeq: null, keyFingerprint: null, chain: null };
  const sums = readFileSync(sumsPath);
  const listed = new Map<string, string>();
  for (const line of sums.toString('utf8').split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      problems.push(`SHA256SUMS 형식 오류: ${line.slice(0, 80)}`);
      continue;
    }
    listed.set(m[2]!, m[1]!);
  }
  for (const [file, want] of listed) {
    const p = path.join(dir, file);
    if (path.relative(dir, p).startsWith('..')) problems.push(`허용되지 않는 경로: ${file}`);
    else if (!existsSync(p)) problems.push(`파일이 없습니다: ${file}`);
    else if (createHash('sha256').update(readFileSync(p)).digest('hex') !== want) problems.push(`파일이 변경되었습니다: ${file}`);
  }
  for (const f of listFiles(dir)) if (f !== 'SHA256SUMS' && f !== 'SHA256SUMS.sig' && !listed.has(f)) problems.push(`목록에 없는 파일: ${f}`);

  let fingerprint: string | null = null;
  try {
    const pub = createPublicKey(readFileSync(path.join(dir, 'public-key.pem')));
    fingerprint = keyFingerprint(pub);
    if (!verify(null, sums, pub, readFileSync(path.join(dir, 'SHA256SUMS.sig')))) problems.push('SHA256SUMS.sig 서명이 올바르지 않습니다.');
    if (options.expectedFingerprint && options.expectedFingerprint.toLowerCase() !== fingerprint) {
      problems.push(`서명 키 지문이 등록된 값과 다릅니다 (묶음 ${fingerprint.slice(0, 16)}…, 등록 ${options.expectedFingerprint.slice(0, 16)}…).`);
    }
  } catch (err) {
    problems.push(`공개 키 또는 서명을 읽을 수 없습니다: ${err instanceof Error ? err.message : String(err)}`);
  }

  let firstBadSeq: number | null = null;
  let chain: string | null = null;
  try {
    const r = await chainCheck(dir);
    chain = r.message;
    if (!r.ok) {
      problems.push(`해시 체인: ${r.message}`);
      firstBadSeq = r.firstBadSeq ?? null;
    }
  } catch (err) {
    problems.push(`해시 체인을 검증할 수 없습니다: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ok: problems.length === 0, problems, firstBadSeq, keyFingerprint: fingerprint, chain };
}
