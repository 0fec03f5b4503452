// Times for people: Asia/Seoul (UTC+9, no DST), as in every other DocDesk export (DESIGN §4).
const KST_MS = 9 * 3_600_000;

/** 1763780400000 → '2025-11-22 12:00:00' (Seoul). */
export function seoulDateTime(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms + KST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Start of the Seoul calendar day containing t, as ms UTC. */
export function seoulDayStart(t: number): number {
  return Math.floor((t + KST_MS) / 86_400_000) * 86_400_000 - KST_MS;
}

/** Start of the Seoul calendar day 'YYYY-MM-DD', as ms UTC. */
export function seoulDayStartOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - KST_MS;
}

/** 'YYYY-MM-DD' of the Seoul calendar day containing t. */
export function seoulDay(t: number): string {
  return new Date(t + KST_MS).toISOString().slice(0, 10);
}
