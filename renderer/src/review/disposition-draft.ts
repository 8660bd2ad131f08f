import { useEffect, useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { Disposition } from '../../../shared/api/review-contract';
import { REVIEW_DRAFT_PREFIX, useApp } from '../state/app';

/** A disposition as its form holds it. */
export interface DispositionValues {
  disposition: Disposition;
  explanation: string;
  cause: string;
  action: string;
}

/**
 * A disposition typed and not yet saved, kept for the tab (per account and item) while the reviewer
 * follows the record's link and comes back (a walk-through: the explanation and the choice were gone
 * after 戻る). It is kept over the disposition as it stood when typed (`basis`, its decidedAt): one
 * decided since by someone else is not overwritten by it (a review). Cleared on save and cancel
 * (clearDraft) and at sign-out (state/app.ts).
 */
export function useDispositionDraft(item: { subject: string; code: string }, unit: { ledger: string; siteId: string; month: string }, basis: string): { key: string; draft: DispositionValues | null } {
  const accountId = useApp((s) => s.session?.accountId ?? '');
  const key = `${REVIEW_DRAFT_PREFIX}${accountId}/${unit.ledger}/${unit.siteId}/${unit.month}/${item.subject}/${item.code}`;
  const [draft] = useState(() => readDraft(key, basis));
  return { key, draft };
}

/** Keep what the disposition's form holds, as it is typed, under its draft's key. */
export function useKeepDraft<T extends FieldValues, C, R extends FieldValues>(form: UseFormReturn<T, C, R>, key: string, basis: string): void {
  useEffect(() => {
    const sub = form.watch((v) => sessionStorage.setItem(key, JSON.stringify({ ...v, basis })));
    return () => sub.unsubscribe();
  }, [form, key, basis]);
}

/** The draft saved or given up: nothing kept. */
export function clearDraft(key: string): void {
  sessionStorage.removeItem(key);
}

function readDraft(key: string, basis: string): DispositionValues | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Record<string, unknown> | null;
    if (!v || typeof v !== 'object') return null;
    if (v.basis !== basis) {
      sessionStorage.removeItem(key);
      return null;
    }
    const text = (x: unknown) => (typeof x === 'string' ? x : '');
    return { disposition: text(v.disposition) as Disposition, explanation: text(v.explanation), cause: text(v.cause), action: text(v.action) };
  } catch {
    return null;
  }
}
