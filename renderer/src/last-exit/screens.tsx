import { CalendarDays, ClipboardCheck } from 'lucide-react';
import { lastExitDefinition } from '../../../shared/ledgers/lastExit';
import { kitScreens } from '../ledgers/kit/screens';
import type { LedgerScreens } from '../ledgers/registry';
import { CalendarPage } from './CalendarPage';
import { CheckItemsValue } from './CheckItemsValue';
import { checklistForm } from './ChecklistControls';
import { MissingPanel } from './MissingPanel';

/** SPEC §4.4 最終退出点検表: the kit's screens with the checklist's items and warnings, the days missing on the dashboard, and each site's calendar. */
export const lastExitScreens: LedgerScreens = (() => {
  const kit = kitScreens(lastExitDefinition, { path: '/last-exit', icon: ClipboardCheck, extras: { recordForm: checklistForm, values: { items: (v) => <CheckItemsValue value={v} /> } } });
  return {
    ...kit,
    pages: [
      ...kit.pages,
      { path: '/admin/calendar', Component: CalendarPage, method: 'calendar.update', elevated: true, nav: { group: 'admin', labelKey: 'lastExit.calendar.nav', icon: CalendarDays } },
    ],
    DashboardPanel: MissingPanel,
  };
})();
