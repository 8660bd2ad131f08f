import { formatDate, formatDateTime, formatMonth } from '../../../shared/dates';
import { jstDate } from '../../../shared/calendar';
import { siteCalendar } from '../site-calendar';
import { anomalyKey, enumLabelKey, type LedgerAnomaly, type LedgerDefinition } from '../../../shared/ledgers/kit';
import type { ReviewFact } from '../../../shared/api/review-contract';
import { paperText, SHORT_TIME, stateWidth, UNBROKEN_DATES, type PrintSheet, type SheetCell, type SheetRow, type StampBox } from '../../../shared/print/sheet';
import { DaichoError } from '../../../shared/api/errors';
import type { LedgerModule, RecordBook } from '../ledgers/kit/record-book';
import type { Store } from '../store/store';
import { completed, fingerprint, type SealRow } from '../review/seal';
import { sealHolds } from '../review/seal-info';
import { movedOutOf } from '../review/moved-out';
import { getAccount } from '../auth/accounts-repo';
import type { ReviewSource } from '../review/sources';
import { cellOf, dayMarker, sheetText as t, stampDate, type SheetBody, type SheetEnv, type SheetOptions } from './cells';
import { anomaliesOnPaper, changeLines, dispositionLines, factLine, itemLines } from './record-notes';
import { DEFAULT_STAMP_LABELS } from '../settings';
import { phrases } from '../../../shared/text/phrases';

export { dateCell, dayMarker, monthCell, sheetText, shortTime, stampDate, timeCell, type DayMarker, type SheetBody, type SheetEnv, type SheetOptions } from './cells';

// SPEC §6 (issue 12): a ledger × site × month as paper holds it (shared/print/sheet.ts), for the print
// view, the PDF and the CSV. Its columns are the ledger's (its fields as its definition lists them,
// or the ledger's own: the server-room book's, ledgers/server-room/print.ts), its rows every record of the month, voided ones too; its
// stamp boxes filled from the month's standing seals.

/**
 * The column width (in the sheet's relative units: one is about a tenth of A4 landscape's width less
 * its margins shared by thirteen columns) that holds a word on one line: a full-width character is
 * about 0.3, a half-width one half that, and the cell's padding one more full-width character.
 */
function widthOfWord(word: string): number {
  const chars = [...word].reduce((n, ch) => n + charWidth(ch), 0);
  return (chars + 0.9) * 0.3;
}

/**
 * A character's width in full-width characters, in the sheet's font (Noto Sans CJK's Latin is
 * proportional: a capital or a digit is about 0.6, a small letter about 0.52; counted as 0.5 alike,
 * USB-HQ-02 was cut on the checkout record as USB-HQ-｜02).
 */
function charWidth(ch: string): number {
  if (ch === ' ') return 0.25;
  if (/[A-Z0-9#%&@=+~_$]/.test(ch)) return 0.62;
  if (/[\p{ASCII}\u00a0-\u00ff]/u.test(ch)) return 0.52;
  if (/[\uff61-\uff9f]/u.test(ch)) return 0.5; // half-width katakana
  return 1;
}

/** A heading's Latin letters are bold: this much wider than widthOfWord counts them. */
const BOLD = 1.12;

/** A heading's width: a long one takes two lines (指定した／会社代表者); a short one, one. */
function headingWidth(label: string): number {
  const w = widthOfWord(label);
  // A Japanese one breaks only between its phrases (shared/text/phrases.ts): its longest whole on a line (無効にした｜理由).
  if (!/^[\x20-\x7e]+$/.test(label)) return w > 2.4 ? Math.max(w / 2 + 0.3, ...phrases(label).map(widthOfWord)) : w;
  // An English heading breaks only between its words, so its longest word is whole on a line (a
  // probe: Conditio｜n on the English checkout record); one of several words takes two lines.
  const longestWord = Math.max(...label.split(/[\s/]+/).map((x) => widthOfWord(x) * BOLD));
  return Math.max(label.includes(' ') ? w / 2 + 0.3 : w, longestWord);
}

/** An empty column's width: its heading's, on two lines where it is long (無効にした／理由: mostly empty, it took a name's width). */
function emptyWidth(label: string): number {
  const w = widthOfWord(label);
  return Math.max(1.2, /^[\x20-\x7e]+$/.test(label) || w <= 1.8 ? headingWidth(label) : Math.max(w / 2 + 0.3, ...phrases(label).map(widthOfWord)));
}

/**
 * What every sheet's columns are held to, a ledger's own layout too (the server-room book's fixed
 * widths): a column with nothing in it this month is as wide as its heading (備考, 無効にした理由 are
 * mostly empty: a walk-through found them wide on the book), and a column holding a short date keeps
 * each whole on its line (11/3（火・祝）: the book broke it as 「11/3（火・」).
 */
function settleColumns(body: SheetBody): SheetBody {
  const columns = body.columns.map((c, i) => {
    const cells = body.rows.map((r) => r.cells[i] ?? '');
    if (cells.every((x) => paperText(x) === '')) return { ...c, width: Math.min(c.width, emptyWidth(c.label)) };
    return { ...c, width: Math.max(c.width, datesWidth(cells)) };
  });
  // A column of times (11/4 11:34) narrower on the page than its longest prints every one as date over time (a user probe:
  // 「11/10 ／ 11:16」 under 「11/4 11:34」), in every ledger's layout (the server-room book's fixed widths too). On the page:
  // the table is the page's width, its columns widened or narrowed alike to it.
  const scale = PAGE_UNITS / (columns.reduce((a, c) => a + c.width, 0) + stateWidth(body.rows));
  const stacked = columns.map((c, i) => {
    const times = body.rows.map((r) => paperText(r.cells[i] ?? '')).filter((x) => x !== '');
    const stack = times.length > 0 && times.every((x) => SHORT_TIME.test(x)) && c.width * scale < Math.max(...times.map(widthOfWord)) - 1e-9;
    return stack ? { ...c, stacked: true } : c;
  });
  return { ...body, columns: stacked };
}

/** The width that holds the widest short date of these cells whole on its line (0 when they have none). */
function datesWidth(cells: readonly SheetCell[]): number {
  return Math.max(0, ...cells.flatMap((c) => paperText(c).match(UNBROKEN_DATES) ?? []).map(widthOfWord));
}

/** A4 landscape less its margins, in the units of widthOfWord (one is about 10 mm at the sheet's 8.5 pt). */
const PAGE_UNITS = 27.7;

/** A one-line text of at most this many characters is a name (氏名, 会社名, 保管場所): printed whole like a code, never narrowed for the page. */
const NAME_MAX = 60;

/** The widest a one-line text's column grows to hold its longest value (about sixteen full-width characters). */
const TEXT_FIT = 5.1;

/**
 * Columns that together are wider than the page give the excess first from their free text (down to
 * its heading, or six characters a line), then from what a name or a code was widened by to hold this month's longest
 * (down to its column's usual width), never from a time or a choice: the page shares the width out,
 * and a wide row cut every column alike (a CLI test: the checkout record with データの扱い and 備考
 * printed its asset tags as PC-NGY-｜01; the visitors' paper, its names widened, 来客室の｜み).
 */
function fitToPage(columns: { label: string; width: number; free: number | null; usual?: number; time?: boolean; keep?: boolean }[], state: number): PrintSheet['columns'] {
  let widths = columns.map((c) => c.width);
  const rounds = [
    columns.map((c) => (c.free === null ? null : Math.max(1.8, c.free))),
    // A time gives its one line before a name does (株式会社ネクストシステム｜ズ for 11/2 11:40 on one line).
    columns.map((c) => (c.usual === undefined || !c.time ? null : c.usual)),
    columns.map((c) => (c.usual === undefined ? null : c.usual)),
  ];
  for (const floor of rounds) {
    const excess = widths.reduce((a, b) => a + b, 0) - (PAGE_UNITS - state);
    if (excess <= 0) break;
    const give = widths.map((w, i) => (floor[i] === null ? 0 : Math.max(0, w - floor[i]!)));
    const room = give.reduce((a, b) => a + b, 0);
    const share = room > 0 ? Math.min(1, excess / room) : 0;
    widths = widths.map((w, i) => w - give[i] * share);
  }
  return columns.map((c, i) => ({ label: c.label, width: widths[i], ...(c.keep ? { keep: true } : {}) }));
}

/** Facts of an anomaly the record's row shows in its own columns. */
const ON_THE_ROW: readonly ReviewFact['term'][] = ['ngItems', 'dueAt', 'returnedAt', 'dataHandling', 'notes', 'actionTaken', 'leftAt'];

/** A kit ledger's sheet: its fields (not the site: the sheet is one site's), in the definition's order. */
function kitColumns(m: LedgerModule, env: SheetEnv, siteId: string, month: string, src: ReviewSource, opts: SheetOptions): SheetBody {
  const def = m.definition;
  const book = m as RecordBook<LedgerDefinition>;
  const fields = def.fields.filter((f) => f.key !== def.siteField && ((f.inPrint ?? f.inList !== false) || f.type.kind === 'json'));
  const timeCol = def.fields.find((f) => f.key === def.timeField)!.column;
  // Each record's anomalies in words (a walk-through: a lost laptop and one not returned read as blank return dates).
  // What one names under it (who was still in the server room when the last person left…) on lines of
  // its own; the checklist's NG items are on the row already, in its items column.
  // (Not what the row says in its own columns: the NG items, a checkout's due and return times and its return's data handling and notes, a visitor's sign-out.)
  // One said for information (SPEC §4.2: a cabinet locked by another than its opener) is marked so: it asks no
  // disposition, and an auditor read one with none beside it as left unanswered (a walk-through).
  const said = (a: LedgerAnomaly) => t(opts.lang, anomalyKey(def, a.code), a.params) + (src.informational?.includes(a.code) ? t(opts.lang, 'print.informational') : '');
  const anomaly = (a: LedgerAnomaly) => [said(a), ...(a.facts ?? []).filter((f) => !ON_THE_ROW.includes(f.term)).map((f) => factLine(f, opts))].join('\n');
  const records = book.select(env, src.monthWhere, { siteId, ...src.monthParams(month) }, `${timeCol}, id`);
  const mark = dayMarker(siteCalendar(env.settings, siteId), opts.lang);
  const erased = (r: (typeof records)[number], key: string) => r.erasedFields.includes(key) && r[key] == null;
  const cells = records.map((r) => fields.map((f) => (erased(r, f.key) ? t(opts.lang, 'history.erased') : cellOf(def, f, r[f.key], r.names[f.key], opts.lang, opts.calendar, mark))));
  // A one-line text, a name or a code as wide as this month's longest, up to TEXT_FIT (a company's name
  // whole on its line: the visitors' paper printed 株式会社ネクス｜トシステムズ in a column as wide as 用件).
  // A time on one line where the page has room (10/20 09:30, 11/7（土） 18:00); where it has not, every time of the
  // column on two lines (fitToPage: `stacked`).
  // An erased value's 消去済 wraps as it must: the column is as wide as the values it shows (a probe: a time column sized to it).
  const widest = (i: number) => records.reduce((w, r, n) => (erased(r, fields[i].key) ? w : Math.max(w, widthOfWord(paperText(cells[n][i])))), 0);
  const fitted = (i: number, f: (typeof fields)[number]) => {
    if (f.type.kind === 'instant') return widest(i);
    if ((f.type.kind === 'text' && !f.type.multiline) || f.type.kind === 'ref') return Math.min(TEXT_FIT, widest(i));
    return 0;
  };
  const rows: SheetRow[] = records.map((r, n) => {
    const onPaper = opts.onPaper?.(r.id, r.status, r.anomalies) ?? (r.status === 'void' ? [] : r.anomalies);
    return {
      cells: [...cells[n], r.voidReason ?? ''],
      anomalies: onPaper.map(anomaly),
      dispositions: onPaper.map((a) => opts.disposed?.(r.id, a.code) ?? null),
      changes: r.amendCount > 0 || r.status === 'void' ? opts.changes?.(r.id) : undefined,
      void: r.status === 'void',
      amended: r.amendCount > 0,
      sealedChange: r.sealedChange,
    };
  });
  return {
    columns: fitToPage([
      // A name or a code (a ref) whole on its line; free text takes what is left (the checkout record has fourteen columns on A4).
      // …and never narrower than its heading or a choice's longest word (a walk-through: ゲストカー｜ド, 来客室の｜み).
      ...fields.map((f, i) => {
        const label = t(opts.lang, f.label);
        const choices = f.type.kind === 'enum' ? f.type.values.map((v) => widthOfWord(t(opts.lang, enumLabelKey(def, f.key, v)))) : [];
        const heading = headingWidth(label);
        // A column with nothing in it this month is as wide as its heading (指定した会社代表者, 備考 are mostly empty).
        if (cells.every((c) => paperText(c[i]) === '')) return { label, width: Math.max(1.2, heading), free: null };
        const free = f.type.kind === 'text' && (f.type.multiline || f.type.max > NAME_MAX);
        // A name or a code is as wide as it needs (高橋 誠 is narrower than 株式会社ネクストシステムズ); free text starts at 2.4.
        const name = (f.type.kind === 'text' && !free) || f.type.kind === 'ref';
        // A day off's date whole on its line (11/3（火・祝）): a floor the page never takes from (settleColumns would widen it after the fit, and narrow the names kept whole).
        const usual = Math.max(name ? 1.2 : f.type.kind === 'json' ? 3 : f.type.kind === 'text' ? 2.4 : f.type.kind === 'instant' ? 1.6 : 1.4, heading, ...choices, datesWidth(cells.map((c) => c[i])));
        return { label, width: Math.max(usual, fitted(i, f)), free: free ? heading : null, usual, time: f.type.kind === 'instant' };
      }),
      { label: t(opts.lang, 'ledgerKit.history.voidReason'), width: 1.6, free: null, keep: true },
    ], stateWidth(rows)),
    rows,
  };
}

/** The product's own stamp boxes (the setting's default) in the paper's language; a company's own as it named them. */
function stampLabels(setting: string, lang: SheetOptions['lang']): string[] {
  const labels = setting.split('、');
  return setting === DEFAULT_STAMP_LABELS && lang === 'en' ? [t(lang, 'print.stamps.clerk'), t(lang, 'print.stamps.check'), t(lang, 'print.stamps.manager')] : labels;
}

/**
 * The stamp boxes of the form, filled from the month's standing seals whose signature holds: 承認 in
 * the last box, 確認 in the one before. The seal says what it means itself (a box's label is a
 * setting, the meaning is what was signed); one that does not hold is printed as such, never as a seal.
 */
function stampsOf(seals: SealRow[], holds: (s: SealRow) => boolean, labels: string[], opts: SheetOptions, complete: boolean): StampBox[] {
  const boxes: StampBox[] = labels.map((label) => ({ label, seal: null }));
  const standing = seals.filter((s) => s.status === 'sealed');
  const fill = (i: number, s: SealRow | undefined) => {
    if (i < 0 || !s || !boxes[i]) return;
    if (!holds(s)) boxes[i].broken = true;
    else boxes[i].seal = { familyName: s.signer_name.split(/[\s\u3000]/)[0], meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`), date: stampDate(s.signed_at, opts) };
  };
  fill(boxes.length - 1, standing.filter((s) => s.meaning === 'approve').at(-1));
  fill(boxes.length - 2, standing.filter((s) => s.meaning === 'confirm').at(-1));
  // A month complete without a seal in the 確認 or 承認 box says so there (a user probe: a site head's
  // month, complete under her 確認, printed an empty 責任者 box an auditor reads as unsigned).
  if (complete) for (const b of boxes.slice(-2)) if (!b.seal && !b.broken && boxes.length > 1) b.notNeeded = true;
  return boxes;
}

/**
 * Each standing seal in full: what it means, its signer with their capacity, when to the minute, and
 * its key's fingerprint — and the key's revocation (when, why) if it came since (a walk-through: the
 * stamp box gave only a family name and a date, and the paper never said who signed as what, or when).
 */
function keyNotes(store: Store, seals: SealRow[], opts: SheetOptions): string[] {
  const out: string[] = [];
  for (const s of seals) {
    const k = store.stmt('SELECT public_key, revoked_at, revoke_reason FROM signing_keys WHERE id = ?').get(s.key_id) as { public_key: string; revoked_at: string | null; revoke_reason: string | null } | undefined;
    if (!k) continue;
    const base = t(opts.lang, 'print.key', {
      meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`),
      name: s.signer_name,
      role: t(opts.lang, s.signer_role === 'designated' ? 'review.designatedRole' : `common.roles.${s.signer_role}`),
      at: formatDateTime(s.signed_at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
      fingerprint: fingerprint(k.public_key),
    });
    out.push(
      k.revoked_at
        ? `${base} ${t(opts.lang, 'print.keyRevoked', { date: formatDate(jstDate(new Date(k.revoked_at)), opts.lang, { calendar: opts.calendar }), reason: t(opts.lang, `review.keys.reasons.${k.revoke_reason ?? ''}`) })}`
        : base,
    );
  }
  return out;
}

/** The month's reopened seals that hold (signed, and reopened by a safety manager's own key), each in words. */
function reopenNotes(store: Store, seals: SealRow[], opts: SheetOptions): string[] {
  const when = (at: string) => formatDateTime(at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' });
  // In the order signed; 確認 before 承認 signed in the same minute.
  const order = (s: SealRow) => `${s.signed_at}\n${s.meaning === 'confirm' ? 0 : 1}`;
  return [...seals].sort((a, b) => order(a).localeCompare(order(b))).map((s) =>
    t(opts.lang, 'print.reopenedLine', {
      meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`), signer: s.signer_name, signedAt: when(s.signed_at),
      at: when(s.reopened_at ?? ''), by: (s.reopened_by ? getAccount(store, s.reopened_by)?.display_name : null) ?? '', reason: s.reopen_reason ?? '',
    }),
  );
}

export function buildSheet(env: SheetEnv, modules: readonly LedgerModule[], sources: readonly ReviewSource[], ledger: string, siteId: string, month: string, opts: SheetOptions): PrintSheet {
  const src = sources.find((s) => s.key === ledger);
  if (!src) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', 'ledger');
  const site = env.store.rowById('sites', siteId);
  if (!site) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
  const m = modules.find((x) => x.definition.key === ledger);
  if (!m) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', 'ledger');
  const seals = env.store.stmt('SELECT * FROM seals WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY signed_at, id').all(ledger, siteId, month) as SealRow[];
  const holding = new Map<string, boolean>();
  const holds = (s: SealRow) => holding.get(s.id) ?? holding.set(s.id, sealHolds(env.store, s)).get(s.id)!;
  // Sealed only by a seal that holds: one made or copied outside the app leaves the month 未確認 on paper.
  const standing = seals.filter((s) => s.status === 'sealed' && holds(s)).at(-1);
  const disposed = dispositionLines(env, src, siteId, month, opts);
  const withDispositions = { ...opts, disposed, changes: changeLines(env, m, src.table, opts), onPaper: anomaliesOnPaper(env, src, siteId, month) };
  const body = settleColumns(m.print ? m.print.body(env, siteId, month, withDispositions) : kitColumns(m, env, siteId, month, src, withDispositions));
  // Headed as it was when it was first signed (PAPER_SETTINGS): a change between the 確認 and the 承認
  // does not move the first seal's box (a second probe); a month not signed, as the settings are now.
  const asSigned = seals.find((s) => s.status === 'sealed' && holds(s))?.signed_at;
  return {
    ledger,
    lang: opts.lang,
    title: t(opts.lang, src.titleKey),
    company: env.settings.getAt('company.name', asSigned),
    site: String(site.name),
    period: formatMonth(month, opts.lang, { calendar: opts.calendar }),
    month,
    ...body,
    stamps: stampsOf(seals, holds, stampLabels(env.settings.getAt('print.stampLabels', asSigned), opts.lang), opts, standing !== undefined && completed(env.store, seals, src.completedBy)),
    keys: keyNotes(env.store, seals.filter((s) => s.status === 'sealed' && holds(s)), opts),
    reopened: reopenNotes(env.store, seals.filter((s) => s.status === 'reopened' && holds(s)), opts),
    monthItems: itemLines(env, src, siteId, month, opts, disposed),
    movedOut: movedOutOf(env.store, src, siteId, month).map((m) =>
      t(opts.lang, m.now ? 'print.movedOutTo' : 'print.movedOutNone', {
        at: formatDateTime(m.changedAt, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }), by: m.changedByName ?? '', reason: m.reason ?? '',
        site: m.now?.siteName ?? '', month: m.now ? formatMonth(m.now.month, opts.lang, { calendar: opts.calendar }) : '',
      }),
    ),
    digest: standing ? standing.digest.slice(0, 16) : null,
    // Sealed by others only where the ledger's own checker must sign too (the server-room book: Art. 13(1)).
    awaiting: standing && src.completedBy && !completed(env.store, seals, src.completedBy) ? t(opts.lang, 'print.awaiting.safety_manager') : null,
    printedBy: opts.printedBy,
    printedAt: formatDateTime(env.now, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
    words: {
      keys: t(opts.lang, 'print.keys'),
      reopened: t(opts.lang, 'print.reopened'),
      movedOut: t(opts.lang, 'print.movedOut'),
      monthItems: t(opts.lang, 'print.monthItems'),
      state: t(opts.lang, 'print.state'),
      unsigned: t(opts.lang, 'print.unsigned'),
      broken: t(opts.lang, 'print.brokenSeal'),
      notNeeded: t(opts.lang, 'print.sealNotNeeded'),
      void: t(opts.lang, 'print.void'),
      amended: t(opts.lang, 'print.amended'),
      sealedChange: t(opts.lang, 'review.detail.sealedChange'),
      digest: t(opts.lang, 'print.digest'),
      printedBy: t(opts.lang, 'print.printedBy'),
      page: t(opts.lang, 'print.page'),
      none: t(opts.lang, 'print.none'),
    },
  };
}
