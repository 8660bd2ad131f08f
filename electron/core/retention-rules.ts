import { jstMonth, jstMonthRange } from '../../shared/calendar';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { canonicalJson } from './journal/canonical';
import { SERVER_ROOM_COMPLETED_BY } from '../../shared/ledgers/serverRoom';
import { RETENTION_YEARS } from '../../shared/api/retention-contract';
import type { Settings } from './settings';

// SPEC §8 retention, as pure rules shared by the erasure itself (retention.ts) and verify
// (journal/verify-erasures.ts), which checks every erasure in the journal against them.

/** A ledger's retention period in years: its setting, else the default (a ledger with no personal data has the default too). */
export function retentionYears(settings: Pick<Settings, 'get'>, ledger: string): number {
  return settings.get(`retention.${ledger}.years` as `retention.${string}.years`) ?? RETENTION_YEARS.default;
}

/** The first instant whose month is still kept: records before it are past the period. */
export function retentionCutoff(now: Date, years: number): Date {
  const [y, m] = jstMonth(now).split('-').map(Number);
  return jstMonthRange(`${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}`).start;
}

/** Records signed off (and written, and last corrected) before this instant are past the period. */
export function signedCutoff(now: Date, years: number): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

/** Each table with personal fields: its ledger, and the columns of its record's month (its time field's Japan month) and site. */
export const RETENTION_UNIT_COLUMNS: Readonly<Record<string, { ledger: string; time: string; site: string | null }>> = {
  ...Object.fromEntries(
    LEDGER_DEFINITIONS.filter((d) => d.personal?.length && d.timeField).map((d) => {
      const column = (key: string | undefined) => d.fields.find((f) => f.key === key)?.column ?? null;
      return [d.table, { ledger: d.key, time: column(d.timeField)!, site: column(d.siteField) }];
    }),
  ),
  // A door terminal's delivered records, erased with the server-room book (retention.ts).
  door_deliveries: { ledger: 'serverRoom', time: 'occurred_at', site: 'site_id' },
};

/**
 * The migration with which an erasure also asks that the record was written and last corrected
 * before the period (retention.ts pastSql): verify holds the erasures after it to that rule, and
 * those before it (made by the older rule) to the others only.
 */
export const WRITTEN_RULE_MIGRATION = 27;

/**
 * The migration from which an erasure also waits for every act on its record, not only its
 * correction (a void, an exit, a return: each comes up in a review), and for a month whose seal was
 * reopened (under review again; counted from its sign-off, never from its end), and verify holds the
 * erasures after it to the month's sign-off as the app does (retention.ts pastSql). Erasures made
 * before it, by the older rules, are held to those.
 */
export const ACTS_RULE_MIGRATION = 41;

/**
 * The migration from which the safety manager's approval of each erasure act is signed with her own
 * key (review/keys.ts), over the act's statement and the journal row before it (an insider probe: the
 * approval was only a name in the act, so someone holding the database key wrote an "approved" act
 * without her). Verify names an act after it that her key in force then did not sign.
 */
export const SIGNED_APPROVAL_MIGRATION = 45;

/**
 * The migration from which a record's personal data waits for its month's sign-off however old the
 * month (SPEC §8: "after the month's sign-off"; before it, a month nobody signed counted from its end,
 * so a month never reviewed could be erased — a probe) by the seal that completes it (SIGN_OFF_ROLE),
 * and for the record to be closed: someone still
 * inside the server room, or a visitor never signed out, is evidence still being written
 * (STILL_INSIDE). Verify holds the erasures after it to both; those before it, to the older rules.
 */
export const SIGN_OFF_RULE_MIGRATION = 46;

/**
 * Whose seal signs a ledger's month off for the retention (SIGN_OFF_RULE_MIGRATION): the role whose
 * seal completes its review (ReviewSource.completedBy), else anyone's. A probe: with the safety
 * manager's approval of a server-room month reopened and the site head's 確認 still standing, the month
 * — awaiting her approval again — was counted as signed off and erased.
 */
export const SIGN_OFF_ROLE: Readonly<Record<string, string>> = { serverRoom: SERVER_ROOM_COMPLETED_BY };

/**
 * A record still open for the retention (SIGN_OFF_RULE_MIGRATION), by table: as SQL over its row (the
 * app's count and erasure) and over its values as the journal has them (verify). A void closes it; a
 * door terminal's delivered record is open while the stay it opened is (its SQL only: verify reads that
 * stay's row in the journal, journal/verify-erasures.ts).
 */
export const STILL_INSIDE: Readonly<Record<string, { sql: string; column?: string; stay?: string }>> = {
  server_room_stays: { sql: "(server_room_stays.status = 'valid' AND server_room_stays.exited_at IS NULL)", column: 'exited_at' },
  visitor_visits: { sql: "(visitor_visits.status = 'valid' AND visitor_visits.left_at IS NULL)", column: 'left_at' },
  door_deliveries: {
    sql: "EXISTS (SELECT 1 FROM server_room_stays s WHERE s.id = door_deliveries.stay_id AND s.status = 'valid' AND s.exited_at IS NULL)",
    stay: 'stay_id',
  },
};

/** What every approval signed from that migration holds besides what it approves: who, by whom, why, when, where in the chain, with which key. */
interface SignedApproval {
  approvedBy: string;
  /** The administrator whose act it approves (the row's actor). */
  adminId: string;
  reason: string | null;
  /** The row's time. */
  at: string;
  /** The row's prev_hash: the signature holds at that one place in the chain. */
  prevHash: string;
  keyId: string;
}

/** What the approver of an erasure act signs: the act's start as written. */
export interface ErasureApproval extends SignedApproval {
  table: string;
  ledger: string;
  cutoff: string;
  years: number;
  records: number;
}

export const erasureApprovalStatement = (a: ErasureApproval): Buffer => Buffer.from(canonicalJson({ v: 1, kind: 'retention.erase', ...a }));

/**
 * What the approver of a shorter retention period signs, from the same migration (a shorter period
 * makes more records erasable): the setting, from and to.
 */
export interface ShortenApproval extends SignedApproval {
  setting: string;
  from: number;
  to: number;
}

export const shortenApprovalStatement = (a: ShortenApproval): Buffer => Buffer.from(canonicalJson({ v: 1, kind: 'retention.shorten', ...a }));

/**
 * The journal rows verify reads for the erasures (journal/verify-erasures.ts): few, found by
 * migration 27's partial index, whose condition this is word for word (SQLite uses it only then).
 */
export const ERASURE_ROWS = `action IN ('retention.erase.start', 'retention.erase.done', 'personal.erase', 'schema.migrate')`;
