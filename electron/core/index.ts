// The core's public entry: what its hosts (the Electron shell in electron/main, the browser-mode
// host in electron/host, the `daicho` command in electron/cli) may use of it, and nothing else.
// They import only this module (eslint.config.js refuses a path into the core): whatever they need
// beyond it is a decision to make here, not a reach into the engine's insides (DESIGN rule 2).

// Open, serve, verify and close the data.
export { openDaicho, dataFile, type Daicho } from './daicho';
export type { ExportJobArgs, PdfRenderer } from './print/export-job';
export { certFingerprint, headSignedBy, signedByHost } from './lan/identity';
export type { DoorEntry, DoorRecord, DoorRefusal, DoorSnapshot, DeliveryOutcome, PinReportKind, RefusalReason, SnapshotPerson } from './ledgers/server-room/offline';
export { isPinReport, staleOpenStay } from './ledgers/server-room/offline';
export { failUnknownEmployee, unknownEmployeeLocked } from './ledgers/server-room/pin';
export { decoyHash, verifySecret } from './auth/passwords';
export { SignInThrottle } from './auth/guessing';
export { checkWitness, type WitnessToCheck } from './lan/witness-check';
export { keyLine, keysInUse, parseKeyList, unregisteredKeys } from './review/registered-keys';
export type { CallOutcome, CallRequest } from './dispatcher';
export type { VerifyResult } from './journal/verify';
export type { VerifyJobDetail } from './jobs/verify-job';
export { JobFailure } from './jobs/runner';
/** Where the bundled worker-thread script is: each entry point says so once. */
export { setWorkerFile } from './jobs/worker-file';

// Unlocking: the key stores (the Electron shell adds safeStorage's, with the core's file name).
export {
  PASSPHRASE_KEY_FILE, PassphraseKeyStore, RawKeyFileStore, RECOVERY_FILE, RecoveryKeyStore, SAFE_STORAGE_KEY_FILE, type KeyStore,
} from './keys/keystore';
/** TEST ONLY: the suites' switch to a cheap scrypt for new hashes and key files, and the warning a host prints while it is on. */
export { FAST_KDF_SWITCH, fastKdfWarning } from './keys/cost';

// The data folder: what it holds, its damage seen before opening, its failures as values.
export { assertNoVisibleDamage, folderState, writeFileAtomic } from './store/data-folder';
export { DATA_DAMAGE, StoreError, storeErrorFromSqlite } from './store/errors';
export { lockDataFolder } from './store/folder-lock';
export { keepTempInMemory } from './store/database';
export { checkBackupDestination, isInside, realPathOf } from './jobs/backup-destination';

// The demo company (`daicho demo`): a ledger's own demo data and the seeded randomness it shares.
export { planServerRoomDemo, seedServerRoomDemo, type ServerRoomDemoPlan } from './ledgers/server-room/demo';
export { seededRandom, type Rng } from './util/seeded-random';
