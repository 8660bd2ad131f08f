import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import {
  dataFile, FAST_KDF_SWITCH, fastKdfWarning, openDaicho, PASSPHRASE_KEY_FILE, RawKeyFileStore, setWorkerFile, StoreError, type Daicho, type KeyStore,
} from '../core';
import { electronPdfRenderer } from './print-pdf';
import { installApiBridge } from './ipc';
import { lanListener } from '../host/lan-server';
import { enrollStation, LAN_STATION_DIR, readStationConfig } from '../station/station';
import { HEARTBEAT_MS, openStation, stationDispatch, stationHeartbeat } from '../station/serve-station';
import { installMenu } from './menu';
import { readEnrollment, readStation } from './profile';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { SafeStorageKeyStore, SafeStorageUnavailableError } from './safe-storage-keystore';
import { denyAllPermissions, lockDownWebContents } from './security';
import { createMainWindow } from './window';

// The Electron shell (DESIGN: thin). It makes the window, serves the UI over app://, and passes
// calls to the one dispatcher. The core runs in this process: every call is a few ms (SPEC §10).
// Long jobs — verify, backup, month-bundle export — will move to a utilityProcess with progress
// reports in a later issue, so that nothing blocks this main process for more than 50 ms.

// In a checkout (not packaged) the end-to-end runner may point the app at a temp folder and a raw
// key file, because CI machines have no OS key store. A packaged app ignores both.
const testOverrides = !app.isPackaged;
// Chromium's own controls in Japanese whatever the OS language (a walk-through: the date and time
// fields read 12/03/2026, 06:58 PM and the month picker November 2026 on an English system); the
// app's words follow its own language setting, and its dates their 和暦 line beside each field.
app.commandLine.appendSwitch('lang', 'ja');
if (testOverrides && process.env.DAICHO_USER_DATA) app.setPath('userData', path.resolve(process.env.DAICHO_USER_DATA));
// The test suites' cheap scrypt (core/keys/cost.ts): a packaged app never makes weak hashes, whatever its
// environment says; in a checkout it is said loudly.
if (!testOverrides) delete process.env[FAST_KDF_SWITCH];
const weakKdf = fastKdfWarning();
if (weakKdf) console.error(weakKdf);

const distDir = __dirname; // dist/electron
const rendererDir = path.join(distDir, '..', 'renderer');
const preloadFile = path.join(distDir, 'preload.cjs');

let daicho: Daicho | null = null;
let stopStation: (() => void) | null = null;
let closeDoor: (() => void) | null = null;
let closeLan: (() => void) | null = null;
let mainWindow: BrowserWindow | null = null;

app.enableSandbox();
registerAppScheme();
lockDownWebContents();

function fail(title: string, err: unknown): void {
  const message = err instanceof StoreError || err instanceof SafeStorageUnavailableError ? err.message : `${(err as Error)?.message ?? String(err)}`;
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

function keyStoreFor(dataDir: string): KeyStore {
  if (testOverrides && process.env.DAICHO_TEST_RAW_KEY === '1') return new RawKeyFileStore(path.join(dataDir, 'raw.key'));
  return new SafeStorageKeyStore(dataDir);
}

async function start(): Promise<void> {
  denyAllPermissions();
  handleAppProtocol(rendererDir);
  const station = readStation(process.argv, process.env, app.getPath('userData'));
  // SPEC §11: a station of a ledger host opens no data of its own; its calls take the station's transport.
  const lanDir = path.join(app.getPath('userData'), LAN_STATION_DIR);
  const enrollment = readEnrollment(process.argv);
  if (enrollment && readStationConfig(lanDir)) console.error(`This app is already enrolled as a station (${lanDir}); --host and --pair are ignored.`);
  else if (enrollment) {
    const c = await enrollStation(lanDir, enrollment.host, enrollment.pair, { keyStore: await stationKeyStore(lanDir), expectFingerprint: enrollment.fingerprint });
    console.log(`Enrolled as ${c.name} (${c.stationId}, ${c.profile}) with ${c.host}; host certificate ${c.fingerprint} pinned.`);
  }
  if (readStationConfig(lanDir)) return startAsStation(lanDir);
  const dataDir = path.join(app.getPath('userData'), 'data');
  const keyStore = keyStoreFor(dataDir);
  if (keyStore instanceof SafeStorageKeyStore) {
    await SafeStorageKeyStore.assertAvailable();
    if (!keyStore.exists() && fs.existsSync(dataFile(dataDir)) && fs.existsSync(path.join(dataDir, PASSPHRASE_KEY_FILE)))
      throw new Error(
        `The data in ${dataDir} is protected by a passphrase (made by the daicho command), not by this computer's key store: open it with "daicho serve --data ${dataDir}". / ` +
          'このデータはパスフレーズで保護されています。daicho serve で開いてください。',
      );
  }
  daicho = await openDaicho({
    dataDir,
    keyStore,
    create: true,
    log: (err, method) => console.error(`[${new Date().toISOString()}] ${method}:`, err),
    renderPdf: electronPdfRenderer(),
  });
  const opened = daicho;
  installApiBridge({
    dispatch: (r) => opened.dispatcher.call(r), forget: (t) => opened.sessions.delete(t), station: station.name, isOurWindow: (contents) => mainWindow?.webContents === contents,
  });
  // SPEC §11: this PC as the ledger host, when an administrator has turned the LAN listener on.
  const listener = lanListener(opened, (line) => console.log(line));
  closeLan = () => void listener.close();
  await listener.apply();
  openWindow(station.profile);
}

function openWindow(profile: 'desk' | 'terminal'): void {
  installMenu(profile);
  mainWindow = createMainWindow(profile, preloadFile);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/**
 * The key store of the app's station folder: the OS key store, as for the data (a station's signing
 * key and door queue key are never kept in clear). A folder enrolled by `daicho station` keeps them
 * under its passphrase instead, which this app has no way to ask for: it says so.
 */
async function stationKeyStore(lanDir: string): Promise<KeyStore> {
  if (testOverrides && process.env.DAICHO_TEST_RAW_KEY === '1') return new RawKeyFileStore(path.join(lanDir, 'raw.key'));
  await SafeStorageKeyStore.assertAvailable();
  const keyStore = new SafeStorageKeyStore(lanDir);
  if (!keyStore.exists() && fs.existsSync(path.join(lanDir, PASSPHRASE_KEY_FILE)))
    throw new Error(
      `The station in ${lanDir} was enrolled by the daicho command and keeps its keys under a passphrase: run it with "daicho station --data ${lanDir}", ` +
        'or enroll this app itself (start it once with --host=https://ADDRESS:PORT --pair=CODE). / ' +
        'この端末は daicho コマンドでパスフレーズ付きで登録されています。daicho station で起動するか、アプリを --host と --pair で登録し直してください。',
    );
  return keyStore;
}

/**
 * The app as a station of a ledger host (enrolled by starting it once with --host=URL --pair=CODE):
 * the same window and renderer; calls go to the host, signed, to its pinned certificate; a door
 * terminal keeps its offline queue here. A door-terminal station opens the kiosk.
 */
async function startAsStation(lanDir: string): Promise<void> {
  const { client, door } = await openStation(lanDir, await stationKeyStore(lanDir), (line) => console.log(line));
  stopStation = stationHeartbeat(client, door, HEARTBEAT_MS, (line) => console.error(line));
  closeDoor = () => door?.close();
  installApiBridge({
    dispatch: stationDispatch(client, door),
    forget: (token) => void client.call({ method: 'auth.signOut', input: {}, token }).catch(() => undefined),
    station: client.config.stationId,
    isOurWindow: (contents) => mainWindow?.webContents === contents,
  });
  openWindow(client.config.profile === 'terminal' ? 'terminal' : 'desk');
}

if (!app.requestSingleInstanceLock()) {
  // One instance owns the data folder (its lock file, store/folder-lock.ts): bring that one forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    // The listener and a station's own parts first: nothing then reaches data that is closing.
    closeLan?.();
    stopStation?.();
    closeDoor?.();
    daicho?.close();
    daicho = null;
  });
  // The worker thread of long jobs (verify, backup) is bundled beside this file (unpacked from the asar).
  setWorkerFile(path.join(__dirname, 'worker.cjs'));
  app.whenReady().then(start).catch((err: unknown) => fail('Daicho could not open its data / データを開けませんでした', err));
}
