/**
 * The sandboxed preload: exposes exactly one function per IPC channel on `window.gatehouse`, and
 * nothing else — no `ipcRenderer`, no event objects (they carry the sender), no generic `send`.
 * Bundled alone into `dist/electron/preload.cjs` (a sandboxed preload cannot load relative files
 * or npm packages), so it imports only `electron` and the zod-free channel names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME, EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channelNames';

/** Builds the bridge object; exported for the test, which checks its exact shape. */
export function createBridge(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>) {
  const bridge: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    bridge[channel] = (request: unknown) => ipc.invoke(channel, request);
  }
  for (const channel of EVENT_CHANNELS) {
    bridge[channel] = (listener: unknown) => {
      if (typeof listener !== 'function')
        throw new TypeError(`${channel}: a listener function is required`);
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(bridge);
}

contextBridge.exposeInMainWorld(BRIDGE_NAME, createBridge(ipcRenderer));
