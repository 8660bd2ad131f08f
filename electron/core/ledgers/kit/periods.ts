import { DaichoError } from '../../../../shared/api/errors';
import type { MessageKey } from '../../../../shared/i18n';
import type { Store } from '../../store/store';

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
 * yet (touching end to start is no overlap). Found by an insider probe: "already out" and "one open
 * session" looked only at the state now, so a checkout, a visit with a card or a cabinet session typed
 * in with an earlier date, or corrected into another's time, put one thing in two places at once.
 */
export function refuseOverlap(store: Pick<Store, 'stmt'>, use: ExclusiveUse, r: { thingId: string | null | undefined; from: string | null | undefined; until: string | null | undefined; selfId: string | null }): void {
  if (!r.thingId || !r.from) return;
  const iso = (v: string) => new Date(v).toISOString();
  const other = store
    .stmt(
      `SELECT id, ${use.start} AS start FROM ${use.table}
       WHERE ${use.thing} = @thing AND status = 'valid' AND id <> @self
         AND (@until IS NULL OR ${use.start} < @until) AND (${use.end} IS NULL OR ${use.end} > @from)
       ORDER BY ${use.start} LIMIT 1`,
    )
    .get({ thing: r.thingId, self: r.selfId ?? '', from: iso(r.from), until: r.until ? iso(r.until) : null }) as { id: string; start: string } | undefined;
  if (other) throw new DaichoError('conflict', use.message, use.field, { since: other.start });
}
