// No Electron binary can be downloaded here, so `npm run dist` cannot run: this test checks the
// packaging configuration instead — against app-builder-lib's own JSON schema (the one
// electron-builder validates with) and for the security-relevant choices of docs/security.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const configFile = 'build/electron-builder.yml';
const config = parseYaml(readFileSync(configFile, 'utf8')) as Record<string, unknown> & {
  files: string[];
  directories: { buildResources: string; output: string };
  electronFuses: Record<string, boolean>;
  fileAssociations: Record<string, unknown>[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
};
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function validator() {
  const schema = JSON.parse(
    readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8'),
  ) as object;
  // The schema is generated from TypeScript types and uses a few keywords Ajv's strict mode
  // does not know; the structural rules (types, enums, additionalProperties) are what matter.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string) {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the electron-builder configuration', () => {
  it("is valid against app-builder-lib's schema", () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('would be caught by the schema if a fuse name were misspelt', () => {
    // Guards the test above: a fuse under a wrong name would be silently ignored by the build.
    const validate = validator();
    const misspelt = {
      ...config,
      electronFuses: { ...config.electronFuses, runAsnode: false },
    };
    expect(validate(misspelt)).toBe(false);
  });

  it('turns off running as Node, NODE_OPTIONS and the inspector, and pins the app to its asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    // Publishing is a reviewed, manual step, never a side effect of a build with a token around.
    expect(config.publish).toBeNull();
  });

  it('builds AppImage and deb for Linux, nsis for Windows and dmg for macOS', () => {
    expect(config.appId).toBe('dev.gatehouse.app');
    expect(config.productName).toBe('Gatehouse');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    // deb refuses to build without a maintainer; package.json has no author to fall back on.
    expect(config.linux).toHaveProperty('maintainer');
  });

  it('associates *.gatehouse.json files with the app as their editor', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'gatehouse.json',
        role: 'Editor',
        mimeType: 'application/vnd.gatehouse.model+json',
      }),
    ]);
    const [association] = config.fileAssociations;
    // The name is also the Windows ProgID, where spaces are not allowed.
    expect(association?.name).toMatch(/^[A-Za-z][\w.]*$/);
  });

  it('packages only the built app and keeps installers out of it', () => {
    expect(config.files).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json']);
    expect(config.directories.buildResources).toBe('build');
    const output = path.posix.normalize(config.directories.output);
    for (const packaged of ['dist/electron', 'dist/renderer']) {
      expect(output === packaged || output.startsWith(`${packaged}/`), output).toBe(false);
    }
  });

  it('packages the main process package.json names as its entry', () => {
    expect(packageJson.main).toMatch(/^dist\/electron\/[^/]+\.mjs$/);
  });

  it('leaves the renderer libraries out of dependencies (Vite bundles them)', () => {
    // electron-builder copies every `dependencies` package into the archive; the renderer's
    // libraries belong in devDependencies, where the ones listed here are.
    const rendererLibraries = [
      'react',
      'react-dom',
      '@xyflow/react',
      'zustand',
      'dexie',
      '@mantine/core',
      '@mantine/hooks',
      '@mantine/notifications',
      '@dagrejs/dagre',
    ];
    for (const library of rendererLibraries) {
      expect(packageJson.dependencies, library).not.toHaveProperty(library);
      expect(packageJson.devDependencies, library).toHaveProperty(library);
    }
    expect(packageJson.dependencies).not.toHaveProperty('electron');
  });

  it('is what npm run dist builds with', () => {
    expect(packageJson.scripts.dist).toBe(
      `npm run build && electron-builder --config ${configFile}`,
    );
  });
});

describe('the icons', () => {
  it('has the 1024 px source the Windows .ico and macOS .icns are made from', () => {
    expect(config.win.icon).toBe('icon.png');
    expect(config.mac.icon).toBe('icon.png');
    expect(pngSize('build/icon.png')).toEqual({ width: 1024, height: 1024 });
  });

  it('has a Linux icon set whose file names match their sizes', () => {
    expect(config.linux.icon).toBe('icons');
    const files = readdirSync('build/icons');
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const match = /^(\d+)x(\d+)\.png$/.exec(file);
      expect(match, file).not.toBeNull();
      expect(pngSize(`build/icons/${file}`)).toEqual({
        width: Number(match?.[1]),
        height: Number(match?.[2]),
      });
    }
    for (const size of [16, 32, 48, 256, 512]) {
      expect(existsSync(`build/icons/${size}x${size}.png`), `${size}x${size}`).toBe(true);
    }
  });

  it('keeps build/ to the configuration and the icons', () => {
    const entries = readdirSync('build', { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.posix.join(path.relative('build', entry.parentPath), entry.name));
    const allowed = /^(?:electron-builder\.yml|icon\.svg|icon\.png|icons\/\d+x\d+\.png)$/;
    expect(entries.filter((entry) => !allowed.test(entry))).toEqual([]);
  });
});
