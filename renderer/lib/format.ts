// Times are stored in UTC milliseconds and shown in Asia/Seoul (DESIGN §4).
import type { Translate } from '../i18n/i18n.tsx';

// Building an Intl.DateTimeFormat costs far more than using one: the grid formats dozens of times per frame.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatTime(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined) return '';
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formatters.set(locale, f);
  }
  return f.format(new Date(ms));
}

export function formatNumber(n: number, locale: string): string {
  return n.toLocaleString(locale);
}

export function formatDuration(seconds: number, t: Translate): string {
  if (seconds < 90) return t('duration.seconds', { n: Math.max(1, Math.round(seconds)) });
  if (seconds < 90 * 60) return t('duration.minutes', { n: Math.round(seconds / 60) });
  return t('duration.hours', { n: Math.round((seconds / 3600) * 10) / 10 });
}

/** 1536 → "1.5 KB"; sizes as staff read them (1 KB = 1024 bytes). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
