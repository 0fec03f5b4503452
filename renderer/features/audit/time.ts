// <input type="datetime-local"> yields a wall-clock time without a zone; staff think in Korean time, so it is read
// as Asia/Seoul (UTC+9, no daylight saving) and sent as ISO 8601 with the offset the backend parses (DESIGN §4).
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function seoulLocalToIso(local: string): string | undefined {
  if (!LOCAL.test(local)) return undefined;
  return `${local.length === 16 ? `${local}:00` : local}+09:00`;
}

/** Milliseconds of an ISO time for display, or null when it does not parse. */
export function isoToMs(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}
