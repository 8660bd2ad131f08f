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
  | { op: 'drop_column'; table: string; column: string }
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
      db.exec(`ALTER TABLE ${ident(c.table)} DROP COLUMN ${ident(c.column)}`);
      return;
    case 'journal_format':
      return;
  }
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
    default:
      break;
  }
  return obj;
}
