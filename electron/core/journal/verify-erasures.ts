import { RETENTION_YEARS } from '../../../shared/api/retention-contract';
import type { Db } from '../store/database';
import { ERASURE_ROWS, RETENTION_TIME_COLUMNS, retentionCutoff, signedCutoff, WRITTEN_RULE_MIGRATION } from '../retention-rules';
import { ProblemList, type Snapshot, type TablesResult } from './verify-parts';
import { MIGRATION_ACTOR } from '../store/schema-changes';

// SPEC §8: verify reports an erased record as erased, never as tampering — so an erasure must be
// what the app makes: inside an approved retention act (its start and done events, retention.ts),
// of that act's table, of a record past the period the act states. Found by an insider probe: an
// erasure row written with the key, outside any act, of a month-old record under a seal, verified
// as "erased after the retention period"; so did one made with the clock set six years ahead.


/** A clock set back after an act by more than this names the act (SPEC §8's clock anomaly is 5 minutes). */
const CLOCK_SLACK_MS = 5 * 60_000;

/** An act's erasures come within this of its start (an act stopped half-way is not open for ever). */
const ACT_HOURS = 24;

interface Act {
  seq: number;
  at: string;
  cutoff: string | null;
  years: number | null;
  /** Its erasures: what the rules ask of each is asked again at the act's end, with the true time if the clock went back after it. */
  erased: { seq: number; id: string | null; record: Record<string, unknown>; entity: string }[];
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
  let history: { get(...params: unknown[]): unknown } | undefined;
  let erasures = 0;
  const parse = (text: string | null): Record<string, unknown> => {
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return {}; // a damaged row: the chain names it
    }
  };
  // Only migration 27's own upgrade row says so: not one appended with the key (a review; Snapshot.upgrades).
  const upgrades = new Set(snap.upgrades.map(([seq]) => seq));
  for (const r of rows) if (r.action === 'schema.migrate' && upgrades.has(r.seq) && parse(r.after).to === WRITTEN_RULE_MIGRATION) writtenRuleFrom = r.seq;
  for (const r of rows) {
    if (r.action === 'schema.migrate') continue;
    if (r.kind !== 'event' && r.action !== 'personal.erase') continue;
    if (r.action === 'retention.erase.start') {
      const a = parse(r.after);
      const act: Act = { seq: r.seq, at: r.at, cutoff: typeof a.cutoff === 'string' ? a.cutoff : null, years: typeof a.years === 'number' ? a.years : null, erased: [] };
      // A cutoff later than the app's would reach records still in their period (an earlier one is stricter: a start written a moment after midnight).
      if (act.years === null || act.years < RETENTION_YEARS.min || act.cutoff === null || Date.parse(act.cutoff) > retentionCutoff(new Date(r.at), act.years).getTime())
        problems.note(r.seq, `a retention erasure whose period or cutoff is not the app's (${act.years ?? '?'} years, cutoff ${act.cutoff ?? '?'})`);
      const left = open.get(r.entity);
      if (left) judge(left, left.at); // an act stopped half-way, and a new one begun
      open.set(r.entity, act);
      continue;
    }
    if (r.action === 'retention.erase.done') {
      const act = open.get(r.entity);
      open.delete(r.entity);
      if (!act) continue;
      // The clock set forward for the act and back after it: its rules are asked again at the earliest
      // time of the rows after it (a correction of a few minutes moves no cutoff; six years do — also
      // when more rows were written at the forward time first: a probe).
      const later = db.prepare('SELECT min(at) AS at FROM journal WHERE seq > ? AND seq <= ?').get(r.seq, snap.head) as { at: string | null };
      const wentBack = later.at !== null && Date.parse(later.at) < Date.parse(r.at) - CLOCK_SLACK_MS;
      judge(act, wentBack ? later.at! : act.at, wentBack ? ` (the clock went back after the act, to ${later.at})` : '');
      continue;
    }
    if (r.kind !== 'row') continue;
    erasures++;
    const act = open.get(r.entity);
    if (!act || Date.parse(r.at) > Date.parse(act.at) + ACT_HOURS * 3_600_000 || Date.parse(r.at) < Date.parse(act.at) - CLOCK_SLACK_MS) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} outside an approved retention act`);
      continue;
    }
    act.erased.push({ seq: r.seq, id: r.id, record: parse(r.after), entity: r.entity });
  }
  for (const act of open.values()) judge(act, act.at);
  return { problems: problems.lowest(), problemCount: problems.count, rows: erasures };

  /** Each erasure of an act against its rules, at `at` (the act's own time, or the true time after a clock set back). */
  function judge(act: Act, at: string, why = ''): void {
    history ??= db.prepare(
      `SELECT min(at) AS first, max(CASE WHEN action LIKE '%amend%' THEN at END) AS amended FROM journal
       WHERE kind = 'row' AND entity = ? AND entity_id = ? AND seq < ? AND actor <> '${MIGRATION_ACTOR.actor}'`,
    );
    const cutoff = act.years === null ? act.cutoff : new Date(Math.min(Date.parse(act.cutoff ?? '9999'), retentionCutoff(new Date(at), act.years).getTime())).toISOString();
    for (const e of act.erased) {
      const timeColumn = RETENTION_TIME_COLUMNS[e.entity];
      const time = timeColumn ? e.record[timeColumn] : undefined;
      if (cutoff !== null && (typeof time !== 'string' || Date.parse(time) >= Date.parse(cutoff)))
        problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} dated ${String(time)}, not before its act's cutoff ${cutoff}${why}`);
      else if (act.years !== null && act.seq > writtenRuleFrom) {
        const before = signedCutoff(new Date(at), act.years);
        // When it was written and last corrected, by the journal's own rows as well as by its columns
        // (a probe: the key holder rewrote recorded_at in the row it then erased).
        const kept = history!.get(e.entity, e.id, e.seq) as { first: string | null; amended: string | null };
        const recent = [e.record.recorded_at, e.record.amended_at, kept.first, kept.amended].find((v) => typeof v === 'string' && Date.parse(v) >= Date.parse(before));
        if (recent !== undefined) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} written or corrected at ${String(recent)}, within the period${why}`);
      }
    }
    act.erased = [];
  }
}
