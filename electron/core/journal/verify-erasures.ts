import { RETENTION_YEARS } from '../../../shared/api/retention-contract';
import type { Db } from '../store/database';
import { jstMonth } from '../../../shared/calendar';
import { ACTS_RULE_MIGRATION, ERASURE_ROWS, RETENTION_UNIT_COLUMNS, retentionCutoff, signedCutoff, WRITTEN_RULE_MIGRATION } from '../retention-rules';
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
  const open = new Map<string, Act>();
  let history: { get(...params: unknown[]): unknown } | undefined;
  let seals: Map<string, Seal[]> | undefined;
  let erasures = 0;
  const parse = (text: string | null): Record<string, unknown> => {
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return {}; // a damaged row: the chain names it
    }
  };
  // A rule holds from its migration on: data made before it, from its upgrade (its schema.migrate
  // row); data made since, always; data not yet upgraded (an old backup), never. Only the migration's
  // own upgrade row says so: not one appended with the key (a review; Snapshot.upgrades).
  const version = Number(db.pragma('user_version', { simple: true }));
  const upgrades = new Set(snap.upgrades.map(([seq]) => seq));
  const ruleFrom = (migration: number) => {
    const row = rows.find((r) => r.action === 'schema.migrate' && upgrades.has(r.seq) && parse(r.after).to === migration);
    return row ? row.seq : version < migration ? Infinity : 0;
  };
  // The written rule (migration 27); every act and the month's sign-off (migration 41).
  const writtenRuleFrom = ruleFrom(WRITTEN_RULE_MIGRATION);
  const actsRuleFrom = ruleFrom(ACTS_RULE_MIGRATION);
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
      `SELECT min(at) AS first, max(CASE WHEN action LIKE '%amend%' THEN at END) AS amended, max(CASE WHEN action <> 'personal.erase' THEN at END) AS acted FROM journal
       WHERE kind = 'row' AND entity = ? AND entity_id = ? AND seq < ? AND actor <> '${MIGRATION_ACTOR.actor}'`,
    );
    const cutoff = act.years === null ? act.cutoff : new Date(Math.min(Date.parse(act.cutoff ?? '9999'), retentionCutoff(new Date(at), act.years).getTime())).toISOString();
    for (const e of act.erased) {
      const unit = RETENTION_UNIT_COLUMNS[e.entity];
      const time = unit ? e.record[unit.time] : undefined;
      if (cutoff !== null && (typeof time !== 'string' || Number.isNaN(Date.parse(time)) || Date.parse(time) >= Date.parse(cutoff))) {
        problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} dated ${String(time)}, not before its act's cutoff ${cutoff}${why}`);
        continue;
      }
      if (act.years === null || act.seq <= writtenRuleFrom) continue;
      const before = signedCutoff(new Date(at), act.years);
      const acts = act.seq > actsRuleFrom;
      // When it was written and last corrected — from migration 41, last acted on in any way — by the
      // journal's own rows as well as by its columns (a probe: the key holder rewrote recorded_at in the row it then erased).
      const kept = history!.get(e.entity, e.id, e.seq) as { first: string | null; amended: string | null; acted: string | null };
      const within = (v: unknown) => typeof v === 'string' && Date.parse(v) >= Date.parse(before);
      const recent = [e.record.recorded_at, e.record.amended_at, kept.first, kept.amended].find(within);
      if (recent !== undefined || (acts && within(kept.acted))) {
        problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} ${recent !== undefined ? 'written or corrected' : 'last acted on'} at ${String(recent ?? kept.acted)}, within the period${why}`);
        continue;
      }
      // The month's sign-off, as the seals stood at the act (a probe: an erasure written with the key,
      // of a month signed off within the period, verified).
      const site = unit?.site ? e.record[unit.site] : undefined;
      if (!acts || !unit || typeof site !== 'string') continue;
      const signed = (seals ??= sealsOf()).get(`${unit.ledger}|${site}|${jstMonth(time as string)}`)?.filter((x) => x.seq < act.seq) ?? [];
      if (signed.length === 0) continue; // never signed: counted from the month's end (its cutoff, above)
      const standing = signed.filter((x) => x.reopenedSeq === null || x.reopenedSeq > act.seq);
      const first = standing.map((x) => x.signedAt).sort()[0];
      if (first === undefined) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} while its month's seal was reopened (under review again)${why}`);
      else if (Date.parse(first) >= Date.parse(before)) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} of a month signed off at ${first}, within the period${why}`);
    }
    act.erased = [];
  }

  /** Every seal by its unit ("ledger|site|month"), from the journal's seal rows: when it was made and signed, and when first reopened. */
  function sealsOf(): Map<string, Seal[]> {
    const out = new Map<string, Seal[]>();
    const byId = new Map<string, Seal>();
    const sealRows = db.prepare(`SELECT seq, entity_id AS id, after FROM journal WHERE kind = 'row' AND entity = 'seals' AND seq <= ? ORDER BY seq`).all(snap.head) as { seq: number; id: string; after: string | null }[];
    for (const r of sealRows) {
      const a = parse(r.after);
      const known = byId.get(r.id);
      if (!known) {
        const seal: Seal = { seq: r.seq, signedAt: String(a.signed_at), reopenedSeq: a.status === 'reopened' ? r.seq : null };
        byId.set(r.id, seal);
        const key = `${String(a.ledger)}|${String(a.site_id)}|${String(a.month)}`;
        out.set(key, [...(out.get(key) ?? []), seal]);
      } else if (known.reopenedSeq === null && a.status === 'reopened') known.reopenedSeq = r.seq;
    }
    return out;
  }
}

/** A seal as the journal has it: the row that made it, when it was signed, the row that first reopened it. */
interface Seal {
  seq: number;
  signedAt: string;
  reopenedSeq: number | null;
}
