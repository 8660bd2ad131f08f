import { serverRoomContract, serverRoomDefinition } from '../../../../shared/ledgers/serverRoom';
import type { Handlers } from '../../context';
import type { LedgerModule } from '../kit/record-book';
import { serverRoomHandlers } from './handlers';
import { serverRoomSheet } from './print';
import { reviewMonthItems, reviewRecords } from './review';

// SPEC §4.1 サーバルーム入退記録簿 as a module of the ledger registry (ledgers/registry.ts): its
// definition (shared/ledgers/serverRoom.ts), its methods — the desk's, the PIN's and the door
// terminal's — its part of the monthly review and its month on paper. Its tables' migrations (3, 5,
// 7) are among the core's (store/migrations.ts): they shipped with the core's own changes.
export const serverRoomModule: LedgerModule = {
  definition: serverRoomDefinition,
  contract: serverRoomContract,
  // Every method of its contract has a handler (a missing one is a build error).
  handlers: (serverRoomHandlers satisfies Handlers<keyof typeof serverRoomContract>) as unknown as LedgerModule['handlers'],
  migrations: [],
  review: { records: reviewRecords, monthItems: reviewMonthItems },
  print: { body: serverRoomSheet },
};
