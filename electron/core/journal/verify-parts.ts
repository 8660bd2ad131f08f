import type { Db } from '../store/database';
import { DROPPED_JOURNALED_TABLES, JOURNALED_TABLES } from '../store/migrations';
import { applyChangeToRecord, SCHEMA_CHANGE_ACTION, MIGRATION_ACTOR, type SchemaChange } from '../store/schema-changes';
import { canonicalJson } from './canonical';
import { ERASURE_ROWS } from '../retention-rules';
import { triggerProblems } from './journal';
import { blobSql, journalForm, journalFormSql, registerVerifyFunctions, SALT_COLUMN } from './journal-form';
import { ERASED_COLUMN, erasedRecords, markedSql, misMarkedProblem, type MisMarked } from './verify-marks';
import { jsonSql, readObject } from './verify-json';

// The pieces of SPEC §8 verify (issue 7), each run over a part of the data so that the work can be
// spread over worker threads, each with its own read connection (journal/verify-workers.ts), or run
// in one go (journal/verify.ts). Memory stays bounded: per record only a fixed-size entry (a 64-bit
// key and the sequence number of its latest row). The personal values: verify-personal.ts.

export interface VerifyProblem {
  /** The journal sequence number the problem is about. */
  seq: number;
  problem: string;
}

/** More than this many problems are counted, not listed. */
export const MAX_LISTED = 100;

/** Every problem counted; the MAX_LISTED with the lowest sequence numbers kept, in bounded memory. */
export class ProblemList {
  count = 0;
  private list: VerifyProblem[] = [];
  note(seq: number, problem: string): void {
    this.count++;
    this.list.push({ seq, problem });
    if (this.list.length >= 4 * MAX_LISTED) this.list = lowest(this.list);
  }
  add(problems: readonly VerifyProblem[], count: number): void {
    for (const p of problems) this.note(p.seq, p.problem);
    this.count += count - problems.length;
  }
  lowest(): VerifyProblem[] {
    return lowest(this.list);
  }
}

/** The MAX_LISTED problems with the lowest sequence numbers, in order (stable for equal ones). */
function lowest(problems: VerifyProblem[]): VerifyProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.seq - b.p.seq || a.i - b.i)
    .slice(0, MAX_LISTED)
    .map((x) => x.p);
}

/** What one read snapshot says the journal is: its head, its format, its declared schema changes. */
export interface Snapshot {
  head: number;
  /** Rows after this sequence number are format 2 (no `before`); null while the data is format 1. */
  format2Seq: number | null;
  changes: { seq: number; change: SchemaChange }[];
  /** The journaled tables this data has (data of an older schema lacks those added since). */
  tables: string[];
  /** The journaled tables it has not: added since, or dropped by a migration (or outside Daicho: checkUnseen). */
  absent: string[];
  /** A journal guard missing or changed, a trigger Daicho does not make (journal.ts triggerProblems): named at sequence 0. */
  triggers: string[];
  /** Rows with a sequence number beyond MAX_SEQ (changed outside Daicho): counted and named, not read. */
  beyond: number;
  /**
   * Rows numbered below 1 (Daicho numbers them from 1): added with the key (an insider probe: two rows
   * at #0 and #-7, "by a migration", voiding a stay, passed verify and led the stay's history). How
   * many, and the first few; named, and read by no other check.
   */
  below: { count: number; first: number[] };
  /** Schema rows outside any upgrade (written with the key, not by a migration): named, and not applied. */
  outside: number[];
  /** The journal's upgrades (upgradeRuns), read once for every check that asks. */
  upgrades: [number, number][];
  /** Schema rows verify reads whose values are not what a migration writes (not JSON, or JSON of another shape): named, not applied. */
  unreadable: { seq: number; action: string }[];
}

/**
 * The greatest sequence number verify reads: the index of records keeps them in 32 bits, and a
 * number far ahead (an insider probe: 2^62) would have verify step towards it for ever, past the
 * precision of a JS number. Daicho writes them one by one from 1.
 */
export const MAX_SEQ = 0xffffffff;

/** What the snapshot itself says is wrong: the journal's guards, rows numbered beyond MAX_SEQ. */
export function snapshotProblems(snap: Snapshot): VerifyProblem[] {
  const out = snap.triggers.map((t) => ({ seq: 0, problem: t }));
  if (snap.below.count > 0) {
    const listed = snap.below.first.map((seq) => `#${seq}`).join(', ') + (snap.below.count > snap.below.first.length ? ', …' : '');
    out.push({ seq: 0, problem: `${snap.below.count} journal row(s) numbered below 1 (${listed}): Daicho numbers its rows from 1, so they were added outside Daicho` });
  }
  if (snap.beyond > 0) out.push({ seq: snap.head + 1, problem: `${snap.beyond} journal rows have sequence numbers beyond ${MAX_SEQ} (changed outside Daicho)` });
  for (const seq of snap.outside) out.push({ seq, problem: `journal row ${seq} is a schema change outside any upgrade (not written by a migration of Daicho)` });
  for (const u of snap.unreadable) out.push({ seq: u.seq, problem: `journal row ${u.seq} is a ${u.action} row whose values are not what a migration of Daicho writes (changed outside Daicho)` });
  return out;
}

export function readSnapshot(db: Db): Snapshot {
  const head = (db.prepare('SELECT max(seq) AS s FROM journal WHERE seq BETWEEN 1 AND ?').get(MAX_SEQ) as { s: number | null }).s ?? 0;
  const beyond = db.prepare('SELECT count(*) FROM journal WHERE seq > ?').pluck().get(MAX_SEQ) as number;
  const first = db.prepare('SELECT seq FROM journal WHERE seq < 1 ORDER BY seq LIMIT 5').pluck().all() as number[];
  const below = { count: first.length < 5 ? first.length : (db.prepare('SELECT count(*) FROM journal WHERE seq < 1').pluck().get() as number), first };
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE lower(type) = 'table'").all() as { name: string }[]).map((r) => r.name));
  const changes: Snapshot['changes'] = [];
  const outside: number[] = [];
  let format2Seq: number | null = null;
  // Schema rows are written by migrations only: when the data is made (the journal's first rows, all
  // the migrations') and inside an upgrade (its schema.migrate row and the migration's rows after it,
  // up one version at a time to the data's): verify applies those. One anywhere else was appended
  // with the key (a probe: a column "renamed" onto itself and "added" back with a constant rewrote a
  // sealed stay and every notice's seen_at; a "drop_table" took a table away): named, not applied.
  const made = madeEnd(db, head);
  const unreadable: Snapshot['unreadable'] = [];
  const upgrades = upgradeRuns(db, head, made, unreadable);
  const inUpgrade = (seq: number) => seq < made || upgrades.some(([from, to]) => seq > from && seq < to);
  const rows = db
    // The action written out (not bound): so SQLite may use the partial index of schema changes (migration 6).
    .prepare(`SELECT seq, after FROM journal WHERE action = '${SCHEMA_CHANGE_ACTION}' AND actor = ? AND kind = 'event' AND seq BETWEEN 1 AND ? ORDER BY seq`)
    .all(MIGRATION_ACTOR.actor, head) as { seq: number; after: unknown }[];
  for (const r of rows) {
    // One that is not a change a migration declares (not JSON, JSON of another shape: an insider probe
    // appended one outside any upgrade, and it was passed by unread) is named, in an upgrade or not.
    const change = schemaChangeOf(r.after);
    if (!change) {
      unreadable.push({ seq: r.seq, action: SCHEMA_CHANGE_ACTION });
      continue;
    }
    if (!inUpgrade(r.seq)) {
      outside.push(r.seq);
      continue;
    }
    if (change.op === 'journal_format' && change.format >= 2 && format2Seq === null) format2Seq = r.seq;
    changes.push({ seq: r.seq, change });
  }
  // The core's journaled tables (those dropped since too, for older data), and every table a
  // migration declared (a ledger's table from the kit): one of them missing is named (see absent).
  const declared = changes.flatMap((c) => (c.change.op === 'create_table' ? [c.change.table] : []));
  const known = [...new Set<string>([...JOURNALED_TABLES, ...DROPPED_JOURNALED_TABLES, ...declared])];
  unreadable.sort((a, b) => a.seq - b.seq);
  return { head, format2Seq, changes, tables: known.filter((t) => present.has(t)), absent: known.filter((t) => !present.has(t)), triggers: triggerProblems(db), beyond, below, outside, upgrades, unreadable };
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** A schema row's change as a migration declares it (store/schema-changes.ts SchemaChange), or null when it is none. */
export function schemaChangeOf(after: unknown): SchemaChange | null {
  const c = readObject(after);
  if (!c) return null;
  switch (c.op) {
    case 'create_table':
      return isText(c.table) && isText(c.sql) ? (c as SchemaChange) : null;
    case 'add_column':
      // (`default` absent reads as undefined: the record then differs, and the tables check names it.)
      return isText(c.table) && isText(c.column) && isText(c.definition) && (c.default === undefined || c.default === null || isText(c.default) || typeof c.default === 'number') ? (c as SchemaChange) : null;
    case 'rename_column':
      return isText(c.table) && isText(c.from) && isText(c.to) ? (c as SchemaChange) : null;
    case 'drop_column':
      return isText(c.table) && isText(c.column) && (c.rebuild === undefined || isText(c.rebuild)) ? (c as SchemaChange) : null;
    case 'drop_table':
      return isText(c.table) ? (c as SchemaChange) : null;
    case 'journal_format':
      return Number.isInteger(c.format) ? (c as SchemaChange) : null;
    default:
      return null;
  }
}

/** Where the rows written when the data was made (all the migrations', before anyone else's) end. */
function madeEnd(db: Db, head: number): number {
  return (db.prepare('SELECT seq FROM journal WHERE actor <> ? AND seq BETWEEN 1 AND ? ORDER BY seq LIMIT 1').pluck().get(MIGRATION_ACTOR.actor, head) as number | undefined) ?? head + 1;
}

/**
 * The journal's upgrades, each as [its schema.migrate row's seq, the row its migration ended before]:
 * a migration's schema rows and backfill count only inside one (store/database.ts migrate writes its
 * schema.migrate row, its changes, its backfill and, since migration 38, its schema.migrated row in one
 * transaction). Found by probes: rows labelled as a migration's, appended with the key, rewrote a
 * signed stay unseen — long after an upgrade, right after the last one (the run stayed open to the
 * head), or behind a forged schema.migrate row on data made at its version. So a run is the
 * migration's: by the migration actor, one version up from the one before it (the first from no lower
 * than the data was made at, as its first rows' schema rows tell), to no more than the data's version;
 * it ends at its schema.migrated row, the next schema.migrate row or the first row of anyone else.
 */
function upgradeRuns(db: Db, head: number, made: number, unreadable: Snapshot['unreadable']): [number, number][] {
  const M = MIGRATION_ACTOR.actor;
  const version = Number(db.pragma('user_version', { simple: true }));
  // Each row's from and to, read in JS: SQLite's `->>` throws on an `after` that is not JSON (an
  // insider probe: verify stopped with an unexpected error). One not {from, to} in whole numbers,
  // whoever wrote it, is named; none opens an upgrade.
  const rows = (
    db.prepare(`SELECT seq, actor, kind, after FROM journal WHERE ${ERASURE_ROWS} AND action = 'schema.migrate' AND seq BETWEEN 1 AND ? ORDER BY seq`).all(head) as { seq: number; actor: string; kind: string; after: unknown }[]
  ).flatMap((r) => {
    const a = readObject(r.after);
    if (!a || !Number.isSafeInteger(a.from) || !Number.isSafeInteger(a.to) || (a.name !== undefined && !isText(a.name))) {
      unreadable.push({ seq: r.seq, action: 'schema.migrate' });
      return [];
    }
    return [{ seq: r.seq, actor: r.actor, kind: r.kind, from: a.from as number, to: a.to as number }];
  });
  // The made rows' schema.made row, read as the made-at version below: one not {version} is named.
  for (const r of db.prepare("SELECT seq, after FROM journal WHERE seq >= 1 AND seq < ? AND action = 'schema.made' AND actor = ?").all(made, M) as { seq: number; after: unknown }[])
    if (!Number.isSafeInteger(readObject(r.after)?.version)) unreadable.push({ seq: r.seq, action: 'schema.made' });
  if (rows.length === 0) return [];
  // The version the data was made at: its schema.made row (since migration 39), else the newest migration its schema rows name.
  const after = jsonSql('after');
  const madeAt =
    (db.prepare(`SELECT max(coalesce(${after} ->> '$.migration', ${after} ->> '$.version')) FROM journal WHERE action IN ('${SCHEMA_CHANGE_ACTION}', 'schema.made') AND actor = ? AND seq >= 1 AND seq < ?`).pluck().get(M, made) as number | null) ?? 0;
  const other = db.prepare('SELECT seq FROM journal WHERE seq > ? AND seq <= ? AND actor <> ? ORDER BY seq LIMIT 1').pluck();
  const closed = db.prepare("SELECT seq FROM journal WHERE seq > ? AND seq <= ? AND action = 'schema.migrated' AND actor = ? ORDER BY seq LIMIT 1").pluck();
  const runs: [number, number][] = [];
  let last: number | null = null;
  rows.forEach((r, i) => {
    const { from, to } = r;
    if (r.actor !== M || r.kind !== 'event' || to !== from + 1 || to > version) return;
    if (last === null ? from < madeAt : from !== last) return;
    last = to;
    const end = Math.min((other.get(r.seq, head, M) as number | undefined) ?? head + 1, rows[i + 1]?.seq ?? head + 1);
    const close = closed.get(r.seq, end - 1, M) as number | undefined;
    runs.push([r.seq, close !== undefined ? close + 1 : end]);
  });
  return runs;
}

/** A 64-bit key of a record (two 32-bit lanes): equal records always, different ones almost never (a clash is checked exactly). */
export function recordKey(entity: string, id: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const s = `${entity}\u0000${id}`;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Entries: keyHi, keyLo, seq (of the record's latest row change). */
export const ENTRY_STRIDE = 3;

/** Per personal-value reference: 64 bits of its digest and the seq of the row that commits to it. */
export const REF_STRIDE = 3;

const SEEN = 1;
const SEEN_SALTED = 2;
const SALT_BYTES = 16;
const SALT_FORM = /^[0-9a-f]{32}$/;

/**
 * Every record's latest row change: an open-addressing table over shared memory (slots of
 * ENTRY_STRIDE numbers, seq 0 = empty), so that several workers can check the tables against it.
 */
export class RecordIndex {
  readonly slots: Uint32Array;
  /** Per slot: 0 no table row matched it yet, SEEN a row did, SEEN_SALTED and its salt is in `salts`. */
  readonly seen: Uint8Array;
  /** Per slot, the salt of the record's personal fields (SALT_BYTES), as the tables check found it in the row. */
  readonly salts: Uint8Array;
  /** The same memory as salts, to read and write hex without a copy. */
  private readonly saltBytes: Buffer;
  readonly capacity: number;
  constructor(buffers: { slots: SharedArrayBuffer; seen: SharedArrayBuffer; salts: SharedArrayBuffer }) {
    this.slots = new Uint32Array(buffers.slots);
    this.seen = new Uint8Array(buffers.seen);
    this.salts = new Uint8Array(buffers.salts);
    this.saltBytes = Buffer.from(buffers.salts);
    this.capacity = this.seen.length;
  }

  /** Keep a row's salt (32 hex digits, as the store makes them; any other is left to the exact check). */
  keepSalt(slot: number, salt: unknown): void {
    if (typeof salt !== 'string' || !SALT_FORM.test(salt)) return;
    this.saltBytes.write(salt, slot * SALT_BYTES, SALT_BYTES, 'hex');
    this.seen[slot] = SEEN_SALTED;
  }

  /** The salt kept for the slot, or null. */
  saltOf(slot: number): string | null {
    return this.seen[slot] === SEEN_SALTED ? this.saltBytes.toString('hex', slot * SALT_BYTES, (slot + 1) * SALT_BYTES) : null;
  }

  static build(parts: readonly { entries: Uint32Array; entryCount: number; from: number }[]): RecordIndex {
    const total = parts.reduce((n, p) => n + p.entryCount, 0);
    const capacity = Math.max(1024, Math.ceil(total * 1.3));
    const index = new RecordIndex({
      slots: new SharedArrayBuffer(capacity * ENTRY_STRIDE * 4), seen: new SharedArrayBuffer(capacity), salts: new SharedArrayBuffer(capacity * SALT_BYTES),
    });
    // In sequence order, so that a record's later row replaces its earlier one.
    for (const p of [...parts].sort((a, b) => a.from - b.from)) {
      const e = p.entries;
      for (let i = 0; i < p.entryCount; i++) {
        const o = i * ENTRY_STRIDE;
        const s = index.slotFor(e[o], e[o + 1], true);
        const so = s * ENTRY_STRIDE;
        index.slots[so] = e[o];
        index.slots[so + 1] = e[o + 1];
        index.slots[so + 2] = e[o + 2];
      }
    }
    return index;
  }

  get buffers(): { slots: SharedArrayBuffer; seen: SharedArrayBuffer; salts: SharedArrayBuffer } {
    return { slots: this.slots.buffer as SharedArrayBuffer, seen: this.seen.buffer as SharedArrayBuffer, salts: this.salts.buffer as SharedArrayBuffer };
  }

  /** The slot of the key: its own, or (insert) the empty one it goes in; -1 when absent. */
  slotFor(k1: number, k2: number, insert = false): number {
    let s = (k1 ^ Math.imul(k2, 0x9e3779b1)) >>> 0;
    s %= this.capacity;
    for (;;) {
      const o = s * ENTRY_STRIDE;
      if (this.slots[o + 2] === 0) return insert ? s : -1;
      if (this.slots[o] === k1 && this.slots[o + 1] === k2) return s;
      s = s + 1 === this.capacity ? 0 : s + 1;
    }
  }
}

/** A part of the tables' rows to check: the tables split by rowid, part `part` of `parts`. */
export interface TablePart {
  part: number;
  parts: number;
}

/** Per table, how many records' personal data was erased (reported, never a problem). */
export type ErasedCounts = Record<string, number>;

export interface TablesResult {
  problems: VerifyProblem[];
  problemCount: number;
  rows: number;
}

export function columnsOf(db: Db, table: string): string[] {
  return columnTypesOf(db, table).map((c) => c.name);
}

function columnTypesOf(db: Db, table: string): { name: string; type: string }[] {
  return db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[];
}

/**
 * Check one part of every journaled table against the index: each row's journal form (built by
 * SQLite, personal values committed with the row's salt) must equal the `after` of its record's
 * latest row change, which the index names by its seq. The comparison runs in SQL (the journal row
 * read by its seq, mostly in order: records are written in rowid order), and only the rows that
 * differ come to JS, where each is checked exactly (checkRecord) before it is reported: a record
 * last written before a schema change, or a clash of keys, is not a problem.
 */
export function checkTables(db: Db, snap: Snapshot, index: RecordIndex, part: TablePart, onProgress?: (rows: number) => void, spanRows = PROGRESS_ROWS): TablesResult {
  registerVerifyFunctions(db);
  const problems = new ProblemList();
  let table = '';
  /** The rows holding a blob (rowid → their record's latest seq, 0 when it has none). */
  const blobs = new Map<number, number>();
  // The records erased by an erasure row (personal.erase), by table; and the rows whose mark of
  // erasure (personal_erased_at) says otherwise: marked with no erasure of theirs in the journal (an
  // insider probe: an erasure journaled as 'visitors.amend', of a record still in its period, was
  // never held to the erasure rules and verified), or erased and no longer marked, or marked and
  // holding personal values again (a made-up name put back, counted as erased).
  const erasedByTable = erasedRecords(db, snap);
  let erasedIds: Set<string> | undefined;
  let erasable = false;
  const misMarked = new Map<number, MisMarked>();
  // Per table row: its record's latest seq from the index, marking the record seen (checkUnseen)
  // and keeping its salt (checkPersonalValues) on the way; none for a row holding a blob, which
  // is named as it is. Called for every row, as the comparison needs its result.
  /** Rows the function was called for: every row of the rowids asked, once each (the rows checked, counted without another pass over the table). */
  let called = 0;
  db.function('daicho_latest_seq', { deterministic: false, varargs: false }, (rowid: unknown, id: unknown, salt: unknown, blob: unknown, marked: unknown) => {
    called++;
    const [k1, k2] = recordKey(table, String(id));
    const s = index.slotFor(k1, k2);
    if (s >= 0) {
      index.seen[s] = SEEN;
      if (salt !== null) index.keepSalt(s, salt);
    }
    if (blob) blobs.set(Number(rowid), s >= 0 ? index.slots[s * ENTRY_STRIDE + 2] : 0);
    // marked: 0 not erased, 1 erased (its personal fields empty), 2 marked erased and holding a personal value.
    if (erasable && (marked !== 0 || erasedIds !== undefined)) {
      const erased = erasedIds?.has(String(id)) ?? false;
      if (marked === 2 || (marked === 1) !== erased) {
        misMarked.set(Number(rowid), { seq: s >= 0 ? index.slots[s * ENTRY_STRIDE + 2] : 0, state: Number(marked), erased });
        return null;
      }
    }
    return s < 0 || blob ? null : index.slots[s * ENTRY_STRIDE + 2];
  });
  let rows = 0;
  for (const t of snap.tables) {
    table = t;
    const range = rowidRange(db, table, part);
    if (!range) continue;
    const columns = columnTypesOf(db, table);
    const names = columns.map((c) => c.name);
    const salt = names.includes(SALT_COLUMN) ? SALT_COLUMN : 'NULL';
    erasable = names.includes(ERASED_COLUMN);
    erasedIds = erasedByTable.get(table);
    const differing = db
      .prepare(
        `SELECT rowid, id FROM (SELECT rowid, id, ${journalFormSql(table, columns)} AS form, daicho_latest_seq(rowid, id, ${salt}, ${blobSql(names)}, ${markedSql(table, names)}) AS seq
           FROM ${table} WHERE rowid BETWEEN ? AND ?) AS t
         WHERE form IS NOT (SELECT after FROM journal WHERE journal.seq = t.seq)`,
      )
      .raw(true);
    // spanRows rowids at a time (PROGRESS_ROWS; tests ask for fewer).
    for (const [lo, hi] of rowidSpans(db, table, range, spanRows)) {
      called = 0;
      for (const [rowid, id] of differing.iterate(lo, hi) as IterableIterator<[number, unknown]>) {
        const blobSeq = blobs.get(rowid);
        const mark = misMarked.get(rowid);
        if (blobSeq !== undefined) problems.note(blobSeq || snap.head + 1, `${table} row ${String(id)} holds a value stored as binary data (changed outside Daicho)`);
        else if (mark !== undefined) problems.note(mark.seq || snap.head + 1, misMarkedProblem(table, String(id), mark));
        else {
          const p = checkRecord(db, snap, table, String(id));
          if (p) problems.note(p.seq, p.problem);
        }
      }
      blobs.clear();
      misMarked.clear();
      rows += called;
      onProgress?.(rows);
    }
  }
  return { problems: problems.lowest(), problemCount: problems.count, rows };
}

/** The tables are checked this many rowids at a time (a span's rows are read at once), with progress in between. */
const PROGRESS_ROWS = 20_000;

/** Rows per SQL call of the chain's batched check (verify-chain.ts): a call per row cost more than the check. */
export const BATCH_ROWS = 256;

/** A record's journal form as its latest row change `j` has it, with the schema changes after it applied (its text, when it is not JSON). */
export function formWithChanges(table: string, j: { seq: number; after: string }, changes: Snapshot['changes']): string {
  try {
    let obj = JSON.parse(j.after) as Record<string, unknown>;
    for (const c of changes) if (c.seq > j.seq && 'table' in c.change && c.change.table === table) obj = applyChangeToRecord(obj, c.change);
    return canonicalJson(obj);
  } catch {
    return j.after;
  }
}

/** The exact check of one record: its table row against its latest row change, with the later schema changes applied. */
export function checkRecord(db: Db, snap: Snapshot, table: string, id: string): VerifyProblem | null {
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  const j = db
    // Its latest row change with values (one without is named by the chain; the record it had stands).
    .prepare(`SELECT seq, after FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row' AND after IS NOT NULL AND seq BETWEEN 1 AND ? ORDER BY seq DESC LIMIT 1`)
    .get(table, id, snap.head) as { seq: number; after: string } | undefined;
  if (!row) return j ? { seq: j.seq, problem: `${table} row ${id} of journal row ${j.seq} is missing (deleted outside Daicho)` } : null;
  if (!j) return { seq: snap.head + 1, problem: `${table} row ${id} is not in the journal (added outside Daicho)` };
  if (journalForm(table, row) !== formWithChanges(table, j, snap.changes)) return { seq: j.seq, problem: `${table} row ${id} differs from journal row ${j.seq} (changed outside Daicho)` };
  return null;
}

/**
 * Records the journal has but no table row matched: each is looked up exactly (a deleted row is
 * a problem; a clash of keys is not). Run once, after every part of the tables is checked.
 */
export function checkUnseen(db: Db, snap: Snapshot, index: RecordIndex): TablesResult {
  const problems = new ProblemList();
  const bySeq = db.prepare('SELECT entity, entity_id FROM journal WHERE seq = ?');
  for (let s = 0; s < index.capacity; s++) {
    const o = s * ENTRY_STRIDE;
    if (index.slots[o + 2] === 0 || index.seen[s] !== 0) continue;
    const j = bySeq.get(index.slots[o + 2]) as { entity: string; entity_id: string } | undefined;
    if (!j) continue; // the chain names a missing row
    const p = checkRecord(db, snap, j.entity, j.entity_id);
    if (p) problems.note(p.seq, p.problem);
  }
  for (const p of checkAbsentTables(db, snap)) problems.note(p.seq, p.problem);
  // A row with no id (SQLite lets a TEXT primary key be NULL) is no record of the journal's, and no
  // lookup by id finds it (an insider probe: an authorization with a NULL id made someone authorized).
  for (const t of snap.tables) {
    const nulls = db.prepare(`SELECT count(*) AS n, min(rowid) AS first FROM ${t} WHERE id IS NULL`).get() as { n: number; first: number | null };
    if (nulls.n > 0) problems.note(snap.head + 1, `${t} has ${nulls.n} row(s) without an id, the first at rowid ${nulls.first} (added outside Daicho)`);
  }
  return { problems: problems.lowest(), problemCount: problems.count, rows: 0 };
}

/**
 * A journaled table the data lacks though the journal has rows of it must have been dropped by a
 * migration after its last row (a declared drop_table); otherwise it was dropped outside Daicho,
 * and every record in it with it: one problem, at its first row.
 */
export function checkAbsentTables(db: Db, snap: Snapshot): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const span = db.prepare(`SELECT min(seq) AS first, max(seq) AS last, count(DISTINCT entity_id) AS records FROM journal WHERE entity = ? AND kind = 'row' AND seq BETWEEN 1 AND ?`);
  for (const table of snap.absent) {
    const { first, last, records } = span.get(table, snap.head) as { first: number | null; last: number | null; records: number };
    if (first === null || last === null) continue; // never had a row here: a table added since
    if (snap.changes.some((c) => c.seq > last && c.change.op === 'drop_table' && c.change.table === table)) continue;
    out.push({ seq: first, problem: `the table ${table} is missing, with the ${records} records the journal has of it (dropped outside Daicho)` });
  }
  return out;
}

/**
 * A range of a table's rowids in spans of up to `size` rowids, each starting at the next rowid
 * there is, however far ahead (an insider probe: one rowid set far ahead kept verify stepping
 * through empty spans for ever). The next start is found in the rowid's own b-tree, without reading
 * rows (counting each span's rows, or stepping over them with OFFSET, read the table's pages twice
 * more: 2026-12-05, 0.54 s of the stays' 1-year check, beside 0.46 s to build their forms).
 */
export function* rowidSpans(db: Db, table: string, range: { lo: bigint; hi: bigint }, size: number): Generator<[bigint, bigint]> {
  const nextStart = db.prepare(`SELECT min(rowid) FROM ${table} WHERE rowid > ? AND rowid <= ?`).pluck().safeIntegers(true);
  for (let lo: bigint | null = range.lo; lo !== null; ) {
    const hi: bigint = lo + BigInt(size - 1) < range.hi ? lo + BigInt(size - 1) : range.hi;
    const next = hi < range.hi ? ((nextStart.get(hi, range.hi) as bigint | null) ?? null) : null;
    yield [lo, hi];
    lo = next;
  }
}

/**
 * Part `part` of `parts` of a table's rowids, or null when it has none. In BigInt: a rowid may be
 * anything up to 2^63 (one set far ahead outside Daicho), past what a JS number holds exactly.
 */
export function rowidRange(db: Db, table: string, part: TablePart): { lo: bigint; hi: bigint } | null {
  // Each in a query of its own: min() and max() together read the whole table (1.4 s for the journal
  // of one year), one alone is a step down the rowid's b-tree.
  const bounds = db.prepare(`SELECT (SELECT min(rowid) FROM ${table}) AS lo, (SELECT max(rowid) FROM ${table}) AS hi`).safeIntegers(true).get() as { lo: bigint | null; hi: bigint | null };
  if (bounds.lo === null || bounds.hi === null) return null;
  const span = bounds.hi - bounds.lo + 1n;
  const lo = bounds.lo + (span * BigInt(part.part)) / BigInt(part.parts);
  const hi = bounds.lo + (span * BigInt(part.part + 1)) / BigInt(part.parts) - 1n;
  return hi < lo ? null : { lo, hi };
}
