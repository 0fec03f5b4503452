// `docdesk audit …` (issue 4): verify, checkpoint, key, export, verify-bundle, import-landing, events,
// checkpoints, config, purge, rotate-key. Argument parsing and output only; the work is in backend.audit.
import path from 'node:path';
import type { Backend } from '../../app/backend.ts';
import { verifyEvidenceBundle } from '../../audit/bundle/verify-bundle.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { confirm } from './mail.ts';

function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError('MISSING_ARGUMENT', `${what}이(가) 필요합니다.`, 2);
  return value;
}

/** Verbs that need no backend (a third party checks a bundle without a DocDesk data folder). */
export async function auditStandalone(verb: string | undefined, pos: string[], v: CliValues, out: Output): Promise<number | null> {
  if (verb !== 'verify-bundle') return null;
  const dir = need(pos[0], '증거 묶음 폴더(DIR)');
  // --checkpoint FILE: a checkpoint kept off the PC the bundle's checkpoint must be proven to extend.
  const r = await verifyEvidenceBundle(dir, { ...(v.fingerprint ? { expectedFingerprint: v.fingerprint } : {}), anchors: v.checkpoint ?? [] });
  out.result(r);
  if (r.ok) {
    out.line(`증거 묶음 검증 성공: ${dir}`);
    out.line(`  ${r.chain ?? ''}`);
    out.line(`  서명 키 지문 ${r.keyFingerprint ?? '-'} — 분쟁 전에 등록된 지문과 같은지 확인하세요.`);
    return 0;
  }
  process.stderr.write(`증거 묶음 검증 실패: ${dir}\n${r.problems.map((p) => `  - [${p.code}] ${p.message}`).join('\n')}\n`);
  return 1;
}

export async function auditCommand(b: Backend, args: string[], v: CliValues, out: Output): Promise<number> {
  const [verb, ...pos] = args;
  const a = b.audit;
  switch (verb) {
    case 'verify': {
      const r = await a.verify({ checkpointFiles: v.checkpoint ?? [], onProgress: (n) => out.progress(`검증 완료: ${n.toLocaleString('ko-KR')}행`) });
      out.result(r);
      if (r.ok) {
        out.line(`감사 로그 검증 성공: ${r.size.toLocaleString('ko-KR')}행, 체크포인트 ${r.checkpointsChecked}개(외부 ${r.externalCheckpointsChecked}개), 트리거 정상, 무결성 ${r.integrity}`);
        return 0;
      }
      process.stderr.write(
        `감사 로그 검증 실패${r.firstBadSeq !== null ? ` — 처음 문제가 된 순번: ${r.firstBadSeq}` : ''}\n${r.problems.map((p) => `  - [${p.code}] ${p.message}`).join('\n')}\n` +
          `조치: 이 데이터 폴더를 그대로 보존하고(복사본을 만들어 두세요) 관리자에게 알리세요. 외부에 보관된 체크포인트와 대조하면 변경 범위를 확인할 수 있습니다.\n`,
      );
      return 1;
    }
    case 'checkpoint': {
      const r = await a.checkpoint(v.out);
      out.result(r);
      out.line(`체크포인트: 크기 ${r.size}, 헤드 ${r.head}, 키 ${r.keyFingerprint}${r.file ? ` → ${r.file}` : ''}`);
      return 0;
    }
    case 'checkpoints': {
      const list = await a.checkpoints();
      out.result({ checkpoints: list });
      for (const c of list) out.line(`${String(c.size).padStart(10)}  ${new Date(c.createdAt).toISOString()}  ${c.keyFingerprint.slice(0, 16)}…  ${c.anchoredAt ? `외부 보관 ${c.anchoredAt}` : '외부 보관 안 됨'}`);
      return 0;
    }
    case 'key': {
      const k = a.key();
      out.result({ fingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem, logId: a.logId });
      out.line(`감사 로그 서명 키 지문(SHA-256): ${k.fingerprint}`);
      out.line(`로그 ID: ${a.logId}`);
      out.line('이 지문을 분쟁이 생기기 전에 기관 서버나 내부 관리계획에 등록해 두세요.');
      out.line(k.publicKeyPem.trimEnd());
      return 0;
    }
    case 'export': {
      const reason = need(v.reason, '내보내기 사유(--reason)');
      const outDir = need(v.out, '내보낼 폴더(--out)');
      const chosen = [v.document ? 1 : 0, v.recipient ? 1 : 0, v.from || v.to ? 1 : 0].reduce((x, y) => x + y, 0);
      if (chosen !== 1) throw new CliError('MISSING_ARGUMENT', '대상 하나를 지정하세요: --document ID, --recipient 전화번호, 또는 --from ISO --to ISO', 2);
      const req = v.document
        ? { document: v.document, reason, outDir }
        : v.recipient
          ? { recipient: v.recipient, reason, outDir }
          : { from: need(v.from, '--from'), to: need(v.to, '--to'), reason, outDir };
      const r = await a.export(req);
      out.result(r);
      out.line(`증거 묶음을 만들었습니다: ${r.outDir}`);
      out.line(`  공개 ${r.disclosed}행, 각 행의 포함 증명 → 체크포인트 ${r.endSize}행 (나머지 ${r.withheld}행은 증명의 해시로만), 내보내기 기록 순번 ${r.exportSeq}`);
      out.line(r.pdf.file ? `  인쇄용 보고서: report.pdf (${r.pdf.bytes.toLocaleString('en-US')} bytes, SHA256SUMS에 포함)` : `  ${r.pdf.reason}`);
      out.line(`  검증: 폴더의 VERIFY.md 또는 'docdesk audit verify-bundle ${r.outDir}'`);
      out.line('  이 폴더에는 개인정보가 들어 있습니다. 암호화된 저장소나 매체로만 전달하세요.');
      for (const w of r.warnings) out.line(w);
      // Written, but every verifier refuses it: not a success for whoever scripted the export.
      return r.warnings.length ? 1 : 0;
    }
    case 'import-landing': {
      const r = await a.importLanding(need(pos[0], '랜딩 이벤트 파일(JSON Lines)'));
      out.result(r);
      out.line(`랜딩 이벤트 ${r.lines}줄: 새로 ${r.added}건 기록, 이미 있던 ${r.duplicates}건 건너뜀`);
      return 0;
    }
    case 'events': {
      const r = await a.eventsPage({
        ...(v.ev ? { ev: v.ev } : {}),
        ...(v.document ? { document: v.document } : {}),
        ...(v.recipient ? { phone: v.recipient } : {}),
        ...(v.from ? { from: v.from } : {}),
        ...(v.to ? { to: v.to } : {}),
        offset: 0,
        limit: Math.min(Math.max(Number(v.limit ?? 50) || 50, 1), 500),
      });
      out.result(r);
      for (const e of r.rows) out.line(`${String(e.seq).padStart(8)}  ${e.ts}  ${e.ev}`);
      out.line(`(전체 ${r.total}건 중 ${r.rows.length}건)`);
      return 0;
    }
    case 'config': {
      if (v.folder !== undefined) await a.setAnchorFolder(v.folder === '' ? null : v.folder);
      if (v.days !== undefined) a.setRetentionDays(Number(v.days));
      if (v['landing-folder'] !== undefined) await b.landingFolder.setFolder(v['landing-folder'] === '' ? null : path.resolve(v['landing-folder']));
      const s = await a.settings();
      const landingFolder = b.landingFolder.folder();
      out.result({ ...s, landingFolder });
      out.line(`체크포인트 외부 보관 폴더: ${s.anchorFolder ?? '(없음)'}`);
      out.line(`보존 기간: ${s.retentionDays}일`);
      out.line(`랜딩 이벤트 폴더(앱이 켜져 있는 동안 가져옴): ${landingFolder ?? '(없음)'}`);
      return 0;
    }
    case 'purge': {
      await confirm(v, `보존 기간(${(await a.settings()).retentionDays}일)이 지난 감사 기록의 내용을 파기합니다(해시는 남습니다). 계속할까요?`);
      const r = await a.purgeExpired();
      out.result({ purged: r });
      out.line(r ? `순번 ${r.lo}–${r.hi}의 기록 내용을 파기했습니다.` : '파기할 기록이 없습니다.');
      return 0;
    }
    case 'rotate-key': {
      const reason = need(v.reason, '교체 사유(--reason)');
      await confirm(v, '감사 로그 서명 키를 교체합니다. 새 지문을 기관 서버나 내부 관리계획에 다시 등록해야 합니다. 계속할까요?');
      const r = await a.rotateKey(reason);
      out.result(r);
      out.line(`서명 키를 교체했습니다: ${r.oldFp.slice(0, 16)}… → ${r.newFp}`);
      return 0;
    }
    default:
      throw new CliError('UNKNOWN_COMMAND', `알 수 없는 audit 명령: ${verb ?? ''}`, 2);
  }
}
