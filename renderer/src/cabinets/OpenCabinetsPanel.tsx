import { useTranslation } from 'react-i18next';
import { DashPanel } from '../components/DashPanel';
import { Lock, LockOpen } from 'lucide-react';
import type { OpenCabinet } from '../../../shared/ledgers/cabinets';
import { messageKeyOr } from '../../../shared/i18n';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { sinceText } from '../lib/japan-time';
import { useDates } from '../hooks/useDates';
import { flash } from '../state/flash';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';
import { useKitText } from '../ledgers/kit/kit-api';
import { cabinetLogDefinition } from '../../../shared/ledgers/cabinets';

const REFRESH_MS = 30_000;

/**
 * "Cabinets open now" (SPEC §4.2) on the dashboard: who opened which, since when; the person who
 * opened one locks it with one tap (now, by themselves).
 */
export function OpenCabinetsPanel() {
  const { t } = useTranslation();
  const { lang } = useDates();
  const k = useKitText(cabinetLogDefinition);
  const session = useApp((s) => s.session);
  const mayRead = canCall('cabinetLog.openNow', session);
  const me = session?.person?.id ?? null;
  const { value: open, refresh } = usePolling('cabinetLog.openNow', homeSite(session), REFRESH_MS, mayRead);

  if (!mayRead || open === null) return null;
  const lockNow = async (o: OpenCabinet) => {
    const r = await api('cabinetLog.lock', { id: o.session.id });
    // Locked by someone else meanwhile, or refused: say so (the list shows it as it is now).
    flash(r.ok ? t('cabinets.log.lock.done', { cabinet: o.session.names.cabinetId ?? o.cabinetCode }) : t(messageKeyOr(r.error.messageKey, 'errors.internal'), r.error.params ?? {}));
    refresh();
  };

  return (
    <DashPanel
      title={t('cabinets.log.openNow.title')}
      icon={LockOpen}
      testId="open-cabinets"
      badges={<span className="badge badge-primary">{open.length}</span>}
      link={{ to: '/cabinet-log', label: t('cabinets.log.openNow.link') }}
      empty={open.length === 0 ? t('cabinets.log.openNow.empty') : null}
    >
      <ul className="plain-list">
        {open.map((o) => (
          <li key={o.session.id} className="plain-list-row" data-testid="open-cabinet">
            <span>
              <strong>{o.cabinetCode}</strong> {o.session.names.cabinetId}
            </span>
            <span>{t('cabinets.log.openNow.by', { name: o.session.names.openedBy ?? '' })}</span>
            <span className="muted">{t('cabinets.log.openNow.since', { time: sinceText(o.session.openedAt, lang) })}</span>
            {/* Each anomaly in words, not a bare count (a walk-through: a red 「1」 said nothing, and was read as 「21:57から 1」). */}
            {o.session.anomalies.map((a) => (
              <span key={a.code} className="badge badge-danger" data-testid="anomaly">
                {k.anomaly(a)}
              </span>
            ))}
            {me !== null && me === o.session.openedBy && (
              <button type="button" className="btn btn-primary btn-sm" onClick={() => void lockNow(o)} aria-label={`${t('cabinets.log.lock.now')}: ${o.cabinetCode} ${o.session.names.cabinetId ?? ''}`.trim()}>
                <Lock size={16} aria-hidden="true" />
                {t('cabinets.log.lock.now')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </DashPanel>
  );
}
