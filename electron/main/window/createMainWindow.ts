/**
 * The window factory: options from `windowOptions.ts`, guards from `hardenWebContents.ts`, the
 * remembered place, the page from `app://gatehouse`, and the question before a window with
 * unsaved changes closes. Electron's classes are passed in, so the checklist test drives this very
 * function with a mocked `BrowserWindow` and reads the options it received.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { MenuCommandEvent } from '../../../shared/ipc/appChannels';
import { APP_ORIGIN } from '../../../shared/ipc/channelNames';
import { hardenWebContents, type HardenableContents } from './hardenWebContents';
import { mainWindowOptions } from './windowOptions';
import type { WindowBounds, WindowState } from './windowState';

/** The answer to "save changes before closing?". */
export type CloseChoice = 'save' | 'discard' | 'cancel';

/** What the window shows in its title and asks about on close (`app:setDocumentState`). */
export interface DocumentState {
  title: string;
  dirty: boolean;
}

export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  preloadPath: string;
  /** The remembered place, fitted to today's displays, or null. */
  restoredState: { bounds: WindowBounds | null; maximized: boolean };
  backgroundColor: string;
  /** Developer tools only in unpackaged builds. */
  devTools: boolean;
  offerExternalLink(url: string): void;
  /** Persists the window's place when it closes. */
  saveWindowState(state: WindowState): void;
  /** Asks the person about unsaved changes (a main-process message box on this window). */
  askBeforeClosing(window: BrowserWindow, title: string): Promise<CloseChoice>;
  /** Sends a menu command to this window's renderer (`menu:command`). */
  sendCommand(window: BrowserWindow, command: MenuCommandEvent): void;
  /** The person cancelled closing (or quitting): a pending quit is off. */
  onCloseCancelled(): void;
  /** Where a failure that must not stop the window from closing is written. */
  log(message: string, error: unknown): void;
}

/** A window and the per-window state main keeps for it. */
export interface MainWindow {
  readonly window: BrowserWindow;
  setDocumentState(state: DocumentState): void;
  /** Closes without asking (the renderer saved, or the person chose not to). */
  closeWithoutAsking(): void;
  /**
   * Sends a menu command now if the renderer listens (`window:ready` came), otherwise when it
   * does: commands that open a window, or a file the OS asked to open, are never dropped.
   */
  send(command: MenuCommandEvent): void;
  /** The renderer called `window:ready`: deliver what waited. */
  markReady(): void;
}

export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function createMainWindow(deps: MainWindowDeps): MainWindow {
  const window = new deps.BrowserWindow(
    mainWindowOptions({
      preloadPath: deps.preloadPath,
      bounds: deps.restoredState.bounds,
      backgroundColor: deps.backgroundColor,
      devTools: deps.devTools,
    }),
  );
  hardenWebContents(window.webContents as unknown as HardenableContents, {
    origin: APP_ORIGIN,
    offerExternalLink: deps.offerExternalLink,
  });
  // Maximizing a hidden window shows it at once (Electron documents this): wait for the first
  // frame, as for showing.
  window.once('ready-to-show', () => {
    if (deps.restoredState.maximized) window.maximize();
    window.show();
  });

  let documentState: DocumentState = { title: 'Gatehouse', dirty: false };
  let closeAllowed = false;
  let asking = false;
  let ready = false;
  const waiting: MenuCommandEvent[] = [];

  window.on('close', (event) => {
    // Remembering the place must never stop the question below from being asked.
    try {
      const normal = !window.isMaximized() && !window.isMinimized();
      deps.saveWindowState({
        bounds: normal ? window.getBounds() : window.getNormalBounds(),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      deps.log('The window place could not be remembered', error);
    }
    if (closeAllowed || !documentState.dirty) return;
    // Electron needs the decision now; ask asynchronously and close again if allowed.
    event.preventDefault();
    if (asking) return;
    asking = true;
    void deps.askBeforeClosing(window, documentState.title).then((choice) => {
      asking = false;
      if (choice === 'discard') {
        closeAllowed = true;
        window.close();
      } else if (choice === 'save') {
        deps.sendCommand(window, { command: 'saveAndClose' });
      } else {
        deps.onCloseCancelled();
      }
    });
  });

  void window.loadURL(APP_ENTRY_URL);

  return {
    window,
    setDocumentState(state) {
      documentState = state;
      window.setTitle(state.title ? `${state.title} — Gatehouse` : 'Gatehouse');
      // macOS shows unsaved changes as a dot in the close button.
      window.setDocumentEdited(state.dirty);
    },
    closeWithoutAsking() {
      closeAllowed = true;
      window.close();
    },
    send(command) {
      if (ready) deps.sendCommand(window, command);
      else waiting.push(command);
    },
    markReady() {
      ready = true;
      for (const command of waiting.splice(0)) deps.sendCommand(window, command);
    },
  };
}
