/**
 * The application menu, built as data (Electron's `Menu.buildFromTemplate` input) from the one
 * shortcut table in `shared/editor/shortcuts.ts`, so the menus bind the keys the renderer handles
 * and the help dialog lists. Platform conventions: on macOS the app menu comes first and holds
 * About and Quit; elsewhere About is under Help and Quit under File.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../../shared/ipc/appChannels';
import type { RecentFile } from '../../../shared/ipc/fileChannels';
import {
  MENU_ONLY_SHORTCUTS,
  menuComboFor,
  toAccelerator,
  type EditorCommand,
} from '../../../shared/editor/shortcuts';

export type MenuOs = 'darwin' | 'win32' | 'linux' | 'other';

export interface AppMenuInput {
  os: MenuOs;
  appName: string;
  recentFiles: readonly RecentFile[];
  /** Sends a command to the focused window's renderer (`menu:command`). */
  send(command: MenuCommand, recentId?: string): void;
  showAbout(): void;
  clearRecentFiles(): void;
  /** Developer tools and reload only in development builds. */
  isDevelopment: boolean;
}

function accelerator(command: EditorCommand, os: MenuOs): string | undefined {
  const combo = menuComboFor(command, os);
  return combo ? toAccelerator(combo) : undefined;
}

export function buildAppMenu(input: AppMenuInput): MenuItemConstructorOptions[] {
  const { os, send } = input;
  const isMac = os === 'darwin';
  const command = (
    label: string,
    name: MenuCommand & EditorCommand,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator: accelerator(name, os),
    click: () => send(name),
  });
  const menuOnly = (
    label: string,
    name: 'new' | 'saveAs' | 'import' | 'export',
  ): MenuItemConstructorOptions => {
    const combo = MENU_ONLY_SHORTCUTS[name];
    return {
      label,
      ...(combo ? { accelerator: toAccelerator(combo) } : {}),
      click: () => send(name),
    };
  };

  const recent: MenuItemConstructorOptions[] = input.recentFiles.length
    ? [
        ...input.recentFiles.map((file) => ({
          // A file name may contain "&", which menus read as a mnemonic marker.
          label: `${file.name.replaceAll('&', '&&')} — ${file.folderName.replaceAll('&', '&&')}`,
          click: () => send('openRecent', file.id),
        })),
        { type: 'separator' },
        { label: 'Clear Recent', click: () => input.clearRecentFiles() },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      menuOnly('&New Model', 'new'),
      command('&Open…', 'open'),
      { label: 'Open &Recent', submenu: recent },
      { type: 'separator' },
      command('&Save', 'save'),
      menuOnly('Save &As…', 'saveAs'),
      { type: 'separator' },
      menuOnly('&Import…', 'import'),
      menuOnly('&Export…', 'export'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // Undo and Redo go to the renderer: the editor's history, or the focused text field's.
      // No double action with the keys: Electron runs a menu accelerator only for a keydown the
      // page left unhandled, and the editor's key handler marks the ones it runs as handled.
      command('&Undo', 'undo'),
      command('&Redo', 'redo'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('Zoom &In', 'zoomIn'),
      command('Zoom &Out', 'zoomOut'),
      command('&Fit Diagram', 'fitView'),
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(input.isDevelopment
        ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as const)
        : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      command('&Keyboard Shortcuts', 'shortcuts'),
      ...(isMac
        ? []
        : [
            { type: 'separator' as const },
            { label: `&About ${input.appName}`, click: input.showAbout },
          ]),
    ],
  };

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: input.appName,
          submenu: [
            { label: `About ${input.appName}`, click: input.showAbout },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, ...(isMac ? [{ role: 'windowMenu' as const }] : []), help];
}
