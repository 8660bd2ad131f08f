import { hash } from 'node:crypto';
import { canonicalJson } from './canonical';
import type { Db } from '../store/database';
import { LEDGER_DEFINITIONS } from '../../../shared/ledgers';

// Journal format 2 (issue 7, SPEC §8 retention): what the journal holds of a table row.
//
// A personal field (a visitor's name, a free-text note) is committed to by a salted digest
// instead of its value: the journal's `after` holds {"$p": sha256(salt, field, value)}. The value
// lives in the table row (and, for the record's history, in `personal_values`), and the salt in
// the row's own `personal_salt` column, which the journal never holds. Erasing a record's personal
// data sets its values and its salt to null through the one write path and deletes its history
// values: the old digests in the chain then commit to nothing anyone can recover (the salt is
// gone), while every hash in the chain and every table row still verifies.

/**
 * The columns of each journaled table that hold personal data (erasable after the retention period),
 * from the ledgers' definitions (`personal`, shared/ledgers/index.ts). Append only, like the journal
 * itself: a row written with a salt is hashed by this list.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(LEDGER_DEFINITIONS.filter((d) => d.personal?.length).map((d) => [d.table, d.personal!.map((k) => d.fields.find((f) => f.key === k)!.column)])),
  // A door terminal's delivered record: what the terminal took with it (a purpose note, visitors' names), from migration 33.
  door_deliveries: ['detail'],
};

/** Not part of a row's journal form: the salt of its personal fields (never journaled, erased with them). */
export const SALT_COLUMN = 'personal_salt';

/** The journal's stand-in for a personal value. */
export interface PersonalCommitment {
  $p: string;
}

export function isCommitment(v: unknown): v is PersonalCommitment {
  return typeof v === 'object' && v !== null && typeof (v as PersonalCommitment).$p === 'string' && Object.keys(v).length === 1;
}

/** sha256 over the salt, the field's name and the value's JSON: the same in the store and in SQL (verify). */
export function commitPersonal(salt: string, field: string, value: string | number): string {
  return commitPersonalJson(salt, field, JSON.stringify(value));
}

/** The same, of the value's JSON text (verify reads it as SQLite's json_quote writes it, which is JSON.stringify's for a text). */
export function commitPersonalJson(salt: string, field: string, json: string): string {
  return hash('sha256', `${salt}\n${field}\n${json}`);
}

export function personalFieldsOf(table: string): readonly string[] {
  return PERSONAL_FIELDS[table] ?? [];
}

/**
 * A table row as the journal holds it: without its salt, each personal value (when the row has a
 * salt) replaced by its commitment. Canonical JSON text.
 */
export function journalForm(table: string, row: Record<string, unknown>): string {
  return canonicalJson(journalFormObject(table, row));
}

export function journalFormObject(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const personal = PERSONAL_FIELDS[table];
  if (!personal && !(SALT_COLUMN in row)) return row;
  const out: Record<string, unknown> = { ...row };
  const salt = row[SALT_COLUMN];
  delete out[SALT_COLUMN];
  if (typeof salt === 'string' && personal)
    for (const f of personal) {
      const v = row[f];
      if (typeof v === 'string' || typeof v === 'number') out[f] = { $p: commitPersonal(salt, f, v) };
    }
  return out;
}

/**
 * The SQL expression that builds a row's journal form in SQLite (json_object with the columns in
 * canonical order); `daicho_commit` is registered on the connection (see registerVerifyFunctions).
 * Equal to journalForm() for rows of text, integers and nulls. A blob is named apart (blobSql), and
 * read here so that json_object neither refuses it nor takes it for the JSON it may encode: a TEXT
 * column as text (its bytes), any other as null.
 */
export function journalFormSql(table: string, columns: readonly { name: string; type: string }[]): string {
  const personal = PERSONAL_FIELDS[table] ?? [];
  const hasSalt = columns.some((c) => c.name === SALT_COLUMN);
  const parts = columns
    .filter((col) => col.name !== SALT_COLUMN)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name: c, type }) => {
      const value = type.toUpperCase() === 'TEXT' ? `CAST(${c} AS TEXT)` : `iif(typeof(${c}) = 'blob', NULL, ${c})`;
      return hasSalt && personal.includes(c)
        ? `'${c}', CASE WHEN ${SALT_COLUMN} IS NULL OR ${c} IS NULL THEN ${value} ELSE json_object('$p', daicho_commit(${SALT_COLUMN}, '${c}', ${value})) END`
        : `'${c}', ${value}`;
    });
  return `json_object(${parts.join(', ')})`;
}

/**
 * True (1) when any column of the row holds a blob. Daicho writes none: a value stored as a blob of
 * its own bytes, or of SQLite's binary JSON of its text, reads as that text in a journal form (the
 * same form) while every lookup by that column misses the row (an insider probe: a stay hidden from
 * its site's list; a salt so stored let the next correction journal a visitor's name in clear).
 * A blob is the greatest of SQLite's types: one max() of the row's values finds any.
 */
export function blobSql(columns: readonly string[]): string {
  return columns.length === 1 ? `typeof(${columns[0]}) = 'blob'` : `typeof(max(${columns.map((c) => `coalesce(${c}, 0)`).join(', ')})) = 'blob'`;
}

/** Registers what journalFormSql needs on a (read) connection. */
export function registerVerifyFunctions(db: Db): void {
  db.function('daicho_commit', { deterministic: true }, (salt, field, value) => commitPersonal(String(salt), String(field), value as string | number));
}
