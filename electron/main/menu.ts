import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { StationProfile } from './profile';

/** A minimal menu: quit, editing shortcuts, zoom. The door terminal has none. */
export function installMenu(profile: StationProfile): void {
  if (profile === 'terminal') {
    Menu.setApplicationMenu(null);
    return;
  }
  const dev: MenuItemConstructorOptions[] = app.isPackaged ? [] : [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View / 表示', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...dev] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
