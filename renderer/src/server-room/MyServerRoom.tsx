import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DoorOpen, KeyRound, LogOut, ShieldCheck, ShieldX } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { MyServerRoom as Mine, ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { useDates } from '../hooks/useDates';
import { useSites } from '../hooks/useSites';
import { AnomalyMarks } from './AnomalyMarks';
import { RecordExitDialog } from './RecordExitDialog';
import { StayForm } from './StayForm';
import { useServerRoomText } from './text';
import { japanDaysBetween, minutesBetween, timeOf } from '../lib/japan-time';
import './server-room.css';
import { usePunct } from '../hooks/usePunct';

/** A signed-in person's own server-room stays (serverRoom.mine): record an entry or the exit, PIN state. */
export function MyServerRoom() {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const dates = useDates();
  /** 翌日 / 2日後 before an exit's time on a later Japan day than its entry, else nothing. */
  const laterDay = (from: string, to: string) => {
    const days = japanDaysBetween(from, to);
    return days === 0 ? null : `${days === 1 ? t('serverRoom.ui.nextDay') : t('serverRoom.ui.daysLater', { count: days })} `;
  };
  const sites = useSites();
  const [mine, setMine] = useState<Mine | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<'record' | { exit: ServerRoomStay } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    void api('serverRoom.mine', {}).then((r) => {
      if (!live) return;
      if (r.ok) setMine(r.value);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [reload]);

  // The button that opened the dialog gives way to the other one: focus goes to the new state, read out, once it is loaded.
  const stateLine = useRef<HTMLParagraphElement>(null);
  const focusAfterLoad = useRef(false);
  useEffect(() => {
    if (!focusAfterLoad.current || !mine) return;
    focusAfterLoad.current = false;
    stateLine.current?.focus();
  }, [mine]);

  const done = () => {
    setDialog(null);
    focusAfterLoad.current = true;
    setReload((n) => n + 1);
  };
  const person = mine?.person;

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('serverRoom.ui.mine.title')}</h1>
        <p className="page-lead">{t('serverRoom.ui.mine.lead')}</p>
      </header>
      <ErrorAlert error={error} />
      {mine && !person && <Alert tone="info">{t('serverRoom.ui.mine.noPerson')}</Alert>}
      {person && (
        <>
          <section className="card" data-testid="my-status">
            <h2 className="card-title">
              <DoorOpen size={18} aria-hidden="true" />
              {person.name}
            </h2>
            {mine.openStay ? (
              <div className="sr-mine-open">
                <p className="sr-mine-state" ref={stateLine} tabIndex={-1}>{t('serverRoom.ui.mine.insideNow', { since: dates.dateTime(mine.openStay.enteredAt) })}</p>
                <p className="muted">
                  {p.list([mine.openStay.siteName, text.purpose(mine.openStay.purpose, mine.openStay.purposeLabel), text.duration(minutesBetween(mine.openStay.enteredAt))])}
                </p>
                <button type="button" className="btn btn-primary" onClick={() => setDialog({ exit: mine.openStay! })}>
                  <LogOut size={16} aria-hidden="true" />
                  {t('serverRoom.ui.actions.recordExit')}
                </button>
              </div>
            ) : (
              <div className="sr-mine-open">
                <p className="sr-mine-state" ref={stateLine} tabIndex={-1}>
                  {t('serverRoom.ui.mine.notInside')}
                </p>
                {person.serverRoomAuthorized && person.active && (
                  <button type="button" className="btn btn-primary" onClick={() => setDialog('record')}>
                    <DoorOpen size={16} aria-hidden="true" />
                    {t('serverRoom.ui.mine.recordEntry')}
                  </button>
                )}
              </div>
            )}
            <ul className="plain-list sr-mine-facts">
              <li>
                {person.serverRoomAuthorized ? <ShieldCheck size={16} aria-hidden="true" className="sr-ok" /> : <ShieldX size={16} aria-hidden="true" className="sr-warn" />}
                {person.serverRoomAuthorized ? t('serverRoom.ui.mine.authorized') : t('serverRoom.ui.mine.notAuthorized')}
              </li>
              <li>
                <KeyRound size={16} aria-hidden="true" />
                {mine.pinLockedUntil
                  ? t('serverRoom.ui.mine.pinLocked', { until: dates.dateTime(mine.pinLockedUntil) })
                  : mine.pinSet
                    ? t('serverRoom.ui.mine.pinSet')
                    : t('serverRoom.ui.mine.pinNotSet')}
                <Link to="/account/pin" className="sr-inline-link">
                  {mine.pinSet ? t('serverRoom.ui.mine.changePin') : t('serverRoom.ui.mine.setPin')}
                </Link>
              </li>
            </ul>
          </section>
          <section className="card">
            <h2 className="card-title">{t('serverRoom.ui.mine.recent')}</h2>
            {mine.recent.length === 0 ? (
              <p className="muted">{t('serverRoom.ui.mine.noRecent')}</p>
            ) : (
              <table className="table table-compact" data-testid="my-recent">
                <thead>
                  <tr>
                    <th scope="col">{t('serverRoom.ui.columns.entered')}</th>
                    <th scope="col">{t('serverRoom.ui.columns.exited')}</th>
                    <th scope="col">{t('serverRoom.fields.site')}</th>
                    <th scope="col">{t('serverRoom.ui.columns.purpose')}</th>
                    <th scope="col">{t('serverRoom.ui.columns.marks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.recent.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <DateText value={s.enteredAt} time />
                      </td>
                      <td>
                        {s.exitedAt ? (
                          // An exit on a later day says so (翌日 08:41), as in the book (a walk-through: a night's stay read 08:41).
                          <time dateTime={s.exitedAt} title={dates.dateTime(s.exitedAt)} data-testid="my-stay-exit">
                            {laterDay(s.enteredAt, s.exitedAt)}
                            {timeOf(s.exitedAt)}
                          </time>
                        ) : (
                          <span className="badge badge-primary">{t('serverRoom.ui.inside')}</span>
                        )}
                      </td>
                      <td>{s.siteName}</td>
                      <td>{text.purpose(s.purpose, s.purposeLabel)}</td>
                      <td className="sr-wrap">
                        <AnomalyMarks anomalies={s.anomalies} limit={2} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {dialog === 'record' && (
            <StayForm sites={sites} fixedPerson={{ id: person.id, name: person.name, employeeNo: '', siteId: person.siteId }} onClose={() => setDialog(null)} onSaved={done} />
          )}
          {dialog && typeof dialog === 'object' && <RecordExitDialog stay={dialog.exit} onClose={() => setDialog(null)} onSaved={done} />}
        </>
      )}
    </div>
  );
}
