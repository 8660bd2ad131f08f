/**
 * The journal's rows about one record are found by the index of their kind (migration 43): row
 * changes by `journal_rows` (entity, entity_id, seq, over the rows of kind 'row', migration 5),
 * events by `journal_events` (the same, over kind 'event'). No index holds both kinds, so each
 * journal row written dirties one index page, not two: a read of both kinds asks each index
 * (`journalAbout`), and a read of one kind says `kind = '…'` in its WHERE (without it SQLite can
 * use neither index, and reads the whole journal).
 */
export const JOURNAL_EVENTS_INDEX = "CREATE INDEX journal_events ON journal(entity, entity_id, seq) WHERE kind = 'event'";

/**
 * SQL for every journal row of both kinds about the records `ids` of `entity`, in no order (the
 * caller adds `ORDER BY seq`). `entity` is SQL (a literal or a parameter); `ids` the rest of the
 * test on entity_id (`= @id`, `IN (SELECT id FROM …)`). Named parameters serve both halves.
 */
export function journalAbout(entity: string, ids: string): string {
  return (['row', 'event'] as const).map((kind) => `SELECT * FROM journal WHERE kind = '${kind}' AND entity = ${entity} AND entity_id ${ids} AND seq >= 1`).join(' UNION ALL ');
}
