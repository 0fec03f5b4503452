// Live preview of the KakaoTalk notification the recipient sees (issue 3 §3), from the defaults being typed.
import { useI18n } from '../../i18n/i18n.tsx';

export type PreviewValues = { title?: string; message?: string; csName?: string; csNumber?: string; expiresInDays?: number };

export function KakaoPreview({ values }: { values: PreviewValues }) {
  const { t } = useI18n();
  return (
    <section className="kakao-preview" aria-label={t('wizard.preview.title')} data-testid="kakao-preview">
      <h3>{t('wizard.preview.title')}</h3>
      <div className="kakao-bubble">
        <p className="kakao-sender">{t('wizard.preview.sender')}</p>
        <p className="kakao-title">{values.title || '—'}</p>
        <p>{t('wizard.preview.greeting', { name: t('wizard.preview.sampleName') })}</p>
        {values.message ? <p className="kakao-message">{values.message}</p> : null}
        {values.expiresInDays ? <p className="muted">{t('wizard.preview.expires', { days: values.expiresInDays })}</p> : null}
        <span className="kakao-button" aria-hidden="true">
          {t('wizard.preview.open')}
        </span>
        {values.csName || values.csNumber ? (
          <p className="muted">{t('wizard.preview.cs', { name: values.csName ?? '', number: values.csNumber ?? '' })}</p>
        ) : null}
      </div>
    </section>
  );
}
