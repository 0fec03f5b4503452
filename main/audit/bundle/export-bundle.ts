// Evidence bundle export (reference evidence-and-audit.md §8 "Export procedure"; format 2 since issue 17,
// bundle-format.ts):
//  1. make the rows durable and sign a fresh checkpoint;
//  2. the subject's rows as their stored JCS bytes, each with its RFC 9162 inclusion proof to that checkpoint, and a
//     consistency proof from the newest checkpoint of the anchor folder (kept off the PC) to it — nothing about the
//     other rows but the proofs' O(log n) hashes;
//  3. write checkpoints, public keys, reports, VERIFY.md and verify.py, then SHA256SUMS, signed;
//  4. append `export.created` (reason, subjects as ids/HMAC tokens, SHA-256 of SHA256SUMS) — durable.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AuditReads } from '../../reads/audit-reads.ts';
import type { AuditLog } from '../audit-log.ts';
import type { AuditActor, AuditRecord } from '../event.ts';
import { parseRecord } from '../audit-read-shapes.ts';
import { readBlobs } from '../stored-blobs.ts';
import { publicKeyPem } from '../signing-key.ts';
import { subjectToken } from '../subject-token.ts';
import { maskPhone } from '../../../shared/domain/masking.ts';
import { reportHtml, writeReportXlsx, type ReportGroup } from './report.ts';
import { writeReportPdf, type PdfOutcome, type RenderPdf } from './report-pdf.ts';
import { kst, timelineEntry } from './timeline.ts';
import { verifyMarkdown } from './verify-md.ts';
import { buildBundleProofs } from './bundle-proofs.ts';
import { verifyConsistency } from '../merkle/consistency-proof.ts';
import { BUNDLE_FORMAT_V2, CHECKPOINT_DIR, checkpointFileName, EVENTS_FILE, INFO_FILE, PROOFS_FILE, SLICES_FILE, type BundleInfoV2, type SliceLine } from './bundle-format.ts';
import { documentStory, type DisclosedSlice } from './document-story.ts';
import { sliceConcerns, sliceSchema } from '../slices/slice-format.ts';
import { bundleSliceLines, sliceLinesFile } from './bundle-slices.ts';
import { newestAnchoredCheckpoint, publicKeysOf } from '../log-continuity.ts';
import { OWNER_ONLY_DIR_MODE, writeOwnerOnlyFile } from '../../store/owner-only.ts';

/** `binderOf`: each accepted external id's binder uuid, as docdesk.db paired them (SentIds); absent: unknown. */
export type ExportSubject =
  | { kind: 'document'; ref: string; externalIds: string[]; binderUuids: string[]; binderOf?: Record<string, string> }
  | { kind: 'recipient'; phone: string; externalIds: string[]; binderUuids: string[]; binderOf?: Record<string, string> }
  | { kind: 'range'; from: string; to: string };

export class ExportError extends Error {
  readonly code: 'EXPORT_NOTHING' | 'EXPORT_OUT_DIR' | 'EXPORT_REASON';
  readonly exitCode = 2 as const;
  constructor(code: ExportError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ExportResult {
  outDir: string;
  files: string[];
  firstSeq: number;
  endSize: number;
  disclosed: number;
  withheld: number;
  sha256sumsSha256: string;
  exportSeq: number;
  keyFingerprint: string;
  /** report.pdf, or why the bundle has none (Korean). */
  pdf: PdfOutcome;
  /** What the operator must know before handing the bundle over (Korean): its checkpoint does not extend the anchored one. */
  warnings: string[];
}

const VERIFIER = new URL('./verify.py', import.meta.url);

function prepareOutDir(outDir: string): string {
  const dir = path.resolve(outDir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) throw new ExportError('EXPORT_OUT_DIR', `내보낼 폴더가 비어 있지 않습니다: ${dir}. 새 폴더 이름을 지정하세요.`);
  } else {
    if (!existsSync(path.dirname(dir))) throw new ExportError('EXPORT_OUT_DIR', `상위 폴더가 없습니다: ${path.dirname(dir)}`);
    // A bundle discloses personal data to whoever can read it: owner-only until the operator hands it over.
    mkdirSync(dir, { mode: OWNER_ONLY_DIR_MODE });
  }
  return dir;
}

/** The subject's seqs below `endSize`, ascending. */
function subjectSeqs(reads: AuditReads, hmacKey: Buffer, s: ExportSubject, endSize: number): Promise<number[]> {
  if (s.kind === 'range') return reads.recordSeqsBetween(s.from, s.to, endSize);
  const keys: string[] = [];
  if (s.kind === 'document') keys.push(`doc:${s.ref}`, `binder:${s.ref}`);
  else keys.push(`phone:${subjectToken(hmacKey, 'phone', s.phone)}`);
  for (const e of s.externalIds) keys.push(`doc:${e}`);
  for (const b of s.binderUuids) keys.push(`binder:${b}`);
  return reads.subjectSeqs(keys, endSize);
}

function describeSubject(s: ExportSubject): string {
  if (s.kind === 'document') return `문서 ${s.ref}`;
  if (s.kind === 'recipient') return `수신자 ${s.phone.replace(/\D/g, '')}`; // the subject of the export: full value
  return `기간 ${kst(s.from)} ~ ${kst(s.to)}`;
}

/** The subject document(s)' recipient as sent (full values: this export is about them), from the encrypted bodies. */
async function recipientsOf(reads: AuditReads, blobKey: Buffer, records: AuditRecord[], externalIds: Set<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of records) {
    if (r.ev !== 'net.exchange' || (r.data['endpoint'] !== 'bulkSend' && r.data['endpoint'] !== 'singleSend')) continue;
    for (const blob of (await readBlobs(reads, blobKey, r.seq)).values()) {
      let body: unknown;
      try {
        body = JSON.parse(blob.toString('utf8'));
      } catch {
        continue;
      }
      const docs = (body as { documents?: unknown }).documents;
      if (!Array.isArray(docs)) continue;
      for (const d of docs as { property?: { external_document_uuid?: string }; receiver?: { name?: string; phone_number?: string; birthday?: string; ci?: string } }[]) {
        const ext = d.property?.external_document_uuid;
        if (!ext || !externalIds.has(ext) || !d.receiver) continue;
        const rc = d.receiver;
        out.set(ext, rc.ci ? `CI ${rc.ci}` : `${rc.name ?? ''} ${rc.phone_number ?? ''} ${rc.birthday ?? ''}`.trim());
      }
    }
  }
  return out;
}

/** One report group per external id of the subject (exported for its test). */
export function reportGroups(s: ExportSubject, records: AuditRecord[], recipients: Map<string, string>, slices: readonly DisclosedSlice[]): ReportGroup[] {
  if (s.kind === 'range') return [{ title: describeSubject(s), story: [], entries: records.map(timelineEntry) }];
  const ids = s.externalIds.length ? s.externalIds : [s.kind === 'document' ? s.ref : ''];
  const groups: ReportGroup[] = [];
  for (const ext of ids) {
    // An external id's binder: the pair docdesk.db kept, or the one KakaoPay's bulk send answer gave it (its slice);
    // never the binder list's i-th entry — a refused or retried attempt has none, so the lists do not line up.
    const fromSlices = slices.flatMap((d) => (d.slice.external_document_uuid === ext && d.slice.document_binder_uuid ? [d.slice.document_binder_uuid] : []));
    const paired = s.binderOf?.[ext];
    const binders = new Set([...(paired ? [paired] : []), ...fromSlices]);
    const binder = paired ?? fromSlices[0];
    const story = documentStory(slices.filter((d) => sliceConcerns(d.slice, { externalIds: [ext], binderUuids: [...binders] })));
    const mine = records.filter((r) => {
      const e = r.subj['external_document_uuid'];
      const b = r.subj['document_binder_uuid'];
      const has = (v: string | string[] | undefined, x: string) => (Array.isArray(v) ? v.includes(x) : v === x);
      return has(e, ext) || [...binders].some((x) => has(b, x)) || (!r.subj['external_document_uuid'] && !r.subj['document_binder_uuid']);
    });
    const who = recipients.get(ext);
    groups.push({ title: `문서 ${ext}${binder ? ` / ${binder}` : ''}${who ? ` — 수신자 ${who}` : ''}`, story, entries: mine.map(timelineEntry) });
  }
  return groups;
}

/** The disclosed slices with their events' time and endpoint, for the report's story. */
function disclosedSlices(lines: readonly SliceLine[], records: readonly AuditRecord[]): DisclosedSlice[] {
  const bySeq = new Map(records.map((r) => [r.seq, r]));
  return lines.flatMap((l) => {
    const r = bySeq.get(l.seq);
    const slice = sliceSchema.safeParse(JSON.parse(l.slice));
    return r && slice.success ? [{ seq: l.seq, index: l.index, ts: r.ts, endpoint: String(r.data['endpoint']), slice: slice.data }] : [];
  });
}

export async function exportEvidenceBundle(
  ctx: { reads: AuditReads; log: AuditLog; hmacKey: Buffer; blobKey: Buffer; anchorFolder: string | null; now?: () => number; renderPdf?: RenderPdf },
  o: { subject: ExportSubject; reason: string; outDir: string; exporter: AuditActor },
): Promise<ExportResult> {
  const reason = o.reason.normalize('NFC').trim();
  if (reason.length < 2) throw new ExportError('EXPORT_REASON', '내보내기 사유를 2자 이상 입력하세요. 개인정보 다운로드에는 사유가 필요합니다.');
  const { reads, log } = ctx;
  const now = ctx.now ?? Date.now;

  // 1. durable rows + a fresh checkpoint covering them.
  const fresh = await log.checkpoint('export');
  const relevant = await subjectSeqs(reads, ctx.hmacKey, o.subject, fresh.size);
  if (relevant.length === 0) throw new ExportError('EXPORT_NOTHING', `${describeSubject(o.subject)}에 대한 감사 기록이 없습니다. 문서 ID(외부 문서 ID 또는 바인더 UUID)나 전화번호, 기간을 확인하세요.`);
  const publicKeys = publicKeysOf(await reads.keys());
  // The newest checkpoint that left the PC before this one: the bundle proves its checkpoint extends it.
  const anchored = ctx.anchorFolder ? newestAnchoredCheckpoint(ctx.anchorFolder, log.logId, publicKeys, fresh.size - 1) : null;
  const proven = await buildBundleProofs(reads, { size: fresh.size, root: fresh.root }, relevant, anchored?.parsed.root ? { size: anchored.parsed.size, anchored: true } : null);
  // The bundle is still written (it is what the log holds), but every verifier will refuse it: the operator is told now.
  const consistency = proven.proofs.consistency[0];
  const anchorConsistent =
    anchored?.parsed.root && fresh.root && consistency
      ? verifyConsistency(anchored.parsed.size, fresh.size, anchored.parsed.root, fresh.root, consistency.path.map((h) => Buffer.from(h, 'hex')))
      : null;
  const warnings =
    anchorConsistent === false
      ? [
          `경고: 이 묶음의 체크포인트(${fresh.size}행)는 외부 보관 폴더의 최근 체크포인트(${anchored?.parsed.size ?? 0}행, ${path.basename(anchored?.source ?? '')})를 이어받지 않습니다 — 그 체크포인트 뒤에 감사 로그가 다시 쓰였거나 바뀌었습니다. 묶음은 만들었지만 verify.py와 'docdesk audit verify-bundle'은 이 묶음을 거부합니다(CONSISTENCY_PROOF). 'docdesk audit verify --checkpoint <보관 파일>'로 점검하고 관리자에게 알리세요.`,
        ]
      : [];

  const dir = prepareOutDir(o.outDir);
  mkdirSync(path.join(dir, CHECKPOINT_DIR), { mode: OWNER_ONLY_DIR_MODE });
  mkdirSync(path.join(dir, 'keys'), { mode: OWNER_ONLY_DIR_MODE });

  // 2. the subject's events and their proofs.
  writeOwnerOnlyFile(path.join(dir, EVENTS_FILE), Buffer.concat(proven.events.flatMap((e) => [e.record, Buffer.from('\n')])));
  writeOwnerOnlyFile(path.join(dir, PROOFS_FILE), `${JSON.stringify(proven.proofs, null, 1)}\n`);
  const records = proven.events.map((e) => parseRecord(e.record));
  // A range has no subject documents: none of the documents of its exchanges is disclosed slice by slice.
  const sliceSubject = o.subject.kind === 'range' ? null : { externalIds: o.subject.externalIds, binderUuids: o.subject.binderUuids };
  const slices = sliceSubject ? await bundleSliceLines(reads, ctx.blobKey, proven.events.map((e) => e.seq), sliceSubject) : [];
  writeOwnerOnlyFile(path.join(dir, SLICES_FILE), sliceLinesFile(slices));

  // 3. checkpoints, keys, reports, instructions.
  const cited = [{ size: fresh.size, body: fresh.body, sig: fresh.sig, keyFp: fresh.keyFp }];
  if (anchored?.parsed.root) cited.unshift({ size: anchored.parsed.size, body: anchored.body, sig: anchored.signature, keyFp: anchored.parsed.keyFp });
  const usedKeys = new Set<string>();
  for (const c of cited) {
    const name = checkpointFileName(c.size);
    writeOwnerOnlyFile(path.join(dir, CHECKPOINT_DIR, `${name}.txt`), c.body);
    writeOwnerOnlyFile(path.join(dir, CHECKPOINT_DIR, `${name}.sig`), c.sig);
    usedKeys.add(c.keyFp);
  }
  const current = log.key();
  usedKeys.add(current.fingerprint);
  for (const fp of usedKeys) {
    const k = publicKeys.get(fp);
    if (k) writeOwnerOnlyFile(path.join(dir, 'keys', `${fp}.pem`), publicKeyPem(k));
  }
  writeOwnerOnlyFile(path.join(dir, 'public-key.pem'), current.publicKeyPem);

  const createdAt = new Date(now()).toISOString();
  const subjectText = describeSubject(o.subject);
  const info: BundleInfoV2 & { exporter: AuditActor } = {
    format: BUNDLE_FORMAT_V2,
    log_id: log.logId,
    subject: subjectText,
    reason,
    exporter: o.exporter,
    created_at: createdAt,
    checkpoint: checkpointFileName(fresh.size),
    anchored_checkpoint: anchored?.parsed.root ? checkpointFileName(anchored.parsed.size) : null,
    events: records.length,
    key_fingerprint: current.fingerprint,
    ...(sliceSubject ? { slice_subject: { external_document_uuids: [...sliceSubject.externalIds], document_binder_uuids: [...sliceSubject.binderUuids] } } : {}),
  };
  writeOwnerOnlyFile(path.join(dir, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  const ext = o.subject.kind === 'range' ? new Set<string>() : new Set(o.subject.externalIds);
  const recipients = await recipientsOf(reads, ctx.blobKey, records, ext);
  const groups = reportGroups(o.subject, records, recipients, disclosedSlices(slices, records));
  const meta = { subject: subjectText, reason, createdAt: kst(createdAt) };
  writeReportXlsx(path.join(dir, 'report.xlsx'), meta, groups);
  const html = reportHtml(meta, groups);
  writeOwnerOnlyFile(path.join(dir, 'report.html'), html);
  // Before SHA256SUMS, so the printed report is covered by the signed list like every other file.
  const pdf = await writeReportPdf(dir, html, ctx.renderPdf);
  // Copied by content: copyFile would carry the source's mode (world-readable in the installation).
  writeOwnerOnlyFile(path.join(dir, 'verify.py'), readFileSync(VERIFIER));
  writeOwnerOnlyFile(
    path.join(dir, 'VERIFY.md'),
    verifyMarkdown({ logId: log.logId, keyFingerprint: current.fingerprint, checkpoints: cited.map((c) => ({ name: checkpointFileName(c.size), keyFingerprint: c.keyFp })), anchoredCheckpoint: info.anchored_checkpoint, reason, createdAt }),
  );

  // SHA256SUMS in the `sha256sum -c` format, then signed with the installation key.
  const files = listFiles(dir).filter((f) => f !== 'SHA256SUMS' && f !== 'SHA256SUMS.sig');
  const sums = files.map((f) => `${createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')}  ${f}\n`).join('');
  writeOwnerOnlyFile(path.join(dir, 'SHA256SUMS'), sums);
  writeOwnerOnlyFile(path.join(dir, 'SHA256SUMS.sig'), log.signDetached(Buffer.from(sums)));
  const sumsSha = createHash('sha256').update(sums).digest('hex');
  // Rows of the log the bundle does not disclose: covered by the proofs' hashes only.
  const withheld = fresh.size - records.length;

  // 4. the export is itself an audit event, with its reason; durable before we report success.
  const subj: Record<string, string | string[]> =
    o.subject.kind === 'range'
      ? { range: `${o.subject.from}/${o.subject.to}` }
      : o.subject.kind === 'recipient'
        ? { phone_hmac: subjectToken(ctx.hmacKey, 'phone', o.subject.phone), external_document_uuid: o.subject.externalIds }
        : { ref: o.subject.ref, external_document_uuid: o.subject.externalIds, document_binder_uuid: o.subject.binderUuids };
  const index = o.subject.kind === 'range' ? [] : [...o.subject.externalIds.map((e) => `doc:${e}`), ...o.subject.binderUuids.map((b) => `binder:${b}`)];
  return log
    .appendDurable({
      ev: 'export.created',
      actor: o.exporter,
      subj,
      data: {
        reason,
        kind: o.subject.kind,
        subject: o.subject.kind === 'recipient' ? maskPhone(o.subject.phone) : subjectText,
        folder: path.basename(dir),
        sha256sums_sha256: sumsSha,
        format: BUNDLE_FORMAT_V2,
        disclosed: records.length,
        anchored_size: anchored?.parsed.root ? anchored.parsed.size : null,
        anchor_consistent: anchorConsistent,
        checkpoint_size: fresh.size,
      },
      index,
    })
    .then((exportSeq) => ({
      outDir: dir,
      files: [...files, 'SHA256SUMS', 'SHA256SUMS.sig'],
      firstSeq: relevant[0]!,
      endSize: fresh.size,
      disclosed: records.length,
      withheld,
      sha256sumsSha256: sumsSha,
      exportSeq,
      keyFingerprint: current.fingerprint,
      pdf,
      warnings,
    }));
}

export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}
