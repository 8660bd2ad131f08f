import { canonicalJson } from './journal/canonical';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';

// A record changed outside Daicho (with the database key) is refused by every write (Store.changedOutside)
// and named by verify until it is dealt with. It is put back as its history has it (a backup, or the
// key), or accepted as found: an approved act of a system administrator with a reason, which journals
// the record as it stands (outside-acceptance.ts). What both acts write, and what verify holds them to
// (journal/verify-acceptances.ts).

/** The act's first row: an event with the approval, signed by the safety manager's key. */
export const ACCEPTED_EVENT = 'records.outside.accepted';
/** The act's second row, right after it: the record's row change, as found. */
export const ACCEPT_ROW = 'records.outside.accept';

/**
 * The journal rows verify reads for the acceptances: few, found by migration 48's partial index, whose
 * condition this is word for word (SQLite uses it only then).
 */
export const ACCEPTANCE_ROWS = `action IN ('${ACCEPTED_EVENT}', '${ACCEPT_ROW}')`;

/** From this migration on, an acceptance can be journaled; none before it is the app's. */
export const ACCEPTANCE_MIGRATION = 48;

/**
 * The records that can be accepted as found: the ledgers' records and registers, which a clerk could
 * have corrected the same way. Not the app's own machinery — accounts and their roles, settings,
 * signing keys, seals and the review's notes, stations, what a door delivered: accepting a change to
 * one would make the key holder's change a role, a key or a signature (an insider's way round the
 * approvals those have). Those are put back from a backup. Verify names an acceptance of any other.
 */
export const ACCEPTABLE_TABLES: ReadonlySet<string> = new Set(['people', 'server_room_stays', 'sites', ...LEDGER_DEFINITIONS.map((d) => d.table)]);

/** What the safety manager signs: the record, its last journal row before (0: none), and the form it is accepted as (its sha256). */
export interface AcceptanceApproval {
  table: string;
  id: string;
  /** The record's latest row change before the act (0: it had none: added outside Daicho). */
  seq: number;
  /** sha256 (hex) of the journal form the record is accepted as: the act's row's `after`. */
  form: string;
  approvedBy: string;
  adminId: string;
  reason: string;
  /** The event row's time. */
  at: string;
  /** The event row's prev_hash: the signature holds at that one place in the chain. */
  prevHash: string;
  keyId: string;
}

export const acceptanceStatement = (a: AcceptanceApproval): Buffer => Buffer.from(canonicalJson({ v: 1, kind: 'records.outside.accept', ...a }));
