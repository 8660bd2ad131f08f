import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_URL } from './protocol';
import type { StationProfile } from './profile';

/** The one window: desk (normal) or door terminal (full-screen kiosk at #/terminal, SPEC §7). */
export function createMainWindow(profile: StationProfile, preloadFile: string): BrowserWindow {
  const terminal = profile === 'terminal';
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Daicho 台帳',
    backgroundColor: '#ffffff',
    kiosk: terminal,
    fullscreen: terminal,
    autoHideMenuBar: terminal,
    webPreferences: {
      preload: path.resolve(preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(terminal ? `${APP_URL}#/terminal` : APP_URL);
  return win;
}
