/**
 * What the app's web contents may not do: navigate away, open windows, attach webviews, or get
 * any permission (camera, notifications, clipboard-read …). Links the person clicks open in the
 * system browser, http and https only, after a confirmation (`externalLinks.ts`).
 */
import { originOf } from '../ipc/ipcServer';

/** The parts of `WebContents` this file uses. */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void; url: string }, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: SessionLike;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler?(handler: () => boolean): void;
}

export interface HardeningOptions {
  /** The app's origin: navigation within it (a reload) is allowed, nothing else. */
  origin: string;
  /** Offers an http(s) link to the person (`openExternalLink`); never awaited here. */
  offerExternalLink(url: string): void;
}

/** Installs every guard; call once per window, before its page loads. */
export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (originOf(url) === options.origin) return;
    event.preventDefault();
    options.offerExternalLink(url);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.setWindowOpenHandler(({ url }) => {
    options.offerExternalLink(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Gatehouse needs no device, sensor, notification or clipboard-read permission.
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  contents.session.setPermissionCheckHandler(() => false);
  contents.session.setDevicePermissionHandler?.(() => false);
}
