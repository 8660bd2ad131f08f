import type { Db } from './database';

/**
 * A migration's change to a journaled table, declared (issue 7, SPEC §8 "the journal format is a
 * one-way door"). Each is applied to the database and appended to the chain as a schema row
 * (kind 'event', action 'schema.change', actor 'migration'); verify applies it to every record
 * last written before it, so older journal rows still prove today's tables.
 */
export type SchemaChange =
  /** A new journaled table: nothing older to apply. `sql` creates it (and its indexes). */
  | { op: 'create_table'; table: string; sql: string }
  /** `definition` is the SQL after the column name; `default` is what every older row holds (it must agree with the SQL default). */
  | { op: 'add_column'; table: string; column: string; definition: string; default: string | number | null }
  | { op: 'rename_column'; table: string; from: string; to: string }
  /**
   * `rebuild` (from migration 7): SQLite's DROP COLUMN refuses a column that is UNIQUE or indexed
   * (people.card_no). The table is then made anew from this SQL — `CREATE TABLE <table> (...)` with
   * every other column as it was, in the same order — the rows are copied (rowids kept), the old table
   * dropped and its indexes made again (store/database.ts migrate runs it with foreign keys off and
   * checks them before committing). For the records it is the same change as a plain drop.
   */
  | { op: 'drop_column'; table: string; column: string; rebuild?: string }
  /**
   * A journaled table dropped (from migration 7), after its backfill moved what it held: its records
   * are expected gone from then on. A journaled table missing without one is named by verify.
   */
  | { op: 'drop_table'; table: string }
  /** From this row on the journal is written in this format (2: no `before`, personal fields as salted digests). */
  | { op: 'journal_format'; format: number };

export const SCHEMA_CHANGE_ACTION = 'schema.change';
export const MIGRATION_ACTOR = { actor: 'migration', station: 'migration' } as const;

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  return name;
}

/** The DDL of one change (run inside the migration's transaction). */
export function applyChangeDdl(db: Db, c: SchemaChange): void {
  switch (c.op) {
    case 'create_table':
      ident(c.table);
      db.exec(c.sql);
      return;
    case 'add_column':
      db.exec(`ALTER TABLE ${ident(c.table)} ADD COLUMN ${ident(c.column)} ${c.definition}`);
      return;
    case 'rename_column':
      db.exec(`ALTER TABLE ${ident(c.table)} RENAME COLUMN ${ident(c.from)} TO ${ident(c.to)}`);
      return;
    case 'drop_column':
      if (c.rebuild !== undefined) rebuildWithout(db, ident(c.table), ident(c.column), c.rebuild);
      else db.exec(`ALTER TABLE ${ident(c.table)} DROP COLUMN ${ident(c.column)}`);
      return;
    case 'drop_table':
      db.exec(`DROP TABLE ${ident(c.table)}`);
      return;
    case 'journal_format':
      return;
  }
}

/** Whether any of these changes rebuilds a table (then foreign keys must be off around the migration's transaction). */
export function rebuildsTable(changes: readonly SchemaChange[]): boolean {
  return changes.some((c) => c.op === 'drop_column' && c.rebuild !== undefined);
}

function columnNames(db: Db, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name);
}

/**
 * SQLite's way to change a table beyond what ALTER TABLE can (sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"): make the new table under another name, copy the rows,
 * drop the old one, give the new one its name, make the indexes again. Foreign keys must be off:
 * dropping a table that others refer to would otherwise delete through them.
 */
function rebuildWithout(db: Db, table: string, column: string, sql: string): void {
  if (db.pragma('foreign_keys', { simple: true }) !== 0) throw new Error(`rebuilding ${table} needs foreign keys off (migrate turns them off around the migration)`);
  const head = new RegExp(`^\\s*CREATE TABLE ${table}\\s*\\(`);
  if (!head.test(sql)) throw new Error(`the rebuild of ${table} must begin with "CREATE TABLE ${table} ("`);
  const kept = columnNames(db, table).filter((c) => c !== column);
  if (kept.length === columnNames(db, table).length) throw new Error(`${table} has no column ${column}`);
  const indexes = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").all(table) as { sql: string }[]).map((r) => r.sql);
  const temp = `${table}_rebuilt`;
  db.exec(sql.replace(head, `CREATE TABLE ${temp} (`));
  const made = columnNames(db, temp);
  if (made.join(',') !== kept.join(',')) throw new Error(`the rebuilt ${table} must have its columns less ${column}, in order: ${kept.join(', ')} (not ${made.join(', ')})`);
  const cols = kept.join(', ');
  db.exec(`INSERT INTO ${temp} (rowid, ${cols}) SELECT rowid, ${cols} FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${temp} RENAME TO ${table}`);
  for (const s of indexes) db.exec(s);
}

/** What the change is, as journaled (the create_table SQL is kept: it says what the table was made as). */
export function changeRecord(c: SchemaChange): Record<string, unknown> {
  return { ...c };
}

/** The table a change is about (null for the journal format). */
export function changeTable(c: SchemaChange): string | null {
  return c.op === 'journal_format' ? null : c.table;
}

/**
 * A record's journal form as of a later schema: the changes made after it was last written,
 * applied in order. Returns the same object, changed.
 */
export function applyChangeToRecord(obj: Record<string, unknown>, c: SchemaChange): Record<string, unknown> {
  switch (c.op) {
    case 'add_column':
      if (!(c.column in obj)) obj[c.column] = c.default;
      break;
    case 'rename_column':
      if (c.from in obj) {
        obj[c.to] = obj[c.from];
        delete obj[c.from];
      }
      break;
    case 'drop_column':
      delete obj[c.column];
      break;
    // drop_table: the table is gone, and with it every record verify would compare.
    default:
      break;
  }
  return obj;
}
