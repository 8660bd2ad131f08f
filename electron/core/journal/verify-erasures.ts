import { RETENTION_YEARS } from '../../../shared/api/retention-contract';
import type { Db } from '../store/database';
import { jstMonth } from '../../../shared/calendar';
import { ACTS_RULE_MIGRATION, ERASURE_ROWS, SIGN_OFF_ROLE, SIGN_OFF_RULE_MIGRATION, STILL_INSIDE, erasureApprovalStatement, RETENTION_UNIT_COLUMNS, retentionCutoff, shortenApprovalStatement, SIGNED_APPROVAL_MIGRATION, signedCutoff, WRITTEN_RULE_MIGRATION } from '../retention-rules';
import { signedAt } from '../review/seal';
import { ProblemList, type Snapshot, type TablesResult } from './verify-parts';
import { MIGRATION_ACTOR } from '../store/schema-changes';
import { readJson, readObject, unreadableRows } from './verify-json';
import { onlyErases } from './verify-seals';
import { checkAcceptances } from './verify-acceptances';

// SPEC §8: verify reports an erased record as erased, never as tampering — so an erasure must be
// what the app makes: inside an approved retention act (its start and done events, retention.ts),
// of that act's table, of a record past the period the act states. Found by an insider probe: an
// erasure row written with the key, outside any act, of a month-old record under a seal, verified
// as "erased after the retention period"; so did one made with the clock set six years ahead.


/** A clock set back after an act by more than this names the act (SPEC §8's clock anomaly is 5 minutes). */
const CLOCK_SLACK_MS = 5 * 60_000;

/** An act's erasures come within this of its start (an act stopped half-way is not open for ever). */
const ACT_HOURS = 24;

/**
 * From this migration on, every act names the safety manager who approved it, and a shorter period is
 * approved the same way (commit 9b69837, made at migration 5; migration 6 is the first after it): verify
 * holds the acts and the periods set after it to that. Older acts are taken as that version made them.
 */
const APPROVAL_RULE_MIGRATION = 6;

/** Time as the app writes it (toISOString): a text Date.parse reads some other way, or not at all, names the act. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const instant = (v: unknown): v is string => typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v));

/** A count as the app writes one (an act's records). */
const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A period as the app sets one (retention-contract.ts: whole years, RETENTION_YEARS.min..max). */
const period = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= RETENTION_YEARS.min && (v as number) <= RETENTION_YEARS.max;

interface Act {
  seq: number;
  at: string;
  actor: string;
  ledger: unknown;
  cutoff: string | null;
  years: number | null;
  /** How many erasure rows it wrote (its done row says so). */
  rows: number;
  /** Its last row (its start, or its last erasure): the rows after it say whether the clock went back. */
  last: number;
  /** Its erasures: what the rules ask of each is asked again at the act's end, with the true time if the clock went back after it. */
  erased: { seq: number; id: string | null; record: Record<string, unknown>; after: string; entity: string }[];
  /** From SIGNED_APPROVAL_MIGRATION, the records its approver signed for (null: not signed for a count): it erases no more. */
  approvedRecords: number | null;
  /** The first journal row dated more than ACT_HOURS after it (Infinity: none; undefined: not read yet): no erasure after it is its. */
  closedBy?: number;
}

/** An account as the journal last had it before a row: its status and roles (null: none, or unreadable). */
interface AccountThen {
  active: boolean;
  roles: string[];
  temporary: boolean;
}

/**
 * `now`: the verifier's clock (the app's, or the machine's for the command line), or null. An act dated
 * after it is held to it, as to a row written after the act: otherwise an act dated years ahead and
 * left as the journal's last row passed until the next save (an insider probe).
 */
export function checkErasures(db: Db, snap: Snapshot, now: string | null = null): TablesResult {
  const problems = new ProblemList();
  // The rows of the tables read field by field below (accounts, the settings) and by the seals' check, whose values cannot be read.
  for (const p of unreadableRows(db, snap.head)) problems.note(p.seq, p.problem);
  const rows = db
    .prepare(`SELECT seq, at, actor, kind, action, entity, entity_id AS id, after, reason, prev_hash FROM journal WHERE ${ERASURE_ROWS} AND seq BETWEEN 1 AND ? ORDER BY seq`)
    .all(snap.head) as ErasureRow[];
  const open = new Map<string, Act>();
  /** The acts that ended (their end row, or the row where they were left), judged once the journal is read. */
  const ended: { act: Act; endSeq: number; endAt: string }[] = [];
  let history: { get(...params: unknown[]): unknown } | undefined;
  let stayRow: { get(...params: unknown[]): unknown } | undefined;
  let stayActedStmt: { get(...params: unknown[]): unknown } | undefined;
  let seals: Map<string, Seal[]> | undefined;
  let erasures = 0;
  /** A row's values; {} when they cannot be read (each kind of row read here names that itself). */
  const parse = (text: unknown): Record<string, unknown> => readObject(text) ?? {};
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
  const approvalRuleFrom = ruleFrom(APPROVAL_RULE_MIGRATION);
  const signedRuleFrom = ruleFrom(SIGNED_APPROVAL_MIGRATION);
  const signOffRuleFrom = ruleFrom(SIGN_OFF_RULE_MIGRATION);
  const accountThen = accountsThen(db);
  const periods = new Map<string, Period[]>();
  const closedBy = db.prepare('SELECT seq FROM journal WHERE seq > ? AND seq <= ? AND at > ? ORDER BY seq LIMIT 1').pluck();
  checkPeriods();
  for (const r of rows) {
    if (r.action === 'schema.migrate') continue;
    if (r.kind !== 'event' && r.action !== 'personal.erase') continue;
    if (r.action === 'retention.erase.start') {
      const a = readObject(r.after);
      const act: Act = {
        seq: r.seq, at: r.at, actor: r.actor, ledger: a?.ledger, rows: 0, erased: [], last: r.seq,
        cutoff: instant(a?.cutoff) ? a.cutoff : null, years: period(a?.years) ? a.years : null,
        approvedRecords: r.seq > signedRuleFrom && count(a?.records) ? a.records : null,
      };
      // Its values, read (an insider probe chained one that is not JSON), and its time: the app's own,
      // from which the rules are asked (one that is no time is asked nothing, and named).
      if (!a || !instant(r.at)) {
        problems.note(r.seq, `a retention erasure whose ${a ? `time (${String(r.at)})` : 'act (period, cutoff, approval)'} cannot be read (not written by Daicho)`);
        act.years = null;
        act.cutoff = null;
      }
      // A cutoff later than the app's would reach records still in their period (an earlier one is stricter: a start written a moment after midnight).
      else if (act.years === null || act.cutoff === null || Date.parse(act.cutoff) > retentionCutoff(new Date(r.at), act.years).getTime())
        problems.note(r.seq, `a retention erasure whose period or cutoff is not the app's (${String(a.years ?? '?')} years, cutoff ${String(a.cutoff ?? '?')})`);
      else if (r.seq > signedRuleFrom && !count(a.records)) problems.note(r.seq, `a retention erasure whose count of records (${String(a.records)}) is not one the app writes (not written by Daicho)`);
      else checkAct(r, a, act.years);
      const left = open.get(r.entity);
      if (left) ended.push({ act: left, endSeq: left.last, endAt: left.at }); // an act stopped half-way, and a new one begun
      open.set(r.entity, act);
      continue;
    }
    if (r.action === 'retention.erase.done') {
      const act = open.get(r.entity);
      open.delete(r.entity);
      if (!act) {
        problems.note(r.seq, `the end of a retention erasure of ${r.entity} without its start (not written by Daicho)`);
        continue;
      }
      // What it says was erased: the act's own rows, by its own administrator (a row written with the key would say anything).
      const d = readObject(r.after);
      if (!d || d.erased !== act.rows || d.ledger !== act.ledger || r.actor !== act.actor)
        problems.note(r.seq, `the end of a retention erasure of ${r.entity} is not its act's (${d ? `it says ${String(d.erased)} records of ${String(d.ledger)} by ${r.actor}; the act erased ${act.rows} of ${String(act.ledger)} by ${act.actor}` : 'its values cannot be read'})`);
      ended.push({ act, endSeq: r.seq, endAt: r.at });
      continue;
    }
    if (r.kind !== 'row') continue;
    erasures++;
    const act = open.get(r.entity);
    // Within its hours by its own time and by the journal's: an act left open does not take erasures
    // written later and dated back into its hours (a review: they passed as the act's).
    const closesAt = act ? Date.parse(act.at) + ACT_HOURS * 3_600_000 : 0;
    if (act) act.closedBy ??= (closedBy.get(act.seq, snap.head, new Date(closesAt).toISOString()) as number | undefined) ?? Infinity;
    if (!act || Date.parse(r.at) > closesAt || Date.parse(r.at) < Date.parse(act.at) - CLOCK_SLACK_MS || r.seq > act.closedBy!) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} outside an approved retention act`);
      continue;
    }
    // The act's administrator writes its erasures (retention.ts): one by anyone else in its time was not the act's.
    if (r.actor !== act.actor) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} by ${r.actor}, inside a retention act of ${act.actor} (not the act's)`);
      continue;
    }
    act.rows++;
    act.last = r.seq;
    if (act.approvedRecords !== null && act.rows > act.approvedRecords) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} beyond the ${act.approvedRecords} record(s) its act's approval was signed for (not written by Daicho)`);
      continue;
    }
    const record = readObject(r.after);
    if (!record) {
      problems.note(r.seq, `an erasure of ${r.entity} ${r.id ?? ''} whose values cannot be read (not written by Daicho)`);
      continue;
    }
    act.erased.push({ seq: r.seq, id: r.id, record, after: r.after as string, entity: r.entity });
  }
  // An act left without its end (stopped half-way, or written with the key without one) is held to the
  // clock the same way (an insider probe: an act dated 2032, its end left out, verified after the app
  // went on at the true time).
  for (const act of open.values()) ended.push({ act, endSeq: act.last, endAt: act.at });
  // Each act's erasures against their rules once it ended: the clock set forward for the act and back
  // after it has its rules asked again at the earliest time of the rows after its end (a correction of a
  // few minutes moves no cutoff; six years do — also when more rows were written at the forward time
  // first: a probe). The journal after the earliest end is read once for all of them (a scan from each
  // act to the head was 1.5 s each on the 1-year data: a review).
  const earliest = earliestAfter(ended.map((e) => e.endSeq));
  for (const e of ended) {
    const after = earliest.get(e.endSeq) ?? null;
    const byNow = now !== null && (after === null || now < after);
    const later = byNow ? now : after;
    const wentBack = later !== null && Date.parse(later) < Date.parse(e.endAt) - CLOCK_SLACK_MS;
    judge(e.act, wentBack ? later : e.act.at, wentBack ? (byNow ? ` (the act is dated after this verify's clock, ${later})` : ` (the clock went back after the act, to ${later})`) : '');
  }
  // The other approved act on records: a change made outside Daicho accepted as found.
  checkAcceptances(db, snap, problems);
  return { problems: problems.lowest(), problemCount: problems.count, rows: erasures };

  /**
   * For each of `ends`, the earliest time of a journal row after it (null: none after it): SQLite's
   * min over each stretch between two ends and after the last (the stretches do not overlap: the
   * journal is read once), then the earliest of those from each end on.
   */
  function earliestAfter(ends: number[]): Map<number, string | null> {
    const out = new Map<number, string | null>();
    const up = [...new Set(ends)].sort((a, b) => a - b);
    const stretch = db.prepare('SELECT min(at) FROM journal WHERE seq > ? AND seq <= ?').pluck();
    let min: string | null = null;
    for (let i = up.length - 1; i >= 0; i--) {
      const m = stretch.get(up[i], i + 1 < up.length ? up[i + 1] : snap.head) as string | null;
      if (m !== null && (min === null || m < min)) min = m;
      out.set(up[i], min);
    }
    return out;
  }

  /**
   * What an act states, against what the app would have written then (found by an insider probe: an
   * act written with the key, stating one year where the ledger's period was five, with no approval,
   * verified as a proper erasure): its ledger the one of its table; its period the one set for that
   * ledger where the act stands in the journal (journal order, not the times rows declare); and, from
   * APPROVAL_RULE_MIGRATION, by an active system administrator, approved by an active safety manager
   * other than them, not on a temporary password (auth/account-rules.ts approveAsSafetyManager) — each
   * as the journal last had their account before the act.
   */
  function checkAct(r: ErasureRow, a: Record<string, unknown>, years: number): void {
    const unit = RETENTION_UNIT_COLUMNS[r.entity];
    if (!unit || a.ledger !== unit.ledger) problems.note(r.seq, `a retention erasure of ${r.entity} stating the ledger ${String(a.ledger)}, not that table's`);
    else {
      const inForce = periodAt(unit.ledger, r.seq);
      if (inForce !== null && inForce !== years)
        problems.note(r.seq, `a retention erasure stating a period of ${years} years, where the period set for ${unit.ledger} was ${inForce} years (not written by Daicho)`);
    }
    if (r.seq <= approvalRuleFrom) return;
    const approver = typeof a.approvedBy === 'string' ? a.approvedBy : null;
    const why = approverProblem(approver, r.actor, r.seq);
    if (why) problems.note(r.seq, `a retention erasure approved by ${approver ?? 'no one'}: ${why} (not written by Daicho)`);
    const actor = accountThen(r.actor, r.seq);
    if (!actor?.active || !actor.roles.includes('sysadmin')) problems.note(r.seq, `a retention erasure by ${r.actor}, who was not an active system administrator then (not written by Daicho)`);
    if (r.seq <= signedRuleFrom || !approver) return;
    const statement = (keyId: string) =>
      erasureApprovalStatement({
        table: r.entity, ledger: String(a.ledger), cutoff: String(a.cutoff), years, records: Number(a.records), approvedBy: approver,
        adminId: r.actor, reason: r.reason, at: r.at, prevHash: r.prev_hash, keyId,
      });
    const unsigned = signatureProblem(r.seq, approver, a, statement);
    if (unsigned) problems.note(r.seq, `a retention erasure whose approval by ${approver} ${unsigned} (not written by Daicho)`);
  }

  /**
   * From SIGNED_APPROVAL_MIGRATION, the approver's signature (`a.keyId`, `a.signature`) of the
   * statement of her approval at row `seq` (retention.ts: an erasure act's start, a shorter period):
   * with her key in force where the row stands, over what it states, its time, administrator and
   * reason, and the hash of the row before it (so it holds at that one place in the chain). Null when it holds.
   */
  function signatureProblem(seq: number, approver: string, a: Record<string, unknown>, statement: (keyId: string) => Buffer): string | null {
    if (typeof a.keyId !== 'string' || typeof a.signature !== 'string') return 'carries no signature of hers';
    const signed = signedAt((sql) => db.prepare(sql), { keyId: a.keyId, signerId: approver, seq, head: snap.head, statement: statement(a.keyId), signature: a.signature });
    if (signed.includes('missing')) return `is signed with a key that is not in the journal (${a.keyId})`;
    if (signed.includes('another_person')) return "is signed with another person's key";
    if (signed.includes('not_in_force')) return 'is signed with a key of hers that was not in force where it stands in the journal';
    if (signed.includes('does_not_hold')) return 'carries a signature that does not hold over it at this place in the journal';
    return null;
  }

  /** Why the account could not approve an act of `actor` at `seq` as the app asks, or null when it could. */
  function approverProblem(approver: string | null, actor: string, seq: number): string | null {
    if (approver === null) return 'it names no approver';
    if (approver === actor) return 'the administrator who erased approved it';
    const account = accountThen(approver, seq);
    if (!account) return 'no such account in the journal before it';
    if (!account.active || !account.roles.includes('safety_manager')) return 'not an active safety manager then';
    if (account.temporary) return 'on a temporary password then';
    return null;
  }

  /** A ledger's period as set where `seq` stands in the journal: its settings row before it, else the default; null when that row's value cannot be read. */
  function periodAt(ledger: string, seq: number): number | null {
    const set = periodsOf(`retention.${ledger}.years`).filter((p) => p.seq < seq).at(-1);
    return set ? set.years : RETENTION_YEARS.default;
  }

  /** A period setting's rows, in order: each with the years it sets (null: not a period; named by checkPeriods). */
  function periodsOf(key: string): Period[] {
    let list = periods.get(key);
    if (!list) {
      const settingRows = db.prepare(`SELECT seq, actor, after FROM journal WHERE kind = 'row' AND entity = 'settings' AND entity_id = ? AND seq BETWEEN 1 AND ? ORDER BY seq`).all(key, snap.head) as { seq: number; actor: string; after: unknown }[];
      list = settingRows.map((p) => {
        const row = readObject(p.after);
        const years = row ? readJson(row.value) : undefined;
        return { seq: p.seq, actor: p.actor, readable: row !== null, value: row?.value, years: period(years) ? years : null };
      });
      periods.set(key, list);
    }
    return list;
  }

  /**
   * Every retention period set (settings `retention.<ledger>.years`): a period the app sets (whole
   * years within RETENTION_YEARS), and, from APPROVAL_RULE_MIGRATION, a shorter one only with the
   * approval the app asks for it (retention.ts setYears: its retention.shorten.approved event, from
   * the period before to this one, by the same person, in the same write, of a safety manager who
   * could approve it). Otherwise a key holder would set the period first, and his act would state it.
   */
  function checkPeriods(): void {
    const keys = db
      .prepare(`SELECT DISTINCT entity_id FROM journal WHERE kind = 'row' AND entity = 'settings' AND entity_id >= 'retention.' AND entity_id < 'retention/' AND seq BETWEEN 1 AND ?`)
      .pluck()
      .all(snap.head) as string[];
    const approvals = db.prepare(
      `SELECT seq, at, actor, after, reason, prev_hash FROM journal WHERE kind = 'event' AND entity = 'settings' AND entity_id = ? AND action = 'retention.shorten.approved' AND seq > ? AND seq < ? ORDER BY seq`,
    );
    for (const key of keys) {
      const ledger = /^retention\.(.+)\.years$/.exec(key)?.[1];
      if (ledger === undefined) continue;
      let before: number | null = RETENTION_YEARS.default;
      let beforeSeq = 0;
      for (const p of periodsOf(key)) {
        if (p.readable && p.years === null) problems.note(p.seq, `journal row ${p.seq} sets the retention period of ${ledger} to ${String(p.value)}, not a period of whole years from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max} (not written by Daicho)`);
        else if (p.years !== null && before !== null && p.years < before && p.seq > approvalRuleFrom) {
          const from = before;
          const given = (approvals.all(key, beforeSeq, p.seq) as { seq: number; at: string; actor: string; after: unknown; reason: string | null; prev_hash: string }[]).flatMap((e) => {
            const a = readObject(e.after);
            const approver = typeof a?.approvedBy === 'string' ? a.approvedBy : null;
            return a !== null && approver !== null && e.actor === p.actor && a.from === from && a.to === p.years && approverProblem(approver, e.actor, e.seq) === null ? [{ e, a, approver }] : [];
          });
          // From SIGNED_APPROVAL_MIGRATION, signed by her key as well (retention.ts setYears).
          const unsigned = given.map(({ e, a, approver }) =>
            e.seq <= signedRuleFrom
              ? null
              : signatureProblem(e.seq, approver, a, (keyId) => shortenApprovalStatement({ setting: key, from, to: p.years!, approvedBy: approver, adminId: e.actor, reason: e.reason, at: e.at, prevHash: e.prev_hash, keyId })),
          );
          if (given.length === 0) problems.note(p.seq, `the retention period of ${ledger} was shortened from ${before} to ${p.years} years without the approval of a safety manager who could give it (not through Daicho)`);
          else if (!unsigned.includes(null)) problems.note(p.seq, `the retention period of ${ledger} was shortened from ${before} to ${p.years} years with an approval of ${given[0].approver} that ${unsigned[0]} (not through Daicho)`);
        }
        before = p.years;
        beforeSeq = p.seq;
      }
    }
  }

  /** Each erasure of an act against its rules, at `at` (the act's own time, or the true time after a clock set back). */
  function judge(act: Act, at: string, why = ''): void {
    // The record's rows before the erasure, and the last of them (its values before it), in one probe of the record's index.
    history ??= db.prepare(
      `SELECT min(at) AS first, max(CASE WHEN action LIKE '%amend%' THEN at END) AS amended, max(CASE WHEN action <> 'personal.erase' THEN at END) AS acted,
         (SELECT p.after FROM journal p WHERE p.kind = 'row' AND p.entity = @entity AND p.entity_id = @id AND p.seq >= 1 AND p.seq < @seq ORDER BY p.seq DESC LIMIT 1) AS before
       FROM journal WHERE kind = 'row' AND entity = @entity AND entity_id = @id AND seq >= 1 AND seq < @seq AND actor <> '${MIGRATION_ACTOR.actor}'`,
    );
    const cutoff = act.years === null ? act.cutoff : new Date(Math.min(Date.parse(act.cutoff ?? '9999'), retentionCutoff(new Date(at), act.years).getTime())).toISOString();
    for (const e of act.erased) {
      const kept = history.get({ entity: e.entity, id: e.id, seq: e.seq }) as { first: string | null; amended: string | null; acted: string | null; before: string | null };
      // An erasure empties the record's personal fields and says when, and changes nothing else (an
      // insider probe: inside an act that held, the erasure row of a record in an unsigned month also
      // voided it and rewrote its purpose and host; the rule was asked of sealed records only).
      const erases = onlyErases({ seq: e.seq, entity: e.entity, entity_id: String(e.id), after: e.after, before: kept.before });
      if (erases === 'unreadable') problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} whose record's values before it cannot be read (not written by Daicho)`);
      else if (!erases) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} that changes more than its personal fields, or erases a record with no row before it (not written by Daicho)`);
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
      let signed = (seals ??= sealsOf()).get(`${unit.ledger}|${site}|${jstMonth(time as string)}`)?.filter((x) => x.seq < act.seq) ?? [];
      const waits = act.seq > signOffRuleFrom;
      // From migration 46 only the seal that completes the month signs it off (SIGN_OFF_ROLE).
      const role = waits ? SIGN_OFF_ROLE[unit.ledger] : undefined;
      const byAnyone = signed.length;
      if (role) signed = signed.filter((x) => x.role === role);
      // Before migration 46 a month never signed counted from its end (its cutoff, above).
      if (signed.length === 0) {
        if (waits) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} of a month never signed off${byAnyone > 0 ? ` by its ${role}` : ''} (${jstMonth(time as string)})${why}`);
        continue;
      }
      const standing = signed.filter((x) => x.reopenedSeq === null || x.reopenedSeq > act.seq);
      const first = standing.map((x) => x.signedAt).sort()[0];
      if (first === undefined) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} while its month's ${role ? `${role}'s ` : ''}seal was reopened (under review again)${why}`);
      else if (Date.parse(first) >= Date.parse(before)) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} of a month signed off at ${first}, within the period${why}`);
      else if (waits && stillInside(e)) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} still open (no one recorded leaving)`);
      else if (waits) {
        const stayActed = stayActedAt(e);
        if (within(stayActed)) problems.note(e.seq, `an erasure of ${e.entity} ${e.id ?? ''} whose stay was last acted on at ${String(stayActed)}, within the period${why}`);
      }
    }
    act.erased = [];
  }

  /**
   * The erased record still open where its erasure stands (retention-rules.ts STILL_INSIDE): its own
   * values as the erasure row has them, or, for a door terminal's delivered record, the values of the
   * stay it opened as the journal last had them before it.
   */
  function stillInside(e: Act['erased'][number]): boolean {
    const rule = STILL_INSIDE[e.entity];
    if (!rule) return false;
    const open = (r: Record<string, unknown> | null, column: string) => r !== null && r.status === 'valid' && (r[column] ?? null) === null;
    if (rule.column) return open(e.record, rule.column);
    const stayId = rule.stay ? e.record[rule.stay] : null;
    if (typeof stayId !== 'string') return false;
    stayRow ??= db.prepare(`SELECT after FROM journal WHERE kind = 'row' AND entity = 'server_room_stays' AND entity_id = ? AND seq >= 1 AND seq < ? ORDER BY seq DESC LIMIT 1`).pluck();
    return open(readObject(stayRow.get(stayId, e.seq)), STILL_INSIDE.server_room_stays.column!);
  }

  /**
   * For a door terminal's delivered record (STILL_INSIDE's `stay`): when its stay was last acted on
   * before its erasure (retention-counts.ts DOOR_DELIVERIES), or null.
   */
  function stayActedAt(e: Act['erased'][number]): string | null {
    const rule = STILL_INSIDE[e.entity];
    const stayId = rule?.stay ? e.record[rule.stay] : null;
    if (typeof stayId !== 'string') return null;
    stayActedStmt ??= db.prepare(
      `SELECT max(at) FROM journal WHERE kind = 'row' AND entity = 'server_room_stays' AND entity_id = ? AND seq >= 1 AND seq < ? AND actor <> '${MIGRATION_ACTOR.actor}' AND action <> 'personal.erase'`,
    ).pluck();
    return (stayActedStmt.get(stayId, e.seq) as string | null) ?? null;
  }

  /** Every seal by its unit ("ledger|site|month"), from the journal's seal rows: when it was made and signed, and when first reopened. */
  function sealsOf(): Map<string, Seal[]> {
    const out = new Map<string, Seal[]>();
    const byId = new Map<string, Seal>();
    const sealRows = db.prepare(`SELECT seq, entity_id AS id, after FROM journal WHERE kind = 'row' AND entity = 'seals' AND seq BETWEEN 1 AND ? ORDER BY seq`).all(snap.head) as { seq: number; id: string; after: string | null }[];
    for (const r of sealRows) {
      const a = parse(r.after);
      const known = byId.get(r.id);
      if (!known) {
        const seal: Seal = { seq: r.seq, signedAt: String(a.signed_at), role: String(a.signer_role), reopenedSeq: a.status === 'reopened' ? r.seq : null };
        byId.set(r.id, seal);
        const key = `${String(a.ledger)}|${String(a.site_id)}|${String(a.month)}`;
        out.set(key, [...(out.get(key) ?? []), seal]);
      } else if (known.reopenedSeq === null && a.status === 'reopened') known.reopenedSeq = r.seq;
    }
    return out;
  }
}

/** An account as the journal had it before row `seq` (null: none, or unreadable); for every approved act's check (the acceptances' too). */
export function accountsThen(db: Db): (id: string, seq: number) => AccountThen | null {
  const accountRow = db.prepare(`SELECT after FROM journal WHERE kind = 'row' AND entity = 'accounts' AND entity_id = ? AND seq >= 1 AND seq < ? ORDER BY seq DESC LIMIT 1`).pluck();
  return (id, seq) => {
    const a = readObject(accountRow.get(id, seq));
    if (!a) return null;
    const roles = typeof a.roles === 'string' ? readJson(a.roles) : a.roles;
    return { active: a.status === 'active', roles: Array.isArray(roles) ? roles.filter((x): x is string => typeof x === 'string') : [], temporary: a.must_change_password === 1 };
  };
}

/** A journal row verify reads for an approved act (ERASURE_ROWS, ACCEPTANCE_ROWS). */
export interface ErasureRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  action: string;
  entity: string;
  id: string | null;
  after: unknown;
  reason: string | null;
  prev_hash: string;
}

/** A retention period's settings row: the years it sets (null: none the app sets), its value as written. */
interface Period {
  seq: number;
  actor: string;
  readable: boolean;
  value: unknown;
  years: number | null;
}

/** A seal as the journal has it: the row that made it, when it was signed, the row that first reopened it. */
interface Seal {
  seq: number;
  signedAt: string;
  /** Its signer's role (SIGN_OFF_ROLE: whose seal signs a month off). */
  role: string;
  reopenedSeq: number | null;
}
