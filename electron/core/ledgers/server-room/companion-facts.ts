import type { Migration } from '../../store/migrations';
import { companionFacts } from './repo';

/**
 * Migration 36: what the anomaly rules read of a stay's companions — which employees went in with the
 * person, and whether each visitor had an escort — in a column of its own, not personal data, written
 * with the companions (repo.ts companionFacts), so that the retention erasure, which takes the
 * companions' names, takes no anomaly with them (an insider probe: a signed month's 同行者の入室許可なし
 * and エスコートなし went away with the names, with nothing said; a month never reviewed read clean).
 * The stays with companions get theirs from them now, journaled (those erased already have none to give).
 */
export const COMPANION_FACTS_MIGRATION: Migration = {
  version: 36,
  name: 'server-room-companion-facts',
  changes: [{ op: 'add_column', table: 'server_room_stays', column: 'companion_facts', definition: 'TEXT', default: null }],
  backfill: (tx) => {
    const rows = tx.stmt("SELECT id, companions FROM server_room_stays WHERE companions IS NOT NULL AND companions <> '{\"employees\":[],\"visitors\":[]}'").all() as { id: string; companions: string }[];
    for (const r of rows) {
      const facts = companionFacts(r.companions);
      if (facts !== null) tx.update('server_room_stays', r.id, { companion_facts: facts }, { action: 'migration.companion_facts' });
    }
  },
};
