import type { Migration } from './store/migrations';
import type { Tx } from './store/store';

// Issue 7 point 1, business rules never read the journal's JSON: the records a retention erasure kept
// because they were changed outside Daicho (its erasure would have journaled the change as its own)
// are rows of `retention_kept_outside`, written in the act's end with its retention.erase.done event
// (retention.ts), and read from there (keptOutside). The event still names them too (verify and a
// reader of the journal see the act whole). Journaled like every table the rules read: verify rebuilds
// it from the journal.

export const RETENTION_KEPT_TABLE = 'retention_kept_outside';

const RETENTION_KEPT_SQL = `CREATE TABLE ${RETENTION_KEPT_TABLE} (
  id TEXT PRIMARY KEY,                     -- <erasure_seq>:<entity_id>
  ledger TEXT NOT NULL,                    -- the ledger erased (retention-contract.ts RetentionLedger)
  entity TEXT NOT NULL,                    -- the record's table
  entity_id TEXT NOT NULL,                 -- the record kept
  changed_seq INTEGER NOT NULL,            -- its journal row it was no longer as (Store.changedOutside)
  erasure_seq INTEGER NOT NULL,            -- the act's end (its retention.erase.done event)
  kept_at TEXT NOT NULL                    -- the act's end's time (ISO instant)
);
CREATE INDEX ${RETENTION_KEPT_TABLE}_record ON ${RETENTION_KEPT_TABLE}(entity, entity_id);`;

export interface KeptRecord {
  id: string;
  seq: number;
}

/** In the act's end, after its retention.erase.done event (`erasureSeq`): the records it kept. */
export function noteKept(tx: Tx, a: { ledger: string; table: string; erasureSeq: number; at: string; kept: readonly KeptRecord[] }, action: 'retention.erase.kept' | 'migration.retention_kept_outside' = 'retention.erase.kept'): void {
  for (const k of a.kept)
    tx.insert(
      RETENTION_KEPT_TABLE,
      { id: `${a.erasureSeq}:${k.id}`, ledger: a.ledger, entity: a.table, entity_id: k.id, changed_seq: k.seq, erasure_seq: a.erasureSeq, kept_at: a.at },
      { action },
    );
}

/**
 * Migration 50: the table, and its rows from the erasures' end rows written before it (their
 * `keptChangedOutside`, read once here), so that old data keeps the same answer.
 */
export const RETENTION_KEPT_MIGRATION: Migration = {
  version: 50,
  name: 'retention-kept-outside',
  changes: [{ op: 'create_table', table: RETENTION_KEPT_TABLE, sql: RETENTION_KEPT_SQL }],
  backfill: (tx) => {
    const ends = tx
      .stmt("SELECT seq, at, entity, after FROM journal WHERE kind = 'event' AND action = 'retention.erase.done' AND entity_id IS NULL AND json_valid(after) ORDER BY seq")
      .all() as { seq: number; at: string; entity: string; after: string }[];
    for (const e of ends) {
      const a = JSON.parse(e.after) as { ledger?: unknown; keptChangedOutside?: unknown };
      if (!Array.isArray(a.keptChangedOutside) || typeof a.ledger !== 'string') continue;
      const kept = a.keptChangedOutside.filter((k): k is KeptRecord => typeof k?.id === 'string' && Number.isSafeInteger(k?.seq));
      // Only records still in their table (a row a key holder deleted since, or a table none has, has nothing to keep).
      const table = /^[a-z_][a-z0-9_]*$/.test(e.entity) && tx.stmt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(e.entity) ? e.entity : null;
      const present = table ? kept.filter((k) => tx.stmt(`SELECT 1 FROM ${table} WHERE id = ?`).get(k.id)) : [];
      noteKept(tx, { ledger: a.ledger, table: e.entity, erasureSeq: e.seq, at: e.at, kept: present }, 'migration.retention_kept_outside');
    }
  },
};
