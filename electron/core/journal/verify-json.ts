import type { Db } from '../store/database';
import type { VerifyProblem } from './verify-parts';

// What verify reads of a journal row's JSON (its `after`): the rows it interprets (schema rows,
// retention acts and erasures, seals, keys, accounts, settings, changes of sealed records) are in
// the key holder's hands like every other row. Found by an insider probe: such a row chained with an
// `after` that is not JSON (or JSON of another shape: an array, a number, null, a field missing)
// made verify stop with an unexpected error — or pass it by, unread. Verify reads each through
// these, never throws on one, and names it at its sequence number.

/** A journal row's JSON text read as an object; null when it is none (not text, not JSON, JSON of another shape). */
export function readObject(text: unknown): Record<string, unknown> | null {
  const v = readJson(text);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * A JSON text's value; undefined when it is not JSON text — or names a key twice in one object,
 * which Daicho never writes (JSON.stringify cannot): SQLite's JSON functions read the first of the
 * two and JSON.parse the last, so a check made in SQL and one made here would each be shown its own
 * value (an insider probe: an approval naming the registered key first and the forging key last
 * passed `verify --keys`, signed by the forging one).
 */
export function readJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return hasDuplicateKeys(text) ? undefined : v;
}

/** Whether a JSON text (valid: JSON.parse took it) names a key twice in one of its objects. */
export function hasDuplicateKeys(text: string): boolean {
  // One entry a nesting level: an object's keys so far and whether a key comes next; null for an array.
  const levels: ({ keys: Set<string>; keyNext: boolean } | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const level = levels[levels.length - 1];
      if (level?.keyNext) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (level.keys.has(key)) return true;
        level.keys.add(key);
        level.keyNext = false;
      }
      i = end;
    } else if (c === '{') levels.push({ keys: new Set(), keyNext: true });
    else if (c === '[') levels.push(null);
    else if (c === '}' || c === ']') levels.pop();
    else if (c === ',') {
      const level = levels[levels.length - 1];
      if (level) level.keyNext = true;
    }
  }
  return false;
}

/**
 * SQL: the column when it holds JSON text, else NULL: SQLite's `->>` and json_extract throw on text
 * that is not JSON ("malformed JSON"), and would take a blob for its binary JSON.
 */
export function jsonSql(column: string): string {
  return `(CASE WHEN typeof(${column}) = 'text' AND json_valid(${column}) THEN ${column} END)`;
}

/** SQL: true when the column holds no JSON object (NULL counts as one: a row without values is named by the chain). */
export function notObjectSql(column: string): string {
  return `(${column} IS NOT NULL AND coalesce(json_type(${jsonSql(column)}), '') <> 'object')`;
}

/** Tables whose journal rows verify reads field by field (accounts: roles; settings: the retention periods; seals; signing keys). */
export const READ_ROW_TABLES = ['accounts', 'settings', 'seals', 'signing_keys'] as const;

/** Their row changes whose values are no JSON object (Daicho writes a table row's values as one), each named. */
export function unreadableRows(db: Db, head: number): VerifyProblem[] {
  const rows = db
    .prepare(
      `SELECT seq, entity, entity_id AS id FROM journal
       WHERE kind = 'row' AND entity IN (${READ_ROW_TABLES.map((t) => `'${t}'`).join(', ')}) AND seq BETWEEN 1 AND ? AND ${notObjectSql('after')} ORDER BY seq`,
    )
    .all(head) as { seq: number; entity: string; id: unknown }[];
  return rows.map((r) => ({ seq: r.seq, problem: `journal row ${r.seq}, a change of ${r.entity} ${String(r.id)}, holds values that cannot be read (not written by Daicho)` }));
}
