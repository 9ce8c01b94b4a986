import { describe, expect, it } from 'vitest';
import { commandFor, SHORTCUTS } from './shortcuts';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps Ctrl on Windows/Linux and Cmd on macOS to Mod', () => {
    expect(commandFor(press('z', { ctrlKey: true }), false)).toBe('undo');
    expect(commandFor(press('z', { metaKey: true }), true)).toBe('undo');
    expect(commandFor(press('z', { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(commandFor(press('y', { ctrlKey: true }), false)).toBe('redo');
  });

  it('names shifted characters by their key', () => {
    expect(commandFor(press('?', { shiftKey: true }), false)).toBe('shortcuts');
    expect(commandFor(press('!', { shiftKey: true }), false)).toBe('fitView');
    expect(commandFor(press('Delete'), false)).toBe('delete');
    expect(commandFor(press('a'), false)).toBeNull();
  });

  it('binds each combination to one command only', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
