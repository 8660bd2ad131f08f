import type { JournaledTable, Migration } from '../../store/migrations';

// Migration 9 (issue 9): the assets register and the laptop / portable-media checkout record (SPEC
// §4.3), tables of the ledger kit. Frozen as written when it shipped.

export const ASSETS_SQL = `CREATE TABLE assets (
  id TEXT PRIMARY KEY,
  asset_tag TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('laptop', 'usb_memory', 'external_disk', 'sd_card', 'optical_disc', 'other')),
  model TEXT NOT NULL,
  serial TEXT,
  site_id TEXT NOT NULL REFERENCES sites(id),
  storage_place TEXT NOT NULL,
  encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
  state TEXT NOT NULL CHECK (state IN ('in_storage', 'out', 'repair', 'lost', 'disposed')),
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX assets_tag ON assets(asset_tag) WHERE status = 'valid';
CREATE INDEX assets_site_id ON assets(site_id);`;

export const ASSET_CHECKOUTS_SQL = `CREATE TABLE asset_checkouts (
  id TEXT PRIMARY KEY,
  asset_id TEXT NOT NULL REFERENCES assets(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  borrower_id TEXT NOT NULL REFERENCES people(id),
  purpose TEXT NOT NULL,
  destination TEXT NOT NULL,
  checked_out_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  approved_by TEXT REFERENCES accounts(id),
  returned_at TEXT,
  received_by TEXT REFERENCES people(id),
  condition TEXT CHECK (condition IS NULL OR condition IN ('good', 'damaged', 'faulty')),
  data_handling TEXT,
  lost_at TEXT,
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0,
  CHECK (due_at > checked_out_at),
  CHECK (returned_at IS NULL OR returned_at >= checked_out_at)
);
CREATE INDEX asset_checkouts_time ON asset_checkouts(checked_out_at);
CREATE INDEX asset_checkouts_site_time ON asset_checkouts(site_id, checked_out_at);
CREATE INDEX asset_checkouts_asset_id ON asset_checkouts(asset_id, checked_out_at);
CREATE INDEX asset_checkouts_borrower_id ON asset_checkouts(borrower_id, checked_out_at);
CREATE INDEX asset_checkouts_due ON asset_checkouts(due_at) WHERE returned_at IS NULL AND lost_at IS NULL AND status = 'valid';
-- An asset is out at most once (the rules check first, so the message names the field).
CREATE UNIQUE INDEX asset_checkouts_one_out ON asset_checkouts(asset_id) WHERE returned_at IS NULL AND lost_at IS NULL AND status = 'valid';`;

export const assetsMigration: Migration = {
  version: 9,
  name: 'assets',
  changes: [
    { op: 'create_table', table: 'assets', sql: ASSETS_SQL },
    { op: 'create_table', table: 'asset_checkouts', sql: ASSET_CHECKOUTS_SQL },
  ],
};

/** When a checkout's return was recorded (beside the time it gives): the book at the due time (kit/closing.ts). */
export const RETURN_RECORDED_COLUMN = 'return_recorded_at';
/** Its closing (returnedAt) and that column (kit/closing.ts): when it was recorded, and a correction does not date it past then. */
export const RETURN_CLOSING = { field: 'returnedAt', recordedColumn: RETURN_RECORDED_COLUMN };

/** Migration 18: when each return was recorded. Checkouts returned before it have none (their times alone are judged). */
export const checkoutReturnRecordedMigration: Migration = {
  version: 18,
  name: 'checkout-return-recorded',
  changes: [{ op: 'add_column', table: 'asset_checkouts', column: RETURN_RECORDED_COLUMN, definition: 'TEXT', default: null }],
};

/** Since when an asset has been in the state it is in (保管中, 持出中, 紛失, 修理中, 廃棄): the write that put it there. */
export const STATE_SINCE_COLUMN = 'state_since';

/**
 * Migration 47: since when each asset has been in its state, in a column of its own, written with the
 * state (a checkout, its return or loss, a correction), so that a rule asking it (a paper slip's return
 * must end before the asset went to repair) reads the register, never the journal's JSON (issue 7).
 * The assets there get theirs from their journal rows — the last time a migration reads them for
 * this: the state is not personal data, so the rows have each state as it was written, and when.
 */
export const assetStateSinceMigration: Migration = {
  version: 47,
  name: 'asset-state-since',
  changes: [{ op: 'add_column', table: 'assets', column: STATE_SINCE_COLUMN, definition: 'TEXT', default: null }],
  backfill: (tx) => {
    const rows = tx
      .stmt(
        `SELECT a.id, (SELECT min(j.at) FROM journal j WHERE j.kind = 'row' AND j.entity = 'assets' AND j.entity_id = a.id AND json_extract(j.after, '$.state') = a.state
           AND j.seq > coalesce((SELECT max(k.seq) FROM journal k WHERE k.kind = 'row' AND k.entity = 'assets' AND k.entity_id = a.id AND json_extract(k.after, '$.state') <> a.state), 0)) AS since
         FROM assets a ORDER BY a.id`,
      )
      .all() as { id: string; since: string | null }[];
    for (const r of rows) if (r.since !== null) tx.update('assets' as JournaledTable, r.id, { [STATE_SINCE_COLUMN]: r.since }, { action: 'migration.asset_state_since' });
  },
};
