import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../../shared/i18n';
import type { LabelTerm, ReviewFact, ReviewItem, SealInfo } from '../../../shared/api/review-contract';
import { formatMonth } from '../../../shared/dates';
import { historyActionLabel } from '../../../shared/domain/journal-actions';
import { changeKindKey, itemLabel, reviewItemText, termedLabel } from '../../../shared/review/item-text';
import { ledgerScreens } from '../ledgers/registry';
import { useDates } from '../hooks/useDates';
import { usePunct } from '../hooks/usePunct';

/** The words of the monthly review: a ledger's title by its key, an item's text, a seal's line. */
export function useReviewText() {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const punct = usePunct();
  const text = useCallback((key: string, params?: Record<string, string | number>) => (i18n.exists(key) ? t(key as MessageKey, params as never) : key), [t, i18n]);
  const ledgerTitle = useCallback(
    (key: string) => {
      const def = ledgerScreens().find((s) => s.key === key)?.definition;
      // A name no ledger has (an address typed by hand: #/print/checkout/…) as typed, not as 「checkout.title」 (a probe).
      return def || i18n.exists(`${key}.title`) ? text(def ? `${def.i18n}.title` : `${key}.title`) : key;
    },
    [text, i18n],
  );
  const itemText = (it: ReviewItem) =>
    reviewItemText(it, {
      text,
      date: (day, weekday) => dates.date(day, weekday),
      dateTime: (at) => dates.dateTime(at),
      month: (m) => formatMonth(m, dates.lang),
      changeKind: (action) => text(changeKindKey(action, historyActionLabel)),
    });
  // A record's label with its catalog word in the screen's language (保守点検 → Maintenance), the rest as kept.
  const label = (r: { label: string; labelTerm?: LabelTerm }) => {
    const named = termedLabel(r.label, r.labelTerm, (key) => (i18n.exists(key) ? t(key as MessageKey) : undefined));
    // Its dates in words, not 2026-11-02 or 2026-10: (a missing day carried in, an earlier month's record).
    return itemLabel(named, { date: (d, weekday) => dates.date(d, weekday), month: (m) => formatMonth(m, dates.lang) }, punct.colon);
  };
  // A fact under an item (a door conflict's purpose, its visitors with their companies): a catalog
  // word in the screen's language, data as kept, joined with the screen's own punctuation.
  const factText = (f: ReviewFact) =>
    punct.list(
      f.values.map((v) => {
        const first = v.at ? dates.dateTime(v.at) : v.key && i18n.exists(v.key) ? t(v.key as MessageKey) : (v.text ?? '');
        const main = v.until ? t('review.factValues.range', { from: first, to: v.until }) : first;
        return v.note ? punct.note(main, v.note) : main;
      }),
    );
  const roleText = (role: SealInfo['signerRole']) => (role === 'designated' ? t('review.designatedRole') : t(`common.roles.${role}`));
  const sealLine = (s: SealInfo) => t('review.seal.line', { name: s.signerName, role: roleText(s.signerRole), meaning: t(`review.sign.meanings.${s.meaning}`), at: dates.dateTime(s.signedAt) });
  return { text, ledgerTitle, itemText, label, factText, roleText, sealLine, month: (m: string) => formatMonth(m, dates.lang), dates };
}
