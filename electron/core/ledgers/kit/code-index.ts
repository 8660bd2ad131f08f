import { readsAlikeUnkept } from '../../../../shared/search';
import { readsDigits } from '../../../../shared/ledgers';
import type { Row, Store } from '../../store/store';

/** What the index reads: the store's statements, its journal's head, and whether a write is under way. */
export type CodeIndexStore = Pick<Store, 'stmt' | 'journalHead' | 'writing'>;

/** One register column's codes as they read (readsAlike), by rowid, and the journal row they are up to. */
interface Kept {
  seq: number;
  hash: string;
  /** By rowid (read with the code from an index holding the column, where there is one). */
  keyOf: Map<number, string>;
  /** One rowid (the usual case: a register of 100,000 made 100,000 sets), or the rowids that share a form. */
  idsOf: Map<string, number | Set<number>>;
  /** False while it is read in slices after the open (warmCodeIndexes), up to `readTo` so far. */
  ready: boolean;
  /** The last rowid read while not ready (slices go by rowid). */
  readTo: number;
  /** A code the company gives: letters drawn as digits read as the digits (shared/ledgers/index.ts readsDigits). */
  digits: boolean;
}

/** Journal rows since the kept head beyond which the register is read anew rather than caught up (or its size, if larger). */
const CATCH_UP_ROWS = 2000;

/** By store (a Store is one open database), by `table.column`. */
const kept = new WeakMap<object, Map<string, Kept>>();

function keptOf(store: CodeIndexStore): Map<string, Kept> {
  let byColumn = kept.get(store);
  if (!byColumn) kept.set(store, (byColumn = new Map()));
  return byColumn;
}

/**
 * The rows of a register to judge a code against: those whose `column` reads as `code` does
 * (shared/search.ts readsAlike), among those `where` selects. The caller judges them as it would
 * judge every row (`sameAs`), so a row given here that no longer reads alike costs a comparison,
 * never a wrong refusal.
 *
 * A "one code, one thing" check read the whole register on each save: 35,000 employee numbers took
 * a people.add to 10 ms of one thread, over 100 ms while a verify and a backup shared the two cores
 * (the bench's longest call, issue 7). The forms are kept in memory per store and brought up to date
 * from the journal, whose rows are every change the one write path makes: the rows of this table
 * written since the kept head are read again. The kept head must still be the journal's row it was
 * (same sequence number and hash), or everything is read anew. Inside a write (uncommitted rows that
 * a rollback may take back), the register is read as before, and nothing is kept. A row put in a
 * register outside the app without a journal row (with the key) is not seen until the index is read
 * anew (the next open, or the journal changed): verify names such a row in any case.
 */
export function rowsToJudge(
  store: CodeIndexStore,
  q: { table: string; column: string; code: string; /** Columns to select (the caller judges with them). */ select: string; where?: string; params?: unknown[] },
): Row[] {
  const where = q.where ?? '1';
  const params = q.params ?? [];
  if (store.writing) return store.stmt(`SELECT ${q.select} FROM ${q.table} WHERE ${where}`).all(...params) as Row[];
  const found = upToDate(store, q.table, q.column).idsOf.get(readsAlikeUnkept(q.code, readsDigits(q.table, q.column)));
  if (found === undefined) return [];
  const ids = typeof found === 'number' ? [found] : [...found];
  return store.stmt(`SELECT ${q.select} FROM ${q.table} WHERE rowid IN (${ids.map(() => '?').join(', ')}) AND (${where})`).all(...ids, ...params) as Row[];
}

function upToDate(store: CodeIndexStore, table: string, column: string): Kept {
  const byColumn = keptOf(store);
  const name = `${table}.${column}`;
  const head = store.journalHead();
  let k = byColumn.get(name);
  // Asked before its slices are all read: the rest is read now (at most what a first check read before them).
  if (k && !k.ready) readRest(store, k, table, column);
  if (k && (k.seq !== head.seq || k.hash !== head.hash)) {
    const then = store.stmt('SELECT hash FROM journal WHERE seq = ?').pluck().get(k.seq);
    // Long unasked (a register of six guest cards after weeks of the door's rows, a bulk import): the
    // journal since is read by its key whatever the entity (60,000 rows: 153 ms), the register anew in less.
    if (then !== k.hash || head.seq - k.seq > Math.max(CATCH_UP_ROWS, k.keyOf.size)) k = undefined;
    else {
      // +entity: the journal's key from the kept head on, not every row ever written of the table.
      const changed = store.stmt('SELECT DISTINCT entity_id FROM journal WHERE seq > ? AND +entity = ?').pluck().all(k.seq, table) as string[];
      const read = store.stmt(`SELECT rowid AS r, ${column} AS code FROM ${table} WHERE id = ?`);
      for (const id of changed) {
        const row = read.get(id) as { r: number; code: unknown } | undefined;
        if (row) note(k, row.r, row.code); // journaled rows are never deleted
      }
      k.seq = head.seq;
      k.hash = head.hash;
    }
  }
  if (!k) {
    k = { seq: head.seq, hash: head.hash, keyOf: new Map(), idsOf: new Map(), ready: true, readTo: 0, digits: readsDigits(table, column) };
    // SQLite reads it from an index holding the column where there is one (the employee numbers'
    // unique index: 100,000 in 50 ms, against 165–290 ms from the table's pages).
    for (const r of store.stmt(`SELECT rowid AS r, ${column} AS code FROM ${table}`).all() as { r: number; code: unknown }[]) note(k, r.r, r.code);
    byColumn.set(name, k);
  }
  return k;
}

/** Rows read in one turn of the event loop by warmCodeIndexes (2,000 employee numbers: a few ms). */
export const WARM_SLICE_ROWS = 2000;

/**
 * Reads the registers' codes into the index after the open, a slice of rows in each turn of the event
 * loop, so that the first check of a code never reads a whole register in one call (131,000
 * employee numbers: 425–640 ms, the bench's longest call after the index). The dispatcher holds the
 * calls that come meanwhile until it is done (daicho.ts codesRead); a check that still comes before a
 * column is all read (one made outside the dispatcher) reads the rest of it then. Rows changed
 * meanwhile (a job's end, journaled from the main thread) are caught up from the journal head it
 * started at, like every kept index.
 * Resolves when all are read (or the store closed).
 */
export async function warmCodeIndexes(store: CodeIndexStore, columns: readonly { table: string; column: string }[], sliceRows = WARM_SLICE_ROWS): Promise<void> {
  const byColumn = keptOf(store);
  for (const { table, column } of columns) {
    const name = `${table}.${column}`;
    if (byColumn.has(name)) continue;
    let k: Kept | undefined;
    try {
      const head = store.journalHead();
      k = { seq: head.seq, hash: head.hash, keyOf: new Map(), idsOf: new Map(), ready: false, readTo: 0, digits: readsDigits(table, column) };
      byColumn.set(name, k);
      while (!k.ready) {
        await new Promise((resolve) => setImmediate(resolve));
        if (byColumn.get(name) !== k) break; // forgotten meanwhile
        // Never between a write's statements (its rows may be taken back); and not again once a check read the rest.
        if (!store.writing && !k.ready) readRest(store, k, table, column, sliceRows);
      }
    } catch {
      // The store closed (or the table is not there): nothing kept of it, its first check reads it as before.
      if (k && byColumn.get(name) === k) byColumn.delete(name);
    }
  }
}

/** Reads the rows after `k.readTo` (`limit` of them, or all): ready when none is left. */
function readRest(store: CodeIndexStore, k: Kept, table: string, column: string, limit = -1): void {
  const rows = store.stmt(`SELECT rowid AS r, ${column} AS code FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).all(k.readTo, limit) as { r: number; code: unknown }[];
  for (const r of rows) note(k, r.r, r.code);
  if (rows.length > 0) k.readTo = rows[rows.length - 1].r;
  if (limit < 0 || rows.length < limit) k.ready = true;
}

/** The row `id` (its rowid) now has `code`. */
function note(k: Kept, id: number, code: unknown): void {
  const was = k.keyOf.get(id);
  const key = typeof code === 'string' && code !== '' ? readsAlikeUnkept(code, k.digits) : undefined;
  if (was === key) return;
  if (was !== undefined) {
    const ids = k.idsOf.get(was);
    if (typeof ids === 'number' || ids === undefined || (ids.delete(id) && ids.size === 0)) k.idsOf.delete(was);
    k.keyOf.delete(id);
  }
  if (key === undefined) return;
  k.keyOf.set(id, key);
  const ids = k.idsOf.get(key);
  if (ids === undefined) k.idsOf.set(key, id);
  else if (typeof ids === 'number') k.idsOf.set(key, new Set([ids, id]));
  else ids.add(id);
}
