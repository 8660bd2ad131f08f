import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { RETENTION_LEDGERS, type RetentionLedger } from '../../shared/api/retention-contract';
import { SALT_COLUMN } from './journal/journal-form';
import { MIGRATION_ACTOR } from './store/schema-changes';
import { SIGN_OFF_ROLE, STILL_INSIDE } from './retention-rules';

// SPEC §8 retention: which records are past their period, as SQL over one connection — the main
// thread's (the erasure picks its batches) or a worker's read connection (the counts: over ten years
// of records, each old record's journal rows are read for its last act, seconds of work that must not
// hold the app; issue 7 point 5).

export interface RetentionPart {
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

/** The two instants of a ledger's period now (retention-rules.ts), as SQL parameters. */
export interface RetentionParams {
  cutoff: string;
  signedCutoff: string;
}

/**
 * Delivered once, never corrected: written when it arrived. One delivered before migration 33 holds
 * personal data (so cannot be erased, its journal row holding it in clear) only when the terminal
 * took a purpose note or visitors' names with it.
 */
const DOOR_DELIVERIES: RetentionPart = {
  table: 'door_deliveries', timeColumn: 'occurred_at', siteColumn: 'site_id',
  // And the stay it opened or closed was last acted on before the period too (migration 46, STILL_INSIDE):
  // a review found a 2019 delivery erasable the day its stay was closed, before anyone had reviewed the exit.
  written: `door_deliveries.arrived_at < @signedCutoff AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'row' AND j.entity = 'server_room_stays' AND j.entity_id = door_deliveries.stay_id AND j.at >= @signedCutoff AND j.actor <> '${MIGRATION_ACTOR.actor}' AND j.action <> 'personal.erase')`,
  holdsPersonal: "(json_extract(detail, '$.purposeNote') IS NOT NULL OR json_array_length(detail, '$.visitors') > 0)",
};

/**
 * What each ledger's retention reaches: its own records, from its definition (shared/ledgers/index.ts),
 * and what else keeps their personal data — a door terminal's delivered records, with the
 * server-room book (their purpose notes and visitors' names, migration 33; an insider probe found a
 * visitor's name there years after the stay's was erased).
 */
export const RETENTION_PARTS = Object.fromEntries(
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
 * its ledger, site and month). A month never signed waits for its sign-off, however old (migration 46,
 * retention-rules.ts SIGN_OFF_RULE_MIGRATION: it used to count from its end), and one whose seal was
 * reopened waits until it is signed again. A month is signed only after it ends, so only records
 * before the month-end cutoff are looked at. And the record itself was written, and last acted on (a
 * correction, a void, an exit, a return…), that many years ago: found by an insider probe, a stay
 * typed in today with a 2019 date (or corrected to one) was erased the same day, before anyone had
 * reviewed it. From migration 41 (retention-rules.ts ACTS_RULE_MIGRATION); verify holds erasures to it.
 * And it is closed: no one still inside (STILL_INSIDE, migration 46).
 */
export function pastSql(ledger: RetentionLedger, part: RetentionPart): string {
  const { old, signedOff, inside } = pastParts(ledger, part);
  return `(${old} AND ${signedOff} AND NOT ${inside})`;
}

/**
 * The conditions of pastSql: old enough by the record's own times and acts; its month signed off
 * before the period (or not signed off at all, or reopened: no standing seal); still open. The counts
 * say which keeps an old record (a month nobody signed is a review to finish, not a record that is past).
 */
function pastParts(ledger: RetentionLedger, part: RetentionPart): { old: string; signedAt: string; signedOff: string; inside: string } {
  const { table, timeColumn, siteColumn, written } = part;
  const month = `strftime('%Y-%m', ${table}.${timeColumn}, '+9 hours')`;
  const unit = `s.ledger = '${ledger}' AND s.site_id = ${table}.${siteColumn} AND s.month = ${month}`;
  // The first standing seal that completes the month (SIGN_OFF_ROLE): a month signed and reopened, not
  // signed again — or awaiting the completing seal again, another standing — is under review (kept).
  const role = SIGN_OFF_ROLE[ledger];
  const signedAt = `(SELECT min(s.signed_at) FROM seals s WHERE ${unit} AND s.status = 'sealed'${role ? ` AND s.signer_role = '${role}'` : ''})`;
  // Every act on the record, not only its correction: a void, an exit, a return typed in today comes
  // up in a review first (a probe: a slip voided today was erasable the same day). Its journal rows,
  // read last and only for the records old enough, by the index of each record's rows.
  const actedSince = `EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'row' AND j.entity = '${table}' AND j.entity_id = ${table}.id AND j.at >= @signedCutoff AND j.actor <> '${MIGRATION_ACTOR.actor}' AND j.action <> 'personal.erase')`;
  return {
    old: `(${table}.${timeColumn} < @cutoff AND ${written} AND NOT ${actedSince})`,
    signedAt,
    signedOff: `coalesce(${signedAt} < @signedCutoff, 0)`,
    inside: STILL_INSIDE[table]?.sql ?? '0',
  };
}

/** SQL: a record of this part whose personal data may be erased now. */
export function erasableSql(ledger: RetentionLedger, part: RetentionPart): string {
  return `${part.table}.personal_erased_at IS NULL AND ${part.table}.${SALT_COLUMN} IS NOT NULL AND ${pastSql(ledger, part)}`;
}

/** One part's records: erasable, not erasable (written before personal data had a salt), erased; the oldest erasable's time; and those old enough but kept, for a month not signed off or for someone still inside. */
export interface PartCounts {
  erasable: number;
  notErasable: number;
  erased: number;
  oldest: string | null;
  /** Old enough, holding personal data, but their month is not signed off (never, or reopened): they wait for the review. */
  unsigned: number;
  /** Old enough and signed off, but still open (still inside): kept until closed. */
  stillOpen: number;
}

/**
 * Each of a ledger's parts' counts over its period (`prepare`: the connection's, or the store's cached
 * statements). Each row's conditions are worked out once, in a subquery (LIMIT -1 keeps SQLite from
 * flattening it back into the sums, each of which would then read the record's journal rows again).
 */
export function retentionCounts(prepare: (sql: string) => Statement, ledger: RetentionLedger, params: RetentionParams): PartCounts[] {
  return RETENTION_PARTS[ledger].map((part) => {
    const t = part.table;
    const { old, signedAt, inside } = pastParts(ledger, part);
    const held = `${t}.personal_erased_at IS NULL AND (${t}.${SALT_COLUMN} IS NOT NULL OR ${part.holdsPersonal ?? '1'})`;
    // _old: personal data kept, past the period by the record's own times and acts; _signed: its month's
    // sign-off (NULL: none standing); open: still inside, asked only of one old and signed off.
    const withOld = `SELECT ${t}.*, CASE WHEN ${held} THEN ${old} ELSE 0 END AS _old FROM ${t} LIMIT -1`;
    const withSigned = `SELECT ${t}.*, CASE WHEN _old THEN ${signedAt} END AS _signed FROM (${withOld}) AS ${t} LIMIT -1`;
    const rows = `SELECT personal_erased_at IS NOT NULL AS erased, ${SALT_COLUMN} IS NOT NULL AS salted, ${part.timeColumn} AS time, _old AS old, _signed AS signed,
         CASE WHEN _old AND coalesce(_signed < @signedCutoff, 0) THEN ${inside} ELSE 0 END AS open
       FROM (${withSigned}) AS ${t} LIMIT -1`;
    const past = 'old AND coalesce(signed < @signedCutoff, 0) AND NOT open';
    const counts = prepare(
      `SELECT
         sum(NOT erased AND salted AND ${past}) AS erasable,
         sum(NOT erased AND NOT salted AND ${past}) AS notErasable,
         sum(erased) AS erased,
         min(CASE WHEN NOT erased AND salted AND ${past} THEN time END) AS oldest,
         sum(old AND signed IS NULL) AS unsigned,
         sum(old AND coalesce(signed < @signedCutoff, 0) AND open) AS stillOpen
       FROM (${rows})`,
    ).get(params) as { erasable: number | null; notErasable: number | null; erased: number | null; oldest: string | null; unsigned: number | null; stillOpen: number | null };
    return { erasable: counts.erasable ?? 0, notErasable: counts.notErasable ?? 0, erased: counts.erased ?? 0, oldest: counts.oldest, unsigned: counts.unsigned ?? 0, stillOpen: counts.stillOpen ?? 0 };
  });
}
