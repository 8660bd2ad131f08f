import { refuseTakenCode, touches } from '../kit/uniqueness';
import { DaichoError } from '../../../../shared/api/errors';
import { plainWords, saysNothing, SEEN_NOTHING } from '../../../../shared/api/schemas';
import { jstMonth, jstMonthRange } from '../../../../shared/calendar';
import { accessLogContract, accessLogDefinition, systemsContract, systemsDefinition, type UncheckedSystem } from '../../../../shared/ledgers/accessLog';
import { siteSettingsKey } from '../../../../shared/ledgers/kit';
import type { HandlerContext } from '../../context';
import type { ReadContext } from '../kit/ledger-module';
import type { Settings } from '../../settings';
import type { JournaledTable } from '../../store/migrations';
import type { Row, Store } from '../../store/store';
import { recordBook } from '../kit/record-book';
import { ruleFromReader } from '../kit/rule-from';
import { accessLogFindingRuleMigration, accessLogMigration, FINDING_RULE_FROM } from './migration';
import { checkAnomalies, dueDate, pastDue, previousMonth } from './rules';
import { recordRegisterChange, registerValueAt } from '../../setting-versions';

// SPEC §4.6 in the core: the systems register and the access-log check record, on the ledger kit.

const SYSTEMS = systemsDefinition.table as JournaledTable;

function systemRow(store: Store, id: string): Row {
  const row = store.rowById(SYSTEMS, id);
  if (!row) throw new DaichoError('not_found', 'errors.not_found', 'systemId');
  return row;
}

/** From when an anomaly found with its action written is an item of the review (migration 42), read once per rule context (a month's review judges every check). */
const findingRuleFrom = ruleFromReader(FINDING_RULE_FROM);

/**
 * A site's due day for a month's logs (the day of the next month they are to be checked by): the one
 * in force when that month ended and its checking began (setting-versions.ts) — a later change does
 * not move a due day already passed.
 */
function dueDayOfMonth(site: (siteId: string, at: string | Date) => { dueDay: number }, siteId: string, month: string): number {
  return site(siteId, jstMonthRange(month).end).dueDay;
}

/** Each site's access-log settings over time, read once per call (the kit's ctx.site outside a record's rules). */
function siteReader(settings: Settings): (siteId: string, at: string | Date) => { dueDay: number } {
  return settings.siteTimelines((siteId) => siteSettingsKey(accessLogDefinition, siteId), (saved) => ({ dueDay: (saved as { dueDay?: number } | undefined)?.dueDay ?? accessLogDefinition.siteSettings.defaults.dueDay }));
}

/**
 * The site a system was at when a month began (setting-versions.ts): its check for the month is that
 * site's. A system moved later stays due at the site it left for the months before (found by an
 * insider probe: moved in November, October's unchecked system gone from the site's review).
 */
function siteForMonth(store: Store, system: Row, month: string): string {
  return registerValueAt(store, 'log_systems', 'site_id', String(system.id), String(system.site_id), jstMonthRange(month).start);
}

export const systemsModule = recordBook(
  systemsDefinition,
  {
    alsoWrite: (tx, record, ctx) => {
      if (ctx.verb === 'amend' && ctx.before) recordRegisterChange(ctx.store, tx, 'log_systems', 'site_id', record.id, ctx.before.siteId, record.siteId, { action: ctx.action, reason: ctx.reason ?? undefined });
    },
    check: (r, ctx) => {
      if (touches(ctx.changed, ['code'])) refuseTakenCode(ctx.store, { table: 'log_systems', column: 'code', code: r.code, selfId: ctx.selfId, message: 'accessLog.systems.errors.code_taken', field: 'code' });
      // And a name one system of its site: the check record and its paper name a system by it (an insider
      // probe: two ファイルサーバ, one with its logs incomplete, and the paper could not say which).
      if (touches(ctx.changed, ['name', 'siteId']) && r.siteId)
        refuseTakenCode(ctx.store, { table: 'log_systems', column: 'name', code: r.name, selfId: ctx.selfId, message: 'accessLog.systems.errors.name_taken', field: 'name', siteId: r.siteId });
    },
  },
  { migrations: [accessLogMigration], contract: systemsContract },
);

/**
 * A finding or an action that says there was none, beyond the words that say nothing (saysNothing):
 * 該当なし, 問題ありません, 異常は見られませんでした, 検出されませんでした, 正常, 未対応, OK, no issues...
 * (a probe left an anomaly without its action with 「問題なし」). Not for reasons: 「見つからない」 is a lost card's.
 */
/** Before a "not done": 特に何も, まだ (a fifth insider probe: 特に何もしていません passed with one of them allowed). */
const NOT_DONE_YET = '(?:何も|なにも|特に|とくに|まだ|しばらく|当面){0,3}';
const FOUND_NONE = new RegExp(
  '^(?:' +
    [
      `(?:異常|問題|該当|特記事項|特記|特に|とくに|対応|処置|措置)*(?:は|も)?(?:なし|無し|ナシ|無|ない|ありません|ありませんでした|不要|${SEEN_NOTHING})(?:です|でした)?`,
      '未(?:対応|処置|措置|実施|着手)?(?:です|でした|のまま(?:です)?)?',
      // That nothing was done, in words (a fourth probe cleared an anomaly with 未対応です, 対応していません, 何もしていない).
      `${NOT_DONE_YET}(?:対応|処置|措置|対処|作業)?(?:は|を|も)?(?:し|行っ|おこなっ|取っ|とっ)(?:ていない|てない|ていません|ておりません)(?:でした)?`,
      `${NOT_DONE_YET}(?:対応|処置|措置|対処|作業)?(?:は|を|も)?(?:しなかった|しませんでした|せず|しない|しません|行わず|行わなかった|行いませんでした|行っていない)`,
      '(?:後日|今後|追って|別途)?(?:対応|処置|措置|対処)(?:予定|検討中|待ち)(?:です)?',
      // Not done yet, in words of doing it later or of watching (insider probe 13 cleared an anomaly with
      // 調査中, 様子見, 保留, 後日確認, 今後確認します, 未定, まだです).
      // (And a fifth's: 後日, 後ほど, 来月対応 — put off to a time, with or without what will be done then.)
      '(?:後日|後ほど|のちほど|後で|あとで|今後|追って|別途|引き続き|これから|来月|来週|翌月|次回|明日)(?:に)?(?:調査|確認|検討|対応|対処|報告|連絡|処置|措置)?(?:する|します|いたします|予定|中|とする|とします)?(?:です)?',
      '(?:調査|確認|検討|対応|対処|報告|連絡|原因調査|原因確認)(?:中|予定|待ち)(?:です|でした)?',
      // (And a fifth's: left as it is, or watched — 放置, そのまま, 現状維持, 様子を見ます, 経過観察とします.)
      '(?:しばらく|当面|ひとまず|一旦|いったん)?(?:様子見|様子を(?:見|み)(?:る|ます)|経過(?:を)?観察|観察|保留|放置|静観|見送り|現状維持|そのまま|未定|未決|まだ|いまだ|検討します|確認します|調査します)(?:です|中|とする|とします|します|しました|した|にします|にする|のまま)?',
      '正常|良好|問題無',
      'ok|okay|notapplicable|noissues?|noproblems?|noanomal(?:y|ies)|noaction(?:taken)?|nothingdone|notyet|pending|tbd|todo',
    ].join('|') +
    ')$',
  'iu',
);
const saysNone = (text: string) => saysNothing(text) || FOUND_NONE.test(plainWords(text));

export const accessLogModule = recordBook(
  accessLogDefinition,
  {
    // A check belongs to its system's site; a retired system is checked only for the months it was there.
    derive: (input, ctx) => {
      if (ctx.verb === 'amend') return {};
      const system = systemRow(ctx.store, String(input.systemId));
      // (The month is a valid one here: the contract's schema checked the input first.)
      if (system.status === 'void' && !stillDue(retiredAt(ctx.store, [String(system.id)]).get(String(system.id)), String(input.month)))
        throw new DaichoError('conflict', 'accessLog.errors.retired', 'systemId');
      return { siteId: siteForMonth(ctx.store, system, String(input.month)) };
    },
    check: (r, ctx) => {
      // A month is checked once it has ended; once per system.
      if (r.month && r.month >= jstMonth(ctx.now)) throw new DaichoError('invalid_input', 'accessLog.errors.future_month', 'month');
      // Of a month whose logs the system still keeps when checked (an insider probe: a check of January
      // 2001 went in for a system of 12 months' logs registered in 2026, and put that month up for review).
      if (touches(ctx.changed, ['month', 'checkedAt', 'systemId']) && r.month && r.systemId) {
        const months = Number(systemRow(ctx.store, r.systemId).retention_months);
        const at = jstMonth(r.checkedAt ? new Date(r.checkedAt) : ctx.now);
        if (Number.isInteger(months) && monthsBetween(r.month, at) > months) throw new DaichoError('invalid_input', 'accessLog.errors.before_retention', 'month', { months, count: months });
      }
      // And checked after it ended (an insider probe: a check of October dated 15 September went in).
      if (touches(ctx.changed, ['month', 'checkedAt']) && r.month && r.checkedAt && Date.parse(r.checkedAt) < jstMonthRange(r.month).end.getTime()) throw new DaichoError('invalid_input', 'accessLog.errors.checked_before_month_end', 'checkedAt');
      // 「なし」 typed where none was found would be stored as an anomaly found, and be one in the
      // review (a bad-input probe): the field is left empty for none, as its hint says.
      if (touches(ctx.changed, ['anomalyFound']) && typeof r.anomalyFound === 'string' && saysNone(r.anomalyFound))
        throw new DaichoError('invalid_input', 'accessLog.errors.none_typed', 'anomalyFound');
      // So is the action taken: 「なし」 there read as an action, and took the anomaly without one
      // out of the review (an insider probe). Empty, it is asked about.
      if (touches(ctx.changed, ['actionTaken']) && typeof r.actionTaken === 'string' && saysNone(r.actionTaken))
        throw new DaichoError('invalid_input', 'accessLog.errors.action_none_typed', 'actionTaken');
      // Nor the finding written again where its action goes (insider probe 13).
      if (touches(ctx.changed, ['actionTaken', 'anomalyFound']) && typeof r.actionTaken === 'string' && typeof r.anomalyFound === 'string' && plainWords(r.actionTaken) === plainWords(r.anomalyFound))
        throw new DaichoError('invalid_input', 'accessLog.errors.action_is_finding', 'actionTaken');
      if (r.month && r.systemId) {
        const other = ctx.store.stmt("SELECT id FROM access_log_checks WHERE system_id = ? AND month = ? AND status = 'valid'").get(r.systemId, r.month) as { id: string } | undefined;
        if (other && other.id !== ctx.selfId) throw new DaichoError('conflict', 'accessLog.errors.already_checked', 'month', { month: r.month, recordId: other.id });
      }
    },
    anomalies: (r, ctx, row) => {
      const recordedAt = typeof row.recorded_at === 'string' ? row.recorded_at : undefined;
      const writtenAt = typeof row.amended_at === 'string' ? row.amended_at : recordedAt;
      return checkAnomalies({ ...r, recordedAt, writtenAt }, dueDayOfMonth(ctx.site, r.siteId, r.month), findingRuleFrom(ctx));
    },
  },
  { migrations: [accessLogFindingRuleMigration], contract: accessLogContract },
);

accessLogModule.handlers['accessLog.unchecked'] = (ctx: HandlerContext, { month, siteId }: { month?: string; siteId?: string }): { month: string; systems: UncheckedSystem[] } => {
  const found = uncheckedSystems(ctx, month, siteId);
  // A site head of several sites, none named: theirs only (auth/site-scope.ts).
  return ctx.readableSites ? { ...found, systems: found.systems.filter((s) => ctx.readableSites!.includes(s.siteId)) } : found;
};

/** Whole months from `from` to `to` (YYYY-MM): 2026-10 to 2026-12 is 2. */
function monthsBetween(from: string, to: string): number {
  const n = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return n(to) - n(from);
}

/** Is a system retired at `retired` still due for a month: it was there when the month began or after. */
function stillDue(retired: string | undefined, month: string): boolean {
  return retired !== undefined && Date.parse(retired) >= jstMonthRange(month).start.getTime();
}

/** When each of these systems was retired (its void's journal row time; no JSON read), by id. */
function retiredAt(store: Store, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = store
    .stmt("SELECT entity_id AS id, max(at) AS at FROM journal WHERE kind = 'row' AND entity = 'log_systems' AND entity_id IN (SELECT value FROM json_each(?)) AND action = 'systems.void' GROUP BY entity_id")
    .all(JSON.stringify(ids)) as { id: string; at: string }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}

/** The systems (of every site, or one) not checked for a month (last month by default), with their due day. */
function uncheckedSystems(ctx: ReadContext, month?: string, siteId?: string): { month: string; systems: UncheckedSystem[] } {
  const m = month ?? previousMonth(jstMonth(ctx.now));
  const site = siteReader(ctx.settings);
  const all = ctx.store
    .stmt(
      `SELECT s.id, s.code, s.name, s.site_id, s.status, s.recorded_at FROM log_systems s
       WHERE NOT EXISTS (SELECT 1 FROM access_log_checks c WHERE c.system_id = s.id AND c.month = @month AND c.status = 'valid')
       ORDER BY s.code`,
    )
    .all({ month: m }) as Row[];
  // A month whose review was signed before a system was registered is not reopened by it (found by an
  // insider probe: registering a system added an unchecked item to every signed month before it).
  const signedAt = new Map((ctx.store.stmt("SELECT site_id, min(signed_at) AS at FROM seals WHERE ledger = 'accessLog' AND month = ? AND status = 'sealed' GROUP BY site_id").all(m) as { site_id: string; at: string }[]).map((r) => [r.site_id, r.at]));
  const signedBefore = (s: { site_id: string; recorded_at: string }) => {
    const at = signedAt.get(s.site_id);
    return at !== undefined && at <= s.recorded_at;
  };
  // Each at the site it was at when the month began.
  const sites = new Map((ctx.store.stmt('SELECT id, name, sort_order FROM sites').all() as { id: string; name: string; sort_order: number }[]).map((si) => [si.id, si]));
  const rows = all
    .map((s) => ({ id: String(s.id), code: String(s.code), name: String(s.name), status: String(s.status), recorded_at: String(s.recorded_at), site_id: siteForMonth(ctx.store, s, m) }))
    .filter((s) => (siteId === undefined || s.site_id === siteId) && sites.has(s.site_id))
    .filter((s) => !signedBefore(s))
    .sort((a, b) => sites.get(a.site_id)!.sort_order - sites.get(b.site_id)!.sort_order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // A system retired during or after the month was still there to check for it: retiring it does not
  // take the month's check away (found by an insider probe: systems.void emptied a month's review).
  const retired = retiredAt(ctx.store, rows.filter((s) => s.status === 'void').map((s) => s.id));
  const systems = rows.filter((s) => s.status === 'valid' || stillDue(retired.get(s.id), m)).map((s) => {
    const dueDay = dueDayOfMonth(site, s.site_id, m);
    return { systemId: s.id, code: s.code, name: s.name, siteId: s.site_id, siteName: sites.get(s.site_id)!.name, month: m, due: dueDate(m, dueDay), overdue: pastDue(m, dueDay, ctx.now) };
  });
  return { month: m, systems };
}

/** The monthly review (SPEC §5): each system of the site not checked for the month is an item to dispose of. */
accessLogModule.review = {
  // The check is the system administrator's own act, recorded by him (Art. 14(3)).
  writerActs: true,
  // A system moved to another site leaves this site's checks (found by an insider probe: moved, the
  // month signed, moved back): an item of the review of the site it left, for the month it moved.
  registerChange: {
    table: SYSTEMS,
    judge: (_ctx, before, after) =>
      before.site_id === after.site_id ? null : { siteId: String(before.site_id), code: 'system_moved', params: { system: `${String(after.code)} ${String(after.name)}`, label: String(after.code) } },
  },
  // A system not checked is the system administrators' own miss (Art. 14(3)): not theirs to dispose of.
  monthDuty: { unchecked_system: 'sysadmin' },
  // Named once (its label); before the site's due day, said to be not checked yet, with the day (a walk-through: on
  // 2 December November's systems read as missed, due on the 10th, and each named twice).
  monthItems: (ctx, siteId, month) => {
    const dueDay = dueDayOfMonth(siteReader(ctx.settings), siteId, month);
    const pending = !pastDue(month, dueDay, ctx.now);
    return uncheckedSystems(ctx, month, siteId).systems.map((s) => ({
      subject: s.systemId, code: 'unchecked_system', messageKey: pending ? 'review.items.unchecked_system_pending' : 'review.items.unchecked_system',
      params: pending ? { due: dueDate(month, dueDay) } : ({} as Record<string, string>), label: `${s.code} ${s.name}`, at: null,
      ...(pending ? { waitingUntil: dueDate(month, dueDay) } : {}),
    }));
  },
};
