import type { Handlers } from './context';
import { setupHandlers } from './auth/setup-handlers';
import { authHandlers } from './auth/handlers';
import { adminHandlers } from './auth/admin-handlers';
import { peopleHandlers } from './ledgers/people/handlers';
import { serverRoomHandlers } from './ledgers/server-room/handlers';
import { stationHandlers } from './stations';
import { retentionHandlers } from './retention';
import { jobHandlers } from './jobs/handlers';

/** Every method of the contract has exactly one handler; the type makes a missing one a build error. */
export const handlers: Handlers = {
  ...setupHandlers,
  ...authHandlers,
  ...adminHandlers,
  ...peopleHandlers,
  ...serverRoomHandlers,
  ...stationHandlers,
  ...retentionHandlers,
  ...jobHandlers,
};
