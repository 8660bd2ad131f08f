import { RETENTION_YEARS } from '../../../shared/api/retention-contract';
import type { Db } from '../store/database';
import { ERASURE_ROWS, RETENTION_TIME_COLUMNS, retentionCutoff, signedCutoff, WRITTEN_RULE_MIGRATION } from '../retention-rules';
import { ProblemList, type Snapshot, type TablesResult } from './verify-parts';

// SPEC §8: verify reports an erased record as erased, never as tampering — so an erasure must be
// what the app makes: inside an approved retention act (its start and done events, retention.ts),
// of that act's table, of a record past the period the act states. Found by an insider probe: an
// erasure row written with the key, outside any act, of a month-old record under a seal, verified
// as "erased after the retention period"; so did one made with the clock set six years ahead.


/** A clock set back after an act by more than this names the act (SPEC §8's clock anomaly is 5 minutes). */
const CLOCK_SLACK_MS = 5 * 60_000;

interface Act {
  seq: number;
  at: string;
  cutoff: string | null;
  years: number | null;
}

export function checkErasures(db: Db, snap: Snapshot): TablesResult {
  const problems = new ProblemList();
  const rows = db
    .prepare(`SELECT seq, at, kind, action, entity, entity_id AS id, after FROM journal WHERE ${ERASURE_ROWS} AND seq <= ? ORDER BY seq`)
    .all(snap.head) as { seq: number; at: string; kind: string; action: string; entity: string; id: string | null; after: string | null }[];
  // The written rule holds from migration 27 on: data made before it, from its upgrade (its
  // schema.migrate row); data made since, always; data not yet upgraded (an old backup), never.
  let writtenRuleFrom = Number(db.pragma('user_version', { simple: true })) < WRITTEN_RULE_MIGRATION ? Infinity : 0;
  const open = new Map<string, Act>();
  let erasures = 0;
  const parse = (text: string | null): Record<string, unknown> => {
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return {}; // a damaged row: the chain names it
    }
  };
  for (const r of rows) if (r.action === 'schema.migrate' && parse(r.after).to === WRITTEN_RULE_MIGRATION) writtenRuleFrom = r.seq;
  for (const r of rows) {
    if (r.action === 'schema.migrate') continue;
    if (r.kind !== 'event' && r.action !== 'personal.erase') continue;
    if (r.action === 'retention.erase.start') {
      const a = parse(r.after);
      const act: Act = { seq: r.seq, at: r.at, cutoff: typeof a.cutoff === 'string' ? a.cutoff : null, years: typeof a.years === 'number' ? a.years : null };
      if (act.years === null || act.years < RETENTION_YEARS.min || act.cutoff === null || act.cutoff !== retentionCutoff(new Date(r.at), act.years).toISOString())
        problems.note(r.seq, `a retention erasure whose period or cutoff is not the app's (${act.years ?? '?'} years, cutoff ${act.cutoff ?? '?'})`);
      open.set(r.entity, act);
      continue;
    }
    if (r.action === 'retention.erase.done') {
      open.delete(r.entity);
      // The clock set forward for the act and back after it: the next row is earlier than the act.
      const next = db.prepare('SELECT seq, at FROM journal WHERE seq = ?').get(r.seq + 1) as { seq: number; at: string } | undefined;
      if (next && next.seq <= snap.head && Date.parse(next.at) < Date.parse(r.at) - CLOCK_SLACK_MS)
        problems.note(r.seq, `a retention erasure dated ${r.at}, later than the row after it (#${next.seq}, ${next.at}): the clock was set back after it`);
      continue;
    }
    if (r.kind !== 'row') continue;
    erasures++;
    const act = open.get(r.entity);
    if (!act) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} outside an approved retention act`);
      continue;
    }
    const record = parse(r.after);
    const timeColumn = RETENTION_TIME_COLUMNS[r.entity];
    const time = timeColumn ? record[timeColumn] : undefined;
    if (act.cutoff !== null && (typeof time !== 'string' || Date.parse(time) >= Date.parse(act.cutoff)))
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} dated ${String(time)}, not before its act's cutoff ${act.cutoff}`);
    else if (act.years !== null && act.seq > writtenRuleFrom) {
      const before = signedCutoff(new Date(act.at), act.years);
      const recent = [record.recorded_at, record.amended_at].find((v) => typeof v === 'string' && Date.parse(v) >= Date.parse(before));
      if (recent !== undefined) problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} written or corrected at ${String(recent)}, within the period`);
    }
  }
  return { problems: problems.lowest(), problemCount: problems.count, rows: erasures };
}
