import { BadgeCheck, KeyRound, LayoutDashboard, ListChecks, Network, Settings as SettingsIcon, Stamp, UserCog } from 'lucide-react';
import type { SessionInfo } from '../../../shared/domain/session';
import type { MessageKey } from '../../../shared/i18n';
import { AccountsPage } from '../admin/AccountsPage';
import { AccountHistoryPage } from '../admin/AccountHistoryPage';
import { SettingsPage } from '../admin/SettingsPage';
import { SettingsHistoryPage } from '../admin/SettingsHistoryPage';
import { ChangePasswordPage } from '../auth/ChangePassword';
import { Dashboard } from '../dashboard/Dashboard';
import { ledgerScreens, type NavGroup, type Page } from '../ledgers/registry';
import { ReviewListPage } from '../review/ReviewListPage';
import { ReviewPage } from '../review/ReviewPage';
import { PrintPage } from '../review/PrintPage';
import { DesignationsPage } from '../review/admin/DesignationsPage';
import { SigningKeysPage } from '../review/admin/SigningKeysPage';
import { LanPage } from '../lan/LanPage';
import { LedgerSettingsPage } from '../ledgers/kit/LedgerSettingsPage';

export type { NavGroup, Page };

/** The app's own screens; the ledgers' come from their registry (../ledgers/registry.ts). */
const APP_PAGES: Page[] = [
  { path: '/', Component: Dashboard, nav: { group: 'main', labelKey: 'shell.nav.dashboard', icon: LayoutDashboard } },
  { path: '/admin/accounts', Component: AccountsPage, method: 'accounts.list', elevated: true, nav: { group: 'admin', labelKey: 'shell.nav.accounts', icon: UserCog } },
  { path: '/admin/accounts/:id/history', Component: AccountHistoryPage, method: 'accounts.history', elevated: true },
  { path: '/admin/settings', Component: SettingsPage, method: 'settings.update', elevated: true, nav: { group: 'admin', labelKey: 'shell.nav.settings', icon: SettingsIcon } },
  // Who changed which setting, from what to what, and why (the settings pages keep a reason for it).
  { path: '/admin/settings/history', Component: SettingsHistoryPage, method: 'settings.history' },
  { path: '/admin/ledger-settings', Component: LedgerSettingsPage, method: 'cabinetLog.updateSettings', elevated: true, nav: { group: 'admin', labelKey: 'ledgerKit.settings.nav', icon: ListChecks } },
  { path: '/account/password', Component: ChangePasswordPage },
  // SPEC §5 the monthly review and sign-off (issue 11); the core decides, unit by unit, who may review.
  { path: '/review', Component: ReviewListPage, allowed: mayReview, nav: { group: 'main', labelKey: 'review.nav', icon: Stamp } },
  { path: '/review/:ledger/:siteId/:month', Component: ReviewPage, allowed: mayReview },
  // SPEC §6 the printed ledger of a month (from its review).
  { path: '/print/:ledger/:siteId/:month', Component: PrintPage, method: 'print.sheet' },
  { path: '/admin/designations', Component: DesignationsPage, method: 'designations.add', elevated: true, nav: { group: 'admin', labelKey: 'review.designations.nav', icon: BadgeCheck } },
  // SPEC §11 the office network: the listener, pairing codes, enrolled stations (issue 13).
  { path: '/admin/lan', Component: LanPage, method: 'stations.pair', elevated: true, nav: { group: 'admin', labelKey: 'lan.title', icon: Network } },
  { path: '/admin/signing-keys', Component: SigningKeysPage, method: 'signingKeys.list', nav: { group: 'admin', labelKey: 'review.keys.nav', icon: KeyRound } },
];

/** The review is offered to whoever reviews: by role (the safety manager, a site head) or by a designation (指名) in force. */
function mayReview(session: SessionInfo | null): boolean {
  return !!session?.reviewer;
}

/** Every screen of the signed-in app: the app's own, then each ledger's. */
export function allPages(): Page[] {
  return [...APP_PAGES, ...ledgerScreens().flatMap((l) => l.pages)];
}


export const NAV_GROUPS: { group: NavGroup; labelKey?: MessageKey }[] = [
  { group: 'main' },
  { group: 'ledgers', labelKey: 'shell.nav.groupLedgers' },
  { group: 'registers', labelKey: 'shell.nav.groupRegisters' },
  { group: 'admin', labelKey: 'shell.nav.groupAdmin' },
];
