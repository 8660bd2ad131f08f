import type { KitMethodName, MethodName } from '../../shared/api/contract';
import type { Handlers } from './context';
import type { ReviewMethodName } from './review/review';
import type { PrintMethodName } from './print/printing';
import { lanHandlers } from './lan/handlers';
import { setupHandlers } from './auth/setup-handlers';
import { authHandlers } from './auth/handlers';
import { adminHandlers } from './auth/admin-handlers';
import { stationHandlers } from './stations';
import { retentionHandlers } from './retention';
import { outsideHandlers } from './outside-acceptance';
import { jobHandlers } from './jobs/handlers';
import { clockHandlers } from './clock';

/**
 * Every method of the app's contract has exactly one handler; the type makes a missing one a build
 * error. Kit ledgers' methods come from their modules, the monthly review's from review/review.ts, printing's
 * from print/printing.ts (ledgers/registry.ts assembles them and checks each has one).
 */
export const handlers: Handlers<Exclude<MethodName, KitMethodName | ReviewMethodName | PrintMethodName>> = {
  ...setupHandlers,
  ...authHandlers,
  ...adminHandlers,
  ...stationHandlers,
  ...retentionHandlers,
  ...outsideHandlers,
  ...jobHandlers,
  ...clockHandlers,
  ...lanHandlers,
};
