import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channelNames';

const exposed = vi.hoisted(() => ({ name: '', api: null as Record<string, unknown> | null }));
const ipc = vi.hoisted(() => ({
  invoke: vi.fn(async (channel: string, request: unknown) => ({
    ok: true,
    value: { channel, request },
  })),
  on: vi.fn(),
  removeListener: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => {
      exposed.name = name;
      exposed.api = api;
    },
  },
  ipcRenderer: ipc,
}));

await import('./preload');

describe('the preload bridge', () => {
  it('exposes exactly one function per channel under window.gatehouse, frozen', () => {
    expect(exposed.name).toBe('gatehouse');
    const api = exposed.api!;
    expect(Object.keys(api).sort()).toEqual([...INVOKE_CHANNELS, ...EVENT_CHANNELS].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards an invoke to its own channel only', async () => {
    const open = exposed.api!['file:open'] as (request: unknown) => Promise<unknown>;
    await expect(open({})).resolves.toEqual({
      ok: true,
      value: { channel: 'file:open', request: {} },
    });
    expect(ipc.invoke).toHaveBeenCalledWith('file:open', {});
  });

  it('hands listeners the payload but never the IPC event (it carries the sender)', () => {
    const subscribe = exposed.api!['menu:command'] as (
      listener: (p: unknown) => void,
    ) => () => void;
    const listener = vi.fn();
    const unsubscribe = subscribe(listener);
    const [channel, forward] = ipc.on.mock.calls.at(-1)! as [
      string,
      (e: unknown, p: unknown) => void,
    ];
    expect(channel).toBe('menu:command');
    forward({ sender: 'secret' }, { command: 'save' });
    expect(listener).toHaveBeenCalledWith({ command: 'save' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(ipc.removeListener).toHaveBeenCalledWith('menu:command', forward);
    expect(() => subscribe('not a function' as never)).toThrow(TypeError);
  });
});
