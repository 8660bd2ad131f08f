import type { Db } from '../store/database';
import { parseMembers, reopening, reopenProblems, sealProblems, signedReopensFrom, type Query, type SealRow } from '../review/seal';
import { rowInUnit, UNIT_RULES, unitParams, type UnitRule } from '../review/units';
import { ProblemList, type Snapshot, type TablesResult, type VerifyProblem } from './verify-parts';
import { PERSONAL_FIELDS } from './journal-form';
import { MIGRATION_ACTOR } from '../store/schema-changes';
import { readObject } from './verify-json';

// SPEC §5/§8 verify of the monthly seals (issue 11): every seal's signature under its signer's key
// (a key of the signer, made before and not revoked before the signing), the journal still passing
// through the head it sealed, and its member rows still having the hashes it sealed. Someone holding
// the database key who rewrites or re-hashes history before a seal cannot make these hold again
// without the signer's private key. A record a seal covers whose table row was changed outside
// Daicho (a problem of the table check) names the seal as well.

interface SealWithRow extends SealRow {
  row_seq: number | null;
  site_code: string | null;
}

export function checkSeals(db: Db, snap: Snapshot, problemSeqs: readonly number[] = []): TablesResult {
  const problems = new ProblemList();
  if (!snap.tables.includes('seals') || !snap.tables.includes('signing_keys') || !snap.tables.includes('sealed_changes')) return { problems: [], problemCount: 0, rows: 0 };
  const seals = db
    .prepare(
      `SELECT s.*, (SELECT min(seq) FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = s.id AND seq BETWEEN 1 AND @head) AS row_seq,
              (SELECT code FROM sites WHERE id = s.site_id) AS site_code
       FROM seals s ORDER BY s.signed_at, s.id`,
    )
    .all({ head: snap.head }) as SealWithRow[];
  const q: Query = (sql) => db.prepare(sql);
  const signedFrom = signedReopensFrom(q);
  // Per sealed record: its row changes after the seal's row (a retention erasure and a migration are
  // not changes of the record's content), and the 封印後修正 marks of the seal's unit written after it
  // (a mark of another unit answers for a change there: insider probe 12). The records counted are the
  // seal's own and those a mark of its unit says came into it after the seal (moved in from another
  // unit, or added late): changed there unmarked, they were in no seal's count (a review of probe 12).
  const unmarkedChanges = db.prepare(
    `WITH sealed AS (
       SELECT r.entity, r.entity_id FROM json_each(json_extract(@members, '$.records')) m JOIN journal r ON r.seq = m.value
       UNION
       SELECT @table, c.record_id FROM sealed_changes c JOIN journal k ON k.kind = 'row' AND k.entity = 'sealed_changes' AND k.entity_id = c.id
         WHERE @table IS NOT NULL AND c.ledger = @ledger AND c.site_id = @siteId AND c.month = @month AND k.seq > @sealSeq AND k.seq <= @head
     ), counted AS (
       SELECT s.entity, s.entity_id,
         (SELECT count(*) FROM journal j WHERE j.kind = 'row' AND j.entity = s.entity AND j.entity_id = s.entity_id AND j.seq > @sealSeq AND j.seq <= @head
            AND j.action <> 'personal.erase'
            AND NOT (j.actor = '${MIGRATION_ACTOR.actor}' AND EXISTS (SELECT 1 FROM json_each(@upgrades) u WHERE j.seq > u.value ->> '$[0]' AND j.seq < u.value ->> '$[1]'))) AS changes,
         (SELECT count(*) FROM sealed_changes c JOIN journal k ON k.kind = 'row' AND k.entity = 'sealed_changes' AND k.entity_id = c.id
            WHERE c.record_id = s.entity_id AND c.ledger = @ledger AND c.site_id = @siteId AND c.month = @month AND k.seq > @sealSeq AND k.seq <= @head) AS marks
       FROM sealed s
     )
     SELECT entity, entity_id, changes, marks FROM counted WHERE changes > marks`,
  );
  // A record's row acts, to count of them only what changed the sealed unit (below).
  const rowActs = db.prepare(`SELECT seq, actor, action, after FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND seq BETWEEN 1 AND ? ORDER BY seq`);
  // Records of a sealed month that the seal does not cover and no 封印後修正 mark names: added to the
  // month after the seal without going through Daicho (the mark is written in the same act).
  // Of a seal reopened in good order, those added before its reopening (@until).
  const added = (rule: UnitRule) =>
    db.prepare(
      `SELECT ${rule.table}.id FROM ${rule.table} WHERE (${rule.where})
         AND ${rule.table}.id NOT IN (SELECT r.entity_id FROM json_each(json_extract(@members, '$.records')) m JOIN journal r ON r.seq = m.value)
         AND NOT EXISTS (SELECT 1 FROM sealed_changes c WHERE c.record_id = ${rule.table}.id AND c.ledger = @ledger AND c.site_id = @siteId AND c.month = @month)
         AND coalesce((SELECT min(seq) FROM journal WHERE kind = 'row' AND entity = '${rule.table}' AND entity_id = ${rule.table}.id AND seq >= 1), 0) < @until`,
    );
  // Dispositions of a sealed month written after its seal (until a reopening in good order): the app
  // refuses them (a sealed month's dispositions stand as sealed), so one chained after the seal was not
  // written through Daicho (found by an insider probe: a sealed explanation rewritten, the seal still shown as holding).
  // The month's dispositions, and the ones the seal sealed (moved out of the month since, too); each
  // looked up by its id first, then its journal rows after the seal (indexes, not a scan a seal). No
  // migration writes a disposition: the migration actor is no exception here.
  const laterDispositions = db.prepare(
    `WITH ids AS (
       SELECT d.id FROM review_dispositions d WHERE d.ledger = @ledger AND d.site_id = @siteId AND d.month = @month
       UNION SELECT r.entity_id FROM json_each(json_extract(@members, '$.dispositions')) m JOIN journal r ON r.seq = m.value
     )
     SELECT DISTINCT ids.id AS entity_id FROM ids CROSS JOIN journal j
     WHERE j.kind = 'row' AND j.entity = 'review_dispositions' AND j.entity_id = ids.id AND j.seq > @sealSeq AND j.seq <= @head`,
  );
  // A retention erasure is not a change of a sealed record's content — when it is one: its row may only
  // empty the personal fields and say when (found by an insider probe: a row labelled an erasure changed
  // who entered and why, and verify let it through as an erasure).
  const erasures = db.prepare(
    `SELECT e.seq, e.entity, e.entity_id, e.after,
            (SELECT p.after FROM journal p WHERE p.kind = 'row' AND p.entity = e.entity AND p.entity_id = e.entity_id AND p.seq < e.seq ORDER BY p.seq DESC LIMIT 1) AS before
     FROM json_each(json_extract(@members, '$.records')) m JOIN journal r ON r.seq = m.value
     JOIN journal e ON e.kind = 'row' AND e.entity = r.entity AND e.entity_id = r.entity_id AND e.seq > @sealSeq AND e.seq <= @head AND e.action = 'personal.erase'`,
  );
  const problemSet = new Set(problemSeqs);
  const upgrades = JSON.stringify(snap.upgrades);
  for (const s of seals) {
    const name = `the seal of ${s.ledger} ${s.site_code ?? s.site_id} ${s.month} signed by ${s.signer_name} at ${s.signed_at}`;
    const at = s.row_seq ?? snap.head;
    for (const p of sealProblems(q, s, snap.head)) problems.note(at, `${name}: ${p}`);
    // A change to a sealed record after a seal carries its 封印後修正 mark, written in the same act
    // (review.ts noteSealedChange): a chained change without it was not made through Daicho. A seal
    // reopened in good order stood until its reopening; one whose reopening does not hold (not
    // signed by the reopener, migration 20) still stands.
    const reopened = s.status === 'reopened' && reopenProblems(q, s, snap.head, signedFrom).length === 0 ? (reopening(q, s.id, snap.head) ?? null) : null;
    // A list of sealed rows that is not one (sealProblems names it) is not read by SQL's JSON functions, which throw on it.
    const members = parseMembers(s.members);
    if (s.row_seq !== null && members) {
      const head = reopened ? reopened.seq : snap.head;
      const unmarked = unmarkedChanges.all({ members: s.members, sealSeq: s.row_seq, head, upgrades, ledger: s.ledger, siteId: s.site_id, month: s.month, table: UNIT_RULES[s.ledger]?.table ?? null }) as { entity: string; entity_id: string; changes: number; marks: number }[];
      for (const u of unmarked) {
        const { count: changes, unreadable } = unitChanges(rowActs.all(u.entity, u.entity_id, head) as RowAct[], UNIT_RULES[s.ledger], u.entity, s, s.row_seq, snap.upgrades);
        for (const seq of unreadable) problems.note(seq, `${name}: a record it seals (${u.entity_id}) was changed after it by journal row ${seq}, whose values cannot be read (not written by Daicho)`);
        if (changes > u.marks) problems.note(at, `${name}: a record it seals (${u.entity_id}) was changed ${changes} time(s) after it, ${u.marks} marked 封印後修正`);
      }
      for (const e of erasures.all({ members: s.members, sealSeq: s.row_seq, head: reopened ? reopened.seq : snap.head }) as ErasureRow[]) {
        const erases = onlyErases(e);
        if (erases === 'unreadable') problems.note(e.seq, `${name}: a record it seals (${e.entity_id}) was changed after it by a row labelled an erasure whose values (or its record's before it) cannot be read (not written by Daicho)`);
        else if (!erases) problems.note(e.seq, `${name}: a record it seals (${e.entity_id}) was changed after it by a row labelled an erasure that changes more than its personal fields`);
      }
      if (snap.tables.includes('review_dispositions'))
        for (const r of laterDispositions.all({ members: s.members, sealSeq: s.row_seq, head: reopened ? reopened.seq : snap.head, ledger: s.ledger, siteId: s.site_id, month: s.month }) as { entity_id: string }[])
          problems.note(at, `${name}: a disposition of its month (${r.entity_id}) was written after it (not through Daicho)`);
      const rule = UNIT_RULES[s.ledger];
      if (rule && snap.tables.includes(rule.table)) {
        const rows = added(rule).all({ members: s.members, ledger: s.ledger, siteId: s.site_id, month: s.month, until: reopened ? reopened.seq : snap.head + 1, ...unitParams(rule.kind, s.month) }) as { id: string }[];
        for (const r of rows) problems.note(at, `${name}: a record of its month (${r.id}) was added after it without the 封印後修正 mark (not through Daicho)`);
      }
    }
    // A sealed record whose table row the tables check found changed outside Daicho names its seal too.
    for (const seq of members?.records ?? []) if (problemSet.has(seq)) problems.note(at, `${name}: a record it seals (sequence ${seq}) was changed outside Daicho`);
  }
  // `rows`: how many seals were checked.
  return { problems: problems.lowest(), problemCount: problems.count, rows: seals.length };
}

interface RowAct {
  seq: number;
  actor: string;
  action: string;
  after: string | null;
}

/**
 * Of a sealed record's row acts after the seal, those that changed its sealed unit: the app marks a
 * change 封印後修正 while the record is of a sealed month before or after it (review/change-notes.ts);
 * a record a correction moved out (that move marked) is another unit's since, and what is done to it
 * there is not counted (an insider probe: a stay moved into November, then its note added there, and
 * verify named the seal as broken). The state before each act is the act before's form.
 */
function unitChanges(
  acts: readonly RowAct[], rule: UnitRule | undefined, entity: string, s: SealRow, sealSeq: number, upgrades: readonly (readonly [number, number])[],
): { count: number; unreadable: number[] } {
  // A form that cannot be read (not JSON, or JSON of another shape, chained with the key: an insider
  // probe stopped verify with it) may be of the unit: counted, and its row named (`unreadable`).
  const inUnit = (form: string | null) => {
    if (form === null || !rule || rule.table !== entity) return true;
    const row = readObject(form);
    return row === null || rowInUnit(rule, row, s.site_id, s.month);
  };
  let before: string | null = null;
  let count = 0;
  const unreadable: number[] = [];
  for (const a of acts) {
    const counted = a.seq > sealSeq && a.action !== 'personal.erase' && !(a.actor === MIGRATION_ACTOR.actor && upgrades.some(([from, to]) => a.seq > from && a.seq < to));
    if (counted && a.after !== null && readObject(a.after) === null) unreadable.push(a.seq);
    if (counted && (inUnit(before) || inUnit(a.after))) count++;
    before = a.after;
  }
  return { count, unreadable };
}

/** The problems' sequence numbers (to name the seals covering a record changed outside Daicho). */
export const seqsOf = (problems: readonly VerifyProblem[]) => problems.map((p) => p.seq);

export interface ErasureRow {
  seq: number;
  entity: string;
  entity_id: string;
  after: string | null;
  before: string | null;
}

/** Does an erasure's row only empty the record's personal fields (and say when), leaving the rest as it was? 'unreadable': its values (or its record's before it) cannot be read. */
export function onlyErases(e: ErasureRow): boolean | 'unreadable' {
  if (e.after === null || e.before === null) return false;
  const personal = new Set([...(PERSONAL_FIELDS[e.entity] ?? []), 'personal_erased_at']);
  const after = readObject(e.after);
  const before = readObject(e.before);
  if (!after || !before) return 'unreadable';
  // A column added, renamed or dropped by a migration since the record's previous row is in one form
  // only (verify-parts applies such changes to old rows): only the columns both forms have are compared.
  for (const k of Object.keys(after)) {
    if (personal.has(k)) {
      if (k !== 'personal_erased_at' && after[k] !== null) return false;
    } else if (k in before && JSON.stringify(after[k]) !== JSON.stringify(before[k])) return false;
  }
  return after.personal_erased_at !== null && after.personal_erased_at !== undefined;
}
