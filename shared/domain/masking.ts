// One masking scheme for personal data in lists, reports and log lines (issue 4 §6 builds on it).

/** 홍길동 → 홍*동, 김철 → 김*, a single character stays as is. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 01012345678 → 010-****-5678 */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  if (d.length < 8) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}-****-${d.slice(-4)}`;
}

/** CI (88 chars) → first 4 and last 4. */
export function maskCi(ci: string): string {
  return ci.length <= 8 ? '*'.repeat(ci.length) : `${ci.slice(0, 4)}…${ci.slice(-4)}`;
}

/** 19800102 → 1980**** (reference evidence-and-audit.md §9: year only). */
export function maskBirthday(birthday: string): string {
  const d = birthday.replace(/\D/g, '');
  return d.length >= 4 ? `${d.slice(0, 4)}${'*'.repeat(Math.max(d.length - 4, 4))}` : '*'.repeat(d.length);
}

/** abcdef@example.com → ab***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '*'.repeat(Math.min(email.length, 8));
  return `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`;
}

/** 211.234.10.20 → 211.234.*.* ; IPv6 keeps its first two groups. The full value goes only to the encrypted side table. */
export function maskIp(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const groups = ip.split(':').filter(Boolean);
  return groups.length >= 2 ? `${groups[0]}:${groups[1]}:*` : '*';
}

/** Any account number: last 4 digits only, e.g. ****1234 (the bank name, when known, is prefixed by the caller). */
export function maskAccountNumber(accountNo: string): string {
  const d = accountNo.replace(/\D/g, '');
  return d.length >= 8 ? `****${d.slice(-4)}` : '*'.repeat(Math.max(d.length, 4));
}
