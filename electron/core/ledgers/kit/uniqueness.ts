// One of a kind: one register code names one entry in use, and one thing (an asset, a guest card, a
// cabinet) is in one record at a time over time.

import { DaichoError } from '../../../../shared/api/errors';
import type { MessageKey } from '../../../../shared/i18n';
import { readsAlikeAs } from '../../../../shared/search';
import { readsDigits } from '../../../../shared/ledgers';
import type { Store } from '../../store/store';
import { rowsToJudge, type CodeIndexStore } from './code-index';

/** One thing used by one record at a time over a period: an asset out, a guest card lent, a cabinet open. */
export interface ExclusiveUse {
  table: string;
  /** The column naming the thing (asset_id, guest_card_id, cabinet_id). */
  thing: string;
  /** The columns of the period: from `start` until `end` (null: not over yet). */
  start: string;
  end: string;
  /** The message of a refusal, said at the record's start field. */
  message: MessageKey;
  field: string;
}

/**
 * Another valid record of the same thing whose period overlaps [from, until) — until null: not over
 * yet; 'unknown': a record being added whose end comes with its closing act (a return, a sign-out, a
 * lock), when this is asked again with it — only its start is asked now, so a paper slip of last
 * Friday goes in before Tuesday's. Touching end to start is no overlap. Found by an insider probe:
 * "already out" and "one open session" looked only at the state now, so a checkout, a visit with a
 * card or a cabinet session typed in with an earlier date, or corrected into another's time, put one
 * thing in two places at once.
 */
export function refuseOverlap(
  store: Pick<Store, 'stmt'>,
  use: ExclusiveUse,
  r: { thingId: string | null | undefined; from: string | null | undefined; until: string | null | undefined | 'unknown'; selfId: string | null; field?: string },
): void {
  if (!r.thingId || !r.from) return;
  const iso = (v: string) => new Date(v).toISOString();
  const from = iso(r.from);
  // Unknown end: only a record whose period holds the start.
  const until = r.until === 'unknown' ? new Date(Date.parse(from) + 1).toISOString() : r.until ? iso(r.until) : null;
  const other = store
    .stmt(
      `SELECT id, ${use.start} AS start FROM ${use.table}
       WHERE ${use.thing} = @thing AND status = 'valid' AND id <> @self
         AND (@until IS NULL OR ${use.start} < @until) AND (${use.end} IS NULL OR ${use.end} > @from)
       ORDER BY ${use.start} LIMIT 1`,
    )
    .get({ thing: r.thingId, self: r.selfId ?? '', from, until }) as { id: string; start: string } | undefined;
  if (other) throw new DaichoError('conflict', use.message, r.field ?? use.field, { since: other.start });
}

/**
 * Another register entry in use whose code reads the same (SD-001, ＳＤ－００１ and sd-001 are one
 * code: an insider probe registered all three as different assets). A retired entry's code may be used again.
 */
export function refuseTakenCode(
  store: CodeIndexStore,
  q: { table: string; column: string; code: string | undefined; selfId: string | null; message: MessageKey; field: string; /** Among the rows of one site (a name the site's paper tells its things apart by). */ siteId?: string },
): void {
  if (q.code === undefined) return;
  const sameAs = readsAlikeAs(q.code, readsDigits(q.table, q.column));
  const rows = rowsToJudge(store, {
    table: q.table, column: q.column, code: q.code, select: `id, ${q.column} AS code`,
    ...(q.siteId === undefined ? { where: "status = 'valid'" } : { where: "status = 'valid' AND site_id = ?", params: [q.siteId] }),
  });
  if (rows.some((r) => r.id !== q.selfId && sameAs(r.code))) throw new DaichoError('conflict', q.message, q.field);
}

/**
 * Does a write touch any of these fields (a new record touches all)? A rule added later asks again
 * only of what a correction changes: a correction of an older record's notes is not refused for what
 * it always was.
 */
export function touches(changed: ReadonlySet<string> | 'all', keys: readonly string[]): boolean {
  return changed === 'all' || keys.some((k) => changed.has(k));
}
