// What the screen offers after an error that needs an action elsewhere (issue 14 item 9: no screen speaks CLI):
// the backend's message names no command; its structured details (shared/domain/error-details.ts) become a link
// here. Confirmations are asked by the screen that can repeat the action (a button there).
import { errorDetailsOf } from '../../shared/domain/error-details.ts';
import { href } from '../app/routes.ts';
import { ContractCallError } from '../bridge/call.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function NextStep({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ContractCallError)) return null;
  const d = errorDetailsOf(error.details);
  if (d?.kind !== 'credential') return null;
  return (
    <a className="next-step" href={href('settings')} data-testid="next-step-credential">
      {t('next.credential', { key: t(`settings.secret.${d.key}`) })}
    </a>
  );
}
