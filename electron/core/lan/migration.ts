import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';

// Migration 14 (issue 13, SPEC §11): stations enrolled on the office LAN. Frozen as written when it
// shipped: the SQL is text here, never built from code that may change later.

/** An enrolled station: its public key (it signs every request with the private half), its profile and site. */
export const LAN_STATIONS_SQL = `CREATE TABLE lan_stations (
  id TEXT PRIMARY KEY,                   -- "lan:<hex>", written as the station of its journal rows
  name TEXT NOT NULL,
  profile TEXT NOT NULL CHECK (profile IN ('desk', 'reviewer', 'terminal')),
  site_id TEXT REFERENCES sites(id),     -- a door terminal's site
  public_key TEXT NOT NULL UNIQUE,       -- base64 of the SPKI DER (Ed25519)
  enrolled_at TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,             -- the administrator who showed the pairing code
  revoked_at TEXT,
  revoked_by TEXT,
  revoke_reason TEXT
);`;

/**
 * Not journaled: the host's TLS key and certificate (the certificate's fingerprint is journaled when
 * it is made). Kept in the encrypted database, so the key goes wherever the data goes, and nowhere else.
 */
function secretsTable(db: Db): void {
  db.exec('CREATE TABLE host_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
}

export const LAN_MIGRATION: Migration = {
  version: 14,
  name: 'lan-stations',
  up: secretsTable,
  changes: [{ op: 'create_table', table: 'lan_stations', sql: LAN_STATIONS_SQL }],
};
