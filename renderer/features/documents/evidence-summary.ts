// The drawer's reading evidence in words (issue 14 §6): what each landing-page step means for a dispute — token
// verified, confirmation pressed, page shown, read-status answered, or why the page failed — with where it came
// from (masked IP, browser, web host). The raw type stays on screen: it is what the audit screen and bundles show.
import { z } from 'zod';
import type { Translate } from '../../i18n/i18n.tsx';

const edocData = z
  .object({
    result: z.string().optional(),
    http_status: z.number().nullable().optional(),
    attempt: z.number().optional(),
    control: z.string().optional(),
    content_sha256: z.string().optional(),
    reason: z.string().optional(),
    detail: z.string().optional(),
    ip: z.string().optional(),
    user_agent: z.string().optional(),
  })
  .loose();

/** What happened (first line) and where from (second line), or null for a record this does not know. */
export function evidenceSummary(ev: string, data: Record<string, unknown>, actorId: string, t: Translate): { what: string; from: string } | null {
  const parsed = edocData.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  const status = d.http_status === null || d.http_status === undefined ? '—' : String(d.http_status);
  let what: string;
  if (ev === 'edoc.ott.verify') what = t('evidence.ott', { result: d.result ?? '—', status });
  else if (ev === 'edoc.page.ack') what = t('evidence.ack', { control: d.control ?? '—' });
  else if (ev === 'edoc.page.entry') what = t('evidence.entry', { hash: d.content_sha256 ? `${d.content_sha256.slice(0, 12)}…` : '—' });
  else if (ev === 'edoc.read_status') what = t('evidence.readStatus', { status, attempt: String(d.attempt ?? 1), result: d.result ?? '—' });
  else if (ev === 'edoc.page.failure') what = t('evidence.failure', { reason: d.reason ?? '—', detail: d.detail ?? '' });
  else return null;
  const from = [d.ip ? `IP ${d.ip}` : null, d.user_agent ?? null, actorId && actorId !== 'landing-page' ? t('evidence.host', { host: actorId }) : null].filter((x) => x !== null).join(' · ');
  return { what, from };
}
