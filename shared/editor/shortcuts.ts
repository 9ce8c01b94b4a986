/**
 * The editor's keyboard shortcuts, one table for the renderer (key handling, the shortcuts help)
 * and the desktop menus (accelerators). `Mod` is Ctrl, or Cmd on macOS.
 */
export interface Shortcut {
  command: EditorCommand;
  /** Key combinations, e.g. `Mod+Z`; the first is shown in menus and help. */
  keys: readonly string[];
  description: string;
}

export type EditorCommand =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'fitView'
  | 'zoomIn'
  | 'zoomOut'
  | 'connect'
  | 'shortcuts'
  | 'save'
  | 'open';

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'undo', keys: ['Mod+Z'], description: 'Undo' },
  { command: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], description: 'Redo' },
  { command: 'copy', keys: ['Mod+C'], description: 'Copy the selection' },
  { command: 'paste', keys: ['Mod+V'], description: 'Paste' },
  { command: 'duplicate', keys: ['Mod+D'], description: 'Duplicate the selection' },
  { command: 'delete', keys: ['Delete', 'Backspace'], description: 'Delete the selection' },
  { command: 'selectAll', keys: ['Mod+A'], description: 'Select everything on the diagram' },
  { command: 'fitView', keys: ['Shift+1'], description: 'Fit the diagram in view' },
  { command: 'zoomIn', keys: ['Mod+='], description: 'Zoom in' },
  { command: 'zoomOut', keys: ['Mod+-'], description: 'Zoom out' },
  {
    command: 'connect',
    keys: ['Mod+K'],
    description: 'Connect… (draw a data flow from the selected element with the keyboard)',
  },
  { command: 'shortcuts', keys: ['Shift+?'], description: 'Show the keyboard shortcuts' },
  { command: 'save', keys: ['Mod+S'], description: 'Save (download in the browser)' },
  { command: 'open', keys: ['Mod+O'], description: 'Open a model' },
];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The combination a key event stands for, in the notation of SHORTCUTS (`Mod` = Ctrl or Cmd). */
export function comboOf(event: KeyPress, isMac: boolean): string {
  const parts: string[] = [];
  if (isMac ? event.metaKey : event.ctrlKey) parts.push('Mod');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  // Shift changes the character of some keys ("?" is Shift+/): name the character itself.
  parts.push(key === '+' ? '=' : key === '_' ? '-' : key === '!' ? '1' : key);
  return parts.join('+');
}

/** The command bound to a key event, or null. */
export function commandFor(event: KeyPress, isMac: boolean): EditorCommand | null {
  const combo = comboOf(event, isMac);
  return SHORTCUTS.find((s) => s.keys.includes(combo))?.command ?? null;
}

/** Commands only the desktop menus offer (a browser keeps these keys for itself, e.g. Mod+N). */
export type MenuOnlyCommand = 'new' | 'saveAs' | 'import' | 'export';

/** Key combinations of the menu-only commands, in the notation of `SHORTCUTS`. */
export const MENU_ONLY_SHORTCUTS: Readonly<Record<MenuOnlyCommand, string | null>> = {
  new: 'Mod+N',
  saveAs: 'Mod+Shift+S',
  import: 'Mod+I',
  export: 'Mod+E',
};

/**
 * A combination as an Electron menu accelerator (`Mod+Shift+Z` → `CmdOrCtrl+Shift+Z`), so the
 * menus show and bind the same keys the renderer handles.
 */
export function toAccelerator(combo: string): string {
  return combo
    .split('+')
    .map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part))
    .join('+');
}

/** The combination a platform's menu shows for `command`: macOS redoes with Shift+Cmd+Z, others with Ctrl+Y. */
export function menuComboFor(
  command: EditorCommand,
  os: 'darwin' | 'win32' | 'linux' | 'other',
): string | null {
  const keys = SHORTCUTS.find((shortcut) => shortcut.command === command)?.keys ?? [];
  if (command === 'redo' && os === 'win32')
    return keys.find((key) => key === 'Mod+Y') ?? keys[0] ?? null;
  return keys[0] ?? null;
}
