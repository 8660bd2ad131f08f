import { ScrollText, Server } from 'lucide-react';
import { accessLogDefinition, systemsDefinition } from '../../../shared/ledgers/accessLog';
import { kitScreens } from '../ledgers/kit/screens';
import type { LedgerScreens } from '../ledgers/registry';
import { UncheckedPanel } from './UncheckedPanel';

/** SPEC §4.6 the systems register: the kit's screens. */
export const systemsScreens: LedgerScreens = kitScreens(systemsDefinition, { path: '/systems', icon: Server, group: 'registers' });

/** SPEC §4.6 アクセスログ確認記録: the kit's screens, and the systems not yet checked on the dashboard and above the list. */
export const accessLogScreens: LedgerScreens = {
  ...kitScreens(accessLogDefinition, { path: '/access-log', icon: ScrollText, extras: { Panel: UncheckedPanel } }),
  DashboardPanel: UncheckedPanel,
};
