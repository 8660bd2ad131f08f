import { searchFold } from '../../../shared/search';
import type { Db } from './database';

/**
 * The app's own SQL functions, on every connection that runs the app's queries: the main one
 * (store/database.ts) and a reader worker's (jobs/reader.ts).
 */
export function addSqlFunctions(db: Db): void {
  // A stored text as a list's search reads it (shared/search.ts searchFold; kit/record-list.ts searchedColumn).
  db.function('daicho_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? searchFold(v) : v) as string | null);
}
