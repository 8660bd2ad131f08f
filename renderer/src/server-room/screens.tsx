import { DoorClosed, DoorOpen, SlidersHorizontal } from 'lucide-react';
import { canCall } from '../auth/access';
import type { LedgerScreens } from '../ledgers/registry';
import { useApp } from '../state/app';
import { InsidePanel } from './InsidePanel';
import { MyServerRoom } from './MyServerRoom';
import { MyStayPanel } from './MyStayPanel';
import { PinPage } from './PinPage';
import { ServerRoomBook } from './ServerRoomBook';
import { ServerRoomSettingsPage } from './ServerRoomSettingsPage';
import { StayHistoryPage } from './StayHistoryPage';

/** "Who is in the server room now" on the dashboard, for whoever may see it. */
function InsideOnDashboard() {
  const session = useApp((s) => s.session);
  return (
    <>
      <MyStayPanel />
      {canCall('serverRoom.inside', session) && <InsidePanel showBookLink siteId={session?.homeSiteId ?? undefined} />}
    </>
  );
}

/** SPEC §4.1 サーバルーム入退記録簿: the book, a stay's history, the own-stays page for everyone, the door-terminal PIN (SPEC §7), and its settings per site (SPEC §4). */
export const serverRoomScreens: LedgerScreens = {
  key: 'serverRoom',
  pages: [
    { path: '/server-room', Component: ServerRoomBook, method: 'serverRoom.list', nav: { group: 'ledgers', labelKey: 'serverRoom.title', icon: DoorOpen } },
    { path: '/server-room/:id/history', Component: StayHistoryPage, method: 'history.get' },
    { path: '/my/server-room', Component: MyServerRoom, method: 'serverRoom.mine', nav: { group: 'ledgers', labelKey: 'serverRoom.ui.mine.nav', icon: DoorClosed } },
    { path: '/account/pin', Component: PinPage, method: 'me.setPin' },
    { path: '/admin/server-room', Component: ServerRoomSettingsPage, method: 'serverRoom.updateSettings', elevated: true, nav: { group: 'admin', labelKey: 'serverRoom.settings.nav', icon: SlidersHorizontal } },
  ],
  DashboardPanel: InsideOnDashboard,
};
