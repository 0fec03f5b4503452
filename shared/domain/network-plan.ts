// The institution's network plan (issue 15): which of seed 000 §2.3's four network modes it uses and the facts
// the agency (대행사) needs to open the firewall and the VPN or leased line. The schema gives the shape (published
// as JSON schema: `docdesk network plan schema`); checkNetworkPlan() applies seed 000's rules and tells refusals
// (errors: nothing is stored) from flags (warnings: stored, shown next to the forms). Runtime-neutral: the
// Settings screen checks the same rules live while the operator types.
import { z } from 'zod';
import { GATEWAY_ENVIRONMENTS, KAKAOPAY_PORT } from './network-hosts.ts';
import { PRE_REVIEW_DAILY_THRESHOLD } from './mailing.ts';

/** seed 000 §2.3: 망 구성은 4가지 방식 (the institution's choice). */
export const NETWORK_MODES = ['public', 'public-vpn', 'leased', 'leased-vpn'] as const;
export const networkModeSchema = z.enum(NETWORK_MODES);
export type NetworkMode = z.infer<typeof networkModeSchema>;

/** seed 000 §2.3, in the seed's words and order. */
export const NETWORK_MODE_LABELS: Readonly<Record<NetworkMode, string>> = {
  public: '인터넷망(공중망)',
  'public-vpn': '인터넷망(공중망) + VPN',
  leased: '전용선망',
  'leased-vpn': '전용선망 + VPN',
};

export function usesVpn(mode: NetworkMode): boolean {
  return mode === 'public-vpn' || mode === 'leased-vpn';
}
export function usesLeasedLine(mode: NetworkMode): boolean {
  return mode === 'leased' || mode === 'leased-vpn';
}
/** seed 000 §4: 일반 공중망이 아닌 경우(VPN / 전용선) 가산 IDC 로 연동 (docs-gw-gs.kakaopay.com). */
export function gasanOnly(mode: NetworkMode): boolean {
  return mode !== 'public';
}

/** seed 000 §4.1 1.: 카카오페이에서 지원 가능한 장비 목록, with the names vendors sell them under. */
export const SUPPORTED_VPN_DEVICES: readonly { name: string; aliases: readonly string[] }[] = [
  { name: '포티넷', aliases: ['포티넷', 'fortinet', 'fortigate', '포티게이트'] },
  { name: '트러스가드', aliases: ['트러스가드', 'trusguard'] },
  { name: '주니퍼', aliases: ['주니퍼', 'juniper', 'srx'] },
  { name: 'axgate', aliases: ['axgate', '엑스게이트', '액스게이트'] },
  { name: '퓨처시스템', aliases: ['퓨처시스템', '퓨쳐시스템', 'futuresystem', 'future system', 'weguardia', '위가디아'] },
];

/** seed 000 §4.1 2., §4.2 3.: 희망 개통 일자는 신청일로부터 4주 이상. */
export const MIN_OPENING_LEAD_DAYS = 28;

const text = (max: number) => z.string().trim().min(1).max(max);

export const planContactSchema = z.strictObject({
  name: text(50),
  phone: text(30),
  email: text(254),
});
export type PlanContact = z.infer<typeof planContactSchema>;

export const networkPlanSchema = z.strictObject({
  mode: networkModeSchema,
  institution: z.strictObject({ name: text(100), contact: planContactSchema }),
  /** seed 000 §3.1: the sending server's public fixed IP(s) and host name. */
  server: z.strictObject({ publicIps: z.array(text(64)).min(1).max(16), hostname: text(253) }),
  /** seed 000 §4.1 form 2.: the institution's VPN device (VPN modes). */
  vpn: z.strictObject({ model: text(100), ip: text(64) }).optional(),
  /** seed 000 §4.2 form 3.: 이용기관에서 청약예정인 ISP (leased-line modes; two for redundancy, §4.2 1.). */
  isps: z.array(text(50)).max(4).default([]),
  /** seed 000 §4.2 form 1.: 파트너사 IDC 정보 (leased-line modes); the contact defaults to the institution's. */
  idc: z.strictObject({ address: text(200), contact: planContactSchema.optional() }).optional(),
  /** YYYY-MM-DD (seed 000 §4.1 2., §4.2 form 5.). */
  wishedOpeningDate: z.string().trim().max(10).optional(),
  /** The bandwidth estimate (seed 000 §4.2 5.) and the pre-review form (seed 001 §2.1). */
  volume: z.strictObject({
    dailyDocuments: z.number().int().min(1).max(100_000_000),
    /** Share of the day's documents sent in the busiest hour, in percent. */
    peakHourPercent: z.number().gt(0).max(100),
    /** seed 001 §2.1 form 2. 발송예정일(기간). */
    plannedDates: text(100).optional(),
    /** seed 001 §2.1 form 5. 발송목적. */
    purpose: text(200).optional(),
  }),
  /** The docs-gw port the firewall opens; seed 000 §2.2 allows 443 only (anything else is refused). */
  kakaopayPort: z.number().int().min(1).max(65_535).default(KAKAOPAY_PORT),
  payup: z.strictObject({ environment: z.enum(GATEWAY_ENVIRONMENTS), merchantId: text(64) }).optional(),
  kcp: z.strictObject({ environment: z.enum(GATEWAY_ENVIRONMENTS), siteCd: text(5), ppcliHome: text(4096).optional() }).optional(),
  /** This PC's address on the line that carries bulk send and bulk status only (seed 001 §2.2). */
  bulkLocalAddress: text(64).optional(),
  /** This PC's address for everything else (OTT verify, read status, single calls, diagnostics). */
  otherLocalAddress: text(64).optional(),
  /** seed 000 §4.1 form 4., §4.2 form 7.: 기타 요청 및 문의. */
  notes: z.string().trim().max(1000).optional(),
});
export type NetworkPlan = z.infer<typeof networkPlanSchema>;
export type NetworkPlanInput = z.input<typeof networkPlanSchema>;

export const PLAN_ISSUE_SEVERITIES = ['error', 'warning'] as const;
/** One finding: `error` refuses the plan (nothing stored), `warning` flags it. `field` is the dotted path. */
export const planIssueSchema = z.object({
  severity: z.enum(PLAN_ISSUE_SEVERITIES),
  field: z.string(),
  section: z.string(),
  message: z.string(),
});
export type PlanIssue = z.infer<typeof planIssueSchema>;

/** Korean names of the plan's fields, for messages (and the screen's labels). */
export const PLAN_FIELD_LABELS: Readonly<Record<string, string>> = {
  mode: '망 구성 방식',
  'institution.name': '이용기관명',
  'institution.contact.name': '담당자 이름',
  'institution.contact.phone': '담당자 전화번호',
  'institution.contact.email': '담당자 이메일',
  'server.publicIps': '서버 공인 IP',
  'server.hostname': '서버 hostname',
  vpn: 'VPN 장비',
  'vpn.model': 'VPN 장비 모델명',
  'vpn.ip': 'VPN 장비 IP',
  isps: '청약 예정 ISP',
  idc: 'IDC 정보',
  'idc.address': 'IDC 주소',
  'idc.contact.name': 'IDC 담당자 이름',
  'idc.contact.phone': 'IDC 담당자 전화번호',
  'idc.contact.email': 'IDC 담당자 이메일',
  wishedOpeningDate: '희망 개통 일자',
  'volume.dailyDocuments': '일 발송 건수',
  'volume.peakHourPercent': '피크 1시간 비율(%)',
  'volume.plannedDates': '발송예정일(기간)',
  'volume.purpose': '발송목적',
  kakaopayPort: '카카오페이 포트',
  'payup.environment': 'PayUp 환경',
  'payup.merchantId': 'PayUp 가맹점 ID',
  'kcp.environment': 'KCP 환경',
  'kcp.siteCd': 'KCP 사이트 코드',
  'kcp.ppcliHome': 'KCP 모듈 폴더',
  bulkLocalAddress: '대량 발송 전용 회선의 이 PC 주소',
  otherLocalAddress: '그 밖의 통신에 쓰는 이 PC 주소',
  notes: '기타 요청 및 문의',
};

/** The seeds as the operator knows them (messages name the document and the section). */
const SOURCES = {
  '000': '카카오페이 네트워크 연동 가이드',
  '001': '카카오페이 전자문서 발송(bulk) 요청',
  '002': 'PayUp 카카오페이 규격서',
  '004': 'NHN KCP 계좌인증 연동 가이드',
} as const;
type SourceId = keyof typeof SOURCES;

function fieldLabel(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const index = path.find((p): p is number => typeof p === 'number');
  const label = PLAN_FIELD_LABELS[names.join('.')] ?? (names.join('.') || '계획');
  return index === undefined ? label : `${label} ${index + 1}번째`;
}

function zodIssueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' ? '값을 입력하세요' : issue.origin === 'array' ? `${String(issue.minimum)}개 이상 입력하세요` : `${String(issue.minimum)}보다 ${issue.inclusive ? '크거나 같아야' : '커야'} 합니다`;
    case 'too_big':
      return issue.origin === 'string' ? `${String(issue.maximum)}자 이하로 입력하세요` : issue.origin === 'array' ? `${String(issue.maximum)}개까지만 입력할 수 있습니다` : `${String(issue.maximum)} 이하여야 합니다`;
    case 'invalid_type':
      return issue.input === undefined ? '값이 필요합니다' : `형식이 맞지 않습니다 (${issue.expected} 값이어야 합니다)`;
    case 'invalid_value':
      return `다음 중 하나여야 합니다: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `알 수 없는 항목 ${issue.keys.map((k) => `'${k}'`).join(', ')} — 'docdesk network plan schema'로 항목 이름을 확인하세요`;
    default:
      return issue.message;
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The four octets of a dotted-quad IPv4 address, or null. */
export function parseIpv4(value: string): [number, number, number, number] | null {
  const m = IPV4.exec(value.trim());
  if (!m) return null;
  const o = [m[1], m[2], m[3], m[4]].map((x) => Number(x));
  if (o.some((x) => x > 255)) return null;
  if ([m[1], m[2], m[3], m[4]].some((x) => x !== undefined && x.length > 1 && x.startsWith('0'))) return null;
  return [o[0] ?? 0, o[1] ?? 0, o[2] ?? 0, o[3] ?? 0];
}

/** An address this PC can bind: IPv4 dotted quad or IPv6 (what the profile schema accepts for localAddress). */
export function isIpLiteral(value: string): boolean {
  const v = value.trim();
  return parseIpv4(v) !== null || (/^[0-9a-fA-F:]+$/.test(v) && v.includes(':') && v.split('::').length <= 2);
}

type SpecialRange = { base: [number, number, number, number]; bits: number; what: string; why: 'private' | 'dynamic' | 'special' };
// RFC 6890 special-purpose blocks: none of them is a public fixed address a firewall can admit.
const SPECIAL_RANGES: readonly SpecialRange[] = [
  { base: [0, 0, 0, 0], bits: 8, what: '0.0.0.0/8(현재 네트워크)', why: 'special' },
  { base: [10, 0, 0, 0], bits: 8, what: '사설 IP(10.0.0.0/8)', why: 'private' },
  { base: [100, 64, 0, 0], bits: 10, what: '통신사 공유 주소(CGNAT, 100.64.0.0/10)', why: 'dynamic' },
  { base: [127, 0, 0, 0], bits: 8, what: '루프백 주소(127.0.0.0/8)', why: 'private' },
  { base: [169, 254, 0, 0], bits: 16, what: '자동 할당 링크 로컬 주소(169.254.0.0/16)', why: 'dynamic' },
  { base: [172, 16, 0, 0], bits: 12, what: '사설 IP(172.16.0.0/12)', why: 'private' },
  { base: [192, 0, 0, 0], bits: 24, what: '특수 용도 주소(192.0.0.0/24)', why: 'special' },
  { base: [192, 0, 2, 0], bits: 24, what: '문서 예시용 주소(192.0.2.0/24)', why: 'special' },
  { base: [192, 168, 0, 0], bits: 16, what: '사설 IP(192.168.0.0/16)', why: 'private' },
  { base: [198, 18, 0, 0], bits: 15, what: '시험용 주소(198.18.0.0/15)', why: 'special' },
  { base: [198, 51, 100, 0], bits: 24, what: '문서 예시용 주소(198.51.100.0/24)', why: 'special' },
  { base: [203, 0, 113, 0], bits: 24, what: '문서 예시용 주소(203.0.113.0/24)', why: 'special' },
  { base: [224, 0, 0, 0], bits: 4, what: '멀티캐스트 주소(224.0.0.0/4)', why: 'special' },
  { base: [240, 0, 0, 0], bits: 4, what: '예약 주소(240.0.0.0/4)', why: 'special' },
];

function toInt(o: readonly number[]): number {
  return (((o[0] ?? 0) << 24) >>> 0) + ((o[1] ?? 0) << 16) + ((o[2] ?? 0) << 8) + (o[3] ?? 0);
}
function inRange(o: readonly number[], r: SpecialRange): boolean {
  const mask = r.bits === 0 ? 0 : (0xffffffff << (32 - r.bits)) >>> 0;
  return ((toInt(o) & mask) >>> 0) === ((toInt(r.base) & mask) >>> 0);
}

/** What seed 000 §2.1 says about one address written where a public fixed IP belongs. */
export type PublicIpVerdict = { ok: true; warning?: string } | { ok: false; reason: string };

/** seed 000 §2.1: 공인 IP이면서 고정 IP인 경우에만 — no private, dynamic, domain or range. */
export function judgePublicIp(value: string): PublicIpVerdict {
  const v = value.trim();
  if (v.includes('/')) return { ok: false, reason: `'${v}'은(는) 대역(CIDR)입니다. 대역에 대해서는 연동할 수 없습니다(대역 연동 불가)` };
  if (/[*]/.test(v) || /^\d{1,3}(\.\d{1,3}){0,3}\s*[-~]\s*\d/.test(v) || /(^|\.)x(\.|$)/i.test(v)) {
    return { ok: false, reason: `'${v}'은(는) 주소 범위입니다. 대역에 대해서는 연동할 수 없습니다(대역 연동 불가)` };
  }
  const o = parseIpv4(v);
  if (o === null) {
    if (v.includes(':')) return { ok: false, reason: `'${v}'은(는) IPv6 주소입니다. 카카오페이 서버 정보(§3.2)와 통신 플로우(§5.1)는 IPv4만 안내합니다` };
    if (/[a-z]/i.test(v)) return { ok: false, reason: `'${v}'은(는) 도메인입니다. 도메인 대상으로는 연동할 수 없습니다(도메인 대상 연동 불가)` };
    return { ok: false, reason: `'${v}'은(는) IP 주소 형식이 아닙니다(예: 211.45.67.10)` };
  }
  for (const r of SPECIAL_RANGES) {
    if (!inRange(o, r)) continue;
    if (r.why === 'private') return { ok: false, reason: `'${v}'은(는) ${r.what}입니다. 사설 IP는 연동할 수 없습니다(사설 IP 연동 불가)` };
    if (r.why === 'dynamic') return { ok: false, reason: `'${v}'은(는) ${r.what}로, 고정 공인 IP가 아닙니다(유동 IP 연동 불가)` };
    return { ok: false, reason: `'${v}'은(는) ${r.what}로, 공인 IP가 아닙니다` };
  }
  if (o[3] === 0 || o[3] === 255) {
    return { ok: true, warning: `'${v}'은(는) 끝자리가 ${o[3]}이라 대역의 네트워크·브로드캐스트 주소처럼 보입니다. 대역이 아니라 서버 한 대의 주소인지 확인하세요(대역 연동 불가)` };
  }
  return { ok: true };
}

// Dynamic DNS services give a changing address a fixed name: a server known by one is on a dynamic IP.
const DYNAMIC_DNS_SUFFIXES = [
  'iptime.org', 'duckdns.org', 'no-ip.com', 'no-ip.org', 'no-ip.biz', 'noip.me', 'ddns.net', 'dyndns.org', 'dyndns.com',
  'dynu.com', 'dynu.net', 'hopto.org', 'zapto.org', 'myftp.org', 'servehttp.com', 'afraid.org', 'mooo.com',
  'synology.me', 'asuscomm.com', 'myqnapcloud.com', 'dnsalias.com', 'dnsalias.net', 'changeip.com',
];
// Labels ISPs put in the reverse-DNS names of dynamic customer addresses.
const DYNAMIC_LABEL = /(^|[.-])(dyn|dynamic|dhcp|pool|ppp|pppoe|dsl|adsl|vdsl|xdsl|cable|dialup|dial-up)([.-]|\d|$)/i;

/** seed 000 §2.1 (유동 IP 연동 불가): a host name that says its address changes. */
export function dynamicHostnameReason(hostname: string): string | null {
  const h = hostname.trim().toLowerCase().replace(/\.$/, '');
  const ddns = DYNAMIC_DNS_SUFFIXES.find((s) => h === s || h.endsWith(`.${s}`));
  if (ddns) return `'${hostname}'은(는) 동적 DNS(${ddns}) 이름입니다. 동적 DNS는 바뀌는(유동) IP에 붙이는 이름이라 연동할 수 없습니다(유동 IP 연동 불가)`;
  if (DYNAMIC_LABEL.test(h)) return `'${hostname}'은(는) 통신사가 유동 IP에 붙이는 형태의 이름입니다(유동 IP 연동 불가)`;
  return null;
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{6,28}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD in Asia/Seoul (UTC+9, no daylight saving). */
export function seoulDate(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

export function vpnDeviceKnown(model: string): boolean {
  const m = model.trim().toLowerCase();
  return SUPPORTED_VPN_DEVICES.some((d) => d.aliases.some((a) => m.includes(a.toLowerCase())));
}

/** What the rules read from a plan, complete or not: each value only when it has the right type. */
type Draft = {
  mode?: NetworkMode;
  contact: { phone?: string; email?: string };
  publicIps: { index: number; value: string }[];
  hostname?: string;
  kakaopayPort?: number;
  vpn?: { model?: string; ip?: string };
  isps: string[];
  idc?: { address?: string; contact?: { phone?: string; email?: string } };
  wishedOpeningDate?: string;
  bulkLocalAddress?: string;
  otherLocalAddress?: string;
  dailyDocuments?: number;
  payupEnvironment?: string;
  kcpEnvironment?: string;
};

function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}
const textAt = (value: unknown, ...keys: string[]): string | undefined => {
  const v = at(value, ...keys);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const numberAt = (value: unknown, ...keys: string[]): number | undefined => {
  const v = at(value, ...keys);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const present = (value: unknown, ...keys: string[]): boolean => at(value, ...keys) !== undefined;

function draftOf(input: unknown): Draft {
  const mode = networkModeSchema.safeParse(at(input, 'mode'));
  const ips = at(input, 'server', 'publicIps');
  const isps = at(input, 'isps');
  const contactOf = (...keys: string[]) => ({ phone: textAt(input, ...keys, 'phone'), email: textAt(input, ...keys, 'email') });
  return {
    ...(mode.success ? { mode: mode.data } : {}),
    contact: contactOf('institution', 'contact'),
    publicIps: Array.isArray(ips) ? ips.flatMap((v, index) => (typeof v === 'string' && v.trim() !== '' ? [{ index, value: v.trim() }] : [])) : [],
    hostname: textAt(input, 'server', 'hostname'),
    kakaopayPort: numberAt(input, 'kakaopayPort'),
    ...(present(input, 'vpn') ? { vpn: { model: textAt(input, 'vpn', 'model'), ip: textAt(input, 'vpn', 'ip') } } : {}),
    isps: Array.isArray(isps) ? isps.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [],
    ...(present(input, 'idc') ? { idc: { address: textAt(input, 'idc', 'address'), ...(present(input, 'idc', 'contact') ? { contact: contactOf('idc', 'contact') } : {}) } } : {}),
    wishedOpeningDate: textAt(input, 'wishedOpeningDate'),
    bulkLocalAddress: textAt(input, 'bulkLocalAddress'),
    otherLocalAddress: textAt(input, 'otherLocalAddress'),
    dailyDocuments: numberAt(input, 'volume', 'dailyDocuments'),
    payupEnvironment: textAt(input, 'payup', 'environment'),
    kcpEnvironment: textAt(input, 'kcp', 'environment'),
  };
}

/**
 * Shape (schema) and seed 000's rules (plus seed 001 §2.1/§2.2 and the gateways' test-host warnings) for one plan.
 * The rules also read an incomplete plan (the screen checks while the operator types); `plan` is null until the
 * shape is complete. `today` is the application date (YYYY-MM-DD, Asia/Seoul). A plan with any `error` must not be
 * stored.
 */
export function checkNetworkPlan(input: unknown, today: string): { plan: NetworkPlan | null; issues: PlanIssue[] } {
  const parsed = networkPlanSchema.safeParse(input);
  const issues: PlanIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ severity: 'error' as const, field: i.path.map(String).join('.'), section: 'schema', message: `${fieldLabel(i.path)}: ${zodIssueMessage(i)}.` }));
  const shapeFields = new Set(issues.map((i) => i.field));
  const d = draftOf(input);
  const add = (severity: PlanIssue['severity'], path: (string | number)[], source: SourceId, section: string, message: string, next: string): void => {
    const field = path.join('.');
    if (shapeFields.has(field)) return; // the shape's own message already names this field
    issues.push({ severity, field, section: `seed ${source} §${section}`, message: `${fieldLabel(path)}: ${message} (${SOURCES[source]} §${section}). ${next}` });
  };

  const contact = (base: string[], c: { phone?: string; email?: string }): void => {
    if (c.phone !== undefined && !PHONE.test(c.phone)) add('error', [...base, 'phone'], '000', '4.1', `'${c.phone}'은(는) 전화번호 형식이 아닙니다`, '숫자와 -로 적으세요(예: 02-123-4567).');
    if (c.email !== undefined && !EMAIL.test(c.email)) add('error', [...base, 'email'], '000', '4.1', `'${c.email}'은(는) 이메일 주소 형식이 아닙니다`, '대행사가 회신할 주소를 적으세요(예: it@example.or.kr).');
  };
  contact(['institution', 'contact'], d.contact);

  const publicIp = (path: (string | number)[], value: string, section: string): void => {
    const v = judgePublicIp(value);
    if (!v.ok) add('error', path, '000', section, `${v.reason}`, '통신사에서 받은 고정 공인 IP 한 개를 적으세요(공인 IP이면서 고정 IP인 경우에만 연동 가능).');
    else if (v.warning) add('warning', path, '000', section, v.warning, '서버 한 대의 고정 공인 IP를 적으세요.');
  };
  const seen = new Set<string>();
  for (const { index, value } of d.publicIps) {
    publicIp(['server', 'publicIps', index], value, '2.1');
    if (seen.has(value)) add('error', ['server', 'publicIps', index], '000', '3.1', `'${value}'이(가) 두 번 적혀 있습니다`, '같은 IP는 한 번만 적으세요.');
    seen.add(value);
  }

  const hostname = d.hostname;
  if (hostname === undefined) {
    // the shape reports a missing host name
  } else if (!HOSTNAME.test(hostname)) {
    add('error', ['server', 'hostname'], '000', '3.1', `'${hostname}'은(는) 호스트 이름 형식이 아닙니다`, '서버의 호스트 이름(영문, 숫자, -, .)을 적으세요.');
  } else if (parseIpv4(hostname) !== null) {
    add('warning', ['server', 'hostname'], '000', '3.1', `IP(${hostname})가 아니라 서버의 hostname을 적어야 합니다`, '서버에서 hostname 명령으로 확인한 이름을 적으세요.');
  } else {
    const dynamic = dynamicHostnameReason(hostname);
    if (dynamic) add('error', ['server', 'hostname'], '000', '2.1', dynamic, '고정 공인 IP를 쓰는 서버의 hostname을 적으세요.');
    else if (d.publicIps.some(({ value }) => parseIpv4(value) !== null && (hostname.includes(value.replaceAll('.', '-')) || hostname.includes(value)))) {
      add('warning', ['server', 'hostname'], '000', '2.1', `'${hostname}'은(는) 통신사가 주소에 자동으로 붙인 이름처럼 보입니다. 유동 IP는 연동할 수 없습니다`, '고정 IP 계약인지 통신사에 확인하고, 서버의 hostname을 적으세요.');
    }
  }

  // seed 000 §2.2: 443 Port만 지원 가능 (and §5.1 3.: 보안 정책에 의해 443 포트만 가능).
  if (d.kakaopayPort !== undefined && d.kakaopayPort !== KAKAOPAY_PORT) {
    add('error', ['kakaopayPort'], '000', '2.2', `${d.kakaopayPort} 포트는 쓸 수 없습니다. 카카오페이 운영 게이트웨이는 443 포트만 지원합니다`, '방화벽과 계획의 포트를 443으로 고치세요.');
  }

  const mode = d.mode;
  if (mode !== undefined && usesVpn(mode)) {
    if (!d.vpn) add('error', ['vpn'], '000', '4.1', `${NETWORK_MODE_LABELS[mode]} 구성에는 VPN 장비의 모델명과 IP가 필요합니다`, 'VPN 신청양식 2번 항목(모델명, IP)을 채우세요.');
    else {
      if (d.vpn.ip !== undefined) publicIp(['vpn', 'ip'], d.vpn.ip, '4.1');
      if (d.vpn.model !== undefined && !vpnDeviceKnown(d.vpn.model)) {
        add('warning', ['vpn', 'model'], '000', '4.1', `'${d.vpn.model}'은(는) 카카오페이 지원 장비 목록(${SUPPORTED_VPN_DEVICES.map((x) => x.name).join(' / ')})에 없습니다`, '지원 여부를 대행사에 확인하세요. 새로 산다면 포티넷 또는 트러스가드를 권합니다.');
      }
    }
  }

  if (mode !== undefined && usesLeasedLine(mode)) {
    if (!d.idc) add('error', ['idc', 'address'], '000', '4.2', `${NETWORK_MODE_LABELS[mode]} 구성에는 파트너사 IDC 주소가 필요합니다`, '전용선 신청양식 1번 항목(주소)을 채우세요.');
    else if (d.idc.contact) contact(['idc', 'contact'], d.idc.contact);
    const isps = new Set(d.isps.map((x) => x.toLowerCase()));
    if (isps.size < 2) {
      add('warning', ['isps'], '000', '4.2', `서로 다른 ISP 2곳이 필요합니다(지금 ${isps.size}곳). 전용선은 이중화 필수입니다`, '서로 다른 ISP로 1회선씩 청약하세요. 이중화하지 않으면 회선 장애 때 서비스를 보장하기 어렵습니다.');
    }
    // seed 001 §2.2 둘째: bulk over a leased line needs a line of its own.
    if (d.bulkLocalAddress === undefined || d.bulkLocalAddress === d.otherLocalAddress) {
      add('warning', ['bulkLocalAddress'], '001', '2.2', '전용선으로 대량(bulk) 전송을 하려면 대량 전송만을 위한 별도 회선이 필요합니다. 같은 회선을 쓰면 OTT 검증 같은 다른 통신이 막힙니다', '대량 발송 전용 회선의 이 PC 주소와 그 밖의 통신에 쓰는 주소를 따로 적으세요.');
    }
  }

  if (mode !== undefined && !usesVpn(mode) && d.vpn) add('warning', ['vpn'], '000', '2.3', `${NETWORK_MODE_LABELS[mode]} 구성에서는 VPN 장비 정보를 쓰지 않습니다`, 'VPN을 쓴다면 망 구성 방식을 VPN이 포함된 방식으로 고르세요.');

  const dated = mode !== undefined && (usesVpn(mode) || usesLeasedLine(mode));
  const dateSection = mode !== undefined && usesLeasedLine(mode) ? '4.2' : '4.1';
  if (d.wishedOpeningDate !== undefined) {
    const wished = dayNumber(d.wishedOpeningDate);
    const now = dayNumber(today);
    if (wished === null) add('error', ['wishedOpeningDate'], '000', dateSection, `'${d.wishedOpeningDate}'은(는) 날짜가 아닙니다`, 'YYYY-MM-DD 형식으로 적으세요(예: 2026-03-02).');
    else if (dated && now !== null && wished - now < MIN_OPENING_LEAD_DAYS) {
      add('warning', ['wishedOpeningDate'], '000', dateSection, `${d.wishedOpeningDate}은(는) 오늘(${today})부터 ${wished - now}일 뒤입니다. 희망 개통 일자는 신청일로부터 4주 이상이어야 하며, 4주 이내 개통은 보장하기 어렵습니다`, `${MIN_OPENING_LEAD_DAYS}일 이후의 날짜로 신청하세요.`);
    }
  } else if (dated && mode !== undefined) {
    add('error', ['wishedOpeningDate'], '000', dateSection, `${NETWORK_MODE_LABELS[mode]} 신청에는 희망 개통 일자가 필요합니다`, `오늘부터 4주(${MIN_OPENING_LEAD_DAYS}일) 이후의 날짜를 적으세요.`);
  }

  for (const key of ['bulkLocalAddress', 'otherLocalAddress'] as const) {
    const v = d[key];
    if (v !== undefined && !isIpLiteral(v)) add('error', [key], '001', '2.2', `'${v}'은(는) IP 주소가 아닙니다`, '이 PC의 네트워크 카드에 설정된 주소를 적으세요(예: 10.10.1.20).');
  }

  if (d.dailyDocuments !== undefined && d.dailyDocuments >= PRE_REVIEW_DAILY_THRESHOLD) {
    add('warning', ['volume', 'dailyDocuments'], '001', '2.1', `일 ${d.dailyDocuments.toLocaleString('ko-KR')}건은 일단위 50만 건 이상입니다. 사전 검토 요청이 필요합니다`, '함께 만든 사전 검토 요청 양식을 대행사 또는 카카오페이 사업 담당자에게 보내세요.');
  }

  if (d.payupEnvironment === 'test') {
    add('warning', ['payup', 'environment'], '002', '2.5', 'PayUp 개발용 호스트(api.testpayup.co.kr)도 실제 카카오페이 결제·취소가 일어날 수 있습니다', '실제 거래로 여기고, 연습은 샌드박스에서 하세요.');
  }
  if (d.kcpEnvironment === 'test') {
    add('warning', ['kcp', 'environment'], '004', '3.1.1', 'KCP 테스트 결제 서버(testpaygw.kcp.co.kr)의 T0000 테스트 사이트도 실제로 과금될 수 있습니다', '테스트 계좌인증도 비용이 드는 실제 요청으로 여기세요.');
  }
  return { plan: parsed.success ? parsed.data : null, issues };
}

export function planErrors(issues: readonly PlanIssue[]): PlanIssue[] {
  return issues.filter((i) => i.severity === 'error');
}
