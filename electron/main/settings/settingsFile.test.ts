import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSettingsStore,
  DEFAULT_SETTINGS,
  MAX_SETTINGS_BYTES,
  nodeSettingsFs,
  type SettingsFs,
} from './settingsFile';

let folder: string;
let path: string;
const logs: string[] = [];
const options = (fs: SettingsFs = nodeSettingsFs) => ({
  path,
  fs,
  now: () => new Date('2026-11-30T12:00:00Z'),
  log: (message: string) => logs.push(message),
});

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-settings-'));
  path = join(folder, 'settings.json');
  logs.length = 0;
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the settings file', () => {
  it('starts from defaults and writes a versioned file on the first change', () => {
    const store = createSettingsStore(options());
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.update((s) => ({ ...s, app: { ...s.app, theme: 'dark' }, recentFiles: ['/m/a.json'] }));
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toMatchObject({
      schemaVersion: 2,
      app: { theme: 'dark' },
      recentFiles: ['/m/a.json'],
    });
    // A new store reads back what the last one wrote.
    expect(createSettingsStore(options()).get().app.theme).toBe('dark');
  });

  it('refuses a change that breaks the schema and keeps the previous settings', () => {
    const store = createSettingsStore(options());
    expect(() =>
      store.update((s) => ({ ...s, recentFiles: Array.from({ length: 11 }, (_, i) => `/f${i}`) })),
    ).toThrow();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,'],
    ['a wrong type', JSON.stringify({ ...DEFAULT_SETTINGS, app: { theme: 'purple' } })],
    ['an unknown key', JSON.stringify({ ...DEFAULT_SETTINGS, nodeIntegration: true })],
    ['an array', '[]'],
    ['too large', `{"x":"${'a'.repeat(MAX_SETTINGS_BYTES)}"}`],
  ])('sets aside a damaged file (%s) and starts from defaults', (_name, text) => {
    writeFileSync(path, text);
    const store = createSettingsStore(options());
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.readOnly).toBe(false);
    const files = readdirSync(folder);
    expect(files).toContain('settings.json.damaged-2026-11-30T12-00-00-000Z');
    expect(
      readFileSync(join(folder, 'settings.json.damaged-2026-11-30T12-00-00-000Z'), 'utf8'),
    ).toBe(text);
    expect(logs.length).toBeGreaterThan(0);
  });

  it('never writes over a file from a newer version', () => {
    const newer = JSON.stringify({ schemaVersion: 3, something: 'new' });
    writeFileSync(path, newer);
    const store = createSettingsStore(options());
    expect(store.readOnly).toBe(true);
    store.update((s) => ({ ...s, app: { ...s.app, theme: 'light' } }));
    expect(store.get().app.theme).toBe('light');
    expect(readFileSync(path, 'utf8')).toBe(newer);
  });

  it('migrates a version-1 file: link confirmation moves out of `app` and is on again', () => {
    // Fixture: a version-1 file as Gatehouse wrote it, with a `false` the renderer could have set.
    const version1 = {
      schemaVersion: 1,
      app: { theme: 'dark', confirmExternalLinks: false },
      window: { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true },
      recentFiles: ['/models/shop.gatehouse.json'],
      jira: { connection: { kind: 'cloud', baseUrl: 'https://acme.atlassian.net' } },
    };
    writeFileSync(path, JSON.stringify(version1));
    const store = createSettingsStore(options());
    expect(store.get()).toEqual({
      schemaVersion: 2,
      app: { theme: 'dark' },
      window: version1.window,
      recentFiles: version1.recentFiles,
      confirmExternalLinks: true,
      jira: version1.jira,
    });
    expect(readdirSync(folder)).toEqual(['settings.json']);
    expect(logs).toEqual([]);
    store.update((s) => s);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      schemaVersion: 2,
      app: { theme: 'dark' },
      confirmExternalLinks: true,
    });
  });

  it('keeps settings in memory when the disk refuses the write', () => {
    const failing: SettingsFs = {
      ...nodeSettingsFs,
      writeAtomic: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const store = createSettingsStore(options(failing));
    store.update((s) => ({ ...s, app: { ...s.app, theme: 'dark' } }));
    expect(store.get().app.theme).toBe('dark');
    expect(logs.at(-1)).toContain('ENOSPC');
  });
});

describe('the Jira connection in the settings file', () => {
  it('keeps only what the Jira store validates, and forgets it', async () => {
    const { jiraConnectionsInSettings } = await import('./jiraConnectionsInSettings');
    const store = createSettingsStore(options());
    const connections = jiraConnectionsInSettings(store);
    expect(await connections.load()).toBeNull();
    const stored = {
      connection: { kind: 'data-center' as const, baseUrl: 'https://jira.acme.io' },
      tokenCiphertext: 'c2VhbGVk',
    };
    await connections.save(stored);
    expect(JSON.parse(readFileSync(path, 'utf8')).jira).toEqual(stored);
    expect(await createSettingsStore(options()).get().jira).toEqual(stored);
    expect(await jiraConnectionsInSettings(createSettingsStore(options())).load()).toEqual(stored);
    // A hand-edited entry (a token in clear, say) reads as no connection.
    store.update((s) => ({ ...s, jira: { connection: stored.connection, token: 'secret' } }));
    expect(await connections.load()).toBeNull();
    await connections.clear();
    expect(JSON.parse(readFileSync(path, 'utf8')).jira).toBeNull();
  });
});
