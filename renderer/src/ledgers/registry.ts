import type { ComponentType } from 'react';
import type { LucideIcon } from 'lucide-react';
import type { MethodName } from '../../../shared/api/contract';
import type { SessionInfo } from '../../../shared/domain/session';
import type { MessageKey } from '../../../shared/i18n';
import type { LedgerDefinition } from '../../../shared/ledgers/kit';
import { peopleScreens } from '../people/screens';
import { serverRoomScreens } from '../server-room/screens';
import { cabinetLogScreens, cabinetsScreens } from '../cabinets/screens';
import { assetsScreens, checkoutsScreens } from '../assets/screens';
import { accessLogScreens, systemsScreens } from '../access-log/screens';
import { lastExitScreens } from '../last-exit/screens';
import { guestCardsScreens, visitorsScreens } from '../visitors/screens';

export type NavGroup = 'main' | 'ledgers' | 'registers' | 'admin';

export interface Page {
  path: string;
  Component: ComponentType;
  /** Shown in the navigation under this group, with this label (a catalog key; or `runtimeKey`, a key of a catalog a test's ledger adds at run time); absent: not in the menu. */
  nav?: { group: NavGroup; labelKey: MessageKey; icon: LucideIcon } | { group: NavGroup; runtimeKey: string; icon: LucideIcon };
  /** The page is offered to whoever may call this method (read from the contract's access rule). */
  method?: MethodName;
  /** Or to whoever this says (a kit ledger's page: its access is in its definition). */
  allowed?: (session: SessionInfo | null) => boolean;
  /** Admin page: ask for the password again first (Art. 16(6)). */
  elevated?: boolean;
}

/** What a ledger shows (issue 8): its pages, and what it puts on the dashboard. */
export interface LedgerScreens {
  key: string;
  /** A ledger on the kit: its definition (a form's ref to its table offers its records). */
  definition?: LedgerDefinition;
  pages: Page[];
  /** A tile among the dashboard's tiles; it shows nothing to whoever may not read the ledger. */
  DashboardTile?: ComponentType;
  /** A panel below the tiles (who is inside now, what is out now...), likewise. */
  DashboardPanel?: ComponentType;
}

// The one registry of ledgers' screens: a ledger adds one line here. A ledger on the kit makes its
// screens with kitScreens(definition, ...) (./kit/screens.tsx): list, record dialogs, history.
const LEDGER_SCREENS: LedgerScreens[] = [serverRoomScreens, cabinetLogScreens, checkoutsScreens, visitorsScreens, lastExitScreens, accessLogScreens, peopleScreens, cabinetsScreens, assetsScreens, guestCardsScreens, systemsScreens];

/** Every ledger's screens, in the registry's order. */
export function ledgerScreens(): readonly LedgerScreens[] {
  return LEDGER_SCREENS;
}

/** The kit ledger whose table this is, if any (a ref field names another ledger by its table). */
export function definitionOfTable(table: string): LedgerDefinition | undefined {
  return LEDGER_SCREENS.find((s) => s.definition?.table === table)?.definition;
}

/** Add a ledger's screens at start-up (a test's own ledger, test/fixtures/kit-app). */
export function registerLedgerScreens(screens: LedgerScreens): void {
  if (LEDGER_SCREENS.some((s) => s.key === screens.key)) throw new Error(`ledger screens ${screens.key} are already registered`);
  LEDGER_SCREENS.push(screens);
}
