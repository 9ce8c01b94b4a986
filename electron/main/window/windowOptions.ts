/**
 * The options of the app's window: every security-relevant web preference spelled out, even
 * where it is Electron's default, so a change of default or a careless edit shows in review and
 * fails the checklist test (electron/main/window/windowOptions.test.ts).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './windowState';

export interface WindowOptionsInput {
  /** The bundled preload (`dist/electron/preload.cjs`), absolute. */
  preloadPath: string;
  /** Where the window was last time, already fitted to a display; null on first start. */
  bounds: WindowBounds | null;
  /** Background while the page loads, matching the theme (no white flash in dark mode). */
  backgroundColor: string;
  /** Developer tools: unpackaged builds only. */
  devTools: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const bounds = input.bounds ?? DEFAULT_WINDOW_SIZE;
  return {
    ...bounds,
    minWidth: 800,
    minHeight: 520,
    title: 'Gatehouse',
    // Shown once the first frame is ready (no blank window on start).
    show: false,
    backgroundColor: input.backgroundColor,
    webPreferences: {
      preload: input.preloadPath,
      // The renderer runs untrusted model content: isolate it from the preload and from Node.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click must not open a link in a new window (Electronegativity: AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
      // A dropped file is read by the page as content; it must never navigate the window to it.
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker downloads dictionaries on Windows and Linux; the app makes no
      // network request of its own (docs/security.md).
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
