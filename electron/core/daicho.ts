import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './store/database';
import { StoreError } from './store/errors';
import { Store } from './store/store';
import { Settings } from './settings';
import { SessionStore } from './auth/sessions';
import { Dispatcher } from './dispatcher';
import { handlers } from './handlers';
import { DB_FILE, issueRecoveryCode, newDatabaseKey, type KeyStore } from './keys/keystore';
import { verifyJournal } from './journal/verify';

export interface OpenDaichoOptions {
  dataDir: string;
  keyStore: KeyStore;
  /** Create the data (new key, new database) when there is none yet. */
  create?: boolean;
  clock?: () => Date;
  log?: (err: unknown, method: string) => void;
}

/** The engine, ready to serve: one store, one dispatcher, the sessions. Knows nothing of Electron. */
export interface Daicho {
  readonly dataDir: string;
  readonly store: Store;
  readonly settings: Settings;
  readonly sessions: SessionStore;
  readonly dispatcher: Dispatcher;
  verify: () => ReturnType<typeof verifyJournal>;
  close(): void;
}

export function dataFile(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

/** Get the database key: from the key store, or a new one on first run. */
async function obtainKey(opts: OpenDaichoOptions): Promise<Buffer> {
  const dbExists = fs.existsSync(dataFile(opts.dataDir));
  if (opts.keyStore.exists()) return opts.keyStore.load();
  if (dbExists) throw new StoreError('bad_key_file', `no ${opts.keyStore.kind} key for the data in ${opts.dataDir}`);
  if (!opts.create) throw new StoreError('not_found', opts.dataDir);
  const key = newDatabaseKey();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  await opts.keyStore.save(key);
  return key;
}

export async function openDaicho(opts: OpenDaichoOptions): Promise<Daicho> {
  const key = await obtainKey(opts);
  const db = openDatabase({ file: dataFile(opts.dataDir), key, create: opts.create });
  const clock = opts.clock ?? (() => new Date());
  const store = new Store(db, clock);
  const settings = new Settings(store);
  const sessions = new SessionStore();
  const dispatcher = new Dispatcher({
    store, settings, sessions, handlers, clock, log: opts.log,
    issueRecoveryCode: () => issueRecoveryCode(opts.dataDir, key),
  });
  return {
    dataDir: opts.dataDir, store, settings, sessions, dispatcher,
    verify: () => verifyJournal(db),
    close: () => store.close(),
  };
}
