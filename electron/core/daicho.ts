import { checkAgainstBackup } from './jobs/backup-witness';
import { warmCodeIndexes } from './ledgers/kit/code-index';
import { buildSheet, type SheetOptions } from './print/sheets';
import type { PrintSheet } from '../../shared/print/sheet';
import fs from 'node:fs';
import path from 'node:path';
import { migrateOpened, openDatabase } from './store/database';
import { assemble as assembleLedgers, type Assembled } from './ledgers/registry';
import type { LedgerModule } from './ledgers/kit/record-book';
import { migrateInWorker, quickCheckInWorker, workersAvailable } from './jobs/file-check';
import { Checkpointer } from './jobs/checkpointer';
import { dropCleanClose, readCleanClose, writeCleanClose } from './store/clean-close';
import { checkKey, dataFile, folderState, restrictModes, writeDataMark } from './store/data-folder';
import { lockDataFolder, type FolderLock } from './store/folder-lock';
import { StoreError } from './store/errors';
import { Store } from './store/store';
import type { FdatasyncAsync } from './store/wal-sync';
import { Settings } from './settings';
import { SessionStore } from './auth/sessions';
import { Dispatcher } from './dispatcher';
import { issueRecoveryCode, newDatabaseKey, recoveryCodeOpens, type KeyStore } from './keys/keystore';
import { DeviceProofs } from './auth/guessing';
import { verifyData, type VerifyResult } from './journal/verify';
import { verifyInWorkers, type VerifyInWorkersOptions } from './journal/verify-workers';
import { JobRunner } from './jobs/runner';
import { LanService } from './lan/service';
import { jobKindDefs } from './jobs/kinds';
import type { PdfRenderer } from './print/export-job';

export interface OpenDaichoOptions {
  dataDir: string;
  keyStore: KeyStore;
  /** Create the data (new key, new database) when there is none yet. */
  create?: boolean;
  clock?: () => Date;
  log?: (err: unknown, method: string) => void;
  /**
   * Open to check, not to work (`daicho verify`): an older schema is not migrated, the data mark and
   * file modes are left as they are, and the store refuses every write.
   */
  checkOnly?: boolean;
  /** Ledgers on the kit besides the app's own (ledgers/registry.ts): a test registers its own this way. */
  ledgers?: readonly LedgerModule[];
  /** How this shell makes PDFs of the print layout (Electron's printToPDF, or Chromium headless); none: exports to PDF are refused. */
  renderPdf?: PdfRenderer;
  /** Rows of a register read into the codes' index in each turn of the event loop after the open (kit/code-index.ts WARM_SLICE_ROWS); a test makes it small. */
  codeIndexSliceRows?: number;
  /** The sync of an API call's saves off the main thread (store/wal-sync.ts); a test makes the disk slow or failing with it. */
  walFdatasync?: FdatasyncAsync;
}

/** The engine, ready to serve: one store, one dispatcher, the sessions. Knows nothing of Electron. */
export interface Daicho {
  readonly dataDir: string;
  readonly store: Store;
  readonly settings: Settings;
  readonly sessions: SessionStore;
  readonly dispatcher: Dispatcher;
  /** Long jobs (verify, backup) in worker threads: one of a kind at a time, progress, cancel; their ends journaled. */
  readonly jobs: JobRunner;
  /** The office LAN (SPEC §11): the shell's listener asks it to enroll stations and check their requests. */
  readonly lan: LanService;
  /** Resolves once the registers' codes are read into their index after the open (kit/code-index.ts warmCodeIndexes), and at once for a check-only open (it reads none); calls made before wait for it. */
  readonly codesRead: Promise<void>;
  /** SPEC §8 verify: the file's integrity check, then the journal's chain and the tables. */
  verify: () => VerifyResult;
  /** The same verify in worker threads with their own read connections: the app keeps working meanwhile. */
  verifyInBackground(opts?: Omit<VerifyInWorkersOptions, 'file' | 'key'>): Promise<VerifyResult>;
  /** A backup folder as a witness (SPEC §8): what it holds of the journal is still here, uncut and unchanged (jobs/backup-witness.ts). */
  checkAgainstBackup(dir: string): ReturnType<typeof checkAgainstBackup>;
  /** When SQLite's quick check of the whole file last passed, and whether this open skipped it (the data was closed cleanly and not touched since). */
  readonly fileCheck: { checkedAt: Date; skipped: boolean };
  /** SPEC §6: one ledger × site × month as paper holds it (the CLI's export; the app asks print.sheet). */
  sheet(ledger: string, siteId: string, month: string, opts: SheetOptions): PrintSheet;
  /**
   * Is the folder's lock file still the one this instance holds (store/folder-lock.ts)? Run every
   * LOCK_CHECK_MS; one removed is taken again, and when another instance holds the folder now, this
   * one stops writing (every save answered errors.data_taken).
   */
  checkFolderLock(): ReturnType<FolderLock['check']>;
  /** Close the data; running jobs are cancelled (their workers stop, a backup's temporary files go). */
  close(): void;
}

/** How often an open instance checks that its folder lock is still in place. */
const LOCK_CHECK_MS = 1000;

export { dataFile };

/** Get the database key: from the key store, or a new one for new data. */
async function obtainKey(opts: OpenDaichoOptions, isNew: boolean): Promise<Buffer> {
  if (opts.keyStore.exists()) return opts.keyStore.load();
  if (!isNew) throw new StoreError('bad_key_file', `no ${opts.keyStore.kind} key for the data in ${opts.dataDir}`);
  const key = newDatabaseKey();
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  await opts.keyStore.save(key);
  return key;
}

/**
 * Open the data folder (SPEC §8). New data is made only where no data ever was: a folder that
 * has a key file or the data mark but no database, or whose database is empty, cut off or
 * damaged, is refused with its own message and left as it is.
 */
export async function openDaicho(opts: OpenDaichoOptions): Promise<Daicho> {
  const folder = folderState(opts.dataDir);
  if (!folder.hasDatabase) {
    if (folder.heldData) throw new StoreError('missing', opts.dataDir);
    if (!opts.create) throw new StoreError('not_found', opts.dataDir);
  }
  const isNew = !folder.hasDatabase;
  const before = isNew && fs.existsSync(opts.dataDir) ? new Set(fs.readdirSync(opts.dataDir)) : new Set<string>();
  let db;
  let lock: FolderLock | null = null;
  let fileCheckedAt: Date;
  try {
    // New data may go to a folder not made yet (a raw key kept elsewhere makes none): owner-only, like the rest.
    if (isNew) fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const key = await obtainKey(opts, isNew);
    const keyCheck = checkKey(folder.mark, key);
    if (keyCheck === 'mismatch') throw new StoreError('wrong_key');
    const keyConfirmed = keyCheck === 'match' || (opts.keyStore.authenticated && !isNew);
    // One instance per folder: taken before the database is opened (which may write), after every check that writes nothing.
    lock = await lockDataFolder(opts.dataDir, { patient: true });
    // Existing data closed cleanly and untouched since needs no quick check (store/clean-close.ts);
    // otherwise it runs in a worker thread (the process stays free), before any migration writes.
    const file = dataFile(opts.dataDir);
    // A write-ahead log left with frames in it (a crash, or a close while a job's reader held it) may
    // hold older pages of values erased before: emptied once the data is open (below).
    const leftLog = !isNew && logBytes(file) > 0;
    const now = (opts.clock ?? (() => new Date()))();
    const cleanSince = isNew ? null : readCleanClose(opts.dataDir, file, key, now);
    const deferQuickCheck = !isNew && (cleanSince !== null || workersAvailable());
    const app = assembleLedgers(opts.ledgers);
    const { migrations } = app;
    db = openDatabase({ file, key, create: isNew, keyConfirmed, noMigrate: opts.checkOnly, clock: opts.clock, deferQuickCheck, migrations });
    if (deferQuickCheck && cleanSince === null) await quickCheckInWorker(file, key);
    // The note goes before anything is written (a crash while open must not leave one); a refused open leaves the folder as it was.
    if (!isNew && !opts.checkOnly) dropCleanClose(opts.dataDir);
    if (deferQuickCheck && !opts.checkOnly) {
      // An upgrade in a worker thread where one can run the app's migrations (issue 7 point 5: the
      // process is not held while an index over the journal is made); what is left, if anything
      // (a ledger registered besides the app's own), here.
      const pending = (db.pragma('user_version', { simple: true }) as number) < (migrations.at(-1)?.version ?? 0);
      // The time on its rows: the open's clock when it was given one (tests), else the worker's own, read as each migration runs.
      if (pending && !opts.ledgers?.length && workersAvailable()) await migrateInWorker(file, key, opts.clock ? opts.clock() : null);
      migrateOpened(db, { clock: opts.clock, migrations });
    }
    fileCheckedAt = cleanSince ?? now;
    if (!opts.checkOnly) {
      // The mark goes with the database: written when the data is made, or added to older data once it opened.
      if (keyCheck !== 'match') writeDataMark(opts.dataDir, key);
      restrictModes(opts.dataDir);
      // An empty folder made beforehand (mkdir, a folder dialog) is made owner-only as well, once the data
      // is made in it (a probe: it kept 755, and every local user could list the data's files; a review: a
      // refused open left it changed). One that held other files is left as it is.
      if (isNew && before.size === 0 && process.platform !== 'win32') {
        try {
          fs.chmodSync(opts.dataDir, 0o700);
        } catch {
          // not its owner: the files themselves are owner-only (0600) all the same
        }
      }
    }
    const d = assemble(opts, db, key, lock, { checkedAt: fileCheckedAt, skipped: cleanSince !== null }, app);
    if (leftLog && !opts.checkOnly) d.store.checkpoint('TRUNCATE');
    return d;
  } catch (err) {
    if (db?.open) db.close();
    // A lock file this open made goes again, removed while still held (see FolderLock.release).
    lock?.release({ removeIfMade: true });
    // New data that could not be made (disk full, a key store refusing) leaves nothing behind, so the
    // folder does not look like data that once was (`missing`) when the cause is gone.
    if (isNew) {
      if (fs.existsSync(opts.dataDir)) for (const f of fs.readdirSync(opts.dataDir)) if (!before.has(f)) fs.rmSync(path.join(opts.dataDir, f), { force: true, recursive: true });
    }
    throw err;
  }
}

function assemble(opts: OpenDaichoOptions, db: ReturnType<typeof openDatabase>, key: Buffer, lock: FolderLock, fileCheck: Daicho['fileCheck'], app: Assembled): Daicho {
  const clock = opts.clock ?? (() => new Date());
  const store = new Store(db, clock, opts.checkOnly ?? false);
  // Each save on the disk before it is acknowledged, an API call's without the process waiting for the disk (issue 7 point 5).
  if (!opts.checkOnly) store.syncOwnCommits(opts.walFdatasync);
  // Checkpoints off the main thread where workers can run (issue 7 point 5).
  const checkpointer = !opts.checkOnly && workersAvailable() ? new Checkpointer(dataFile(opts.dataDir), key, opts.log) : null;
  store.checkpointer = checkpointer;
  const settings = new Settings(store);
  app.watch(store, settings);
  // The registers' codes, read into their index a slice at a time while the app starts (kit/code-index.ts);
  // the calls that come meanwhile wait for it in the event loop, rather than read a register whole.
  // It never rejects (a store closed meanwhile ends it); `warming` is let go a turn after it ends, so
  // that no call made as the waiting ones resume runs before them.
  const codesRead = opts.checkOnly ? Promise.resolve() : warmCodeIndexes(store, app.codeColumns, opts.codeIndexSliceRows).catch(() => undefined);
  let warming: Promise<void> | undefined = opts.checkOnly ? undefined : codesRead;
  void codesRead.then(() => setImmediate(() => (warming = undefined)));
  const sessions = new SessionStore();
  const lan = new LanService(store, settings, clock, sessions);
  const jobs = new JobRunner({ store, settings, dataDir: opts.dataDir, key }, jobKindDefs(opts.renderPdf ?? null), clock, opts.log);
  const dispatcher = new Dispatcher({
    store, settings, sessions, handlers: app.handlers, contract: app.contract, inReader: app.inReader, clock, log: opts.log, jobs, lan,
    codesWarming: () => warming,
    issueRecoveryCode: () => issueRecoveryCode(opts.dataDir, key),
    checkRecoveryCode: (code) => recoveryCodeOpens(opts.dataDir, key, code),
    devices: new DeviceProofs(key),
  });
  // 'lost' twice running (a second apart) before this instance stops writing: once could be a moment's
  // confusion of the file system; a second instance holding the folder holds it still.
  let last: ReturnType<FolderLock['check']> = 'held';
  const checkFolderLock = () => {
    const state = lock.check();
    if (state === 'lost' && last === 'lost' && !store.failed) store.stopWriting(new StoreError('in_use', `another instance took the data folder ${opts.dataDir}`));
    if (state !== last) opts.log?.(new Error(`the data folder's lock: ${state}`), 'folder-lock');
    last = state;
    return state;
  };
  const lockWatch = setInterval(checkFolderLock, LOCK_CHECK_MS);
  lockWatch.unref();
  return {
    dataDir: opts.dataDir, store, settings, sessions, dispatcher, jobs, lan, codesRead, checkFolderLock,
    verify: () => verifyData(db, undefined, { now: clock() }),
    sheet: (ledger, siteId, month, o) => buildSheet({ store, settings, now: clock() }, app.modules, app.reviewSources, ledger, siteId, month, o),
    verifyInBackground: (o = {}) => verifyInWorkers({ ...o, now: o.now ?? clock(), file: dataFile(opts.dataDir), key }),
    checkAgainstBackup: (dir) => checkAgainstBackup(store, opts.dataDir, dir, key),
    fileCheck,
    close: () => {
      clearInterval(lockWatch);
      void jobs.close();
      void checkpointer?.close();
      store.close();
      // The note that lets the next open skip the quick check (store/clean-close.ts): only for data
      // that was written here and found sound (a check-only open leaves the folder as it found it).
      if (!opts.checkOnly && !store.failed) writeCleanClose(opts.dataDir, dataFile(opts.dataDir), key, fileCheck.checkedAt);
      // A check-only open (verify) leaves the folder as it found it: the lock file it made goes,
      // removed while still held (see openDaicho).
      lock.release({ removeIfMade: opts.checkOnly });
    },
  };
}

/** The size of the data's write-ahead log (0 when there is none). */
function logBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}
