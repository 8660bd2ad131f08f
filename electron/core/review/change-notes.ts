import { sealStands, type SealRow } from './seal';
import { ACCEPT_ROW } from '../outside-rules';
import { jstMonth } from '../../../shared/calendar';
import type { ReviewItem } from '../../../shared/api/review-contract';
import type { LedgerAnomaly } from '../../../shared/ledgers/kit';
import type { Settings } from '../settings';
import type { Row, Store, Tx } from '../store/store';
import { termOf, type ReviewSource, type SourceRecord } from './sources';
import type { JudgedFrom, RegisterWatch } from '../ledgers/kit/ledger-module';
import { lookup } from '../../../shared/i18n';
import { canonicalJson } from '../journal/canonical';
import { siteSettingsDefaults, valueOf } from '../settings-history';
import { actorLookup } from '../record-history';

// What the review notes in the same act as a change to a record of a reviewed ledger (Store.watchRows,
// wired by review.ts): a change to a month already sealed (封印後修正), and an anomaly a correction or
// a void took away — each comes up in a review, so no change leaves the evidence unseen.

type Change = { before: Row | null; after: Row; action: string; reason: string | null; actor: string };

/**
 * An anomaly an act took away: the record had it before the act (judged as it then stood, now) and
 * not after — a due time moved, a time changed, a record voided and written again, a return or an
 * exit dated back past another stay, a guest card handed back later.
 * Noted in the same act for the review of the record's month, with the act's reason, unless that
 * month is sealed (the change is a 封印後修正 of its own then, reviewed in the month it was made).
 */
export function noteClearedAnomalies(store: Store, settings: Settings, tx: Tx, src: ReviewSource, ch: Change): void {
  // Every act on a record, not only a correction or a void: a return, an exit, a card handed back dated
  // back can take an anomaly away as well (found by an insider probe). The retention period's erasure
  // changes no rule's facts; a migration is not a person's act.
  if (ch.action === 'personal.erase' || ch.actor === 'migration') return;
  const ctx = { store, settings, now: new Date(tx.now) };
  noteAccepted(store, tx, src, ch);
  noteArisenBeside(store, tx, src, ch, ctx);
  if (!ch.before || ch.before.status !== 'valid') return;
  const had = src.anomaliesOfRow(ctx, ch.before);
  const has = had.length > 0 && ch.after.status === 'valid' ? src.anomaliesOfRow(ctx, ch.after) : [];
  // A record moved to another month or site, or made another person's, takes its anomalies away from the
  // month and the person they were about, whatever it has where it went: each is an item saying so (where the
  // record stays here about someone else, that its anomaly is no longer about the former person, not that it
  // went away). An insider probe: a stay of 長時間滞在 dated back into a signed month, a cabinet's session into
  // another, a 入室許可なし stay given to another unauthorized person — each month then read clean.
  const away = ch.after.status === 'valid' ? movedAway(src, ch.before, ch.after) : null;
  noteGone(store, tx, src, ch, ch.before, had, away ? [] : has, away ?? undefined);
  // The records judged with it (a stay it overlapped): judged beside it as it was, and as it is now.
  // Found by an insider probe: correcting one of two overlapping stays took the other's overlap away unnoted.
  // All of them judged at once each way (one load of what the rules read, not one a partner).
  const partners = (src.partners?.(ctx, ch.before) ?? []).filter((p) => p.id !== ch.before!.id);
  if (partners.length === 0) return;
  const then = src.anomaliesOfRows(ctx, [...partners, ch.before]);
  const now = src.anomaliesOfRows(ctx, ch.after.status === 'valid' ? [...partners, ch.after] : partners);
  for (const p of partners) noteGone(store, tx, src, ch, p, then.get(String(p.id)) ?? [], now.get(String(p.id)) ?? []);
}

/**
 * A record of a signed month judged with the written one (a stay it now overlaps) that has an anomaly
 * it did not have before the write: a change after that seal, as a correction of it would be. Found by
 * a probe: a November stay typed in over a signed October stay across midnight gave it 重複 on its
 * signed paper, with nothing said. Judged beside the row as it was (a new one: as if it were not there).
 */
function noteArisenBeside(store: Store, tx: Tx, src: ReviewSource, ch: Change, ctx: { store: Store; settings: Settings; now: Date }): void {
  if (!src.partners || ch.after.status !== 'valid') return;
  const sealed = src.partners(ctx, ch.after).flatMap((p) => {
    const unit = p.id === ch.after.id ? null : src.unitOf(p);
    const seal = unit ? standingSeal(store, src, unit) : null;
    return unit && seal ? [{ p, unit, seal }] : [];
  });
  if (sealed.length === 0) return;
  const rows = sealed.map((x) => x.p);
  const then = src.anomaliesOfRows(ctx, [...rows, ch.before ?? { ...ch.after, status: 'void' }]);
  const now = src.anomaliesOfRows(ctx, [...rows, ch.after]);
  for (const { p, unit, seal } of sealed) {
    const had = new Set((then.get(String(p.id)) ?? []).map((a) => a.code));
    if ((now.get(String(p.id)) ?? []).some((a) => !had.has(a.code))) noteSealedUnit(store, tx, src, unit, seal, String(p.id), ch);
  }
}

/**
 * An act on a row of another table that a ledger's rules read: each anomaly it took away from a record
 * of the ledger (JudgedFrom.gone) is noted for that record's month, as a correction of the record is.
 * Found by an insider probe: a stay's exit recorded afterwards at a time before the last person left
 * (or the stay voided, a cabinet's lock dated back) took 「still open」 off that day's checklist unseen.
 */
export function noteJudgedFrom(store: Store, settings: Settings, tx: Tx, src: ReviewSource, watch: JudgedFrom, ch: Change): void {
  if (ch.action === 'personal.erase' || ch.actor === 'migration') return;
  const ctx = { store, settings, now: new Date(tx.now) };
  if (ch.before) for (const { row, anomaly } of watch.gone(ctx, ch.before, ch.after)) noteGone(store, tx, src, ch, row, [anomaly], []);
  // And what it brought to a record of a signed month (a stay of a signed day typed in late, open past
  // its checklist's exit): a change after that seal, as the record's own correction would be (an
  // insider probe: the signed checklist printed 「still open」 under the same digest, and no review asked).
  // A month not signed shows it as an anomaly of its own, to be disposed of before it is.
  for (const row of watch.arisen?.(ctx, ch.before ?? null, ch.after) ?? []) {
    const unit = src.unitOf(row);
    const seal = unit ? standingSeal(store, src, unit) : null;
    if (unit && seal) noteSealedUnit(store, tx, src, unit, seal, String(row.id), ch);
  }
}

/**
 * Where a correction took a record: its new site and month, where they are not its unit's any more; the
 * person it was about, where it is about another now (the item says so: 「記録が大阪拠点・令和8年10月へ移り」).
 * Ids and a month only: a name is read when the item is shown (personal data stays in the register).
 */
function movedAway(src: ReviewSource, before: Row, after: Row): Record<string, string> | null {
  const from = src.unitOf(before);
  const to = src.unitOf(after);
  const out: Record<string, string> = {};
  if (from && to && (from.siteId !== to.siteId || from.month !== to.month)) Object.assign(out, { movedMonth: to.month, movedSiteId: to.siteId });
  const pc = src.personColumn;
  if (pc && before[pc] != null && before[pc] !== after[pc]) out.formerPersonId = String(before[pc]);
  return Object.keys(out).length > 0 ? out : null;
}

/** Each anomaly of `row` in `had` and not in `has`, noted for the review of the row's month (unless it is sealed) with the act's reason. */
function noteGone(store: Store, tx: Tx, src: ReviewSource, ch: Change, row: Row, had: LedgerAnomaly[], has: LedgerAnomaly[], away?: Record<string, string>): void {
  const still = new Set(has.map((a) => a.code));
  const gone = had.filter((a) => !still.has(a.code));
  if (gone.length === 0) return;
  const unit = src.unitOf(row);
  if (!unit) return;
  // A sealed month: the change is a 封印後修正 of the changed record's (noteSealedChange); one of a
  // record judged with it (a stay it overlapped) is noted here for that record's month, which the
  // changed record's units may not include (found by an insider probe: the overlap of a sealed
  // October stay taken away by correcting a November one).
  const seal = standingSeal(store, src, unit);
  if (seal) {
    if (row.id !== ch.after.id) noteSealedUnit(store, tx, src, unit, seal, String(row.id), ch);
    return;
  }
  for (const a of gone)
    tx.insert(
      'cleared_anomalies',
      {
        id: store.newId(), ledger: src.key, site_id: unit.siteId, month: unit.month, record_id: String(row.id), code: a.code,
        params: a.params || away ? JSON.stringify({ ...a.params, ...away }) : null,
        action: ch.action, reason: ch.reason, changed_at: tx.now, changed_by: ch.actor,
      },
      { action: 'review.anomaly_cleared' },
    );
}

/**
 * A record changed outside Daicho and accepted as found (outside-acceptance.ts): an item of the review
 * of its month, to be disposed of like an anomaly, unless the month is sealed (a 封印後修正 then,
 * noteSealedChange). A review found the change otherwise unseen: the acceptance leaves the record's
 * correction count as the key holder left it, so a month not yet signed listed nothing.
 */
function noteAccepted(store: Store, tx: Tx, src: ReviewSource, ch: Change): void {
  if (ch.action !== ACCEPT_ROW) return;
  const seen = new Set<string>();
  for (const u of [ch.before && src.unitOf(ch.before), src.unitOf(ch.after)]) {
    if (!u || seen.has(`${u.siteId}\n${u.month}`) || standingSeal(store, src, u)) continue;
    seen.add(`${u.siteId}\n${u.month}`);
    tx.insert(
      'cleared_anomalies',
      {
        id: store.newId(), ledger: src.key, site_id: u.siteId, month: u.month, record_id: String(ch.after.id), code: `${REGISTER_CHANGE_PREFIX}${ACCEPTED_CODE}`, params: JSON.stringify({}),
        action: ch.action, reason: ch.reason, changed_at: tx.now, changed_by: ch.actor,
      },
      { action: 'review.anomaly_cleared' },
    );
  }
}

/** The code of an acceptance as found in cleared_anomalies (after REGISTER_CHANGE_PREFIX). */
const ACCEPTED_CODE = 'accepted_as_found';

/** The code a register change is noted under in cleared_anomalies (beside the anomalies' own codes). */
export const REGISTER_CHANGE_PREFIX = 'register.';

/**
 * A change to a register that loosened a ledger's rules (its `registerChange`): noted in the same act
 * for the review of the month it was made, with the act's reason — a register corrected so that the
 * rule no longer applies never leaves the review unseen (an asset's kind changed so it needs no approval).
 */
export function noteRegisterChange(store: Store, settings: Settings, tx: Tx, src: ReviewSource, watch: RegisterWatch, ch: Change): void {
  if (ch.actor === 'migration') return;
  const ctx = { store, settings, now: new Date(tx.now) };
  const found = (ch.before ? watch.judge?.(ctx, ch.before, ch.after) : watch.judgeNew?.(ctx, ch.after, ch.action, ch.actor)) ?? null;
  for (const f of found === null ? [] : Array.isArray(found) ? found : [found]) noteChange(store, tx, src, f, ch);
}

/** A register or settings change noted for the review of the month it was made (cleared_anomalies, `register.<code>`). */
function noteChange(store: Store, tx: Tx, src: ReviewSource, found: { siteId: string; code: string; params: Record<string, string | number> }, ch: Change): void {
  tx.insert(
    'cleared_anomalies',
    {
      id: store.newId(), ledger: src.key, site_id: found.siteId, month: jstMonth(new Date(tx.now)), record_id: String(ch.after.id), code: `${REGISTER_CHANGE_PREFIX}${found.code}`,
      params: JSON.stringify(found.params), action: ch.action, reason: ch.reason, changed_at: tx.now, changed_by: ch.actor,
    },
    { action: 'review.anomaly_cleared' },
  );
}

/** The ledgers whose rules read the business calendar (a day's business hours, a day without a checklist). */
const CALENDAR_LEDGERS = ['serverRoom', 'cabinetLog', 'lastExit'];

/** Rule settings' changes, by the review's own words (not a ledger's). */
const SETTING_CHANGES = ['settings_changed', 'calendar_changed', ACCEPTED_CODE];

/**
 * A change of a site's rule settings (a new row of setting_versions: setting-versions.ts): it judges
 * the records from then on, so it is an item of the review of the month it was made — in each ledger
 * whose rules it sets (the calendar: those that read it), with its reason, not disposed of by the one
 * who made it. Found by an insider probe: a limit loosened for an hour in the middle of a month, a
 * stay made then and the limit put back, and the month reviewed clean.
 */
export function noteSettingChange(store: Store, tx: Tx, src: ReviewSource, ch: Change): void {
  if (ch.before || ch.actor === 'migration' || Number(ch.after.version) < 1) return;
  const m = /^(.+)\.site\.(.+)$/.exec(String(ch.after.key));
  if (!m) return;
  const [, ledger, siteId] = m;
  const calendar = ledger === 'calendar';
  if (!(ledger === src.key || (calendar && CALENDAR_LEDGERS.includes(src.key)))) return;
  if (!store.rowById('sites', siteId)) return;
  const fields = calendar ? [] : changedSettings(store, ledger, String(ch.after.key), Number(ch.after.version), ch.after.value);
  noteChange(store, tx, src, { siteId, code: calendar ? 'calendar_changed' : 'settings_changed', params: { from: String(ch.after.effective_from), ...(fields.length > 0 ? { fields: fields.join(',') } : {}) } }, ch);
}

/**
 * Which of a ledger's site settings a new version changed from the one before (the defaults before any):
 * the review's item names them (an insider probe: the approval rule switched off for six seconds and
 * back, two items 「設定が変更されました」 with no word of what; a checkout went out in between).
 */
function changedSettings(store: Store, ledger: string, key: string, version: number, value: unknown): string[] {
  const prev = store.stmt('SELECT value FROM setting_versions WHERE key = ? AND version < ? ORDER BY version DESC LIMIT 1').get(key, version) as { value: string | null } | undefined;
  const defaults = siteSettingsDefaults(ledger) ?? {};
  // A version's value (settings-history.ts valueOf): null is the defaults.
  const read = (v: unknown): Record<string, unknown> => {
    const got = valueOf({ value: v });
    return { ...defaults, ...(got !== null && typeof got === 'object' ? (got as Record<string, unknown>) : {}) };
  };
  const [before, after] = [read(prev?.value ?? null), read(value)];
  return [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((k) => canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null));
}

/** A setting's name as its settings page has it (a key no catalog names, as stored). */
function settingLabel(ledger: string, field: string): { key: string } | { text: string } {
  const key = ledger === 'serverRoom' ? `serverRoom.settings.${field}` : `ledgerKit.settings.fields.${ledger}.${field}`;
  return typeof lookup('ja', key) === 'string' ? { key } : { text: field };
}

/** A change to a record of a sealed month (added late, amended, voided, its exit recorded): noted in the same act. */
export function noteSealedChange(store: Store, tx: Tx, src: ReviewSource, ch: Change): void {
  // The retention period's erasure is an approved act on old months, not a correction; a migration is not a person's change.
  if (ch.action === 'personal.erase' || ch.actor === 'migration') return;
  const units = [ch.before && src.unitOf(ch.before), src.unitOf(ch.after)].filter((u): u is { siteId: string; month: string } => !!u);
  const seen = new Set<string>();
  for (const u of units) {
    const k = `${u.siteId}\n${u.month}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const seal = standingSeal(store, src, u);
    if (seal) noteSealedUnit(store, tx, src, u, seal, String(ch.after.id), ch);
  }
}

/**
 * The seal a change to the unit comes after, if the month was ever signed: its standing seal (the
 * latest), or else the latest one reopened. A month reopened is still a month once signed: a change
 * made to it then is a 封印後修正 like any other, in lists, on paper and in the next review (found by
 * an insider probe: the safety manager reopened a signed month, voided a record, disposed of what the
 * void took away and signed again, and nothing named the change afterwards).
 */
function standingSeal(store: Store, src: ReviewSource, u: { siteId: string; month: string }): string | null {
  // A seal whose signature holds, as the review counts it (seal.ts sealStands): a forged one seals nothing, so no change is "after" it.
  const seals = store.stmt('SELECT * FROM seals WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY signed_at DESC, id').all(src.key, u.siteId, u.month) as SealRow[];
  const q = (sql: string) => store.stmt(sql);
  const holds = (s: SealRow) => sealStands(q, { ...s, status: 'sealed' });
  return (seals.find((s) => s.status === 'sealed' && holds(s)) ?? seals.find((s) => s.status === 'reopened' && holds(s)))?.id ?? null;
}

/** A change to a record of a sealed unit, noted as a 封印後修正. */
function noteSealedUnit(store: Store, tx: Tx, src: ReviewSource, u: { siteId: string; month: string }, sealId: string, recordId: string, ch: Change): void {
  tx.insert(
    'sealed_changes',
    { id: store.newId(), ledger: src.key, site_id: u.siteId, month: u.month, record_id: recordId, seal_id: sealId, action: ch.action, reason: ch.reason, changed_at: tx.now, changed_by: ch.actor },
    { action: 'review.sealed_change' },
  );
}

/**
 * The review's items of what change-notes noted for a unit: each anomaly a correction or a void took
 * away, and each register change that loosened a rule — each needs a disposition like an anomaly.
 */
export function clearedItems(
  store: Store,
  src: ReviewSource,
  siteId: string,
  month: string,
  monthLabels: ReadonlyMap<string, Pick<SourceRecord, 'label' | 'labelTerm'>>,
  elsewhere: (ids: readonly string[]) => readonly SourceRecord[],
): Omit<ReviewItem, 'disposition'>[] {
  const rows = store
    .stmt('SELECT * FROM cleared_anomalies WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY changed_at, rowid')
    .all(src.key, siteId, month) as { id: string; record_id: string; code: string; params: string | null; action: string; reason: string | null; changed_at: string; changed_by: string }[];
  // A record a correction moved to another month or site is named as it is now (a probe: its item had no name).
  const away = [...new Set(rows.filter((c) => !c.code.startsWith(REGISTER_CHANGE_PREFIX) && !monthLabels.has(c.record_id)).map((c) => c.record_id))];
  const labels = away.length === 0 ? monthLabels : new Map([...monthLabels, ...elsewhere(away).map((r) => [r.id, r] as const)]);
  const nameOf = (table: 'people' | 'sites', id: unknown) => (typeof id === 'string' ? ((store.stmt(`SELECT name FROM ${table} WHERE id = ?`).get(id) as { name: string | null } | undefined)?.name ?? '') : '');
  // A person whose name was erased after the retention period is named by their employee number (never 「から」 alone).
  const personOf = (id: unknown) =>
    (typeof id === 'string' ? (store.stmt("SELECT coalesce(nullif(name, ''), employee_no) FROM people WHERE id = ?").pluck().get(id) as string | null | undefined) : null) ?? '—';
  const byOf = changedBy(store, personOf);
  return rows.map((c) => {
    const params = c.params ? (JSON.parse(c.params) as Record<string, string | number>) : {};
    // A person named by id (a grant): their name as it is now, personal data kept only in the register.
    if (c.code.startsWith(REGISTER_CHANGE_PREFIX) && typeof params.personId === 'string') {
      params.person = nameOf('people', params.personId);
      params.label = params.person;
    }
    const common = { subject: `cleared:${c.id}`, recordId: c.record_id, at: c.changed_at };
    if (c.code.startsWith(REGISTER_CHANGE_PREFIX)) {
      const code = c.code.slice(REGISTER_CHANGE_PREFIX.length);
      return {
        ...common, code: 'register_change', kind: 'register_change' as const, messageKey: c.reason ? 'review.items.register_change' : 'review.items.register_change_no_reason',
        // An acceptance names its record as the month's records are named.
        label: code === ACCEPTED_CODE ? (labels.get(c.record_id)?.label ?? '') : String(params.label ?? ''),
        // Who made it, as a cleared item names its changer (a review: a grant of authorization said whose reason, not whose act).
        params: { ...params, change: SETTING_CHANGES.includes(code) ? `review.items.${code}` : src.registerChangeMessage(code), reason: c.reason ?? '', ...byOf(c.changed_by) },
        ...(code === 'settings_changed' && typeof params.fields === 'string' && params.fields
          ? { facts: [{ term: 'changedSettings' as const, values: params.fields.split(',').map((f) => settingLabel(src.key, f)) }] }
          : {}),
      };
    }
    // Moved to another month or site, or made another person's (or both): the item says where to, and whose it was.
    const moved = typeof params.movedMonth === 'string';
    const former = typeof params.formerPersonId === 'string';
    if (moved) params.movedSite = nameOf('sites', params.movedSiteId);
    if (former) params.formerPerson = personOf(params.formerPersonId);
    const said = moved && former ? 'cleared_moved_person' : moved ? 'cleared_moved' : former ? 'cleared_person' : 'cleared';
    return {
      // An act that asks no reason (a return, an exit) took it away: the item says no reason.
      ...common, code: 'cleared', kind: 'cleared' as const, messageKey: `review.items.${said}${c.reason ? '' : '_no_reason'}`, label: labels.get(c.record_id)?.label ?? '', ...termOf(labels.get(c.record_id)),
      // And who made the change, by name as it is now (an insider probe: the items said the act and its reason, not whose).
      params: { ...params, anomaly: src.anomalyMessage(c.code), action: c.action, reason: c.reason ?? '', ...byOf(c.changed_by) },
    };
  });
}

/**
 * Who made a change, by the journal's actor, as an item's parameter read when it is shown: a person at the
 * door (`person:<id>`) by their register name (`personOf`: an erased one by the employee number); an account
 * by its name, as the record's history and its paper's change lines name it (not by the person it is linked
 * to now: a link changed since would rename who made a past change); the door terminal's late deliveries and
 * the system's own acts by the review's words for them (`byKey`).
 */
function changedBy(store: Store, personOf: (id: string) => string): (actor: string) => { by: string } | { byKey: string } {
  const lookup = actorLookup(store);
  return (actor) => {
    if (actor.startsWith('person:')) return { by: personOf(actor.slice('person:'.length)) };
    const account = lookup(actor);
    if (account.loginId !== null) return { by: account.name ?? account.loginId };
    return { byKey: actor === 'terminal' ? 'history.terminal' : 'history.system' };
  };
}
