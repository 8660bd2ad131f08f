import type { Db } from '../store/database';
import { commitPersonal, commitPersonalJson, PERSONAL_FIELDS, SALT_COLUMN } from './journal-form';
import { BATCH_ROWS, columnsOf, ProblemList, recordKey, REF_STRIDE, rowidRange, rowidSpans, type ErasedCounts, type RecordIndex, type Snapshot, type TablePart, type TablesResult } from './verify-parts';
import { erasedRecords } from './verify-marks';

// The personal values of SPEC §8 verify (issue 7, retention): each kept value proves itself against
// its record's salt, and every value the journal commits to is still kept (unless erased).

/**
 * The personal values kept for history must each prove themselves against their record's salt;
 * an erased record keeps none. One part of them, split by rowid like the tables. Each value's salt
 * comes from the index, where the tables check left it (the records are keyed by random ids: a
 * lookup of each one took half of this check's time); a value whose record left none there, or
 * that does not prove itself with it, is checked again against its record's row.
 * The values are read BATCH_ROWS rowids at a time in one SQL call, each value as SQLite's
 * json_quote writes it (as JSON.stringify does, which the commitment hashes); a batch that does not
 * split into its rows is read row by row.
 * Every value's digest (of any table) goes into `kept`, for checkPersonalRefs.
 * Returns the problems and, from part 0, how many records were erased, per table.
 */
export function checkPersonalValues(
  db: Db, snap: Snapshot, index: RecordIndex | null, part: TablePart = { part: 0, parts: 1 }, kept: KeptDigests | null = null,
): TablesResult & { erased: ErasedCounts } {
  const problems = new ProblemList();
  const erased: ErasedCounts = {};
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE lower(type) = 'table'").all() as { name: string }[]).map((r) => r.name));
  if (!present.has('personal_values')) return { problems: [], problemCount: 0, rows: 0, erased };
  const tables = Object.keys(PERSONAL_FIELDS).filter((t) => snap.tables.includes(t) && columnsOf(db, t).includes(SALT_COLUMN));
  const exact = new Map(tables.map((t) => [t, db.prepare(`SELECT ${SALT_COLUMN} AS salt FROM ${t} WHERE id = ?`)]));
  const range = rowidRange(db, 'personal_values', part);
  let rows = 0;
  const lastSeqOf = (entity: string, entityId: string) =>
    (db.prepare(`SELECT max(seq) AS s FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row' AND seq BETWEEN 1 AND ?`).get(entity, entityId, snap.head) as { s: number | null }).s ?? snap.head + 1;
  /** One value the exact way: with the salt the index kept, else its record's own. */
  const check = (r: [unknown, unknown, unknown, unknown, unknown]) => {
    rows++;
    if (r.slice(0, 3).some((v) => typeof v !== 'string') || typeof r[4] !== 'string') {
      problems.note(snap.head + 1, `a kept personal value of ${String(r[0])} row ${String(r[1])} holds a value stored as binary data (changed outside Daicho)`);
      return;
    }
    const [entity, entityId, field, value, digest] = r as [string, string, string, string | number | null, string];
    const stmt = exact.get(entity);
    // Moved to a table with no personal fields, it would still be shown in a history (found by its
    // digest) and no erasure would reach it (an insider probe).
    if (!stmt) return problems.note(snap.head + 1, `a kept personal value (${field}) of ${entity} row ${entityId} belongs to no ledger with personal fields (changed outside Daicho)`);
    if (index && value !== null) {
      const [k1, k2] = recordKey(entity, entityId);
      const slot = index.slotFor(k1, k2);
      const salt = slot >= 0 ? index.saltOf(slot) : null;
      if (salt !== null && commitPersonal(salt, field, value) === digest) return;
    }
    const row = stmt.get(entityId) as { salt: string | null } | undefined;
    if (row && row.salt !== null && value !== null && commitPersonal(row.salt, field, value) === digest) return;
    problems.note(lastSeqOf(entity, entityId), `a kept personal value (${field}) of ${entity} row ${entityId} was changed outside Daicho`);
  };
  const keep = (digest: unknown) => {
    if (kept && typeof digest === 'string') kept.add(parseInt(digest.slice(0, 8), 16), parseInt(digest.slice(8, 16), 16));
  };
  if (range) {
    const columns = 'entity, entity_id, field, value, digest';
    const rowsIn = db.prepare(`SELECT ${columns} FROM personal_values WHERE rowid BETWEEN ? AND ?`).raw(true);
    const one = db.prepare(`SELECT ${columns} FROM personal_values WHERE rowid = ?`).raw(true);
    const batchStmt = db
      .prepare(
        `SELECT count(*), group_concat(rowid), group_concat(entity || char(9) || entity_id, char(10)), group_concat(field, char(10)),
           group_concat(CASE WHEN typeof(value) = 'text' THEN json_quote(value) ELSE '' END, char(10)), group_concat(digest, char(10)),
           sum(typeof(max(entity, entity_id, field, digest)) != 'text')
         FROM (SELECT rowid, * FROM personal_values WHERE rowid BETWEEN ? AND ? ORDER BY rowid)`,
      )
      .raw(true);
    const exactly = (lo: bigint, hi: bigint) => {
      for (const r of rowsIn.iterate(lo, hi) as IterableIterator<[unknown, unknown, unknown, unknown, unknown]>) {
        keep(r[4]);
        check(r);
      }
    };
    for (const [start, hi] of rowidSpans(db, 'personal_values', range, BATCH_ROWS)) {
      let got: [number, string | null, string | null, string | null, string | null, string | null, number | null];
      try {
        got = batchStmt.get(start, hi) as typeof got;
      } catch {
        exactly(start, hi); // values too long to join (SQLite's length limit): one by one
        continue;
      }
      const [n, rowidText, recordText, fieldText, valueText, digestText, odd] = got;
      if (n === 0) continue;
      // A text field that is not text (a blob of its bytes reads as text here, while the history's
      // lookup by digest misses it): row by row, where it is named.
      if (odd !== 0) {
        exactly(start, hi);
        continue;
      }
      const rowids = rowidText?.split(',') ?? [];
      const records = recordText?.split('\n') ?? [];
      const fields = fieldText?.split('\n') ?? [];
      const values = valueText?.split('\n') ?? [];
      const digests = digestText?.split('\n') ?? [];
      if ([rowids, records, fields, values, digests].some((a) => a.length !== n) || records.some((r) => r.indexOf('\t') !== r.lastIndexOf('\t'))) {
        exactly(start, hi);
        continue;
      }
      for (let i = 0; i < n; i++) {
        keep(digests[i]);
        const record = records[i];
        const tab = record.indexOf('\t');
        const entity = record.slice(0, tab);
        if (exact.has(entity) && index && values[i] !== '') {
          const [k1, k2] = recordKey(entity, record.slice(tab + 1));
          const slot = index.slotFor(k1, k2);
          const salt = slot >= 0 ? index.saltOf(slot) : null;
          if (salt !== null && commitPersonalJson(salt, fields[i], values[i]) === digests[i]) {
            rows++;
            continue;
          }
        }
        check(one.get(BigInt(rowids[i])) as [unknown, unknown, unknown, unknown, unknown]);
      }
    }
  }
  // The records erased: marked so, with their erasure in the journal (one marked without it is named by the tables check, and not counted).
  if (part.part === 0) {
    const byTable = erasedRecords(db, snap);
    for (const table of tables)
      if (columnsOf(db, table).includes('personal_erased_at')) {
        const ids = byTable.get(table);
        let n = 0;
        if (ids) for (const id of db.prepare(`SELECT id FROM ${table} WHERE personal_erased_at IS NOT NULL`).pluck().iterate() as IterableIterator<unknown>) if (ids.has(String(id))) n++;
        erased[table] = n;
      }
  }
  return { problems: problems.lowest(), problemCount: problems.count, rows, erased };
}

/**
 * Every personal-value digest the journal commits to must still have its kept value, unless its
 * record's personal data was erased: a value deleted from personal_values outside the app would
 * silently take an old value out of the record's history.
 */
export function checkPersonalRefs(db: Db, snap: Snapshot, parts: readonly { refs: Uint32Array; refCount: number }[], kept: KeptDigests | null): TablesResult {
  const problems = new ProblemList();
  if (!kept) return { problems: [], problemCount: 0, rows: 0 }; // no personal_values: nothing is kept, and nothing to miss
  const bySeq = db.prepare('SELECT entity, entity_id FROM journal WHERE seq = ?');
  const erasedOf = new Map<string, boolean>();
  const erasableOf = new Map<string, boolean>();
  for (const p of parts)
    for (let i = 0; i < p.refCount; i++) {
      const o = i * REF_STRIDE;
      if (kept.has(p.refs[o], p.refs[o + 1])) continue;
      const seq = p.refs[o + 2];
      const j = bySeq.get(seq) as { entity: string; entity_id: string } | undefined;
      if (!j) continue;
      const key = `${j.entity}\u0000${j.entity_id}`;
      let erased = erasedOf.get(key);
      if (erased === undefined) {
        // A table without personal fields has nothing erased: a commitment in its row's values was put there outside Daicho (and the lookup would throw).
        let erasable = erasableOf.get(j.entity);
        if (erasable === undefined) erasableOf.set(j.entity, (erasable = columnsOf(db, j.entity).includes('personal_erased_at')));
        const row = erasable ? (db.prepare(`SELECT personal_erased_at FROM ${j.entity} WHERE id = ?`).get(j.entity_id) as { personal_erased_at: string | null } | undefined) : undefined;
        erased = row?.personal_erased_at != null;
        if (erasedOf.size < 100_000) erasedOf.set(key, erased);
      }
      if (!erased) problems.note(seq, `a kept personal value of ${j.entity} row ${j.entity_id} (journal row ${seq}) is missing (deleted outside Daicho)`);
    }
  return { problems: problems.lowest(), problemCount: problems.count, rows: parts.reduce((n, p) => n + p.refCount, 0) };
}

/**
 * The digests (64 bits each) of the kept personal values: an open-addressing multiset over shared
 * memory, filled by every worker's part of checkPersonalValues at once (a slot is claimed with an
 * atomic compare-and-exchange) and read by checkPersonalRefs once all of them are done.
 */
export class KeptDigests {
  readonly words: Uint32Array;
  readonly used: Uint8Array;
  readonly capacity: number;
  constructor(buffers: { words: SharedArrayBuffer; used: SharedArrayBuffer }) {
    this.words = new Uint32Array(buffers.words);
    this.used = new Uint8Array(buffers.used);
    this.capacity = this.used.length;
  }

  /** Room for every personal value the data holds (counted: their rowids may lie far apart), or null when it has no such table. */
  static forData(db: Db): KeptDigests | null {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE lower(type) = 'table' AND name = 'personal_values'").get();
    if (!table) return null;
    const count = db.prepare('SELECT count(*) FROM personal_values').pluck().get() as number;
    const capacity = Math.max(1024, Math.ceil(count * 1.5));
    return new KeptDigests({ words: new SharedArrayBuffer(capacity * 8), used: new SharedArrayBuffer(capacity) });
  }

  get buffers(): { words: SharedArrayBuffer; used: SharedArrayBuffer } {
    return { words: this.words.buffer as SharedArrayBuffer, used: this.used.buffer as SharedArrayBuffer };
  }

  /** A digest already there is not added again (many rows of one digest would make one long probe: a review). */
  add(d1: number, d2: number): void {
    let s = ((d1 ^ Math.imul(d2, 0x9e3779b1)) >>> 0) % this.capacity;
    while (Atomics.compareExchange(this.used, s, 0, 1) !== 0) {
      if (this.words[s * 2] === d1 && this.words[s * 2 + 1] === d2) return;
      s = s + 1 === this.capacity ? 0 : s + 1;
    }
    this.words[s * 2] = d1;
    this.words[s * 2 + 1] = d2;
  }

  has(d1: number, d2: number): boolean {
    let s = ((d1 ^ Math.imul(d2, 0x9e3779b1)) >>> 0) % this.capacity;
    for (;;) {
      if (!this.used[s]) return false;
      if (this.words[s * 2] === d1 && this.words[s * 2 + 1] === d2) return true;
      s = s + 1 === this.capacity ? 0 : s + 1;
    }
  }
}
