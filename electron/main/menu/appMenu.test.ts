import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { SHORTCUTS } from '../../../shared/editor/shortcuts';
import { buildAppMenu, type AppMenuInput } from './appMenu';

function menu(overrides: Partial<AppMenuInput> = {}) {
  const sent: [string, string | undefined][] = [];
  const input: AppMenuInput = {
    os: 'linux',
    appName: 'Gatehouse',
    recentFiles: [],
    send: (command, recentId) => sent.push([command, recentId]),
    showAbout: vi.fn(),
    clearRecentFiles: vi.fn(),
    isDevelopment: false,
    ...overrides,
  };
  return { template: buildAppMenu(input), sent, input };
}

/** Every item of the menu, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu) : []),
  ]);
}

const find = (template: MenuItemConstructorOptions[], label: string) =>
  items(template).find((item) => item.label?.replaceAll('&', '') === label)!;

describe('the application menu', () => {
  it('has File, Edit, View and Help, with About under Help and Quit under File off macOS', () => {
    const { template } = menu();
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(find(template, 'About Gatehouse')).toBeDefined();
    expect(items(template).some((item) => item.role === 'quit')).toBe(true);
  });

  it('follows macOS conventions: the app menu first with About and Quit, a Window menu', () => {
    const { template } = menu({ os: 'darwin' });
    expect(template[0]!.label).toBe('Gatehouse');
    const appItems = items([template[0]!]);
    expect(appItems.some((item) => item.role === 'quit')).toBe(true);
    expect(appItems.some((item) => item.label === 'About Gatehouse')).toBe(true);
    expect(template.some((item) => item.role === 'windowMenu')).toBe(true);
    expect(items(template.slice(1)).some((item) => item.role === 'quit')).toBe(false);
  });

  it('binds the keys of the shared shortcut table and sends the command to the renderer', () => {
    const { template, sent } = menu();
    const expectations: [string, string, string][] = [
      ['Undo', 'undo', 'CmdOrCtrl+Z'],
      ['Redo', 'redo', 'CmdOrCtrl+Shift+Z'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Open…', 'open', 'CmdOrCtrl+O'],
      ['Zoom In', 'zoomIn', 'CmdOrCtrl+='],
      ['Fit Diagram', 'fitView', 'Shift+1'],
      ['Keyboard Shortcuts', 'shortcuts', 'Shift+?'],
      ['Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'],
      ['New Model', 'new', 'CmdOrCtrl+N'],
    ];
    for (const [label, command, accelerator] of expectations) {
      const item = find(template, label);
      expect(item.accelerator, label).toBe(accelerator);
      (item.click as () => void)();
      expect(sent.at(-1)).toEqual([command, undefined]);
    }
    // Every accelerator the menu shows for an editor command comes from the table.
    const tableKeys = new Set(
      SHORTCUTS.flatMap((s) => s.keys.map((k) => k.replace('Mod', 'CmdOrCtrl'))),
    );
    for (const [label, command] of expectations.slice(0, 7)) {
      expect(tableKeys.has(find(template, label).accelerator as string), command).toBe(true);
    }
  });

  it('redoes with Ctrl+Y on Windows', () => {
    expect(find(menu({ os: 'win32' }).template, 'Redo').accelerator).toBe('CmdOrCtrl+Y');
  });

  it('lists recent files by name and opaque ID, never by path, with & escaped', () => {
    const { template, sent, input } = menu({
      recentFiles: [{ id: 'r_0123456789abcdef', name: 'R&D.gatehouse.json', folderName: 'models' }],
    });
    const recent = find(template, 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent[0]!.label).toBe('R&&D.gatehouse.json — models');
    (recent[0]!.click as () => void)();
    expect(sent.at(-1)).toEqual(['openRecent', 'r_0123456789abcdef']);
    (find(template, 'Clear Recent').click as () => void)();
    expect(input.clearRecentFiles).toHaveBeenCalled();
    const empty = find(menu().template, 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (development: boolean) =>
      items(menu({ isDevelopment: development }).template).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
