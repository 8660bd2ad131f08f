import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { DaichoError } from '../../../shared/api/errors';
import type { JournalAction } from '../../../shared/domain/journal-actions';
import { canonicalJson } from '../journal/canonical';
import { assertStorable, JournalAppender, type JournalRow } from '../journal/journal';
import { journalAbout } from '../journal/journal-about';
import { isCommitment, journalForm, personalFieldsOf, SALT_COLUMN } from '../journal/journal-form';
import { formWithChanges, MAX_SEQ, readSnapshot, type Snapshot } from '../journal/verify-parts';
import { MIGRATION_ACTOR } from './schema-changes';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';

export type Statement = Database.Statement<unknown[]>;
import { JOURNALED_TABLES, type JournaledTable } from './migrations';
import { StoreError, storeErrorFromSqlite } from './errors';
import { WalSync, type FdatasyncAsync } from './wal-sync';

/** How far the clock may seem to go back before it is called an anomaly. */
export const CLOCK_SLACK_MS = 5 * 60 * 1000;

/** Checkpoint this long after the last save (idle), or inline after this many saves without a pause. */
const IDLE_CHECKPOINT_MS = 1000;
const INLINE_CHECKPOINT_COMMITS = 5000;
/** The size the write-ahead log is cut back to once a checkpoint has let it start over. */
export const WAL_KEEP_BYTES = 64 * 1024 * 1024;
/**
 * At most this much of the write-ahead log is cut off at once. SQLite cuts the log back (to
 * journal_size_limit) in the first save after a checkpoint has folded it all into the file, in this
 * thread: after a verify and a backup had held an old snapshot for minutes, that one save held every
 * API call (431 ms at SPEC §10's scale; 170 ms for a 438 MB log, about 0.45 ms a MB, on 2026-12-04).
 */
const WAL_CUT_STEP_BYTES = 32 * 1024 * 1024;

export type Row = Record<string, string | number | null>;

/** Who is writing, from where: copied onto every journal row. */
export interface Actor {
  actor: string; // account id, or "system" / "terminal:<station>"
  station: string;
}

/** A row change as a watcher sees it (Store.watchRows). */
export interface RowChange {
  table: string;
  before: Row | null;
  after: Row;
  action: string;
  reason: string | null;
  actor: string;
}
export type RowWatcher = (tx: Tx, change: RowChange) => void;

/** The only handle through which anything is changed (DESIGN rule 3). */
export interface Tx {
  readonly now: string;
  /** A read inside the transaction: the store's stmt (queries only). The connection itself is not handed out. */
  stmt(sql: string): Statement;
  insert(table: JournaledTable, row: Row, meta: { action: JournalAction; reason?: string | null }): Row;
  update(table: JournaledTable, id: string, changes: Row, meta: { action: JournalAction; reason?: string | null }): { before: Row; after: Row };
  /**
   * Erase a record's personal data (SPEC §8 retention): its personal fields and their salt become
   * null (a journaled row change), and the values kept for its history are deleted.
   */
  erasePersonal(table: JournaledTable, id: string, meta: { action: JournalAction; reason: string }): Row;
  /**
   * Journal a record changed outside Daicho as it stands (outside-acceptance.ts: an approved act of a
   * system administrator): its row is not changed; its journal form becomes the record's latest row
   * change, and the watchers see the change from `before`, the record as its history had it (null: in none).
   */
  acceptAsFound(table: JournaledTable, id: string, meta: { action: JournalAction; reason: string; before: Row | null }): Row;
  /**
   * Keep (or, with null, drop) a private signing key wrapped under its holder's password. Not
   * journaled (review/migration.ts signing_key_secrets): the wrap proves itself against the journaled
   * public key, and a re-wrap must leave no older wrap behind.
   */
  keepKeyWrap(keyId: string, wrapped: string | null): void;
  /** The host's own secrets (its TLS key), in the one non-journaled table for them (lan/identity.ts). */
  keepHostSecret(name: string, value: string): void;
  /** A journal-only event (sign-in, refusal, print...): no table row changes. */
  event(action: JournalAction, entity: string, entityId: string | null, data?: unknown, reason?: string | null): JournalRow;
}

/**
 * Each caller of Store.stmt gets its statement in the plain form (rows as objects): one caller's
 * .pluck() or .raw() would otherwise stay on the cached statement every later caller of the same SQL
 * gets (a review: a station's witness alarm read a plucked hash as a row, and would report every head
 * it checked as rewritten). The statements put in another form are noted, and only those are put back
 * (putting every one back on every call doubled a small query's time).
 */
const moded = new WeakSet<Statement>();

function noteModes(s: Statement): void {
  for (const mode of ['pluck', 'expand', 'raw'] as const) {
    const set = s[mode] as (this: Statement, ...args: unknown[]) => Statement;
    (s as unknown as Record<string, unknown>)[mode] = function (this: Statement, ...args: unknown[]) {
      if (args[0] !== false) moded.add(this);
      return set.apply(this, args);
    };
  }
}

export class Store {
  private readonly journal: JournalAppender;
  /** Prepared once per SQL text: the reads anyone may run (stmt), the write path's own (writeStmt). */
  private readonly reads = new Map<string, Statement>();
  private readonly writes = new Map<string, Statement>();
  private commitsSinceCheckpoint = 0;
  private checkpointTimer: NodeJS.Timeout | null = null;
  /** Stations known to have a row in `stations` (see registerStation). */
  private readonly knownStations = new Set<string>();
  /** Where checkpoints run when not in this thread (a worker, jobs/checkpointer.ts); set by openDaicho. */
  checkpointer: { request(mode: 'PASSIVE' | 'TRUNCATE'): void } | null = null;
  /** Set when SQLite reported the file damaged while open: from then on nothing more is written to it. */
  damage: StoreError | null = null;
  /** What else is written, in the same act, when a row of a table is added or changed (see watchRows). */
  private readonly watchers = new Map<string, RowWatcher[]>();
  /** Makes each commit durable itself, an API call's off the main thread (store/wal-sync.ts); null: SQLite's synchronous=FULL does. */
  private walSync: WalSync | null = null;
  /** Commits made through this store (a caller tells whether its call saved anything). */
  private commitCount = 0;

  constructor(
    readonly db: Db,
    readonly clock: () => Date = () => new Date(),
    /** Opened to check only (verify): nothing may be written. */
    readonly readOnly = false,
  ) {
    this.journal = new JournalAppender(db);
    // A log left long by a process that stopped is cut back a step at a time too.
    this.limitWal();
  }

  /** How far the write-ahead log is cut back, and by how much at most at once (settable for tests). */
  walLimits = { keep: WAL_KEEP_BYTES, step: WAL_CUT_STEP_BYTES };

  /**
   * Let the next restart of the write-ahead log cut at most one step off it (journal_size_limit),
   * never below `walLimits.keep`: each checkpoint lowers the limit by a step, so a log grown to GBs
   * shrinks over a few seconds of saves, none of which waits long for it.
   */
  private limitWal(): void {
    if (this.readOnly || !this.db.open || this.db.memory) return;
    let size = 0;
    try {
      size = fs.statSync(`${this.db.name}-wal`).size;
    } catch {
      // no log yet
    }
    this.db.pragma(`journal_size_limit=${Math.max(this.walLimits.keep, size - this.walLimits.step)}`);
  }

  newId(): string {
    return randomUUID();
  }

  /**
   * Call `fn` inside the write whenever a row of `table` is inserted (before: null) or updated, after
   * its journal row: what it writes goes in the same transaction (the monthly review notes a change
   * to a sealed month, review/review.ts noteSealedChange).
   */
  watchRows(table: string, fn: RowWatcher): void {
    this.watchers.set(table, [...(this.watchers.get(table) ?? []), fn]);
  }

  /**
   * The same write path on another clock, with the same watchers (the demo writes a stay when it
   * would have been recorded): what a write notes in the same act (the review's notes) is noted too.
   */
  atClock(clock: () => Date): Store {
    const other = new Store(this.db, clock);
    for (const [table, fns] of this.watchers) other.watchers.set(table, [...fns]);
    other.walSync = this.walSync;
    return other;
  }

  /**
   * The app's store (openDaicho): its commits are made durable in the thread pool while the process
   * goes on (store/wal-sync.ts); whoever acknowledges a save awaits `durable()` first. Not for a store
   * opened to check only.
   */
  syncOwnCommits(fdatasync?: FdatasyncAsync): void {
    if (this.readOnly || this.db.memory || this.walSync) return;
    this.walSync = new WalSync(this.db, fdatasync);
  }

  /** Damage found while open, a sync the disk did not confirm (in the background too), or the folder taken by another instance: nothing more is written. */
  get failed(): StoreError | null {
    return this.damage ?? this.taken ?? this.walSync?.failed ?? null;
  }

  /** Another instance holds the data folder now (store/folder-lock.ts check): this one writes nothing more. */
  private taken: StoreError | null = null;
  stopWriting(reason: StoreError): void {
    this.taken ??= reason;
  }

  /** How many commits this store has made (a call that made none need not wait for the disk). */
  get commits(): number {
    return this.commitCount;
  }

  /** Every save made so far is on the disk (await before acknowledging one); rejects when the disk did not confirm one (nothing more is written then). */
  async durable(): Promise<void> {
    if (!this.walSync?.pending) return;
    try {
      await this.walSync.durable();
    } catch (err) {
      throw this.noteFailure(err);
    }
  }

  /** Run fn in one SQLite transaction; every change it makes appends a hash-chained journal row. */
  write<T>(who: Actor, fn: (tx: Tx) => T): T {
    if (this.failed) throw this.failed;
    if (this.readOnly) throw new Error('the data was opened to check only; nothing may be written');
    const now = this.clock().toISOString();
    const tx: Tx = {
      now,
      stmt: (sql) => this.stmt(sql),
      insert: (table, row, meta) => {
        assertStorable(table, row); // what SQLite would store differently from what it was given aborts the write
        const personal = personalFieldsOf(table);
        // Format 2: a row with personal fields gets its own salt (never journaled; see journal-form.ts).
        const values = personal.length > 0 && !(SALT_COLUMN in row) ? { ...row, [SALT_COLUMN]: randomBytes(16).toString('hex') } : row;
        const cols = Object.keys(values);
        this.writeStmt(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(values);
        const after = this.rowById(table, String(row.id));
        this.appendRow(tx, who, table, String(row.id), after, meta);
        for (const w of this.watchers.get(table) ?? []) w(tx, { table, before: null, after, action: meta.action, reason: meta.reason ?? null, actor: who.actor });
        return after;
      },
      update: (table, id, changes, meta) => {
        const before = this.rowById(table, id);
        if (!before) throw new DaichoError('not_found', 'errors.not_found');
        const outside = this.changedOutsideRow(table, id, before);
        if (outside !== null) {
          // An upgrade leaves the record as it found it, and says so (verify names it); the app refuses.
          if (who.actor !== MIGRATION_ACTOR.actor) throw new DaichoError('conflict', outside > 0 ? 'errors.changed_outside' : 'errors.added_outside', undefined, outside > 0 ? { seq: outside } : { id });
          tx.event('migration.changed_outside_kept', table, id, { seq: outside });
          return { before, after: before };
        }
        assertStorable(table, changes);
        const cols = Object.keys(changes).filter((c) => c !== 'id');
        if (cols.length > 0) {
          this.writeStmt(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
        }
        const after = this.rowById(table, id)!;
        this.appendRow(tx, who, table, id, after, meta);
        for (const w of this.watchers.get(table) ?? []) w(tx, { table, before, after, action: meta.action, reason: meta.reason ?? null, actor: who.actor });
        return { before, after };
      },
      erasePersonal: (table, id, meta) => {
        const personal = personalFieldsOf(table);
        if (personal.length === 0) throw new Error(`${table} holds no personal fields`);
        const changes: Row = { [SALT_COLUMN]: null, personal_erased_at: now };
        for (const f of personal) changes[f] = null;
        const { after } = tx.update(table, id, changes, meta);
        this.writeStmt('DELETE FROM personal_values WHERE entity = ? AND entity_id = ?').run(table, id);
        return after;
      },
      acceptAsFound: (table, id, { before, ...meta }) => {
        const after = this.rowById(table, id);
        if (!after) throw new DaichoError('not_found', 'errors.not_found');
        this.appendRow(tx, who, table, id, after, meta);
        for (const w of this.watchers.get(table) ?? []) w(tx, { table, before, after, action: meta.action, reason: meta.reason, actor: who.actor });
        return after;
      },
      keepKeyWrap: (keyId, wrapped) => {
        if (wrapped === null) this.writeStmt('DELETE FROM signing_key_secrets WHERE key_id = ?').run(keyId);
        else this.writeStmt('INSERT INTO signing_key_secrets (key_id, wrapped) VALUES (?, ?) ON CONFLICT (key_id) DO UPDATE SET wrapped = excluded.wrapped').run(keyId, wrapped);
      },
      keepHostSecret: (name, value) => {
        this.writeStmt('INSERT INTO host_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
      },
      event: (action, entity, entityId, data, reason) =>
        this.journal.append({
          at: now, actor: who.actor, station: who.station, kind: 'event', action, entity, entity_id: entityId,
          before: null, after: data === undefined ? null : canonicalJson(data), reason: reason ?? null,
        }),
    };
    try {
      // IMMEDIATE: the write lock is taken at BEGIN, where SQLite waits for it (busy_timeout). A deferred
      // transaction reads first (the clock check), and a read upgraded to a write while the checkpoint's
      // worker held the lock fails at once, without waiting: an unlock right after an erasure's TRUNCATE
      // was refused as busy (a CI run).
      const result = this.db.transaction(() => {
        this.noteClockAnomaly(tx);
        if (who.station !== 'migration') this.registerStation(tx, who.station); // not a station: the app itself, upgrading
        return fn(tx);
      }).immediate();
      this.knownStations.add(who.station);
      this.commitCount++;
      // Synced in the thread pool: whoever tells of this save awaits durable() first.
      this.walSync?.committedOne();
      this.afterCommit();
      return result;
    } catch (err) {
      throw this.noteFailure(err);
    }
  }

  /**
   * Journal format 2: a row change journals the row's journal form (personal values as salted
   * digests, no salt) and no `before` (it is the record's previous `after`, derived for history;
   * verify checks every `after`). Each personal value is kept for the history, by its digest.
   */
  private appendRow(tx: Tx, who: Actor, table: JournaledTable, id: string, after: Row, meta: { action: JournalAction; reason?: string | null }): void {
    // A row whose salt is not text (changed outside Daicho: a blob of its bytes) would journal its
    // personal values in clear, for good (an insider probe): the write is refused, nothing stored.
    // So would a personal value stored as a blob (its bytes journaled as numbers): Daicho writes no
    // blob in a journaled table, so a row holding one (or any value but text, a number or null) is refused.
    for (const [column, value] of Object.entries(after))
      if (value !== null && typeof value !== 'string' && typeof value !== 'number')
        throw new Error(`${table} row ${id}: its ${column} is not text or a number (changed outside Daicho); nothing was written`);
    const form = journalForm(table, after);
    this.journal.append({
      at: tx.now, actor: who.actor, station: who.station, kind: 'row', action: meta.action, entity: table,
      entity_id: id, before: null, after: form, reason: meta.reason ?? null,
    });
    const personal = personalFieldsOf(table);
    if (personal.length === 0 || typeof after[SALT_COLUMN] !== 'string') return;
    const parsed = JSON.parse(form) as Record<string, unknown>;
    for (const field of personal) {
      const c = parsed[field];
      if (isCommitment(c))
        this.writeStmt('INSERT OR IGNORE INTO personal_values (digest, entity, entity_id, field, value) VALUES (?, ?, ?, ?, ?)').run(c.$p, table, id, field, after[field]);
    }
  }

  /**
   * The schema changes verify applies to records written before them (journal/verify-parts.ts), read
   * once: only a migration adds them, and migrations run before the app's store is made (openDaicho);
   * a migration's own store is given them with its migration's (store/database.ts migrate).
   */
  schemaChanges: Snapshot['changes'] | null = null;
  schemaChangesNow(): Snapshot['changes'] {
    return (this.schemaChanges ??= readSnapshot(this.db).changes);
  }

  /**
   * A record is changed only as the journal has it. One changed outside Daicho (with the key) would
   * otherwise be journaled as it stands by its next change — the tampering written into the evidence
   * by a clerk's correction, a retention erasure or a migration's backfill, and verify would see
   * nothing. The app refuses such a change (nothing written); a migration's backfill leaves the record
   * as it found it and journals that it did (migration.changed_outside_kept); verify names the record.
   * Returns its latest journal row's number when it differs from it (0: in no journal row), else null.
   */
  changedOutside(table: JournaledTable, id: string): number | null {
    const row = this.rowById(table, id);
    return row ? this.changedOutsideRow(table, id, row) : null;
  }

  /** A record's latest row change with values (verify's, journal/verify-parts.ts checkRecord), or undefined. */
  latestRowChange(table: string, id: string): { seq: number; after: string } | undefined {
    return this.stmt(`SELECT seq, after FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row' AND after IS NOT NULL AND seq BETWEEN 1 AND ${MAX_SEQ} ORDER BY seq DESC LIMIT 1`).get(table, id) as
      | { seq: number; after: string }
      | undefined;
  }

  private changedOutsideRow(table: string, id: string, row: Row): number | null {
    const j = this.latestRowChange(table, id);
    const changes = this.schemaChangesNow();
    if (j && journalForm(table, row) === formWithChanges(table, j, changes)) return null;
    return j?.seq ?? 0;
  }

  /**
   * A failure from SQLite, as the error to report: disk full and damage get their own; damage
   * found while the data is open stops every later write (SPEC §8: never keep writing to a
   * corrupt file).
   */
  noteFailure(err: unknown): unknown {
    const storeErr = err instanceof StoreError ? err : storeErrorFromSqlite(err);
    if (storeErr?.code === 'damaged') {
      this.damage ??= storeErr;
      return storeErr;
    }
    return storeErr?.code === 'disk_full' ? storeErr : err;
  }

  /**
   * SPEC §8: a record time more than 5 minutes earlier than the journal's last time means the
   * system clock went back; the write goes ahead, and the journal says so first.
   */
  private noteClockAnomaly(tx: Tx): void {
    const last = this.journal.head().at;
    if (last && Date.parse(tx.now) < Date.parse(last) - CLOCK_SLACK_MS)
      tx.event('clock.anomaly', 'clock', null, { journalLastAt: last, clockNow: tx.now });
  }

  /**
   * Every station that writes is in the stations register (issue 6: people see the name an
   * administrator gives it, not its internal id), from its first write on.
   */
  registerStation(tx: Tx, station: string): void {
    if (this.knownStations.has(station) || this.rowById('stations', station)) return;
    tx.insert('stations', { id: station, name: null, first_seen_at: tx.now, named_at: null, named_by: null }, { action: 'stations.seen' });
  }

  /**
   * A prepared read, prepared once per SQL text (table and column names come from code, never
   * input). DESIGN rule 3, enforced: a statement that would write, or that returns no rows (BEGIN,
   * COMMIT, ATTACH: it could end the write path's transaction halfway), is refused — every change
   * goes through write(), which journals it.
   */
  stmt(sql: string): Statement {
    let s = this.reads.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[]>(sql);
      // better-sqlite3: `readonly` is sqlite3_stmt_readonly() (no direct change to the database), `reader` that it returns rows.
      if (!s.readonly || !s.reader)
        throw new Error(`Store.stmt runs queries only; this statement ${s.readonly ? 'returns no rows' : 'writes'} (change data through Store.write): ${sql}`);
      noteModes(s);
      this.reads.set(sql, s);
    } else if (moded.delete(s)) s.pluck(false).expand(false).raw(false);
    return s;
  }

  /** The write path's own statements (tx.insert, tx.update, tx.erasePersonal, the kept personal values); run only inside write(). */
  private writeStmt(sql: string): Statement {
    let s = this.writes.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[]>(sql);
      this.writes.set(sql, s);
    }
    return s;
  }

  rowById(table: JournaledTable, id: string): Row {
    return this.stmt(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row;
  }

  /** Every journal row about one record, oldest first, as written (see history.ts for what people see). */
  history(entity: JournaledTable, id: string): JournalRow[] {
    return this.stmt(`${journalAbout('@entity', '= @id')} ORDER BY seq`).all({ entity, id }) as JournalRow[];
  }

  /** Is a write under way (its rows not yet committed, a rollback may take them back)? */
  get writing(): boolean {
    return this.db.inTransaction;
  }

  journalHead(): { seq: number; hash: string; at: string | null } {
    return this.journal.head();
  }

  /**
   * WAL checkpoints copy committed pages into the database file. SQLite's automatic checkpoint
   * would run inside whichever save crosses its threshold, making that one save slow; instead a
   * checkpoint runs shortly after saves stop, and inline only when the WAL has grown large
   * (a long bulk import that never pauses).
   */
  private afterCommit(): void {
    this.commitsSinceCheckpoint++;
    if (this.commitsSinceCheckpoint >= INLINE_CHECKPOINT_COMMITS) return this.checkpoint();
    if (!this.checkpointTimer) {
      this.checkpointTimer = setTimeout(() => this.checkpoint(), IDLE_CHECKPOINT_MS);
      this.checkpointTimer.unref();
    }
  }

  /** PASSIVE copies what it can; TRUNCATE also empties the write-ahead log (after an erasure: no old page stays in it), when no reader holds it. */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if ((mode === 'PASSIVE' && this.commitsSinceCheckpoint === 0) || !this.db.open) return;
    this.commitsSinceCheckpoint = 0;
    this.limitWal();
    // In a worker when there is one: a checkpoint can copy hundreds of MB (after a long verify).
    if (this.checkpointer) this.checkpointer.request(mode);
    else this.db.pragma(`wal_checkpoint(${mode})`);
  }

  /** A checkpoint in this thread, now (closing; bulk loops that never let the event loop turn; tests). */
  checkpointNow(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    this.commitsSinceCheckpoint = 0;
    if (this.db.open) this.db.pragma(`wal_checkpoint(${mode})`);
  }

  /**
   * The last checkpoint, here, folding the whole log into the file (TRUNCATE, waiting for a worker's
   * checkpoint in flight): other connections (the checkpoint worker's) may still be open, so closing
   * this one would leave the log as it is, and the next open would find frames in it (clean-close.ts).
   */
  close(): void {
    this.checkpointer = null;
    if (this.db.open && !this.readOnly && !this.failed) {
      // The saves not yet synced first (a checkpoint that cannot fold the log, a reader holding it,
      // syncs nothing); a sync that fails is kept as the store's failure (no clean-close note then).
      try {
        this.walSync?.syncNow();
      } catch (err) {
        this.noteFailure(err);
      }
      if (!this.failed)
        try {
          this.checkpointNow('TRUNCATE');
        } catch {
          // a log that cannot be folded now is folded by the next open
        }
    }
    this.walSync?.close();
    this.db.close();
  }
}

export { JOURNALED_TABLES };
