// What a corrected re-send or a single document will send, shown before the operator confirms it (issue 14 item 4):
// the corrected fields (before masked, after as it will be sent), the recipient, the content and the profile.
import type { OneDocumentPlan } from '../../../shared/domain/document-actions.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';

const FIELD_LABEL: Record<OneDocumentPlan['changes'][number]['field'], MessageKey> = { phone: 'resend.phone', name: 'resend.name', birthday: 'resend.birthday' };

export function OneDocumentPlanView({ plan }: { plan: OneDocumentPlan }) {
  const { t } = useI18n();
  return (
    <div data-testid="one-document-plan">
      {plan.original ? (
        <>
          {plan.changes.length > 0 ? (
            <table className="data-table" data-testid="plan-changes">
              <thead>
                <tr>
                  <th scope="col">{t('resend.field')}</th>
                  <th scope="col">{t('resend.before')}</th>
                  <th scope="col">{t('resend.after')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{t(FIELD_LABEL[c.field])}</th>
                    <td className="mono">{c.before}</td>
                    <td className="mono">{c.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('resend.noChanges')}</p>
          )}
        </>
      ) : null}
      <dl className="summary">
        <dt>{t('plan.recipient')}</dt>
        <dd data-testid="plan-recipient">{plan.recipient}</dd>
        <dt>{t('plan.title')}</dt>
        <dd>{plan.title}</dd>
        <dt>{t('plan.link')}</dt>
        <dd className="mono">{plan.link}</dd>
        <dt>{t('plan.cs')}</dt>
        <dd>
          {plan.csName} {plan.csNumber}
        </dd>
        {plan.message ? (
          <>
            <dt>{t('plan.message')}</dt>
            <dd>{plan.message}</dd>
          </>
        ) : null}
        <dt>{t('plan.expires')}</dt>
        <dd>{t('plan.expiresValue', { days: plan.expiresInDays })}</dd>
        {plan.baseMailing ? (
          <>
            <dt>{t('plan.baseMailing')}</dt>
            <dd>{plan.baseMailing.name}</dd>
          </>
        ) : null}
        <dt>{t('plan.profile')}</dt>
        <dd>
          <strong data-testid="plan-profile">{plan.profile}</strong>
        </dd>
      </dl>
    </div>
  );
}
