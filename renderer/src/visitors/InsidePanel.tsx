import { useTranslation } from 'react-i18next';
import { usePunct } from '../hooks/usePunct';
import { DashPanel } from '../components/DashPanel';
import { LogOut, Users } from 'lucide-react';
import { messageKeyOr } from '../../../shared/i18n';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { usePolling } from '../hooks/usePolling';
import { sinceText } from '../lib/japan-time';
import { useState } from 'react';
import { SignOutDialog } from './SignOutDialog';
import { useDates } from '../hooks/useDates';
import { flash } from '../state/flash';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';
import { useKitText } from '../ledgers/kit/kit-api';
import { arrivedEarlierDay, visitorsDefinition, type Visit } from '../../../shared/ledgers/visitors';
import type { Input } from '../../../shared/api/contract';

/**
 * "Visitors inside now" and the guest cards out (SPEC §4.5) on the dashboard; signing a visitor out
 * (now, with the card back) is one action here — one of an earlier day goes through the dialog, and
 * anything else from the list's dialog.
 */
/** The lent cards read for the panel: enough for any one site's desk (the count is the register's whole). */
const LENT_SHOWN = 20;

export function VisitorsInsidePanel() {
  const { t } = useTranslation();
  const p = usePunct();
  const { lang } = useDates();
  const k = useKitText(visitorsDefinition);
  const session = useApp((s) => s.session);
  const { value: inside, refresh } = usePolling('visitors.inside', homeSite(session), 30_000, canCall('visitors.inside', session));
  // Every card out (貸出中) in the register, also those visitors left with (a walk-through: the panel counted the visitors inside only, 1 where the register had 2).
  const { value: lent, refresh: refreshLent } = usePolling('guestCards.list', { ...homeSite(session), state: 'lent', pageSize: LENT_SHOWN } as Input<'guestCards.list'>, 30_000, canCall('guestCards.list', session));
  // A visitor of an earlier day (a slip not signed out then) is signed out in the dialog, with the time they left:
  // one key here would record a visit of days (a user probe).
  const [asking, setAsking] = useState<Visit | null>(null);
  if (!inside) return null;
  const mayKeep = canCall('visitors.signOut', session);
  const cardsOut = lent?.total ?? inside.filter((v) => v.guestCardId !== null && v.cardReturnedAt === null).length;
  // With a card out, the one key says it takes the card back too (a walk-through: 「退館」 alone recorded a return no one saw).
  const signOut = async (id: string, name: string, card: string | null) => {
    const r = await api('visitors.signOut', { id, cardReturned: true });
    flash(r.ok ? (card ? t('visitors.signOut.doneWithCard', { name, card }) : t('visitors.signOut.done', { name })) : t(messageKeyOr(r.error.messageKey, 'errors.internal'), r.error.params ?? {}));
    refresh();
    refreshLent();
  };
  // The cards out with no visitor inside holding them (taken away at sign-out), by number: followed up
  // from the visitor's row (a user probe: 「貸出中のゲストカード：1枚」 and nothing else said which, or where).
  const heldInside = new Set(inside.filter((v) => v.guestCardId !== null && v.cardReturnedAt === null).map((v) => v.guestCardId));
  // (Read up to LENT_SHOWN: with more out, said to be not all of them.)
  const away = (lent?.rows ?? []).filter((c) => !heldInside.has(c.id)).map((c) => String(c.number));
  const cardOut = (v: (typeof inside)[number]) => (v.guestCardId !== null && v.cardReturnedAt === null ? (v.names.guestCardId ?? null) : null);
  const actionText = (v: (typeof inside)[number]) => {
    const card = cardOut(v);
    return arrivedEarlierDay(v) ? t('visitors.signOut.submit') : card ? t('visitors.signOut.nowWithCard', { card }) : t('visitors.signOut.now');
  };
  return (
    <DashPanel
      title={t('visitors.inside.title')}
      icon={Users}
      testId="visitors-inside"
      badges={<span className="badge badge-primary">{inside.length}</span>}
      aside={<span className="muted" data-testid="cards-out">{t('visitors.inside.cardsOut', { count: cardsOut })}</span>}
      link={{ to: '/visitors', label: t('visitors.inside.link') }}
      empty={inside.length === 0 && away.length === 0 ? t('visitors.inside.empty') : null}
    >
      {inside.length === 0 && <p className="muted">{t('visitors.inside.empty')}</p>}
      <ul className="plain-list">
        {inside.map((v) => (
          <li key={v.id} className="plain-list-row" data-testid="visitor-inside">
            <strong>{v.name}</strong>
            <span>{v.company}</span>
            <span className="muted">{v.names.guestCardId ?? t(`visitors.values.area.${v.area}`)}</span>
            {/* Arrived on another day: with its date (a walk-through: a visitor of two days ago read 「05:53から」). */}
            <span className="muted">{t('visitors.inside.since', { time: sinceText(v.arrivedAt, lang) })}</span>
            {v.anomalies.map((a) => (
              <span key={a.code} className="badge badge-danger" data-testid="anomaly">
                {k.anomaly(a)}
              </span>
            ))}
            {mayKeep && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => (arrivedEarlierDay(v) ? setAsking(v) : void signOut(v.id, v.name, cardOut(v)))} aria-label={`${actionText(v)}: ${v.name}`}>
                <LogOut size={16} aria-hidden="true" />
                {actionText(v)}
              </button>
            )}
          </li>
        ))}
      </ul>
      {asking && (
        <SignOutDialog
          visit={asking}
          onClose={() => setAsking(null)}
          onSaved={() => {
            setAsking(null);
            refresh();
            refreshLent();
          }}
        />
      )}
      {away.length > 0 && (
        <p className="dash-note" data-testid="cards-away">
          {t('visitors.inside.cardsAway', { cards: p.list(lent && lent.total > lent.rows.length ? [...away, t('visitors.inside.cardsAwayMore')] : away), count: away.length })}
        </p>
      )}
    </DashPanel>
  );
}
