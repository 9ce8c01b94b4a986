/**
 * The `app://gatehouse` scheme that serves the built renderer. A fixed origin (not `file://`)
 * gives the page its own storage partition and lets the CSP say `'self'`; the scheme must be
 * registered as privileged (standard, secure) before `ready`, or IndexedDB and `fetch` do not work
 * on it (ARCHITECTURE.md, Electron faults that only show on a real machine).
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { APP_HOST, APP_SCHEME } from '../../../shared/ipc/channelNames';
import { SECURITY_HEADERS } from '../../../shared/security/contentSecurityPolicy';

/** The privileges of the app scheme, as `protocol.registerSchemesAsPrivileged` takes them. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    // The code cache makes the second start faster; it is keyed by this fixed origin.
    codeCache: true,
    // No `bypassCSP`, no `corsEnabled`, no `allowServiceWorkers`, no `stream`: nothing needs them.
  },
} as const;

/** The parts of Electron's `protocol` module this file uses. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: Record<string, boolean> }[],
  ): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before `app.whenReady()` resolves: Electron ignores later registrations. */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } },
  ]);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The file under `rootDir` that a request path names, or null when the path is not a plain
 * relative file name: encoded separators, dot segments, drive letters, NUL and backslashes are
 * refused outright rather than normalized, so no spelling can climb out of the folder.
 */
export function resolveAppPath(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  if (!decoded.startsWith('/')) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (/[\\:\0]/.test(segment)) return null;
  }
  const root = resolve(rootDir);
  const target = resolve(join(root, ...segments));
  const inside = relative(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return target;
}

/** Reads files for the handler; injectable so tests can count reads. */
export interface AppFileReader {
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  realpath(path: string): Promise<string>;
}

const nodeReader: AppFileReader = { readFile, realpath };

/** Where pages that exist only in memory are served (the HTML report being printed to PDF). */
export const EPHEMERAL_PREFIX = '/__print/';

/**
 * Pages held in memory under unguessable names while they are printed: the report is printed
 * from the app's own origin (so the app's CSP applies) without writing it to disk or into a
 * `data:` URL (which Chromium limits in size).
 */
export class EphemeralPages {
  private readonly pages = new Map<string, string>();

  /** Keeps `html` and returns its path (`/__print/<name>.html`). */
  put(html: string, name: string): string {
    const path = `${EPHEMERAL_PREFIX}${name}.html`;
    this.pages.set(path, html);
    return path;
  }

  get(path: string): string | undefined {
    return this.pages.get(path);
  }

  remove(path: string): void {
    this.pages.delete(path);
  }
}

/**
 * The handler for `protocol.handle(APP_SCHEME, …)`: GET only, host `gatehouse` only, files under
 * `rootDir` only (a symbolic link pointing outside is refused too) or a page held in
 * `ephemeralPages`, every response with the app's security headers — the CSP comes from here in
 * the desktop app.
 */
export function createAppProtocolHandler(
  rootDir: string,
  reader: AppFileReader = nodeReader,
  ephemeralPages?: EphemeralPages,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed');
    if (!URL.canParse(request.url)) return plain(400, 'Bad request');
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
    if (url.pathname.startsWith(EPHEMERAL_PREFIX)) {
      const page = ephemeralPages?.get(url.pathname);
      if (page === undefined) return plain(404, 'Not found');
      return new Response(request.method === 'HEAD' ? null : page, {
        status: 200,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
        },
      });
    }
    const path = resolveAppPath(rootDir, url.pathname);
    if (!path) return plain(404, 'Not found');
    let body: Uint8Array<ArrayBuffer>;
    try {
      const real = await reader.realpath(path);
      const realRoot = await reader.realpath(resolve(rootDir));
      if (real !== realRoot && !real.startsWith(realRoot + sep)) return plain(404, 'Not found');
      body = await reader.readFile(real);
    } catch {
      return plain(404, 'Not found');
    }
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  };
}
