import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../shared/security/contentSecurityPolicy';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  registerAppScheme,
  resolveAppPath,
} from './appProtocol';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gatehouse-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') =>
  createAppProtocolHandler(root)(new Request(url, { method }));

describe('the app:// protocol handler', () => {
  it('serves the page with the strict Content-Security-Policy and the other security headers', async () => {
    const response = await get('app://gatehouse/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Gatehouse</title>');
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('Content-Security-Policy')!;
    expect(policy).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('serves assets with their media type', async () => {
    const response = await get('app://gatehouse/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it.each([
    'app://gatehouse/../secret.txt',
    'app://gatehouse/%2e%2e/secret.txt',
    'app://gatehouse/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://gatehouse/assets/..%5c..%5csecret.txt',
    'app://gatehouse/%2fetc%2fpasswd',
    'app://gatehouse/assets/link.txt',
    'app://gatehouse/C:%5cWindows%5cwin.ini',
    'app://gatehouse/index.html%00.js',
    'app://gatehouse/%E0%A4%A',
    'app://gatehouse/missing.js',
    'app://elsewhere/index.html',
  ])('refuses %s without reading outside the folder', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://gatehouse/index.html', 'POST')).status).toBe(405);
    const head = await get('app://gatehouse/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveAppPath', () => {
  it('maps plain paths inside the folder and nothing else', () => {
    expect(resolveAppPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveAppPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    for (const bad of [
      '/..',
      '/a/../../b',
      '//etc/passwd',
      '/a/./b',
      '/a\\b',
      '/%2e%2e/x',
      '/a%00',
    ]) {
      expect(resolveAppPath('/srv/app', bad)).toBeNull();
    }
  });
});

describe('registerAppScheme', () => {
  it('registers app:// as standard and secure, without bypassing the CSP', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });
});
