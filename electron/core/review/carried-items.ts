import { previousMonth } from '../../../shared/calendar';
import { isMessageKey } from '../../../shared/i18n';
import type { ReviewItem } from '../../../shared/api/review-contract';
import type { Store } from '../store/store';
import { termOf, type ReviewSource, type SourceRecord } from './sources';

type Item = Omit<ReviewItem, 'disposition'>;

/** A unit's items before dispositions and before those carried in, with the records they were read from. */
export type BaseItems = (month: string) => { items: Item[]; records: readonly SourceRecord[] };

/** How many months back a 要対応 carried again and again is followed to the anomaly it began with. */
const MAX_CARRIED_MONTHS = 36;

interface FollowUp {
  id: string;
  subject: string;
  code: string;
  cause: string | null;
  action: string | null;
  decided_at: string;
}

/**
 * The 要対応 of the month before, each an item of this month (Art. 9: carried until dealt with). Each
 * says what the month before said of it — its anomaly, its record and time — whatever kind of item it
 * was there: a record's anomaly, a month's, an anomaly a change took away, a register change, a change
 * after a seal, or one carried into that month in its turn (a walk-through: one a correction had
 * taken away was carried as 「（要対応）（前月の原因：…）」, without what or which record).
 */
export function carriedItems(store: Store, src: ReviewSource, siteId: string, month: string, base: BaseItems, depth = 0): Item[] {
  const before = previousMonth(month);
  const carried = store
    .stmt("SELECT * FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ? AND disposition = 'follow_up' ORDER BY decided_at, id")
    .all(src.key, siteId, before) as FollowUp[];
  if (carried.length === 0) return [];
  // That month's items are read only when something is carried from it.
  const { items, records } = base(before);
  const inward = depth < MAX_CARRIED_MONTHS ? carriedItems(store, src, siteId, before, base, depth + 1) : [];
  const prior = new Map<string, Item>();
  for (const p of [...items, ...inward]) if (!prior.has(`${p.subject}\n${p.code}`)) prior.set(`${p.subject}\n${p.code}`, p);
  const recordOf = new Map(records.map((r) => [r.id, r]));
  return carried.map((d) => {
    // Not `action`: an item's action param is a change's kind, said in words by the screen (a review).
    const said = { month: before, cause: d.cause ?? '', remedy: d.action ?? '' };
    const common = { subject: carriedSubject(d.id), code: 'carried', kind: 'carried' as const };
    const p = prior.get(`${d.subject}\n${d.code}`);
    if (p) return { ...common, ...carriedText(p, said), recordId: p.recordId, label: p.label, ...termOf(p), at: p.at };
    // Its item is gone from that month (its record corrected since): its anomaly by its code, its record if there is one.
    // A month's own item (a missing checklist's day, since recorded) by the review's words for it, with its day
    // (a walk-through: 「令和8年10月からの持ち越し（要対応）（前月の原因…」 said nothing of what it was).
    // Only those said by their day alone: another kind's words need its own parameters (a review: a carried
    // item carried again and gone would have read 「review.items.carried」).
    const own = DAY_ITEMS.includes(d.code) ? `review.items.${d.code}` : null;
    const day: Record<string, string> = /^\d{4}-\d{2}-\d{2}$/.test(d.subject) ? { day: d.subject } : {};
    const anomaly = isMessageKey(src.anomalyMessage(d.code)) ? src.anomalyMessage(d.code) : own && day.day && isMessageKey(own) ? own : src.anomalyMessage(d.code);
    const record = recordOf.get(d.subject);
    const isRecord = !!record || !!store.stmt(`SELECT 1 FROM ${src.table} WHERE id = ?`).get(d.subject);
    return {
      ...common,
      ...(isMessageKey(anomaly) ? { messageKey: 'review.items.carried', params: { ...day, ...said, anomaly } } : { messageKey: 'review.items.carried_unnamed', params: said }),
      // Its subject named in words: its record's label, or a day; an id is no label (a walk-through: 「cleared:d1c1…」 was shown).
      recordId: isRecord ? d.subject : null, label: record?.label ?? (/^\d{4}-\d{2}-\d{2}$/.test(d.subject) ? d.subject : ''), ...termOf(record), at: record?.at ?? d.decided_at,
    };
  });
}

/** A month's own items said by their day alone (review.items.<code>, with {{day}}): a missing checklist's. */
const DAY_ITEMS: readonly string[] = ['missing_day'];

/** The carried item's subject: the 要対応 it carries. */
const carriedSubject = (dispositionId: string) => `carried:${dispositionId}`;

/**
 * When the 要対応 a carried item carries was last decided: decided again after the carried item was
 * disposed of, the carried item is to be decided again (a probe: the new cause was sealed under the
 * disposition of the old one, unasked).
 */
export function carriedDecidedAt(store: Store, subject: string): string | undefined {
  const id = subject.slice(carriedSubject('').length);
  return (store.stmt('SELECT decided_at FROM review_dispositions WHERE id = ?').get(id) as { decided_at: string } | undefined)?.decided_at;
}

/** A carried item's text: the item of the month before inside it, with that item's own parameters. */
function carriedText(p: Item, said: { month: string; cause: string; remedy: string }): { messageKey: string; params: Record<string, string | number> } {
  const params = { ...(p.params ?? {}) };
  switch (p.kind) {
    case 'carried':
      return { messageKey: p.messageKey, params: { ...params, ...said } };
    case 'cleared':
      return { messageKey: 'review.items.carried_cleared', params: { ...params, ...said } };
    case 'register_change':
      return { messageKey: 'review.items.carried_change', params: { ...params, ...said } };
    default:
      return isMessageKey(p.messageKey) ? { messageKey: 'review.items.carried', params: { ...params, ...said, anomaly: p.messageKey } } : { messageKey: 'review.items.carried_unnamed', params: said };
  }
}
