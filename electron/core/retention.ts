import { jstMonth } from '../../shared/calendar';
import { DaichoError } from '../../shared/api/errors';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { RETENTION_LEDGERS, RETENTION_YEARS, type RetentionLedger, type RetentionStatus } from '../../shared/api/retention-contract';
import { requireSession, type Handlers } from './context';
import { getAccount } from './auth/accounts-repo';
import { checkPassword } from './auth/handlers';
import { approveAsSafetyManager } from './auth/account-rules';
import { addNotice } from './auth/notices';
import type { JournaledTable } from './store/migrations';
import type { Store } from './store/store';
import type { Settings } from './settings';
import { SALT_COLUMN } from './journal/journal-form';
import { MIGRATION_ACTOR } from './store/schema-changes';
import { retentionCutoff, signedCutoff } from './retention-rules';

// SPEC §8 retention (issue 7): each ledger keeps its records' personal data for a number of years
// after the month's sign-off (a month never signed: after its end, JST); after that a system
// administrator may erase it, with a reason and their own password. Each record's erasure is a
// journaled row change through the one write path; its digests in the chain then commit to nothing
// recoverable, and verify reports the record as erased (消去済).

interface RetentionPart {
  table: string;
  /** The column whose JST month is the record's month (its time field's). */
  timeColumn: string;
  /** The record's site (its month's sign-off is that site's). */
  siteColumn: string;
  /** SQL: the row was written, and last corrected, before @signedCutoff. */
  written: string;
  /** SQL: the row holds personal data (else every row does). */
  holdsPersonal?: string;
}

/**
 * Delivered once, never corrected: written when it arrived. One delivered before migration 33 holds
 * personal data (so cannot be erased, its journal row holding it in clear) only when the terminal
 * took a purpose note or visitors' names with it.
 */
const DOOR_DELIVERIES: RetentionPart = {
  table: 'door_deliveries', timeColumn: 'occurred_at', siteColumn: 'site_id', written: 'door_deliveries.arrived_at < @signedCutoff',
  holdsPersonal: "(json_extract(detail, '$.purposeNote') IS NOT NULL OR json_array_length(detail, '$.visitors') > 0)",
};

/**
 * What each ledger's retention reaches: its own records, from its definition (shared/ledgers/index.ts),
 * and what else keeps their personal data — a door terminal's delivered records, with the
 * server-room book (their purpose notes and visitors' names, migration 33; an insider probe found a
 * visitor's name there years after the stay's was erased).
 */
const PARTS = Object.fromEntries(
  RETENTION_LEDGERS.map((key) => {
    const def = LEDGER_DEFINITIONS.find((d) => d.key === key)!;
    const column = (k: string | undefined) => {
      const f = def.fields.find((x) => x.key === k);
      if (!f) throw new Error(`ledger ${key}: personal data needs a time field and a site field (its month's sign-off starts its retention)`);
      return f.column;
    };
    const t = def.table;
    const own: RetentionPart = { table: t, timeColumn: column(def.timeField), siteColumn: column(def.siteField), written: `${t}.recorded_at < @signedCutoff AND coalesce(${t}.amended_at < @signedCutoff, 1)` };
    return [key, key === 'serverRoom' ? [own, DOOR_DELIVERIES] : [own]];
  }),
) as Record<RetentionLedger, RetentionPart[]>;

/**
 * SPEC §8: a record is past the period `years` after its month's sign-off (the first standing seal of
 * its ledger, site and month); a month never signed counts from its end, and one whose seal was
 * reopened waits until it is signed again. A month is signed only after it ends, so only records
 * before the month-end cutoff are looked at. And the record itself was written, and last acted on (a
 * correction, a void, an exit, a return…), that many years ago: found by an insider probe, a stay
 * typed in today with a 2019 date (or corrected to one) was erased the same day, before anyone had
 * reviewed it. From migration 41 (retention-rules.ts ACTS_RULE_MIGRATION); verify holds erasures to it.
 */
function pastSql(ledger: RetentionLedger, part: RetentionPart): string {
  const { table, timeColumn, siteColumn, written } = part;
  const month = `strftime('%Y-%m', ${table}.${timeColumn}, '+9 hours')`;
  const unit = `s.ledger = '${ledger}' AND s.site_id = ${table}.${siteColumn} AND s.month = ${month}`;
  const signedAt = `(SELECT min(s.signed_at) FROM seals s WHERE ${unit} AND s.status = 'sealed')`;
  // A month signed and reopened, not signed again, is under review: kept (a probe: it counted from its end).
  const neverSigned = `NOT EXISTS (SELECT 1 FROM seals s WHERE ${unit})`;
  // Every act on the record, not only its correction: a void, an exit, a return typed in today comes
  // up in a review first (a probe: a slip voided today was erasable the same day). Its journal rows,
  // read last and only for the records old enough, by the index of each record's rows.
  const actedSince = `EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'row' AND j.entity = '${table}' AND j.entity_id = ${table}.id AND j.at >= @signedCutoff AND j.actor <> '${MIGRATION_ACTOR.actor}' AND j.action <> 'personal.erase')`;
  return `(${table}.${timeColumn} < @cutoff AND ${written} AND coalesce(${signedAt} < @signedCutoff, ${neverSigned}) AND NOT ${actedSince})`;
}

/** Records erased per write: each write is short, so the app keeps answering during a large erasure. */
const BATCH = 100;

function yearsOf(settings: Settings, ledger: RetentionLedger): number {
  return settings.get(`retention.${ledger}.years`) ?? RETENTION_YEARS.default;
}

/** How many records of one part are erasable, not erasable (written before personal data had a salt), erased; the oldest erasable's time. */
function partCounts(store: Store, ledger: RetentionLedger, part: RetentionPart, params: { cutoff: string; signedCutoff: string }) {
  const past = pastSql(ledger, part);
  const counts = store
    .stmt(
      `SELECT
         sum(personal_erased_at IS NULL AND ${SALT_COLUMN} IS NOT NULL AND ${past}) AS erasable,
         sum(personal_erased_at IS NULL AND ${SALT_COLUMN} IS NULL AND ${past} AND ${part.holdsPersonal ?? '1'}) AS notErasable,
         sum(personal_erased_at IS NOT NULL) AS erased,
         min(CASE WHEN personal_erased_at IS NULL AND ${SALT_COLUMN} IS NOT NULL AND ${past} THEN ${part.timeColumn} END) AS oldest
       FROM ${part.table}`,
    )
    .get(params) as { erasable: number | null; notErasable: number | null; erased: number | null; oldest: string | null };
  return { erasable: counts.erasable ?? 0, notErasable: counts.notErasable ?? 0, erased: counts.erased ?? 0, oldest: counts.oldest };
}

/** A ledger's period now, and each of its parts' counts over it (retentionStatus, and the erasure's acts). */
function countsOf(store: Store, settings: Settings, ledger: RetentionLedger, now: Date) {
  const years = yearsOf(settings, ledger);
  const params = { cutoff: retentionCutoff(now, years).toISOString(), signedCutoff: signedCutoff(now, years) };
  return { years, params, parts: PARTS[ledger].map((part) => ({ part, ...partCounts(store, ledger, part, params) })) };
}

export function retentionStatus(store: Store, settings: Settings, ledger: RetentionLedger, now: Date): RetentionStatus {
  return statusOf(ledger, countsOf(store, settings, ledger, now));
}

function statusOf(ledger: RetentionLedger, { years, params, parts }: ReturnType<typeof countsOf>): RetentionStatus {
  const sum = (k: 'erasable' | 'notErasable' | 'erased') => parts.reduce((n, p) => n + p[k], 0);
  const oldest = parts.map((p) => p.oldest).filter((t): t is string => t !== null).sort()[0] ?? null;
  return { ledger, years, cutoff: params.cutoff, erasable: sum('erasable'), notErasable: sum('notErasable'), erased: sum('erased'), oldestMonth: oldest ? jstMonth(new Date(oldest)) : null };
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export const retentionHandlers: Pick<Handlers, 'retention.status' | 'retention.setYears' | 'retention.erase'> = {
  'retention.status': (ctx) => (Object.keys(PARTS) as RetentionLedger[]).map((l) => retentionStatus(ctx.store, ctx.settings, l, ctx.now)),

  'retention.setYears': async (ctx, { ledger, years, reason, approval }) => {
    const current = yearsOf(ctx.settings, ledger);
    if (current === years) throw new DaichoError('invalid_input', 'errors.no_change', 'years');
    // A shorter period makes more records erasable: a safety manager approves it.
    let approvedBy: string | null = null;
    if (years < current) {
      if (!approval) throw new DaichoError('invalid_input', 'retention.errors.approval_required', 'approval');
      approvedBy = (await approveAsSafetyManager(ctx, approval, { targetId: null })).id;
    }
    const actorId = requireSession(ctx).accountId;
    ctx.store.write(ctx.actor(), (tx) => {
      if (approvedBy) {
        tx.event('retention.shorten.approved', 'settings', `retention.${ledger}.years`, { from: current, to: years, approvedBy }, reason);
        // The approver is told that her approval was used, as for an account's change (an insider probe).
        addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, detail: { action: 'retention.shorten', ledger, from: current, to: years }, reason });
      }
      ctx.settings.set(tx, `retention.${ledger}.years`, years, reason);
    });
    return retentionStatus(ctx.store, ctx.settings, ledger, ctx.now);
  },

  'retention.erase': async (ctx, { ledger, reason, password, approval }) => {
    const account = getAccount(ctx.store, requireSession(ctx).accountId);
    if (!account) throw new DaichoError('not_signed_in', 'errors.not_signed_in');
    await checkPassword(ctx, account, password, 'retention.erase');
    const approver = await approveAsSafetyManager(ctx, approval, { targetId: null });
    const counts = countsOf(ctx.store, ctx.settings, ledger, ctx.now);
    const status = statusOf(ledger, counts);
    if (status.erasable === 0) throw new DaichoError('invalid_input', 'retention.errors.nothing', 'ledger');
    const who = ctx.actor();
    const { params } = counts;
    let erased = 0;
    // One act per table (verify holds each erasure to its own table's act, journal/verify-erasures.ts).
    // The approver is told what her approval erased, also when the erasure stopped part-way (a disk
    // full, the app closing): it cannot be undone (an insider probe; a second probe: told only at the end).
    try {
      for (const { part, erasable: records } of counts.parts) {
        if (records === 0) continue;
        const pick = ctx.store.stmt(
          `SELECT id FROM ${part.table} WHERE personal_erased_at IS NULL AND ${SALT_COLUMN} IS NOT NULL AND ${pastSql(ledger, part)} ORDER BY ${part.timeColumn} LIMIT ${BATCH}`,
        );
        let done = 0;
        ctx.store.write(who, (tx) =>
          tx.event('retention.erase.start', part.table, null, { ledger, cutoff: status.cutoff, records, years: status.years, approvedBy: approver.id }, reason),
        );
        for (;;) {
          const ids = (pick.all(params) as { id: string }[]).map((r) => r.id);
          if (ids.length === 0) break;
          ctx.store.write(who, (tx) => {
            for (const id of ids) tx.erasePersonal(part.table as JournaledTable, id, { action: 'personal.erase', reason });
          });
          done += ids.length;
          erased += ids.length;
          await yieldToOthers();
        }
        ctx.store.write(who, (tx) => tx.event('retention.erase.done', part.table, null, { ledger, erased: done }, reason));
      }
    } finally {
      try {
        if (erased > 0)
          ctx.store.write(who, (tx) => addNotice(ctx.store, tx, { accountId: approver.id, kind: 'approval_used', actorId: account.id, approvedBy: approver.id, detail: { action: 'retention.erase', ledger, erased }, reason }));
      } catch {
        // The store cannot be written (what stopped the erasure): its own error is the one reported.
      }
    }
    // The erased values leave the file: the write-ahead log's older pages go once it is checkpointed.
    ctx.store.checkpoint('TRUNCATE');
    return { erased, status: retentionStatus(ctx.store, ctx.settings, ledger, ctx.now) };
  },
};
