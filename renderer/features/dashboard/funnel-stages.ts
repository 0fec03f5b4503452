// The funnel's stages as the dashboard draws them, for all documents and for one mailing alike.
import type { FunnelStage } from '../../components/charts/FunnelChart.tsx';
import type { Translate } from '../../i18n/i18n.tsx';

type Funnel = { accepted: number; sent: number; received: number; read: number; expired: number };

export function funnelStages(f: Funnel, t: Translate): FunnelStage[] {
  return [
    { key: 'SENT', label: t('box.SENT'), value: f.sent, tone: 'neutral' },
    { key: 'RECEIVED', label: t('box.RECEIVED'), value: f.received, tone: 'neutral' },
    { key: 'READ', label: t('box.READ'), value: f.read, tone: 'ok' },
    { key: 'EXPIRED', label: t('box.EXPIRED'), value: f.expired, tone: 'bad' },
  ];
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
