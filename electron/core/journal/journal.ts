import { createHash } from 'node:crypto';
import type { Db } from '../store/database';

export const GENESIS_HASH = '0'.repeat(64);

/** One row of the append-only journal (SPEC §8). before/after are canonical JSON text or null. */
export interface JournalRow {
  seq: number;
  at: string;
  actor: string;
  station: string;
  /** 'row': a table row was inserted or updated (before/after are the row); 'event': something happened (after is its data). */
  kind: 'row' | 'event';
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

/** The journal as migration 1 made it (journal_entity: dropped by migration 43, see journal-about.ts). */
export const JOURNAL_SCHEMA = `
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  station TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('row', 'event')),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT,
  after TEXT,
  reason TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX journal_entity ON journal(entity, entity_id, seq);
${guardSql('journal_no_update', 'UPDATE')};
${guardSql('journal_no_delete', 'DELETE')};
`;

function guardSql(name: string, verb: 'UPDATE' | 'DELETE'): string {
  return `CREATE TRIGGER ${name} BEFORE ${verb} ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END`;
}

/** The journal's guards (SQLite refuses to change or delete a row of it), as the schema makes them: the only triggers Daicho makes. */
const JOURNAL_GUARDS: readonly { name: string; sql: string }[] = [
  { name: 'journal_no_update', sql: guardSql('journal_no_update', 'UPDATE') },
  { name: 'journal_no_delete', sql: guardSql('journal_no_delete', 'DELETE') },
];

/**
 * What verify says of the database's triggers: a journal guard missing or changed (the journal could
 * have been changed in place and its chain computed again), and any trigger Daicho does not make
 * (one could change rows behind the one write path).
 */
export function triggerProblems(db: Db): string[] {
  // Every trigger, its type spelled in any case: SQLite reads 'TRIGGER' as a trigger too (an insider
  // probe hid one so, named like a table, through writable_schema).
  const found = db.prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE lower(type) = 'trigger' ORDER BY name").all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const words = (sql: string | null | undefined) => (sql ?? '').replace(/\s+/g, ' ').trim();
  const isGuard = (f: (typeof found)[number]) => f.type === 'trigger' && JOURNAL_GUARDS.some((g) => g.name === f.name);
  const problems = JOURNAL_GUARDS.filter((g) => words(found.find((f) => isGuard(f) && f.name === g.name)?.sql) !== words(g.sql)).map(
    (g) => `the journal is not append-only: its guard ${g.name} is missing or changed`,
  );
  for (const f of found) if (!isGuard(f)) problems.push(`a trigger Daicho does not make: ${f.name} on ${f.tbl}${f.type === 'trigger' ? '' : ` (its type written "${f.type}")`}`);
  return problems;
}

/** SHA-256 over a fixed, unambiguous encoding of every field but the hash itself. */
export function hashJournalRow(r: Omit<JournalRow, 'hash'>): string {
  return hashJournalFields([r.seq, r.at, r.actor, r.station, r.kind, r.action, r.entity, r.entity_id, r.before, r.after, r.reason, r.prev_hash]);
}

/** The hash over the fields in the order above (the verifier reads them as a raw row in that order). */
export function hashJournalFields(fields: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * SPEC §8: what is hashed must be exactly what is stored. SQLite stores text as UTF-8, so a string
 * that is not well-formed Unicode (a lone surrogate) would be stored as U+FFFD and hashed as itself:
 * such a row would fail verify for good. The contract refuses such input at the field; this is the
 * last line, and it aborts the whole write.
 */
export function assertStorable(what: string, record: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'string' && !value.isWellFormed()) throw new Error(`${what}.${field} is not well-formed Unicode; nothing was written`);
  }
}

export type JournalEntry = Omit<JournalRow, 'seq' | 'prev_hash' | 'hash'>;

/** Appends rows; must be called inside the write transaction (see Store.write). */
export class JournalAppender {
  private readonly insert;
  private readonly headStmt;
  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO journal (seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash)
       VALUES (@seq, @at, @actor, @station, @kind, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)`,
    );
    this.headStmt = db.prepare('SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1');
  }

  head(): { seq: number; hash: string; at: string | null } {
    const row = this.headStmt.get() as { seq: number; hash: string; at: string } | undefined;
    return row ?? { seq: 0, hash: GENESIS_HASH, at: null };
  }

  append(entry: JournalEntry): JournalRow {
    assertStorable('journal', entry);
    const head = this.head();
    const base = { ...entry, seq: head.seq + 1, prev_hash: head.hash };
    const row: JournalRow = { ...base, hash: hashJournalRow(base) };
    this.insert.run(row);
    return row;
  }
}
