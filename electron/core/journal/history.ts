import { readObject } from './verify-json';
import type { Store } from '../store/store';
import { isCommitment, personalFieldsOf } from './journal-form';
import type { JournalRow } from './journal';

/** A journal row as people see it in a history: personal values resolved, `before` derived. */
export interface ResolvedRow {
  row: JournalRow;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Personal fields whose value was erased after the retention period (shown as 消去済). */
  erased: string[];
}

/**
 * Journal rows (oldest first) made readable: each personal value's digest is looked up among the
 * kept values (gone once erased), and a row change's `before` is the record's previous `after`
 * (format 2 does not store it; format 1 rows keep what they stored).
 */
export function resolveHistory(store: Store, rows: readonly JournalRow[]): ResolvedRow[] {
  const lookup = store.stmt('SELECT value FROM personal_values WHERE digest = ?');
  const last = new Map<string, Record<string, unknown>>();
  const lastErased = new Map<string, string[]>();
  return rows.map((row) => {
    const erased: string[] = [];
    // A row whose values cannot be read (changed outside Daicho; verify names it) shows none, rather than failing the whole history.
    const after = readObject(row.after);
    if (after)
      for (const [k, v] of Object.entries(after)) {
        if (!isCommitment(v)) continue;
        const kept = lookup.get(v.$p) as { value: unknown } | undefined;
        if (kept) after[k] = kept.value;
        else {
          after[k] = null;
          erased.push(k);
        }
      }
    let before = readObject(row.before);
    if (row.kind === 'row' && row.entity_id !== null) {
      const key = `${row.entity}\u0000${row.entity_id}`;
      if (before === null && row.before === null) before = last.get(key) ?? null;
      // The erasure itself: the personal fields that held a value until then.
      if (row.action === 'personal.erase')
        erased.push(...personalFieldsOf(row.entity).filter((f) => (before !== null && before[f] !== null && before[f] !== undefined) || lastErased.get(key)?.includes(f)));
      if (after) last.set(key, after);
      lastErased.set(key, erased);
    }
    return { row, before, after, erased };
  });
}

/**
 * The personal columns of an erased record that held a value when they were erased (an empty one reads
 * empty, not 消去済: a probe found the paper saying 消去済 in notes never written, and the list saying
 * 同行者なし of stays that had visitors). From the record's last journal row before its erasure: a
 * value is committed there by its digest, an empty one is null.
 */
export function erasedColumns(store: Store, table: string, id: string): string[] {
  const last = store
    .stmt("SELECT after FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND action <> 'personal.erase' AND after IS NOT NULL ORDER BY seq DESC LIMIT 1")
    .pluck()
    .get(table, id) as string | undefined;
  const after = last === undefined ? null : readObject(last);
  // Unreadable (changed outside Daicho; verify names it): every personal column, as before.
  if (!after) return [...personalFieldsOf(table)];
  return personalFieldsOf(table).filter((f) => after[f] !== null && after[f] !== undefined);
}

