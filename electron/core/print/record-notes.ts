import { formatDate, formatDateTime, formatMonth } from '../../../shared/dates';
import { NATIONAL_CALENDAR } from '../../../shared/calendar';
import type { FieldDef, LedgerAnomaly } from '../../../shared/ledgers/kit';
import type { DispositionInfo, ReviewFact } from '../../../shared/api/review-contract';
import { lookup, type MessageKey } from '../../../shared/i18n';
import type { LedgerModule } from '../ledgers/kit/record-book';
import type { ReviewSource } from '../review/sources';
import { colonOf, listOf, withNote } from '../../../shared/i18n/punct';
import { changeKindKey, itemLabel, reviewItemText, termedLabel, type ItemWords } from '../../../shared/review/item-text';
import { historyActionLabel } from '../../../shared/domain/journal-actions';
import { itemsOf } from '../review/unit-items';
import { sealsOf, standing } from '../review/seal';
import { selfDisposed } from '../review/own-items';
import { lastChanged } from '../review/journal-reads';
import { resolveHistory } from '../journal/history';
import { actorNamer } from '../record-history';
import { getAccount } from '../auth/accounts-repo';
import type { JournaledTable } from '../store/migrations';
import type { Row } from '../store/store';
import { cellOf, dayMarker, sheetText as t, stampDate, type SheetEnv, type SheetOptions } from './cells';
import { paperText } from '../../../shared/print/sheet';

// What paper says of a sheet's records and items in words (sheets.ts puts them on the sheet): how the
// review disposed of each anomaly, each correction and void from the journal, and the month's items
// that are on no row, with what they name under them.

/**
 * How the review disposed of each record's anomaly, in words for its state column: 対応：問題なし
 * （説明）鈴木 花子 R8.11.05, or 是正済 with its cause and action. The signed paper shows what the
 * reviewer decided beside what was wrong (a walk-through: an auditor saw only the red marks).
 */
export function dispositionLines(env: SheetEnv, src: ReviewSource, siteId: string, month: string, opts: SheetOptions): (subject: string, code: string) => string | null {
  const rows = env.store
    .stmt('SELECT subject, code, disposition, explanation, cause, action, decided_by, decided_at FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?')
    .all(src.key, siteId, month) as { subject: string; code: string; disposition: DispositionInfo['disposition']; explanation: string | null; cause: string | null; action: string | null; decided_by: string; decided_at: string }[];
  // One decided before its record changed: in a month not yet sealed it is not printed — it is to be
  // decided again (review.ts). In a sealed one the change came after the seal (the row is 封印後修正, and
  // the next review has it): the disposition stands as sealed, as the review's screen shows it, said to
  // be for the record as it was (a second probe: a stay's 問題なし for 5 hours printed beside its 13
  // hours, as if for them; a user probe: left out, the sealed month's paper had an anomaly unanswered
  // where the screen had its answer).
  const sealed = standing(env.store, sealsOf(env.store, src.key, siteId, month));
  const changed = lastChanged(env.store, src.table, [...new Set(rows.map((d) => d.subject))]);
  // Decided by the one whose record it is (a lone safety manager's own stay): 自己点検 on paper too.
  const self = selfDisposed(env, src, rows.map((d) => ({ subject: d.subject, code: d.code, kind: 'record' as const, recordId: d.subject, decidedBy: d.decided_by })));
  const lines = new Map<string, string>();
  for (const d of rows) {
    const since = changed.get(d.subject);
    const before = !!since && since > d.decided_at;
    if (before && !sealed) continue;
    const key = `${d.subject}\n${d.code}`;
    const text = dispositionText({ ...d, decidedByName: getAccount(env.store, d.decided_by)?.display_name ?? '', decidedAt: d.decided_at, selfReview: self.has(key) }, opts);
    lines.set(key, before ? `${text}${t(opts.lang, 'print.dispositionBeforeChange')}` : text);
  }
  return (subject, code) => lines.get(`${subject}\n${code}`) ?? null;
}

/**
 * A record's anomalies as its month's paper prints them: those it has now (none once voided) and, in a sealed
 * month, those it was sealed with that a change after the seal (封印後修正) took away, with the disposition the
 * seal stands on (dispositionLines says it was for the record as it was). A probe: a stay corrected after the
 * seal onto an authorized person lost its 入室許可なし and the signer's 是正済 from the signed paper's row.
 * Judged on the row as the first change after the seal found it (its history), those the month's review disposed of.
 */
export function anomaliesOnPaper(env: SheetEnv, src: ReviewSource, siteId: string, month: string): (recordId: string, status: unknown, now: readonly LedgerAnomaly[]) => LedgerAnomaly[] {
  const current = (status: unknown, now: readonly LedgerAnomaly[]) => (status === 'void' ? [] : [...now]);
  if (!standing(env.store, sealsOf(env.store, src.key, siteId, month))) return (_id, status, now) => current(status, now);
  const firstChange = new Map<string, { action: string; changed_at: string }>();
  for (const c of env.store.stmt('SELECT record_id, action, changed_at FROM sealed_changes WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY changed_at, rowid').all(src.key, siteId, month) as {
    record_id: string; action: string; changed_at: string;
  }[])
    if (!firstChange.has(c.record_id)) firstChange.set(c.record_id, c);
  const disposed = new Map<string, Set<string>>();
  for (const d of env.store.stmt('SELECT subject, code FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?').all(src.key, siteId, month) as { subject: string; code: string }[])
    disposed.set(d.subject, (disposed.get(d.subject) ?? new Set()).add(d.code));
  return (id, status, now) => {
    const here = current(status, now);
    const first = firstChange.get(id);
    if (!first || !disposed.has(id)) return here;
    // (A change of another record judged with it, a stay it overlapped, is no act of its own: it is as it was.)
    const act = resolveHistory(env.store, env.store.history(src.table as JournaledTable, id)).find((h) => h.row.action === first.action && h.row.at === first.changed_at);
    const was = act?.before as Row | undefined;
    const unit = was && was.status === 'valid' ? src.unitOf(was) : null;
    if (!was || !unit || unit.siteId !== siteId || unit.month !== month) return here;
    const codes = new Set(here.map((a) => a.code));
    return [...here, ...src.anomaliesOfRow(env, was).filter((a) => !codes.has(a.code) && disposed.get(id)!.has(a.code))];
  };
}

/** The columns a correction changes that are no field of the record (its bookkeeping). */
const BOOKKEEPING = new Set(['amended_at', 'amend_count', 'status', 'void_reason', 'recorded_at', 'recorded_by', 'station']);
/** How much of a corrected value the paper quotes (a long note is in the record's history whole). */
const QUOTED = 40;

/**
 * Each correction and void of a record in words, from the journal, as a paper ledger's 訂正 shows the
 * old value struck beside the new: 訂正 R8.11.24 鈴木 陽子：用件 打合せ → 機器の搬入（UPS）（理由：…）,
 * 無効 R8.11.18 高橋 美穂. A walk-through: the paper said only 訂正あり, and a month corrected after its
 * seal printed the new value alone, the sealed one nowhere.
 */
export function changeLines(env: SheetEnv, m: LedgerModule, table: string, opts: SheetOptions): (recordId: string) => string[] {
  const def = m.definition;
  const named = actorNamer(env.store);
  const nameOf = (actor: string) => named(actor) ?? '';
  const byColumn = new Map(def.fields.map((f) => [f.column, f]));
  const mark = dayMarker(NATIONAL_CALENDAR, opts.lang);
  const valueText = (f: FieldDef, v: unknown, row: Record<string, unknown>): string => {
    if (v === null || v === undefined || v === '') return t(opts.lang, 'print.changeEmpty');
    const own = m.print?.changeValue?.(env, f.column, v, row, opts.lang);
    if (own != null) return own;
    let value = v;
    if (f.type.kind === 'json' && typeof v === 'string') {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    const name = f.type.kind === 'ref' ? String((env.store.stmt(`SELECT ${f.type.nameColumn} AS n FROM ${f.type.table} WHERE id = ?`).get(String(v)) as { n?: unknown } | undefined)?.n ?? '') : null;
    const text = paperText(cellOf(def, f, value, name, opts.lang, opts.calendar, mark)).replace(/\s*\n\s*/g, ' ');
    return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
  };
  return (recordId) => {
    const out: string[] = [];
    for (const { row, before, after } of resolveHistory(env.store, env.store.history(table as JournaledTable, recordId))) {
      const who = { name: nameOf(row.actor), date: stampDate(row.at, opts) };
      if (row.action.endsWith('.void')) out.push(t(opts.lang, 'print.voidLine', who));
      if (!row.action.endsWith('.amend') || !before || !after) continue;
      const changed = Object.keys(after).filter((c) => !BOOKKEEPING.has(c) && byColumn.has(c) && JSON.stringify(before[c] ?? null) !== JSON.stringify(after[c] ?? null));
      const what = changed
        .map((c) => {
          const f = byColumn.get(c)!;
          return t(opts.lang, 'print.changeField', { field: t(opts.lang, f.label), before: valueText(f, before[c], before), after: valueText(f, after[c], after) });
        })
        .join(t(opts.lang, 'common.listSeparator'));
      // A personal value changed and erased since (retention): what it was is gone, said as on screen.
      out.push(t(opts.lang, 'print.changeLine', { ...who, what: what || t(opts.lang, 'history.erased'), reason: row.reason ?? '' }));
    }
    return out;
  };
}

/** A disposition in words: 対応：問題なし（説明）鈴木 花子 R8.11.05, or 是正済 with its cause and action. */
function dispositionText(d: Pick<DispositionInfo, 'disposition' | 'explanation' | 'cause' | 'action' | 'decidedByName' | 'decidedAt' | 'selfReview'>, opts: SheetOptions): string {
  const detail =
    d.disposition === 'no_issue'
      ? (d.explanation ?? '')
      : [d.cause && t(opts.lang, 'review.disposition.causeText', { text: d.cause }), d.action && t(opts.lang, 'review.disposition.actionText', { text: d.action })].filter(Boolean).join(t(opts.lang, 'review.disposition.separator'));
  const name = d.selfReview ? `${d.decidedByName}${t(opts.lang, 'print.selfReview')}` : d.decidedByName;
  return t(opts.lang, 'print.dispositionLine', { disposition: t(opts.lang, `review.disposition.${d.disposition}`), detail, name, date: stampDate(d.decidedAt, opts) });
}

/**
 * The month's items that are on no row of its sheet, each in words with its disposition or 未記入, as
 * the review lists them (review/unit-items.ts): the month's own anomalies (a business day without its
 * checklist, a system not checked, a door terminal's record that did not fit), the clock's, what was
 * carried in from the month before, changes to sealed months, anomalies a correction took away,
 * register changes, and an earlier month's record still open. Until a read-through only the month's
 * own were on paper, so a signed month's paper left out items its signer had disposed of.
 */
export function itemLines(env: SheetEnv, src: ReviewSource, siteId: string, month: string, opts: SheetOptions, disposed: (subject: string, code: string) => string | null): string[] {
  const records = src.records(env, siteId, month);
  const onRows = new Set(records.map((r) => r.id));
  const words: ItemWords = {
    text: (key, params) => (lookup(opts.lang, key) === undefined ? key : t(opts.lang, key as MessageKey, params)),
    date: (day, weekday) => formatDate(day, opts.lang, { calendar: opts.calendar, weekday }),
    dateTime: (at) => formatDateTime(at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
    month: (m) => formatMonth(m, opts.lang, { calendar: opts.calendar }),
    changeKind: (action) => words.text(changeKindKey(action, historyActionLabel)),
  };
  return itemsOf(env, src, siteId, month, records)
    .filter((it) => it.kind !== 'record' || !onRows.has(it.recordId ?? ''))
    .map((it) => {
      const what = reviewItemText(it, words);
      // Its dates in words, as the screen has them (a missing checklist's day, an earlier month's record).
      const label = it.label && itemLabel(termedLabel(it.label, it.labelTerm, (key) => (lookup(opts.lang, key) === undefined ? undefined : t(opts.lang, key as MessageKey))), words, colonOf(opts.lang));
      const when = it.at ? (/^\d{4}-\d{2}-\d{2}T/.test(it.at) ? words.dateTime(it.at) : it.at) : '';
      const head = [label ? `${label}${colonOf(opts.lang)}${what}` : what, when].filter(Boolean).join(' ');
      // In the paper's own brackets (a probe: ［Changed after seal］ on the English paper).
      const [open, close] = opts.lang === 'ja' ? ['［', '］'] : ['[', '] '];
      const kind = it.kind === 'month' ? '' : `${open}${t(opts.lang, `review.kinds.${it.kind}` as MessageKey)}${close}`;
      // A record's (an earlier month's, still open) as on the rows; any other as the review has it now
      // (a 要対応 carried in and decided again since is to be decided again: a review found it printed).
      const decided = it.kind === 'record' ? disposed(it.subject, it.code) : it.disposition ? dispositionText(it.disposition, opts) : null;
      // What it names under it (a 封印後修正's changed fields and reason) as on the screen.
      // Said for information (a door's refusals): marked so, and not 未記入 when no one answered it.
      const info = it.informational ? t(opts.lang, 'print.informational') : '';
      const answer = decided ?? (it.informational ? null : t(opts.lang, 'print.dispositionNone'));
      // (Not a time its head says already: a single refusal's 日時 printed its time twice, a user probe.)
      const facts = (it.facts ?? []).filter((f) => !(it.at && f.values.length === 1 && f.values[0].at === it.at && !f.values[0].until && !f.values[0].note));
      return [`${kind}${head}${info}`, ...facts.map((f) => factLine(f, opts)), ...(answer ? [answer] : [])].join('\n');
    });
}

/** What an item names under it (who was still in the server room, which fields a correction changed), on a line of its own. */
export function factLine(f: ReviewFact, opts: SheetOptions): string {
  const value = (v: ReviewFact['values'][number]) => {
    const first = v.at ? formatDateTime(v.at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }) : v.key ? t(opts.lang, v.key) : (v.text ?? '');
    const main = v.until ? t(opts.lang, 'review.factValues.range', { from: first, to: v.until }) : first;
    return v.note ? withNote(opts.lang, main, v.note) : main;
  };
  return `${t(opts.lang, `review.facts.${f.term}`)}${colonOf(opts.lang)}${listOf(opts.lang, f.values.map(value))}`;
}
