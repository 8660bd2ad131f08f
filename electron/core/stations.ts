import { DaichoError } from '../../shared/api/errors';
import type { StationInfo } from '../../shared/api/core-contract';
import { describeStation } from '../../shared/stations';
import { readsAlikeAs } from '../../shared/search';
import type { Handlers } from './context';
import type { Store } from './store/store';

// Issue 6: every station that writes is registered by the store (Store.registerStation); an
// administrator names them, and people see that name instead of the internal id.

interface StationRow {
  id: string;
  name: string | null;
  first_seen_at: string;
  named_at: string | null;
}

/**
 * A lookup of station names for one answer (a list, a history): each name read once. With `at`, the
 * name the station had then, from its journaled renames: a row reads as written from where it was
 * written (a probe: two stations' names swapped by an administrator moved every past act, shown in
 * every history, to the other PC). A station not named yet then: its first name. Without `at`, the name now.
 */
export function stationNamer(store: Store): (id: string, at?: string, seq?: number) => string | null {
  const names = new Map<string, string | null>();
  const timelines = new Map<string, { seq: number; at: string; name: string | null }[]>();
  const renames = store.stmt("SELECT seq, at, json_extract(after, '$.name') AS name FROM journal WHERE kind = 'row' AND entity = 'stations' AND entity_id = ? ORDER BY seq");
  const now = (id: string) => {
    if (!names.has(id)) names.set(id, ((store.rowById('stations', id) as unknown as StationRow | undefined)?.name ?? null) || null);
    return names.get(id)!;
  };
  // `seq`: the act's journal row, when known (a rename in the same millisecond is after it or not by it).
  return (id, at, seq) => {
    if (at === undefined) return now(id);
    if (!timelines.has(id)) timelines.set(id, renames.all(id) as { seq: number; at: string; name: string | null }[]);
    const timeline = timelines.get(id)!;
    let then: string | null = null;
    for (const e of timeline) {
      if (seq !== undefined ? e.seq > seq : e.at > at) break;
      then = e.name || null;
    }
    // Not named yet then: the name it was first given (naming a station names what it wrote before,
    // issue 6); a rename after that does not reach back.
    return then ?? (timeline.find((e) => e.name)?.name || null) ?? now(id);
  };
}

function toInfo(r: StationRow): StationInfo {
  return { id: r.id, name: r.name, firstSeenAt: r.first_seen_at, namedAt: r.named_at, parts: describeStation(r.id) };
}

/**
 * Does another station have this name, or this id, as a person reads it (shared/search.ts readsAlike)? One name names one
 * station: renamed to another's, the rows one wrote would read as the other's (an insider probe).
 */
export function stationNameTaken(store: Pick<Store, 'stmt'>, name: string, exceptId: string | null): boolean {
  const sameAs = readsAlikeAs(name);
  const others = store.stmt('SELECT id, name FROM stations WHERE id <> ?').all(exceptId ?? '') as { id: string; name: string | null }[];
  return others.some((o) => sameAs(o.id) || sameAs(o.name));
}

export const stationHandlers: Pick<Handlers, 'stations.list' | 'stations.rename'> = {
  'stations.list': (ctx) => (ctx.store.stmt('SELECT * FROM stations ORDER BY first_seen_at, id').all() as StationRow[]).map(toInfo),

  'stations.rename': (ctx, { id, name, reason }) => {
    const row = ctx.store.rowById('stations', id) as unknown as StationRow | undefined;
    if (!row) throw new DaichoError('not_found', 'errors.not_found', 'id');
    if (row.name !== name && name !== null && stationNameTaken(ctx.store, name, id)) throw new DaichoError('conflict', 'stations.errors.name_taken', 'name');
    if (row.name !== name)
      ctx.store.write(ctx.actor(), (tx) => tx.update('stations', id, { name, named_at: tx.now, named_by: ctx.actor().actor }, { action: 'stations.rename', reason: reason ?? null }));
    return toInfo(ctx.store.rowById('stations', id) as unknown as StationRow);
  },
};
