// The backend's `audit` face (CLI, IPC, test bridge): export subjects are resolved against docdesk.db here, and
// operator-facing inputs are validated with Korean messages.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import type { auditEventsInputSchema, auditExportInputSchema, auditSettingsInputSchema } from '../../shared/domain/audit.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import { AuditInputError, type AuditService } from './audit-service.ts';
import type { ExportSubject } from './bundle/export-bundle.ts';
import { resolveDocumentSubject, resolveRecipientSubject, type SubjectReads } from './subject-resolver.ts';

export type ExportRequest =
  | { document: string; reason: string; outDir: string }
  | { recipient: string; reason: string; outDir: string }
  | { from: string; to: string; reason: string; outDir: string };

function isoOrThrow(value: string, name: string): string {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) throw new AuditInputError('BAD_TIME', `${name} 값이 ISO 8601 시각이 아닙니다: ${value} (예: 2026-11-01T00:00:00+09:00)`);
  return new Date(t).toISOString();
}

export function createAuditFacade(audit: AuditService, reads: SubjectReads, dataDir: string) {
  async function subjectOf(r: ExportRequest): Promise<ExportSubject> {
    if ('document' in r) return resolveDocumentSubject(reads, r.document.trim());
    if ('recipient' in r) {
      if (!/^\d{10,11}$/.test(r.recipient.replace(/\D/g, ''))) throw new AuditInputError('BAD_PHONE', `휴대전화 번호가 올바르지 않습니다: 숫자 10–11자리로 입력하세요.`);
      return resolveRecipientSubject(reads, r.recipient);
    }
    const from = isoOrThrow(r.from, '시작 시각(from)');
    const to = isoOrThrow(r.to, '끝 시각(to)');
    if (from >= to) throw new AuditInputError('BAD_RANGE', '시작 시각(from)은 끝 시각(to)보다 앞서야 합니다.');
    return { kind: 'range', from, to };
  }
  return {
    logId: audit.logId,
    startup: audit.startup,
    size: audit.size,
    key: audit.key,
    rotateKey: audit.rotateKey,
    verify: audit.verify,
    checkpoint: audit.checkpoint,
    checkpoints: audit.checkpoints,
    events: audit.events,
    export: async (r: ExportRequest) => audit.export(await subjectOf(r), r.reason, r.outDir),
    verifyBundle: audit.verifyBundle,
    importLanding: audit.importLanding,
    settings: audit.settings,
    setAnchorFolder: audit.setAnchorFolder,
    setRetentionDays: audit.setRetentionDays,
    purgeExpired: audit.purgeExpired,
    // ---- the contract's shapes (shared/ipc.ts audit:*)
    async eventsPage(i: z.infer<typeof auditEventsInputSchema>) {
      let subject: string[] | undefined;
      if (i.document) {
        const d = await resolveDocumentSubject(reads, i.document);
        subject = d.kind === 'document' ? [`doc:${i.document}`, `binder:${i.document}`, ...d.externalIds.map((e) => `doc:${e}`), ...d.binderUuids.map((b) => `binder:${b}`)] : [];
      } else if (i.phone) {
        // The recipient's documents by their ids (a bulk send is indexed by external id only), plus events that
        // carry the phone itself (landing page, single sends).
        const r = await resolveRecipientSubject(reads, i.phone);
        subject = [`phone:${audit.hmac('phone', i.phone)}`, ...r.externalIds.map((e) => `doc:${e}`), ...r.binderUuids.map((b) => `binder:${b}`)];
      }
      const r = audit.events({
        ...(i.ev ? { ev: i.ev } : {}),
        ...(subject ? { subject } : {}),
        ...(i.from ? { from: isoOrThrow(i.from, 'from') } : {}),
        ...(i.to ? { to: isoOrThrow(i.to, 'to') } : {}),
        ...(i.text ? { text: i.text } : {}),
        offset: i.offset,
        limit: i.limit,
      });
      return r;
    },
    async overview() {
      const k = audit.key();
      const s = await audit.settings();
      return { logId: audit.logId, keyFingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem, anchorFolder: s.anchorFolder, retentionDays: s.retentionDays, size: await audit.size(), checkpoints: await audit.checkpoints() };
    },
    /** Contract export: always into <dataDir>/exports/evidence-…, never a renderer-chosen path (DESIGN §12). */
    async exportToExports(i: z.infer<typeof auditExportInputSchema>) {
      const root = ensureExportsDir(dataDir);
      const outDir = path.join(root, `evidence-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 8)}`);
      const s = i.subject;
      const req: ExportRequest = s.kind === 'document' ? { document: s.ref, reason: i.reason, outDir } : s.kind === 'recipient' ? { recipient: s.phone, reason: i.reason, outDir } : { from: s.from, to: s.to, reason: i.reason, outDir };
      return audit.export(await subjectOf(req), req.reason, outDir);
    },
    async updateSettings(i: z.infer<typeof auditSettingsInputSchema>) {
      if (i.anchorFolder !== undefined) await audit.setAnchorFolder(i.anchorFolder);
      if (i.retentionDays !== undefined) audit.setRetentionDays(i.retentionDays);
      return audit.settings();
    },
    /** For producers inside the backend (landing server, durable intents). */
    append: audit.append,
    appendDurable: audit.appendDurable,
    flush: audit.flush,
  };
}
export type AuditFacade = ReturnType<typeof createAuditFacade>;
