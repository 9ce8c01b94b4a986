/**
 * The handlers of the `app:`, `window:` and `settings:` channels: the shell's facts, the
 * window's title and unsaved state, links to the system browser, and the preferences the
 * renderer may read and change.
 */
import { IpcFailure } from '../../shared/ipc/envelope';
import type { AppSettings } from '../../shared/ipc/settingsChannels';
import type { HandlersOf } from './ipc/handlerTypes';
import type { SettingsStore } from './settings/settingsFile';
import type { MainWindow } from './window/createMainWindow';

export interface AppHandlerDeps {
  version: string;
  os: 'darwin' | 'win32' | 'linux' | 'other';
  /** The app's window with this web contents ID, if it is one. */
  windowFor(windowId: number): MainWindow | undefined;
  settings: SettingsStore;
  /** Confirms (per the settings) and opens an http(s) link; false when declined or refused. */
  openExternal(url: string, windowId: number): Promise<boolean>;
  /** Applies the theme to native parts (menus, dialogs, the window frame). */
  applyTheme(theme: AppSettings['theme']): void;
  /** A window closed after its renderer saved: continue a quit that was waiting for it. */
  onWindowClosedAfterSave(): void;
}

export type AppChannel =
  | 'app:info'
  | 'app:setDocumentState'
  | 'app:openExternal'
  | 'window:close'
  | 'window:ready'
  | 'settings:get'
  | 'settings:update';

export function createAppHandlers(deps: AppHandlerDeps): HandlersOf<AppChannel> {
  const windowOf = (windowId: number): MainWindow => {
    const window = deps.windowFor(windowId);
    if (!window) throw new IpcFailure('forbidden-sender');
    return window;
  };
  return {
    'app:info': () => ({ version: deps.version, os: deps.os }),
    'app:setDocumentState': (request, context) => {
      windowOf(context.windowId).setDocumentState(request);
      return {};
    },
    'app:openExternal': async (request, context) => ({
      opened: await deps.openExternal(request.url, context.windowId),
    }),
    'window:close': (_request, context) => {
      windowOf(context.windowId).closeWithoutAsking();
      deps.onWindowClosedAfterSave();
      return {};
    },
    'window:ready': (_request, context) => {
      windowOf(context.windowId).markReady();
      return {};
    },
    'settings:get': () => deps.settings.get().app,
    'settings:update': (request) => {
      const next = deps.settings.update((current) => ({
        ...current,
        app: { ...current.app, ...request.patch },
      }));
      if (request.patch.theme) deps.applyTheme(next.app.theme);
      return next.app;
    },
  };
}
