import type { Store } from './store';

// SPEC §8: a clock set back is journaled (store.ts noteClockAnomaly) and the write goes ahead with the
// wrong clock's time. What takes effect from a write — a rule setting's version, an authorization's
// start or end, a system's retirement — is dated no earlier than the time the journal had reached:
// a clock turned back does not make an act one done in the past.

/** The latest time the journal had reached before a clock went back, by a journal row (all when null): migration 21's partial index, a few rows. */
export function clockReached(store: Store, uptoSeq: number | null = null): string | null {
  const row = store
    .stmt("SELECT max(json_extract(after, '$.journalLastAt')) AS at FROM journal WHERE action = 'clock.anomaly' AND kind = 'event' AND (@upto IS NULL OR seq <= @upto)")
    .get({ upto: uptoSeq }) as { at: string | null };
  return row.at;
}

/** When an act done now takes effect: the write's time, or the time the journal had reached if that is later. */
export function actTime(store: Store, now: string): string {
  const reached = clockReached(store);
  return reached && Date.parse(reached) > Date.parse(now) ? new Date(Date.parse(reached)).toISOString() : now;
}
