import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChevronDown, ChevronRight, DoorOpen, LogOut, RefreshCw, TriangleAlert } from 'lucide-react';
import { beforeToday } from '../../../shared/calendar';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { usePolling } from '../hooks/usePolling';
import { useDates } from '../hooks/useDates';
import { AnomalyMarks } from './AnomalyMarks';
import { useServerRoomText } from './text';
import { minutesBetween, timeOf } from '../lib/japan-time';
import './server-room.css';

const REFRESH_MS = 30_000;

/** "Who is in the server room now" (SPEC §4.1), per site, refreshed every 30 s and on demand. */
export function useInside(siteId?: string) {
  const { value: sites, at, refresh } = usePolling('serverRoom.inside', siteId ? { siteId } : {}, REFRESH_MS, true, [siteId]);
  return { sites, at, refresh };
}

interface InsidePanelProps {
  siteId?: string;
  /** Show the "record exit" button (clerks and safety managers). */
  onExit?: (s: ServerRoomStay) => void;
  /** Link to the book (on the dashboard). */
  showBookLink?: boolean;
  /** Bump to reload now (after something was recorded elsewhere on the page). */
  reloadKey?: number;
  /**
   * On the book's page: one line (who is inside, in short) that opens into the full list, so the
   * table keeps the room (SPEC §4.1: "who is in the server room now" one glance away).
   */
  collapsible?: boolean;
}

/** Names shown in the one-line summary; the rest are counted. */
const SUMMARY_NAMES = 3;

export function InsidePanel({ siteId, onExit, showBookLink, reloadKey = 0, collapsible }: InsidePanelProps) {
  const { t } = useTranslation();
  const text = useServerRoomText();
  const dates = useDates();
  const { sites, at, refresh } = useInside(siteId);
  const [open, setOpen] = useState(!collapsible);
  const bodyId = useId();
  useEffect(() => {
    if (reloadKey) refresh();
  }, [reloadKey, refresh]);

  const total = sites?.reduce((n, s) => n + s.stays.length, 0) ?? 0;
  // Everyone in the room: the people entered and those with them (employees, visitors).
  const people = sites?.reduce((n, s) => n + s.stays.reduce((m, st) => m + 1 + st.companions.employees.length + st.companions.visitors.length, 0), 0) ?? 0;
  const shown = sites?.filter((s) => s.stays.length > 0 || sites.length === 1) ?? [];

  const everyone = shown.flatMap((s) => s.stays);
  const title = (
    <>
      <DoorOpen size={18} aria-hidden="true" />
      {t('serverRoom.ui.insidePanel.title')}
      <span className="badge badge-primary" data-testid="inside-count">
        {t('serverRoom.ui.insidePanel.count', { count: people })}
      </span>
    </>
  );

  return (
    <section className={`card sr-inside${collapsible ? ' sr-inside-collapsible' : ''}${open ? '' : ' is-collapsed'}`} aria-labelledby="sr-inside-title" data-testid="inside-panel">
      <header className="sr-inside-head">
        <h2 className="card-title" id="sr-inside-title">
          {collapsible ? (
            <button type="button" className="sr-inside-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)} data-testid="inside-toggle">
              {open ? <ChevronDown size={16} aria-hidden="true" /> : <ChevronRight size={16} aria-hidden="true" />}
              {title}
            </button>
          ) : (
            title
          )}
        </h2>
        {!open && (
          <p className="sr-inside-summary" data-testid="inside-summary">
            {sites === null
              ? t('common.loading')
              : total === 0
                ? t('serverRoom.ui.insidePanel.empty')
                : everyone.slice(0, SUMMARY_NAMES).map((s, i) => (
                    <span key={s.id} className="sr-inside-summary-item">
                      {i > 0 && t('common.listSeparator')}
                      {beforeToday(s.enteredAt) && <TriangleAlert size={13} className="sr-warn" aria-label={t('serverRoom.ui.insidePanel.stale')} />}
                      {t('serverRoom.ui.insidePanel.summaryItem', { name: s.personName, time: timeOf(s.enteredAt) })}
                    </span>
                  ))}
            {/* Everyone not named, those with the named ones too: the badge's count (a walk-through read 6名 beside three names and ほか1人). */}
            {total > 0 && people > Math.min(everyone.length, SUMMARY_NAMES) && (
              <span className="muted">{t('serverRoom.ui.insidePanel.more', { count: people - Math.min(everyone.length, SUMMARY_NAMES) })}</span>
            )}
          </p>
        )}
        <span className="spacer" />
        {at && <span className="muted small sr-inside-at">{t('serverRoom.ui.insidePanel.refreshed', { time: timeOf(at) })}</span>}
        <button type="button" className="icon-button" onClick={refresh} aria-label={t('common.actions.reload')} title={t('common.actions.reload')}>
          <RefreshCw size={16} aria-hidden="true" />
        </button>
        {/* In the header's end, as every dashboard panel has its link (a walk-through: this one alone at its foot). */}
        {showBookLink && <Link to="/server-room">{t('serverRoom.ui.insidePanel.openBook')} →</Link>}
      </header>
      <div id={bodyId} hidden={!open} className="sr-inside-body">
      {sites === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : total === 0 ? (
        <p className="muted" data-testid="inside-empty">
          {t('serverRoom.ui.insidePanel.empty')}
        </p>
      ) : (
        shown.map((site) => (
          <div key={site.siteId} className="sr-inside-site">
            {(sites.length > 1 || !siteId) && <h3 className="sr-inside-site-name">{site.siteName}</h3>}
            <ul className="sr-inside-list">
              {site.stays.map((s) => {
                const stale = beforeToday(s.enteredAt);
                const names = text.companionsInline(s.companions);
                return (
                  <li key={s.id} className="sr-inside-item" data-testid="inside-person">
                    <span className="sr-inside-name">{s.personName}</span>
                    <span className="sr-inside-since">
                      {stale ? (
                        <>
                          <span className="sr-warn" title={t('serverRoom.ui.insidePanel.stale')}>
                            <TriangleAlert size={14} aria-hidden="true" /> {dates.dateTime(s.enteredAt)}
                          </span>
                          {t('serverRoom.ui.insidePanel.sinceFor', { since: '', duration: text.duration(minutesBetween(s.enteredAt)) })}
                        </>
                      ) : (
                        // Each language's own joint (English had 「since 08:23 ・ 20 min」).
                        t('serverRoom.ui.insidePanel.sinceFor', { since: t('serverRoom.ui.insidePanel.since', { time: timeOf(s.enteredAt) }), duration: text.duration(minutesBetween(s.enteredAt)) })
                      )}
                    </span>
                    <span className="sr-inside-purpose">{text.purpose(s.purpose, s.purposeLabel)}</span>
                    {names && <span className="sr-inside-companions" data-testid="inside-companions">{names}</span>}
                    <AnomalyMarks anomalies={s.anomalies} limit={2} />
                    {onExit && (
                      <button type="button" className="btn btn-sm btn-secondary sr-inside-exit" onClick={() => onExit(s)} aria-label={`${t('serverRoom.ui.actions.recordExit')}: ${s.personName}`}>
                        <LogOut size={14} aria-hidden="true" />
                        {t('serverRoom.ui.actions.recordExit')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))
      )}
      </div>
    </section>
  );
}
