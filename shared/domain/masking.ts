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
