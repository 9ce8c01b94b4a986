import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../shared/security/contentSecurityPolicy';
import { createAppProtocolHandler, EphemeralPages } from '../protocol/appProtocol';
import { PRINT_WINDOW_OPTIONS, renderPdf, type PrintWindowLike } from './pdfRenderer';

const REPORT = '<!doctype html><meta charset="utf-8"><title>Report</title><h1>Web shop</h1>';

/** A print window that loads its page through the real protocol handler. */
function fakeWindow(pages: EphemeralPages, failPrint = false) {
  const serve = createAppProtocolHandler('/nonexistent', undefined, pages);
  const loaded: { url: string; status: number; body: string; csp: string | null }[] = [];
  const guards: string[] = [];
  const window: PrintWindowLike & { destroyed: boolean } = {
    destroyed: false,
    webContents: {
      on: (event: string) => void guards.push(event),
      setWindowOpenHandler: () => void guards.push('window-open'),
      session: {
        setPermissionRequestHandler: () => void guards.push('permission-request'),
        setPermissionCheckHandler: () => void guards.push('permission-check'),
      },
      printToPDF: async (options) => {
        expect(options).toMatchObject({ printBackground: true, preferCSSPageSize: true });
        if (failPrint) throw new Error('printing failed');
        return Buffer.from('%PDF-1.7 …');
      },
    } as PrintWindowLike['webContents'],
    loadURL: async (url) => {
      const response = await serve(new Request(url));
      loaded.push({
        url,
        status: response.status,
        body: await response.text(),
        csp: response.headers.get('Content-Security-Policy'),
      });
    },
    destroy: () => {
      window.destroyed = true;
    },
  };
  return { window, loaded, guards };
}

describe('printing the report to PDF', () => {
  it('loads the report from app:// in a scriptless window and returns the PDF bytes', async () => {
    const pages = new EphemeralPages();
    const { window, loaded, guards } = fakeWindow(pages);
    const created: unknown[] = [];
    const BrowserWindow = function (options: unknown) {
      created.push(options);
      return window;
    } as unknown as new () => PrintWindowLike;
    const pdf = await renderPdf(REPORT, { BrowserWindow, pages });
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/^%PDF-/);
    expect(created).toEqual([PRINT_WINDOW_OPTIONS]);
    expect(PRINT_WINDOW_OPTIONS.webPreferences).toMatchObject({
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(PRINT_WINDOW_OPTIONS.webPreferences).not.toHaveProperty('preload');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.url).toMatch(/^app:\/\/gatehouse\/__print\/[0-9a-f]{32}\.html$/);
    expect(loaded[0]!.status).toBe(200);
    expect(loaded[0]!.body).toBe(REPORT);
    expect(loaded[0]!.csp).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(guards).toEqual(
      expect.arrayContaining(['will-navigate', 'window-open', 'permission-request']),
    );
    // Afterwards the page is gone and the window destroyed.
    expect(
      (await createAppProtocolHandler('/x', undefined, pages)(new Request(loaded[0]!.url))).status,
    ).toBe(404);
    expect(window.destroyed).toBe(true);
  });

  it('cleans up when printing fails', async () => {
    const pages = new EphemeralPages();
    const { window, loaded } = fakeWindow(pages, true);
    const BrowserWindow = function () {
      return window;
    } as unknown as new () => PrintWindowLike;
    await expect(renderPdf(REPORT, { BrowserWindow, pages })).rejects.toThrow('printing failed');
    expect(window.destroyed).toBe(true);
    expect(pages.get(new URL(loaded[0]!.url).pathname)).toBeUndefined();
  });

  it('serves no in-memory page that was never put', async () => {
    const handler = createAppProtocolHandler('/x', undefined, new EphemeralPages());
    expect((await handler(new Request('app://gatehouse/__print/0123.html'))).status).toBe(404);
    expect(
      (await createAppProtocolHandler('/x')(new Request('app://gatehouse/__print/a.html'))).status,
    ).toBe(404);
  });
});
