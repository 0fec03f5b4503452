// Korean names for the audit event families (main/audit/README.md "Producers"): the raw type stays visible too,
// because it is what `docdesk audit` and the bundle's events.jsonl show.
import type { MessageKey } from '../../i18n/ko.ts';

export const EV_PREFIXES = ['net.', 'op.', 'edoc.', 'export.', 'audit.', 'config.'] as const;

const FAMILY: Record<(typeof EV_PREFIXES)[number], MessageKey> = {
  'net.': 'audit.ev.net',
  'op.': 'audit.ev.op',
  'edoc.': 'audit.ev.edoc',
  'export.': 'audit.ev.export',
  'audit.': 'audit.ev.audit',
  'config.': 'audit.ev.config',
};

export function familyKey(prefix: (typeof EV_PREFIXES)[number]): MessageKey {
  return FAMILY[prefix];
}

export function familyOf(ev: string): MessageKey | null {
  const p = EV_PREFIXES.find((x) => ev.startsWith(x));
  return p ? FAMILY[p] : null;
}

/** One line for a record's subject or data map: keys and values, objects as compact JSON, capped in length. */
export function summarize(map: Record<string, unknown>, max = 240): string {
  const text = Object.entries(map)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
