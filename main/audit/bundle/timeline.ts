// The human view of an evidence bundle (reference evidence-and-audit.md §8 "Human views"): one Korean timeline
// per document, NON-AUTHORITATIVE (it does not hash-match events.jsonl). Times in Asia/Seoul, labelled KST.
import type { AuditRecord } from '../event.ts';

export interface TimelineEntry {
  seq: number;
  /** KST, `YYYY-MM-DD HH:mm:ss.SSS KST`. */
  time: string;
  event: string;
  label: string;
  detail: string;
}

export function kst(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t + 9 * 3600_000).toISOString().replace('T', ' ').replace('Z', '')} KST`;
}

const ENDPOINT_LABEL: Record<string, string> = {
  bulkSend: '대량 발송 요청',
  singleSend: '단건 발송 요청',
  bulkStatus: '상태 조회(대량)',
  singleStatus: '상태 조회(단건)',
  verifyToken: '토큰(OTT) 검증',
  readStatus: '열람 처리(read-status) 호출',
};

const EVENT_LABEL: Record<string, string> = {
  'audit.genesis': '감사 로그 생성',
  'audit.checkpoint': '체크포인트 서명',
  'audit.integrity': '무결성 점검',
  'audit.key.rotated': '서명 키 교체',
  'audit.purge': '보존 기간 경과 기록 파기',
  'audit.key.activated': '서명 키 사용 시작',
  'audit.tree_built': '머클 트리 구성(기존 기록)',
  'audit.anchor.failed': '체크포인트 사본 저장 실패',
  'audit.event_refused': '감사 이벤트를 만들 수 없어 대신 남긴 기록',
  'audit.landing_folder.import': '랜딩 이벤트 폴더에서 가져오기',
  'config.audit.retention': '감사 로그 보존 기간 변경',
  'config.audit.anchor_folder': '체크포인트 사본 폴더 변경',
  'export.checkpoint': '체크포인트 파일 내보내기',
  'edoc.ott.verify': '토큰(OTT) 검증 결과',
  'edoc.page.entry': '수신자 페이지 진입 확인',
  'edoc.page.ack': '수신자 확인 버튼',
  'edoc.page.failure': '페이지 호출 실패',
  'edoc.read_status': '열람 처리(read-status) 결과',
  'export.created': '증거 묶음 내보내기',
};

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function describe(r: AuditRecord): { label: string; detail: string } {
  const d = r.data;
  if (r.ev === 'net.exchange' || r.ev === 'net.error') {
    const endpoint = str(d['endpoint']);
    const label = `${d['service'] === 'docsgw' ? '카카오페이' : str(d['service'])} ${ENDPOINT_LABEL[endpoint] ?? endpoint}`;
    const failure = d['failure'] as { phase?: string; code?: string } | null | undefined;
    const detail = failure ? `실패(${str(failure.phase)} ${str(failure.code)})` : `HTTP ${str(d['status'])}${r.peer_date ? ` · 서버 시각 ${r.peer_date}` : ''}`;
    return { label, detail };
  }
  if (r.ev.startsWith('op.')) return { label: `운영자 작업: ${r.ev.slice(3)}`, detail: `${r.actor.id} ${str(d['subject'])}`.trim() };
  const label = EVENT_LABEL[r.ev] ?? r.ev;
  const parts = ['result', 'reason', 'exchange_log_seq', 'operator_log_id', 'status', 'ip', 'user_agent', 'content_sha256']
    .filter((k) => d[k] !== undefined)
    .map((k) => `${k}=${str(d[k])}`);
  return { label, detail: parts.join(' · ') };
}

export function timelineEntry(r: AuditRecord): TimelineEntry {
  const { label, detail } = describe(r);
  return { seq: r.seq, time: kst(r.ts), event: r.ev, label, detail };
}
