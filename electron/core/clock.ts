import type { ClockAnomaly } from '../../shared/api/core-contract';
import type { Handlers } from './context';
import { actorNamer } from './record-history';
import { stationNamer } from './stations';

// SPEC §8: a write whose time is more than 5 minutes earlier than the journal's last time raises a
// clock anomaly (the store journals it first, store.ts noteClockAnomaly). The dashboard warns of the
// recent ones: the records written then carry the wrong clock's times.

/** How many of the latest are shown, and for how long after they happened (by either time). */
const SHOWN = 20;
const SHOWN_DAYS = 90;

/** The latest clock anomalies (the partial index of migration 21: never a scan of the journal). */
export const LATEST_CLOCK_ANOMALIES = `SELECT seq, at, actor, station, json_extract(after, '$.journalLastAt') AS last FROM journal
  WHERE action = 'clock.anomaly' AND kind = 'event' ORDER BY seq DESC LIMIT ${SHOWN}`;

export const clockHandlers: Pick<Handlers, 'clock.anomalies'> = {
  'clock.anomalies': (ctx): ClockAnomaly[] => {
    const since = new Date(ctx.now.getTime() - SHOWN_DAYS * 86_400_000).toISOString();
    const rows = ctx.store
      .stmt(LATEST_CLOCK_ANOMALIES)
      .all() as { seq: number; at: string; actor: string; station: string; last: string | null }[];
    const stationName = stationNamer(ctx.store);
    const actorName = actorNamer(ctx.store);
    return rows
      .filter((r) => typeof r.last === 'string' && (r.at >= since || r.last >= since))
      .map((r) => ({
        seq: r.seq, clockAt: r.at, journalLastAt: r.last!, minutesBehind: Math.floor((Date.parse(r.last!) - Date.parse(r.at)) / 60_000),
        station: r.station, stationName: stationName(r.station, r.at, r.seq), actorName: actorName(r.actor),
      }));
  },
};
