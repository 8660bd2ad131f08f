import type { Db } from './database';
import { accountSafetySchema, coreSchema } from './core-schema';
import { peopleSchema } from '../ledgers/people/schema';
import { serverRoomSchema } from '../ledgers/server-room/schema';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Numbered schema migrations; each runs in one transaction. Append only: never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', up: coreSchema },
  { version: 2, name: 'people', up: peopleSchema },
  { version: 3, name: 'server-room', up: serverRoomSchema },
  { version: 4, name: 'account-notices-device-guards-stations', up: accountSafetySchema },
];

/** Tables whose every row is journaled; the verifier rebuilds them from the journal. */
export const JOURNALED_TABLES = ['settings', 'sites', 'accounts', 'people', 'server_room_stays', 'account_notices', 'known_device_guards', 'stations'] as const;
export type JournaledTable = (typeof JOURNALED_TABLES)[number];
