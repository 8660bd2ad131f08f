import { Archive, Lock, LockKeyhole, Users } from 'lucide-react';
import { cabinetLogDefinition, cabinetsDefinition, type Cabinet, type CabinetSession } from '../../../shared/ledgers/cabinets';
import { canCall } from '../auth/access';
import { kitScreens } from '../ledgers/kit/screens';
import type { LedgerScreens } from '../ledgers/registry';
import { i18next } from '../i18n/i18n';
import { api } from '../api/api';
import { sinceText } from '../lib/japan-time';
import { AuthorizedDialog } from './AuthorizedDialog';
import { LockDialog } from './LockDialog';
import { OpenCabinetsPanel } from './OpenCabinetsPanel';
import { openerCheck } from './OpenerCheck';

const t = i18next.t.bind(i18next);

/** SPEC §4.2 the cabinets register: the kit's screens, and who may open each cabinet. */
export const cabinetsScreens: LedgerScreens = kitScreens(cabinetsDefinition, {
  path: '/cabinets',
  icon: Archive,
  group: 'registers',
  extras: {
    rowActions: (r, open) => [
      { key: 'authorized', label: t('cabinets.authorized.action'), icon: Users, onClick: () => open((close) => <AuthorizedDialog cabinet={r as unknown as Cabinet} onClose={close} />) },
    ],
  },
});

/** The cabinets open now, by id, each with since when (a time today, else the date and time; every site the person may see). */
async function openCabinets(): Promise<Record<string, string>> {
  const r = await api('cabinetLog.openNow', {});
  if (!r.ok) return {};
  const lang = i18next.resolvedLanguage === 'en' ? 'en' : 'ja';
  return Object.fromEntries(r.value.map((o) => [o.session.cabinetId, t('cabinets.log.openNow.openSince', { time: sinceText(o.session.openedAt, lang) })]));
}

/** SPEC §4.2 キャビネット開施錠記録簿: the kit's screens, locking, and "open now" on the dashboard. */
export const cabinetLogScreens: LedgerScreens = {
  ...kitScreens(cabinetLogDefinition, {
    path: '/cabinet-log',
    icon: LockKeyhole,
    extras: {
      recordForm: openerCheck,
      // A cabinet open now is not opened again (its session is locked first): offered with since when, not to be chosen.
      refUnavailable: { cabinetId: openCabinets },
      // A past session typed in with its lock time may be of a cabinet open now (a probe: it could not be chosen).
      refUnavailableUnless: { cabinetId: 'lockedAt' },
      stateNow: (r) => (r.lockedAt === null ? t('cabinets.log.stateNow') : null),
      // Lock an open session: its opener, or a clerk for anyone (the core decides; the button shows where it may).
      rowActions: (r, open, session) =>
        r.lockedAt === null && (canCall('cabinetLog.amend', session) || (session?.person?.id ?? null) === r.openedBy)
          ? [{ key: 'lock', label: t('cabinets.log.lock.action'), icon: Lock, onClick: () => open((close, done) => <LockDialog session={r as unknown as CabinetSession} onClose={close} onSaved={done} />) }]
          : [],
    },
  }),
  DashboardPanel: OpenCabinetsPanel,
};
