/**
 * The names of every IPC channel, `domain:verb`, with no schemas attached: the sandboxed preload
 * bundles this file alone, so it stays free of zod (`channels.ts` pairs each name with its
 * schemas, and the compiler keeps both lists equal).
 */

/** Renderer → main requests, answered with a result envelope (`ipcRenderer.invoke`). */
export const INVOKE_CHANNELS = [
  'app:info',
  'app:setDocumentState',
  'app:openExternal',
  'window:close',
  'window:ready',
  'file:open',
  'file:openRecent',
  'file:listRecent',
  'file:save',
  'file:import',
  'file:export',
  'report:renderPdf',
  'settings:get',
  'settings:update',
  'jira:getConnection',
  'jira:saveConnection',
  'jira:forgetConnection',
  'jira:testConnection',
  'jira:preview',
  'jira:push',
] as const;

/** Main → renderer notifications (`webContents.send`), each validated by the renderer. */
export const EVENT_CHANNELS = ['menu:command', 'jira:progress'] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];
export type IpcChannel = InvokeChannel | EventChannel;

/** The fixed origin the renderer is served from in the desktop app (`app://gatehouse`). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The name of the bridge object the preload puts on `window`. */
export const BRIDGE_NAME = 'gatehouse';
