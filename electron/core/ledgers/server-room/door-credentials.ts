import type { Row, Store, Tx } from '../../store/store';
import type { JournalAction } from '../../../../shared/domain/journal-actions';

// SPEC §7: how a person identifies at the server-room door terminal — the employee card the reader
// types, or the employee number with a PIN — and the PIN's lockout counters (5 wrong PINs lock it
// for 15 minutes). One row per person who has any of them (issue 8 item 4: out of `people`).
// Journaled like everything else: setting or clearing a PIN, a card change, and every wrong PIN,
// lock and reset of the counters is a row change in the chain (auth/attempts.ts), as it was when
// these columns were in `people`.

export const DOOR_CREDENTIALS_TABLE = 'door_credentials';

/** Created by migration 7 (store/migrations.ts). Unique indexes, not column constraints: a later change can drop them. */
export const DOOR_CREDENTIALS_SQL = `CREATE TABLE ${DOOR_CREDENTIALS_TABLE} (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  card_no TEXT,                             -- the employee card's number, as the reader types it (null: none)
  pin_hash TEXT,                            -- the 4–8 digit PIN, hashed (null: not set)
  pin_failed_count INTEGER NOT NULL DEFAULT 0,
  pin_locked_until TEXT                     -- ISO instant
);
CREATE UNIQUE INDEX ${DOOR_CREDENTIALS_TABLE}_person ON ${DOOR_CREDENTIALS_TABLE}(person_id);
CREATE UNIQUE INDEX ${DOOR_CREDENTIALS_TABLE}_card ON ${DOOR_CREDENTIALS_TABLE}(card_no);`;

export interface DoorCredentialRow {
  id: string;
  person_id: string;
  card_no: string | null;
  pin_hash: string | null;
  pin_failed_count: number;
  pin_locked_until: string | null;
}

export type DoorCredentialFields = Partial<Pick<DoorCredentialRow, 'card_no' | 'pin_hash' | 'pin_failed_count' | 'pin_locked_until'>>;

const EMPTY: Required<DoorCredentialFields> = { card_no: null, pin_hash: null, pin_failed_count: 0, pin_locked_until: null };

export function credentialOf(store: Pick<Store, 'stmt'>, personId: string): DoorCredentialRow | undefined {
  return store.stmt(`SELECT * FROM ${DOOR_CREDENTIALS_TABLE} WHERE person_id = ?`).get(personId) as DoorCredentialRow | undefined;
}

/** A card's holder, whatever the case it is typed in (migration 30's index on the folded number). */
export const CARD_HOLDER_SQL = `SELECT person_id FROM ${DOOR_CREDENTIALS_TABLE} WHERE upper(card_no) = upper(?)`;

/** The person whose card this is. */
export function cardHolder(store: Pick<Store, 'stmt'>, cardNo: string): string | undefined {
  return (store.stmt(CARD_HOLDER_SQL).get(cardNo) as { person_id: string } | undefined)?.person_id;
}

/**
 * Change a person's credentials in the caller's transaction, under the caller's action: the row is
 * made at the first card or PIN; only what differs is written (a new PIN always differs: its hash is
 * salted).
 */
export function writeCredential(store: Store, tx: Tx, personId: string, fields: DoorCredentialFields, meta: { action: JournalAction; reason?: string | null }): void {
  const current = credentialOf(tx, personId);
  if (!current) {
    const row = { ...EMPTY, ...fields };
    if (row.card_no === null && row.pin_hash === null && row.pin_failed_count === 0 && row.pin_locked_until === null) return;
    tx.insert(DOOR_CREDENTIALS_TABLE, { id: store.newId(), person_id: personId, ...row }, meta);
    return;
  }
  const changed: Row = {};
  for (const [k, v] of Object.entries(fields) as [keyof DoorCredentialFields, string | number | null][]) if (current[k] !== v) changed[k] = v;
  if (Object.keys(changed).length > 0) tx.update(DOOR_CREDENTIALS_TABLE, current.id, changed, meta);
}
