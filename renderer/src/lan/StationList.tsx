import { useTranslation } from 'react-i18next';
import { Ban } from 'lucide-react';
import type { LanStationInfo } from '../../../shared/api/lan-contract';
import { DateText } from '../components/DateText';
import { usePunct } from '../hooks/usePunct';
import { useDates } from '../hooks/useDates';
import { ScrollRegion } from '../components/ScrollRegion';

function StationState({ s }: { s: LanStationInfo }) {
  const { t } = useTranslation();
  if (s.revokedAt) return <span className="badge badge-muted">{t('lan.stations.revoked')}</span>;
  return <span className={`badge ${s.online ? 'badge-success' : 'badge-warning'}`}>{t(s.online ? 'lan.stations.online' : 'lan.stations.offline')}</span>;
}

/**
 * What the host knows of a station's calls, true of each state: its last accepted call (since the
 * host started); once revoked, its refused calls — how many since the host started and the last one,
 * or the last the journal recorded before — and otherwise that none came. A revoked station still
 * calling read 「ホストの起動後はまだありません」 (a review): its calls are refused, not absent.
 */
function StationContact({ s, startedAt }: { s: LanStationInfo; startedAt: string }) {
  const { t } = useTranslation();
  const dates = useDates();
  const since = dates.dateTime(startedAt);
  if (!s.revokedAt) return s.lastContactAt ? <DateText value={s.lastContactAt} time /> : <span className="muted">{t('lan.stations.never', { time: since })}</span>;
  if (s.refusedSinceStart > 0 && s.lastRefusedAt) return <span>{t('lan.stations.refusedSince', { count: s.refusedSinceStart, time: dates.dateTime(s.lastRefusedAt) })}</span>;
  // Accepted since the host started and then revoked: every call since would have been counted above.
  if (s.lastContactAt) return <span className="muted">{t('lan.stations.silentSinceRevoked', { time: dates.dateTime(s.lastContactAt) })}</span>;
  if (s.lastRefusedAt) return <span className="muted">{t('lan.stations.refusedBefore', { time: dates.dateTime(s.lastRefusedAt) })}</span>;
  return <span className="muted">{t('lan.stations.noRequest', { time: since })}</span>;
}

/**
 * Every enrolled station (SPEC §11): its name and enrollment, its state — revoked: when, by whom, why,
 * and whether it still calls — what the host knows of its calls, and revoke.
 */
export function StationList({ stations, startedAt, onRevoke }: { stations: LanStationInfo[]; startedAt: string; onRevoke: (s: LanStationInfo) => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const dates = useDates();
  if (stations.length === 0) return <p className="empty">{t('lan.stations.empty')}</p>;
  return (
    <ScrollRegion label={t('lan.stations.title')}>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('lan.pair.name')}</th>
            <th scope="col">{t('lan.pair.profile')}</th>
            <th scope="col">{t('lan.stations.state')}</th>
            <th scope="col">{t('lan.stations.lastContact')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('lan.stations.revoke')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {stations.map((s) => (
            <tr key={s.id} data-testid="lan-station">
              <td>
                {s.name}
                <div className="mono small muted">{s.id}</div>
                <div className="small muted" data-testid="lan-station-enrolled">
                  {t('lan.stations.enrolled', { name: s.enrolledByName ?? '—', date: dates.date(s.enrolledAt) })}
                </div>
                {/* A door keeps working after its enroller's account is suspended: said here, for the administrators to decide (revoke it, or keep it). */}
                {!s.revokedAt && !s.enrolledByActive && (
                  <div className="small station-warning" data-testid="lan-station-enroller-inactive">
                    {t('lan.stations.enrollerInactive')}
                  </div>
                )}
              </td>
              <td>{s.siteName ? p.note(t(`lan.profiles.${s.profile}`), s.siteName) : t(`lan.profiles.${s.profile}`)}</td>
              <td data-testid="lan-station-state">
                <StationState s={s} />
                {s.revokedAt && (
                  <>
                    <div className="small muted" data-testid="lan-station-revoked">
                      {t('lan.stations.revokedBy', { name: s.revokedByName ?? '—', date: dates.date(s.revokedAt) })}
                    </div>
                    {s.revokeReason && (
                      <div className="small muted pre-wrap">
                        {t('history.reason')}
                        {p.colon}
                        {s.revokeReason}
                      </div>
                    )}
                  </>
                )}
                {s.stillCalling && (
                  <div className="small station-warning" data-testid="lan-station-still-calling">
                    {t('lan.stations.stillCalling')}
                  </div>
                )}
              </td>
              <td data-testid="lan-station-contact">
                <StationContact s={s} startedAt={startedAt} />
              </td>
              <td>
                {!s.revokedAt && (
                  <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onRevoke(s)} aria-label={p.note(t('lan.stations.revoke'), s.name)}>
                    <Ban size={14} aria-hidden="true" />
                    {t('lan.stations.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
