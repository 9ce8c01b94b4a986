/**
 * The HTML report as PDF (PRODUCT.md, "Interop and reports": Electron `printToPDF`). The report is
 * loaded into a hidden window that cannot run script, has no preload and no Node, and gets the
 * same navigation and permission guards as the app's window; it is served from the app's origin
 * as an in-memory page, so the app's CSP applies on top of the report's own.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from '../../../shared/ipc/channelNames';
import type { HandlersOf } from '../ipc/handlerTypes';
import type { EphemeralPages } from '../protocol/appProtocol';
import { hardenWebContents, type HardenableContents } from '../window/hardenWebContents';

/** The parts of a `BrowserWindow` the renderer uses. */
export interface PrintWindowLike {
  readonly webContents: HardenableContents & {
    printToPDF(options: Record<string, unknown>): Promise<Uint8Array>;
  };
  loadURL(url: string): Promise<void>;
  destroy(): void;
}

/** The options of the hidden print window (tested: no script, no preload, sandboxed). */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 1024,
  height: 768,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
    devTools: false,
    // As in the app's window: a middle click never opens a window (Electronegativity: AUXCLICK).
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
  },
};

export interface PdfRendererDeps {
  /** Electron's `BrowserWindow` (a fake in tests), given the options above. */
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => PrintWindowLike;
  pages: EphemeralPages;
}

/** Prints `html` to PDF bytes; the window and the in-memory page are gone afterwards. */
export async function renderPdf(
  html: string,
  deps: PdfRendererDeps,
): Promise<Uint8Array<ArrayBuffer>> {
  const path = deps.pages.put(html, randomBytes(16).toString('hex'));
  const window = new deps.BrowserWindow(PRINT_WINDOW_OPTIONS);
  try {
    // Nothing in a report may navigate or ask for anything; links stay where they are.
    hardenWebContents(window.webContents, { origin: APP_ORIGIN, offerExternalLink: () => {} });
    await window.loadURL(`${APP_ORIGIN}${path}`);
    const pdf = await window.webContents.printToPDF({
      printBackground: true,
      preferCSSPageSize: true,
      generateDocumentOutline: true,
    });
    return new Uint8Array(pdf);
  } finally {
    deps.pages.remove(path);
    window.destroy();
  }
}

/** The `report:` handlers. */
export function createReportHandlers(deps: PdfRendererDeps): HandlersOf<'report:renderPdf'> {
  return {
    'report:renderPdf': async ({ html }) => ({ pdf: await renderPdf(html, deps) }),
  };
}
