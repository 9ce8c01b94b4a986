/**
 * The desktop app's main process: the composition root. Everything with logic lives in the
 * modules it wires (window, protocol, IPC, files, settings, menus, Jira); this file only connects
 * them to Electron. Order matters and is tested (`main.test.ts`): the app scheme is registered as
 * privileged at import, before `ready`, and a second instance hands its file to the first.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  protocol,
  safeStorage,
  screen,
  shell,
  type WebContents,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from '../../shared/ipc/channelNames';
import type { MenuCommand } from '../../shared/ipc/appChannels';
import { createAppHandlers } from './appHandlers';
import { createFileService } from './files/fileService';
import { createHandlerTable } from './handlerTable';
import { registerIpcHandlers, sendEvent } from './ipc/ipcServer';
import { jiraConnectionsInSettings } from './settings/jiraConnectionsInSettings';
import { createJiraHandlers } from './jira/jiraHandlers';
import { buildAppMenu, type MenuOs } from './menu/appMenu';
import {
  createAppProtocolHandler,
  EphemeralPages,
  registerAppScheme,
} from './protocol/appProtocol';
import { createReportHandlers, type PdfRendererDeps } from './report/pdfRenderer';
import { createSecretStore } from './secrets/secretStore';
import { createSettingsStore, nodeSettingsFs } from './settings/settingsFile';
import { createMainWindow, type CloseChoice, type MainWindow } from './window/createMainWindow';
import { openExternalLink } from './window/externalLinks';
import { fitToDisplays } from './window/windowState';

/** Injected by scripts/buildElectron.mjs from package.json. */
declare const __GATEHOUSE_VERSION__: string | undefined;
const VERSION = typeof __GATEHOUSE_VERSION__ === 'string' ? __GATEHOUSE_VERSION__ : '0.0.0-dev';

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = join(here, 'preload.cjs');
const RENDERER_ROOT = join(here, '..', 'renderer');
const OS: MenuOs = ['darwin', 'win32', 'linux'].includes(process.platform)
  ? (process.platform as MenuOs)
  : 'other';

// Before `ready`, or IndexedDB and fetch do not work on app:// (ARCHITECTURE.md).
registerAppScheme(protocol);

/** Model paths the operating system handed over (file association, command line). */
function modelPathsIn(argv: readonly string[]): string[] {
  return argv.slice(1).filter((argument) => /\.json$/i.test(argument) && !argument.startsWith('-'));
}

/** Files macOS asked to open before a window existed. */
const pendingPaths: string[] = [...modelPathsIn(process.argv)];

if (!app.requestSingleInstanceLock()) {
  // Another Gatehouse runs: it receives our arguments through `second-instance`.
  app.quit();
} else {
  app.on('open-file', (event, path) => {
    event.preventDefault();
    pendingPaths.push(path);
    if (app.isReady()) openPendingPaths();
  });
  app.on('second-instance', (_event, argv) => {
    pendingPaths.push(...modelPathsIn(argv));
    const window = focusedOrFirstWindow();
    if (window) {
      if (window.window.isMinimized()) window.window.restore();
      window.window.focus();
    }
    openPendingPaths();
  });
  app.on('web-contents-created', (_event, contents) => {
    // Defence in depth for any web contents, including ones the app never means to create.
    contents.on('will-attach-webview', (attachEvent) => attachEvent.preventDefault());
  });
  void app.whenReady().then(start);
}

const windows = new Map<number, MainWindow>();
let quitting = false;
let openPendingPaths: () => void = () => {};

function focusedOrFirstWindow(): MainWindow | undefined {
  const focused = BrowserWindow.getFocusedWindow();
  const byFocus = focused ? windows.get(focused.webContents.id) : undefined;
  return byFocus ?? windows.values().next().value;
}

/** Menus, dialogs and the window frame follow the app's theme (`auto` follows the system). */
function applyNativeTheme(theme: 'auto' | 'light' | 'dark'): void {
  nativeTheme.themeSource = theme === 'auto' ? 'system' : theme;
}

function log(message: string, error?: unknown): void {
  console.error(`[gatehouse] ${message}`, error instanceof Error ? error.message : (error ?? ''));
}

function start(): void {
  const userData = app.getPath('userData');
  const settings = createSettingsStore({
    path: join(userData, 'settings.json'),
    fs: nodeSettingsFs,
    now: () => new Date(),
    log,
  });
  applyNativeTheme(settings.get().app.theme);
  const printPages = new EphemeralPages();
  protocol.handle('app', createAppProtocolHandler(RENDERER_ROOT, undefined, printPages));

  /**
   * A menu command for the focused window; with no window open (macOS keeps the app running
   * without one) a window opens and gets the command once its renderer listens.
   */
  const sendCommand = (command: MenuCommand, recentId?: string) => {
    const target = focusedOrFirstWindow() ?? openWindow();
    target.send(recentId ? { command, recentId } : { command });
  };

  const files = createFileService({
    dialogs: {
      showOpenDialog: (windowId, options) => {
        const owner = windows.get(windowId)?.window;
        return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
      },
      showSaveDialog: (windowId, options) => {
        const owner = windows.get(windowId)?.window;
        return owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options);
      },
    },
    userDataPath: userData,
    defaultFolder: app.getPath('documents'),
    warn: (message) => log(message),
    recentStore: {
      load: () => settings.get().recentFiles,
      save: (paths) => {
        settings.update((current) => ({ ...current, recentFiles: paths }));
        refreshMenu();
      },
    },
  });

  const offerExternalLink = (url: string, windowId?: number) =>
    openExternalLink(url, {
      shouldConfirm: () => settings.get().confirmExternalLinks,
      openExternal: (href) => shell.openExternal(href),
      confirm: async (href) => {
        const owner = windowId === undefined ? undefined : windows.get(windowId)?.window;
        const options = {
          type: 'question' as const,
          buttons: ['Open in Browser', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: 'Open this link in your web browser?',
          detail: href,
        };
        const answer = owner
          ? await dialog.showMessageBox(owner, options)
          : await dialog.showMessageBox(options);
        return answer.response === 0;
      },
    });

  const handlers = createHandlerTable({
    app: createAppHandlers({
      version: VERSION,
      os: OS,
      windowFor: (id) => windows.get(id),
      settings,
      openExternal: offerExternalLink,
      applyTheme: applyNativeTheme,
      onWindowClosedAfterSave: () => {
        // macOS: a quit that waited for this window's save goes on once no window is left.
        if (quitting && windows.size <= 1) app.quit();
      },
    }),
    files: files.handlers,
    report: createReportHandlers({
      BrowserWindow: BrowserWindow as unknown as PdfRendererDeps['BrowserWindow'],
      pages: printPages,
    }),
    jira: createJiraHandlers({
      connections: jiraConnectionsInSettings(settings),
      secrets: createSecretStore(safeStorage),
      // Chromium's network stack, not Node's fetch: it honours the system proxy (PAC, WPAD,
      // authenticating proxies) and the operating system's certificate store, which company
      // Jira servers behind an internal CA or TLS inspection need (NODE_EXTRA_CA_CERTS is off by
      // the NODE_OPTIONS fuse). No cookies ride along.
      fetch: (input, init) => net.fetch(input, { ...init, credentials: 'omit' }),
      // Request lines only; the client never puts credentials in them.
      log: (line) => console.info(`[gatehouse] jira ${line}`),
    }),
  });
  registerIpcHandlers(ipcMain, handlers, {
    origin: APP_ORIGIN,
    isAppWindow: (sender) => windows.has(sender.id),
    logError: log,
  });

  function refreshMenu(): void {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildAppMenu({
          os: OS,
          appName: 'Gatehouse',
          recentFiles: files.listRecent(),
          send: sendCommand,
          showAbout,
          clearRecentFiles: () => files.clearRecent(),
          isDevelopment: !app.isPackaged,
        }),
      ),
    );
  }

  function showAbout(): void {
    const owner = focusedOrFirstWindow()?.window;
    const options = {
      type: 'info' as const,
      message: `Gatehouse ${VERSION}`,
      detail:
        'Threat modeling and security planning.\nOWASP ASVS data: CC BY-SA 4.0. CWE and CAPEC: The MITRE Corporation.',
      buttons: ['OK'],
    };
    void (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options));
  }

  function openWindow(): MainWindow {
    const remembered = settings.get().window;
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const created = createMainWindow({
      BrowserWindow,
      preloadPath: PRELOAD_PATH,
      restoredState: {
        bounds: remembered ? fitToDisplays(remembered.bounds, workAreas) : null,
        maximized: remembered?.maximized ?? false,
      },
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
      offerExternalLink: (url) => void offerExternalLink(url),
      saveWindowState: (state) => settings.update((current) => ({ ...current, window: state })),
      askBeforeClosing: async (window, title): Promise<CloseChoice> => {
        const answer = await dialog.showMessageBox(window, {
          type: 'warning',
          buttons: ['Save', "Don't Save", 'Cancel'],
          defaultId: 0,
          cancelId: 2,
          message: `Save the changes to ${title || 'this model'} before closing?`,
          detail: "Unsaved changes stay in Gatehouse's recovery store, but not in your file.",
        });
        return (['save', 'discard', 'cancel'] as const)[answer.response] ?? 'cancel';
      },
      sendCommand: (window, command) => sendEvent(window.webContents, 'menu:command', command),
      onCloseCancelled: () => {
        quitting = false;
      },
      log,
      devTools: !app.isPackaged,
    });
    const contents: WebContents = created.window.webContents;
    const id = contents.id;
    windows.set(id, created);
    created.window.on('closed', () => {
      windows.delete(id);
      files.forgetWindow(id);
    });
    return created;
  }

  // Files the OS handed over go to a window as soon as its renderer listens (window:ready); with
  // no window open, one opens for them.
  openPendingPaths = () => {
    for (const path of pendingPaths.splice(0)) {
      const recentId = files.grantFromOs(path);
      if (recentId) sendCommand('openRecent', recentId);
    }
  };

  refreshMenu();
  openWindow();
  openPendingPaths();

  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock without windows, unless the person is quitting.
    if (OS !== 'darwin' || quitting) app.quit();
  });
}
