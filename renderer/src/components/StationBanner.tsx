import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Cloud, CloudOff, RefreshCw } from 'lucide-react';
import type { StationStatus } from '../../../shared/api/lan-contract';
import { call } from '../api/client';

const POLL_MS = 3_000;

/**
 * Where this window runs, asked every few seconds (a passive call) while it is a station of a host;
 * on the PC that holds the data it is asked once (that never changes).
 */
export function useStationStatus(enabled = true): StationStatus | null {
  const [status, setStatus] = useState<StationStatus | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      void call('station.status', {}).then((r) => {
        if (!live || !r.ok) return;
        setStatus(r.value);
        if (r.value.mode === 'local') window.clearInterval(timer);
      });
    const timer = window.setInterval(load, POLL_MS);
    load();
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [enabled]);
  return status;
}

/**
 * SPEC §11: on a station whose ledger host does not answer, or while records still wait to be
 * delivered, a banner says so (and how many wait); nothing shows on the PC that holds the data.
 * `named`: while all is well, the station's name and that it is connected (the desk's header).
 */
export function StationBanner({ named = false, status: given }: { named?: boolean; /** Asked already by the screen (the kiosk): not asked again. */ status?: StationStatus | null }) {
  const { t } = useTranslation();
  const polled = useStationStatus(given === undefined);
  const status = given === undefined ? polled : given;
  const waiting = status?.waiting ?? 0;
  const rejected = status?.rejected ?? 0;
  const revoked = status?.revoked === true;
  const show = status?.mode === 'station' && (!status.connected || waiting > 0 || rejected > 0 || revoked);
  const calm = named && status?.mode === 'station' && !show;
  return (
    <div role="status" className="station-banner-slot">
      {calm && (
        <p className="station-banner station-banner-ok" data-testid="station-connected">
          <Cloud size={16} aria-hidden="true" />
          {t('lan.station.named', { name: status.name ?? '' })}
        </p>
      )}
      {show && (
        <p className="station-banner station-banner-offline" data-testid="station-offline">
          {status.connected ? <RefreshCw size={16} aria-hidden="true" /> : <CloudOff size={16} aria-hidden="true" />}
          {revoked ? (waiting > 0 ? t('lan.station.revoked', { count: waiting }) : t('lan.station.revokedNone')) : status.connected ? (waiting > 0 ? t('lan.station.sending', { count: waiting }) : t('lan.station.rejected', { count: rejected })) : waiting > 0 ? t('lan.station.offline', { count: waiting }) : t('lan.station.offlineNone')}
        </p>
      )}
    </div>
  );
}
