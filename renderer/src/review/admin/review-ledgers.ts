import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../../../shared/i18n';
import { ledgerScreens } from '../../ledgers/registry';

export interface ReviewLedger {
  key: string;
  /** The catalog key of its title (a ledger a test registers brings its catalog at run time). */
  titleKey: string;
}

/**
 * The ledgers with a monthly review, as the core finds them (electron/core/review/sources.ts): the
 * server-room book, then every kit ledger dated by a time and kept per site, in the registry's order.
 */
export function reviewLedgers(): ReviewLedger[] {
  const kit = ledgerScreens().flatMap((s) => (s.definition?.timeField && s.definition.siteField ? [{ key: s.definition.key, titleKey: `${s.definition.i18n}.title` }] : []));
  return [{ key: 'serverRoom', titleKey: 'serverRoom.title' }, ...kit];
}

/** The review ledgers, and a ledger's title by its key (a key no ledger has shows as is). */
export function useReviewLedgers() {
  const { t, i18n } = useTranslation();
  const ledgers = useMemo(() => reviewLedgers(), []);
  const title = useCallback(
    (key: string) => {
      const l = ledgers.find((x) => x.key === key);
      return l && i18n.exists(l.titleKey) ? t(l.titleKey as MessageKey) : key;
    },
    [ledgers, t, i18n],
  );
  return { ledgers, title };
}
