import type { ComponentType } from 'react';
import { DoorClosed, DoorOpen, LayoutDashboard, Settings as SettingsIcon, SlidersHorizontal, UserCog, Users, type LucideIcon } from 'lucide-react';
import type { MethodName } from '../../../shared/api/contract';
import type { MessageKey } from '../../../shared/i18n';
import { AccountsPage } from '../admin/AccountsPage';
import { AccountHistoryPage } from '../admin/AccountHistoryPage';
import { SettingsPage } from '../admin/SettingsPage';
import { ChangePasswordPage } from '../auth/ChangePassword';
import { Dashboard } from '../dashboard/Dashboard';
import { PeopleRegister } from '../people/PeopleRegister';
import { PersonHistoryPage } from '../people/PersonHistoryPage';
import { MyServerRoom } from '../server-room/MyServerRoom';
import { PinPage } from '../server-room/PinPage';
import { ServerRoomBook } from '../server-room/ServerRoomBook';
import { ServerRoomSettingsPage } from '../server-room/ServerRoomSettingsPage';
import { StayHistoryPage } from '../server-room/StayHistoryPage';

export type NavGroup = 'main' | 'ledgers' | 'registers' | 'admin';

export interface Page {
  path: string;
  Component: ComponentType;
  /** Shown in the navigation under this group, with this label; absent: not in the menu. */
  nav?: { group: NavGroup; labelKey: MessageKey; icon: LucideIcon };
  /** The page is offered to whoever may call this method (read from the contract's access rule). */
  method?: MethodName;
  /** Admin page: ask for the password again first (Art. 16(6)). */
  elevated?: boolean;
}

/**
 * Every screen of the signed-in app. A ledger adds its screens here (group 'ledgers'), e.g.
 * { path: '/server-room', Component: ServerRoomBook, method: 'serverRoom.list',
 *   nav: { group: 'ledgers', labelKey: 'serverRoom.title', icon: DoorOpen } }.
 */
export const PAGES: Page[] = [
  { path: '/', Component: Dashboard, nav: { group: 'main', labelKey: 'shell.nav.dashboard', icon: LayoutDashboard } },
  // SPEC §4.1 サーバルーム入退記録簿; the own-stays page for everyone; the door-terminal PIN (SPEC §7).
  { path: '/server-room', Component: ServerRoomBook, method: 'serverRoom.list', nav: { group: 'ledgers', labelKey: 'serverRoom.title', icon: DoorOpen } },
  { path: '/server-room/:id/history', Component: StayHistoryPage, method: 'history.get' },
  { path: '/my/server-room', Component: MyServerRoom, method: 'serverRoom.mine', nav: { group: 'ledgers', labelKey: 'serverRoom.ui.mine.nav', icon: DoorClosed } },
  { path: '/account/pin', Component: PinPage, method: 'me.setPin' },
  { path: '/people', Component: PeopleRegister, method: 'people.list', nav: { group: 'registers', labelKey: 'shell.nav.people', icon: Users } },
  { path: '/people/:id/history', Component: PersonHistoryPage, method: 'history.get' },
  { path: '/admin/accounts', Component: AccountsPage, method: 'accounts.list', elevated: true, nav: { group: 'admin', labelKey: 'shell.nav.accounts', icon: UserCog } },
  { path: '/admin/accounts/:id/history', Component: AccountHistoryPage, method: 'accounts.history', elevated: true },
  { path: '/admin/settings', Component: SettingsPage, method: 'settings.update', elevated: true, nav: { group: 'admin', labelKey: 'shell.nav.settings', icon: SettingsIcon } },
  // SPEC §4: the server-room book's thresholds and purpose list, per site.
  { path: '/admin/server-room', Component: ServerRoomSettingsPage, method: 'serverRoom.updateSettings', elevated: true, nav: { group: 'admin', labelKey: 'serverRoom.settings.nav', icon: SlidersHorizontal } },
  { path: '/account/password', Component: ChangePasswordPage },
];

export const NAV_GROUPS: { group: NavGroup; labelKey?: MessageKey }[] = [
  { group: 'main' },
  { group: 'ledgers', labelKey: 'shell.nav.groupLedgers' },
  { group: 'registers', labelKey: 'shell.nav.groupRegisters' },
  { group: 'admin', labelKey: 'shell.nav.groupAdmin' },
];
