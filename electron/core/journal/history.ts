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
