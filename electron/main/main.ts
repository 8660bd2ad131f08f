import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import {
  dataFile, FAST_KDF_SWITCH, fastKdfWarning, openDaicho, PASSPHRASE_KEY_FILE, RawKeyFileStore, setWorkerFile, StoreError, type Daicho, type KeyStore,
} from '../core';
import { electronPdfRenderer } from './print-pdf';
import { installApiBridge } from './ipc';
import { installMenu } from './menu';
import { readStation } from './profile';
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
  installApiBridge({ daicho: opened, station: station.name, isOurWindow: (contents) => mainWindow?.webContents === contents });
  installMenu(station.profile);
  mainWindow = createMainWindow(station.profile, preloadFile);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
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
    daicho?.close();
    daicho = null;
  });
  // The worker thread of long jobs (verify, backup) is bundled beside this file (unpacked from the asar).
  setWorkerFile(path.join(__dirname, 'worker.cjs'));
  app.whenReady().then(start).catch((err: unknown) => fail('Daicho could not open its data / データを開けませんでした', err));
}
