import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { keepTempInMemory, StoreError, type DoorEntry, type DoorRefusal } from '../core';

// SPEC §11 (issue 13): a door terminal's own encrypted store — what it recorded while the host could
// not be reached, in the order it happened, and the host's signed copy of who may enter. A record is
// acknowledged at the door only once it is committed here (synchronous=FULL): a terminal killed
// while offline loses nothing it said it recorded. Its key is kept in the station's vault
// (station-vault.ts), never beside it.

export const QUEUE_FILE = 'door-queue.db';

export interface QueuedEntry extends DoorEntry {
  personName: string;
}

/** What waits to be delivered: a record taken, or an attempt refused. */
export type Queued = QueuedEntry | DoorRefusal;

export interface PinGuard {
  failed: number;
  lockedUntil: number;
  /** The issue time of the host's copy the count was made on. */
  basedOn: string;
}

export class DoorQueue {
  private readonly db: Database.Database;

  /**
   * key: 64 hex characters, from the station's vault. `existing`: the queue was made before (the vault
   * had its key): gone, it is not made anew, empty, as if it had held nothing (insider probe 10: the
   * door PC's user deleted it, no key needed, and what it had acknowledged vanished unseen).
   */
  constructor(dir: string, key: string, opts: { existing?: boolean } = {}) {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('the door queue key is not a key');
    if (opts.existing && !fs.existsSync(path.join(dir, QUEUE_FILE))) throw new StoreError('door_queue_missing', path.join(dir, QUEUE_FILE));
    this.db = new Database(path.join(dir, QUEUE_FILE));
    this.db.pragma("cipher='sqlcipher'");
    this.db.pragma('legacy=4');
    this.db.pragma(`key="x'${key}'"`);
    keepTempInMemory(this.db);
    // Each record in the file itself once committed (no write-ahead log beside it that could be deleted
    // on its own, the file still there: a review found the last records gone and the queue opened empty).
    this.db.pragma('journal_mode=DELETE');
    this.db.pragma('synchronous=FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS pending (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        entry TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS rejected (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        entry TEXT NOT NULL,
        why TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS snapshot (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        text TEXT NOT NULL,
        signature TEXT NOT NULL
      );
      -- Wrong PINs counted here while offline, and the lock they led to, on top of the host's copy
      -- issued at based_on: kept across a restart.
      -- The host's time as last heard (ms), and this PC's time since it started then (ms): the door's
      -- time goes on from it across a restart of the app, not of the PC (offline-terminal.ts).
      CREATE TABLE IF NOT EXISTS anchor (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        host_at INTEGER NOT NULL,
        since_boot REAL NOT NULL
      );
      CREATE TABLE IF NOT EXISTS pin_guard (
        person_id TEXT PRIMARY KEY,
        failed INTEGER NOT NULL,
        locked_until INTEGER NOT NULL,
        based_on TEXT NOT NULL
      );`);
    // Which start of the PC the time since start counts from (a probe: power-cycled, and left until its
    // time since start passed the one kept, the door's time went on from the host's as if never stopped).
    if (!(this.db.prepare('PRAGMA table_info(anchor)').all() as { name: string }[]).some((c) => c.name === 'boot')) this.db.exec('ALTER TABLE anchor ADD COLUMN boot TEXT');
    for (const f of [QUEUE_FILE, `${QUEUE_FILE}-wal`, `${QUEUE_FILE}-shm`]) if (fs.existsSync(path.join(dir, f))) fs.chmodSync(path.join(dir, f), 0o600);
  }

  add(entry: Queued): void {
    this.db.prepare('INSERT INTO pending (id, entry) VALUES (?, ?)').run(entry.id, JSON.stringify(entry));
  }

  /** In the order they happened at the door. */
  pending(): Queued[] {
    return (this.db.prepare('SELECT entry FROM pending ORDER BY n').all() as { entry: string }[]).map((r) => JSON.parse(r.entry) as Queued);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
  }

  /** Delivered (the host has it, once): off the queue. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM pending WHERE id = ?').run(id);
  }

  /** A record the host refused as malformed: kept here (never dropped), out of the way of the ones after it. */
  reject(id: string, why: string): void {
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO rejected (id, entry, why, at) SELECT id, entry, ?, ? FROM pending WHERE id = ?").run(why, new Date().toISOString(), id);
      this.db.prepare('DELETE FROM pending WHERE id = ?').run(id);
    })();
  }

  rejectedCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM rejected').get() as { n: number }).n;
  }

  /** The PIN count kept here for a person: wrong PINs since their last right one, the end of their lock (ms; 0: none), the copy it counted on. */
  pinGuard(personId: string): PinGuard | null {
    const r = this.db.prepare('SELECT failed, locked_until, based_on FROM pin_guard WHERE person_id = ?').get(personId) as { failed: number; locked_until: number; based_on: string } | undefined;
    return r ? { failed: r.failed, lockedUntil: r.locked_until, basedOn: r.based_on } : null;
  }

  /** A PIN check counted (and its report, if any, queued for the host), in one commit: a restart forgets neither. */
  countPin(personId: string, guard: PinGuard, report: QueuedEntry | null): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO pin_guard (person_id, failed, locked_until, based_on) VALUES (?, ?, ?, ?)
           ON CONFLICT (person_id) DO UPDATE SET failed = excluded.failed, locked_until = excluded.locked_until, based_on = excluded.based_on`,
        )
        .run(personId, guard.failed, guard.lockedUntil, guard.basedOn);
      if (report) this.add(report);
    })();
  }

  /** The host's count is the one to go by again (a newer copy, with everything counted here delivered). */
  dropPinGuard(personId: string): void {
    this.db.prepare('DELETE FROM pin_guard WHERE person_id = ?').run(personId);
  }

  /** The host's time as last heard, and the PC's time since it started then (both ms). */
  saveAnchor(hostAt: number, sinceBoot: number, boot: string | null): void {
    this.db
      .prepare('INSERT INTO anchor (one, host_at, since_boot, boot) VALUES (1, ?, ?, ?) ON CONFLICT (one) DO UPDATE SET host_at = excluded.host_at, since_boot = excluded.since_boot, boot = excluded.boot')
      .run(hostAt, sinceBoot, boot);
  }

  anchor(): { at: number; mono: number; boot: string | null } | null {
    const r = this.db.prepare('SELECT host_at, since_boot, boot FROM anchor WHERE one = 1').get() as { host_at: number; since_boot: number; boot: string | null } | undefined;
    return r ? { at: r.host_at, mono: r.since_boot, boot: r.boot } : null;
  }

  saveSnapshot(text: string, signature: string): void {
    this.db.prepare('INSERT INTO snapshot (one, text, signature) VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET text = excluded.text, signature = excluded.signature').run(text, signature);
  }

  snapshot(): { text: string; signature: string } | null {
    return (this.db.prepare('SELECT text, signature FROM snapshot WHERE one = 1').get() as { text: string; signature: string } | undefined) ?? null;
  }

  close(): void {
    this.db.close();
  }
}
