import type { LabelTerm, ReviewItem } from '../api/review-contract';

/** What an item's words need of the place they are shown: a catalog, and its way of writing days and times. */
export interface ItemWords {
  /** A catalog message with its parameters (a key not in the catalog: the key itself). */
  text(key: string, params?: Record<string, string | number>): string;
  /** A day (2026-11-02), with its weekday when asked. */
  date(day: string, weekday?: boolean): string;
  dateTime(at: string): string;
  month(month: string): string;
  /** A journaled act (serverRoom.amend, checkouts.return) in words. */
  changeKind(action: string): string;
}

/**
 * A review item in words (SPEC §5), the same on the review's screen and on the month's paper: its
 * message with each parameter in words — a day, a month, a time, the act that changed a record, the
 * anomaly a correction took away, the rule a register change loosened.
 */
export function reviewItemText(it: Pick<ReviewItem, 'messageKey' | 'params'>, w: ItemWords): string {
  const p: Record<string, string | number> = { ...(it.params ?? {}) };
  if (typeof p.day === 'string') p.day = w.date(p.day, true);
  if (typeof p.action === 'string') p.action = w.changeKind(p.action);
  if (typeof p.month === 'string') p.month = w.month(p.month);
  // The month a correction moved a record to (change-notes.ts).
  if (typeof p.movedMonth === 'string') p.movedMonth = w.month(p.movedMonth);
  for (const k of ['clockAt', 'lastAt'] as const) if (typeof p[k] === 'string' && p[k]) p[k] = w.dateTime(p[k]);
  // A day (an access-log check's due day): in words.
  if (typeof p.due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.due)) p.due = w.date(p.due);
  // The anomaly a correction took away, in its own words (its parameters are the item's).
  if (typeof p.anomaly === 'string') p.anomaly = w.text(p.anomaly, p);
  // A register change that loosened a rule, in its ledger's words.
  if (typeof p.change === 'string') p.change = w.text(p.change, p);
  // Who made a change that is no one's by name (the door terminal's late delivery, the system's): in words.
  if (typeof p.byKey === 'string') p.by = w.text(p.byKey);
  return w.text(it.messageKey, p);
}

/** A correction, a void, an addition in the review's words (their catalog keys); another act (a return, an exit) by its name in the history, when it has one. */
export function changeKindKey(action: string, historyName: (action: string) => string | null): string {
  const kind = /\.(void)$/.test(action) ? 'void' : /\.(amend)$/.test(action) ? 'amend' : /\.(add|record)$/.test(action) ? 'add' : null;
  return (kind ? null : historyName(action)) ?? `review.changeKinds.${kind ?? 'other'}`;
}

/**
 * An item's label with its dates in words: a day as the subject (a missing checklist's day), or the
 * month an earlier record or a change to a sealed month belongs to (2026-10: SD-001 … → 令和8年10月：…).
 */
export function itemLabel(label: string, w: Pick<ItemWords, 'date' | 'month'>, colon: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return w.date(label, true);
  // A record named by its month alone (one a correction moved to another site: sealed-change-items.ts).
  if (/^\d{4}-\d{2}$/.test(label)) return w.month(label);
  const m = /^(\d{4}-\d{2}): /.exec(label);
  return m ? `${w.month(m[1])}${colon}${label.slice(m[0].length)}` : label;
}

/**
 * A label with its catalog word (ReviewItem.labelTerm: a default purpose, 登録のないカード) said in the
 * place's language (保守点検 → Maintenance), the rest as kept; as kept when the catalog has no such word
 * (`word` answers undefined). Its last place: the word follows the person's name, which might hold the
 * same characters.
 */
export function termedLabel(label: string, term: LabelTerm | undefined, word: (key: string) => string | undefined): string {
  const said = term ? word(term.key) : undefined;
  const at = term && said !== undefined ? label.lastIndexOf(term.text) : -1;
  return at < 0 ? label : `${label.slice(0, at)}${said}${label.slice(at + term!.text.length)}`;
}
