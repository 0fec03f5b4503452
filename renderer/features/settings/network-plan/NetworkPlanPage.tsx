// Settings → 네트워크 계획 (issue 15): from "which network?" to the filled forms for the agency, the firewall flow
// table, the .xlsx and the profile the plan implies.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { href } from '../../../app/routes.ts';
import { call } from '../../../bridge/call.ts';
import { ErrorBox, Loading } from '../../../components/Status.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { PlanDocuments } from './PlanDocuments.tsx';
import { PlanForm } from './PlanForm.tsx';
import { PlanProfile } from './PlanProfile.tsx';
import { EMPTY_PLAN_FORM, formFromPlan } from './plan-form-values.ts';

export function NetworkPlanPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['network-plan'], queryFn: () => call('network:plan', {}) });
  const v = q.data;
  return (
    <section aria-labelledby="plan-title" data-testid="network-plan">
      <p className="small">
        <a href={href('settings')}>← {t('settings.title')}</a>
      </p>
      <h1 id="plan-title">{t('plan.networkTitle')}</h1>
      <p>{t('plan.intro')}</p>
      {q.isPending ? <Loading /> : null}
      <ErrorBox error={q.error} />
      {v ? (
        <>
          <h2>{t('plan.facts')}</h2>
          <PlanForm key={v.savedAt ?? 0} initial={v.plan ? formFromPlan(v.plan) : EMPTY_PLAN_FORM} today={v.today} onSaved={() => void qc.invalidateQueries({ queryKey: ['network-plan'] })} />
          {v.documents ? <PlanDocuments documents={v.documents} /> : <p className="muted" data-testid="plan-empty">{t('plan.empty')}</p>}
          {v.plan ? <PlanProfile /> : null}
        </>
      ) : null}
    </section>
  );
}
