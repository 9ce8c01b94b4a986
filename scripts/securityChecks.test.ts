import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkSbomComponents,
  findInlineSuppressions,
  findSandboxDisablers,
  gateElectronegativity,
  isAppCode,
  packagesOfTree,
  parseAllowlist,
  electronegativityCsv,
  parseElectronegativityCsv,
  pruneSbom,
} from './securityChecks.mjs';

// The format Electronegativity 1.10.3 writes (util/file.js): an unquoted ID and URL, quoted
// fields in between, `N/A` unquoted for a missing sample, and a header with spaces.
const csv = [
  'issue, severity, confidence, filename, location, sample, description, url',
  'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected in the target application",https://github.com/doyensec/electronegativity/wiki/CSP_GLOBAL_CHECK',
  'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/window/externalLinks.ts","28:8","await deps.openExternal(href);","Review the use of openExternal",https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK',
  'NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","main/window/createMainWindow.ts","12:4","webPreferences: { nodeIntegration: true, title: ""a, b"" }","Disable nodeIntegration, it is ""dangerous""",https://github.com/doyensec/electronegativity/wiki/NODE_INTEGRATION_JS_CHECK',
  '',
].join('\n');

const reason = 'Reviewed: the call is reached only with validated https URLs after a prompt.';

describe('Electronegativity CSV', () => {
  it('reads every row, with repository-relative files and quoted commas and quotes intact', () => {
    const rows = parseElectronegativityCsv(csv, 'electron');
    expect(rows.map((row) => [row.check, row.severity, row.file, row.location])).toEqual([
      ['CSP_GLOBAL_CHECK', 'MEDIUM', 'N/A', '0:0'],
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'electron/main/window/externalLinks.ts', '28:8'],
      ['NODE_INTEGRATION_JS_CHECK', 'HIGH', 'electron/main/window/createMainWindow.ts', '12:4'],
    ]);
    expect(rows[2]?.sample).toBe('webPreferences: { nodeIntegration: true, title: "a, b" }');
  });

  it('refuses a CSV without the columns the gate reads', () => {
    expect(() => parseElectronegativityCsv('issue, confidence\nX,"CERTAIN"\n', 'electron')).toThrow(
      /severity/,
    );
  });
});

describe('the Electronegativity gate', () => {
  const rows = parseElectronegativityCsv(csv, 'electron');
  const mediumRows = rows.filter((row) => row.severity === 'MEDIUM');
  const allowlist = [
    { check: 'CSP_GLOBAL_CHECK', file: 'N/A', reason },
    { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/window/externalLinks.ts', reason },
  ];

  it('passes MEDIUM rows whose check and file are allow-listed, and reports them', () => {
    const { failures, notes } = gateElectronegativity(mediumRows, allowlist, []);
    expect(failures).toEqual([]);
    expect(notes).toHaveLength(2);
  });

  it('fails on a HIGH row even when its check and file are allow-listed', () => {
    const high = rows.filter((row) => row.severity === 'HIGH');
    const listed = [
      ...allowlist,
      {
        check: 'NODE_INTEGRATION_JS_CHECK',
        file: 'electron/main/window/createMainWindow.ts',
        reason,
      },
    ];
    const { failures } = gateElectronegativity([...mediumRows, ...high], listed, []);
    expect(failures.filter((failure) => failure.startsWith('HIGH'))).toEqual([
      'HIGH NODE_INTEGRATION_JS_CHECK electron/main/window/createMainWindow.ts:12:4',
    ]);
  });

  it('fails on a MEDIUM row of an allow-listed check in another file', () => {
    const moved = mediumRows.map((row) =>
      row.check === 'OPEN_EXTERNAL_JS_CHECK' ? { ...row, file: 'electron/main/main.ts' } : row,
    );
    const { failures } = gateElectronegativity(moved, allowlist, []);
    expect(failures).toContain(
      'MEDIUM OPEN_EXTERNAL_JS_CHECK electron/main/main.ts:28:8 is not in docs/security-allowlist.json',
    );
    // The entry for externalLinks.ts now excuses nothing: it must go.
    expect(failures.some((failure) => failure.includes('matches no MEDIUM row'))).toBe(true);
  });

  it('fails on files the tool could not parse', () => {
    const { failures } = gateElectronegativity(mediumRows, allowlist, [
      { file: '/repo/electron/main/broken.ts', message: 'Unexpected token (3:4)' },
    ]);
    expect(failures).toEqual([
      'could not parse /repo/electron/main/broken.ts: Unexpected token (3:4)',
    ]);
  });

  it('reports LOW and INFORMATIONAL rows without failing, and fails on an unknown severity', () => {
    const low = { check: 'X_CHECK', severity: 'LOW', file: 'electron/a.ts', location: '1:1' };
    const info = { ...low, severity: 'INFORMATIONAL' };
    expect(gateElectronegativity([low, info], [], []).failures).toEqual([]);
    expect(gateElectronegativity([{ ...low, severity: 'SEVERE' }], [], []).failures).toHaveLength(
      1,
    );
  });
});

describe('the allowlist', () => {
  it('accepts the committed allowlist', () => {
    const json: unknown = JSON.parse(readFileSync('docs/security-allowlist.json', 'utf8'));
    expect(parseAllowlist(json).length).toBeGreaterThan(0);
  });

  it('refuses an entry without a written reason, a duplicate or an unknown key', () => {
    const entry = { check: 'CSP_GLOBAL_CHECK', file: 'N/A', reason };
    expect(parseAllowlist({ electronegativity: [entry] })).toEqual([entry]);
    expect(() => parseAllowlist({ electronegativity: [{ ...entry, reason: 'ok' }] })).toThrow(
      /reason/,
    );
    expect(() =>
      parseAllowlist({ electronegativity: [{ check: 'CSP_GLOBAL_CHECK', file: 'N/A' }] }),
    ).toThrow(/reason/);
    expect(() => parseAllowlist({ electronegativity: [entry, entry] })).toThrow(/twice/);
    expect(() => parseAllowlist({ electronegativity: [{ ...entry, severity: 'HIGH' }] })).toThrow(
      /unknown keys/,
    );
    expect(() => parseAllowlist({})).toThrow(/array/);
  });
});

describe('inline suppressions and sandbox switches', () => {
  it('finds eng-disable comments, which would hide findings from the gate', () => {
    const files = [
      {
        path: 'electron/main/a.ts',
        text: 'const a = 1;\n/* eng-disable OPEN_EXTERNAL_JS_CHECK */\n',
      },
      { path: 'electron/main/b.ts', text: 'shell.openExternal(url);\n' },
    ];
    expect(findInlineSuppressions(files)).toEqual(['electron/main/a.ts:2']);
  });

  it('finds every form of turning the sandbox off, and nothing in clean code', () => {
    const files = [
      { path: 'electron/main/main.ts', text: "app.commandLine.appendSwitch('no-sandbox');" },
      { path: 'package.json', text: '{\n  "start": "electron . --no-sandbox"\n}' },
      { path: 'electron/main/env.ts', text: 'process.env.ELECTRON_DISABLE_SANDBOX = "1";' },
      { path: 'build/x.yml', text: 'args: [--disable-setuid-sandbox]' },
      { path: 'electron/main/ok.ts', text: 'webPreferences: { sandbox: true }' },
    ];
    expect(findSandboxDisablers(files)).toEqual([
      'electron/main/main.ts:1',
      'package.json:2',
      'electron/main/env.ts:1',
      'build/x.yml:1',
    ]);
  });

  it('counts app code only: not the test-browser tooling, not tests', () => {
    for (const file of [
      'electron/main/main.ts',
      'electron/preload/preload.ts',
      'renderer/main.tsx',
      'shared/ipc/channels.ts',
      'build/electron-builder.yml',
      'package.json',
    ]) {
      expect(isAppCode(file), file).toBe(true);
    }
    for (const file of [
      'playwright.config.ts',
      'e2e/journeys.spec.ts',
      'bench/browser.ts',
      'scripts/makeIcons.mjs',
      'electron/main/window/windowParts.test.ts',
      'electron/main/jira/testing/fakeJiraServer.ts',
      'docs/security.md',
    ]) {
      expect(isAppCode(file), file).toBe(false);
    }
  });
});

describe('the SBOM', () => {
  const sbom = {
    bomFormat: 'CycloneDX',
    metadata: { component: { 'bom-ref': 'gatehouse-tm@0.1.0' } },
    components: [
      { name: 'zod', version: '4.6.7', 'bom-ref': 'zod@4.6.7' },
      { name: '@noble/hashes', version: '2.4.0', 'bom-ref': '@noble/hashes@2.4.0' },
      { name: 'react', version: '19.3.1', 'bom-ref': 'react@19.3.1' },
    ],
    dependencies: [
      {
        ref: 'gatehouse-tm@0.1.0',
        dependsOn: ['zod@4.6.7', '@noble/hashes@2.4.0', 'react@19.3.1'],
      },
      { ref: 'react@19.3.1', dependsOn: [] },
    ],
  };

  it('keeps only the production packages, in the components and the dependency graph', () => {
    const production = packagesOfTree({
      dependencies: { zod: { version: '4.6.7' }, '@noble/hashes': { version: '2.4.0' } },
    });
    const pruned = pruneSbom(sbom, production);
    expect(pruned.components.map((component) => component.name)).toEqual(['zod', '@noble/hashes']);
    expect(pruned.dependencies).toEqual([
      { ref: 'gatehouse-tm@0.1.0', dependsOn: ['zod@4.6.7', '@noble/hashes@2.4.0'] },
    ]);
  });

  it('walks nested dependencies of the npm ls tree', () => {
    const tree = {
      dependencies: {
        'fast-xml-parser': { version: '5.12.1', dependencies: { strnum: { version: '2.5.1' } } },
      },
    };
    expect([...packagesOfTree(tree)]).toEqual(['fast-xml-parser@5.12.1', 'strnum@2.5.1']);
  });

  it('passes when every runtime dependency is listed at its installed version', () => {
    expect(checkSbomComponents(sbom, { zod: '4.6.7', '@noble/hashes': '2.4.0' })).toEqual([]);
  });

  it('fails on a missing dependency, another version, Electron or another format', () => {
    expect(checkSbomComponents(sbom, { yaml: '2.9.1' })).toEqual(['yaml is missing']);
    expect(checkSbomComponents(sbom, { zod: '4.6.8' })).toEqual([
      'zod is listed at 4.6.7, not 4.6.8',
    ]);
    const withElectron = {
      ...sbom,
      components: [...sbom.components, { name: 'electron', version: '45.5.0' }],
    };
    expect(checkSbomComponents(withElectron, {})).toEqual([
      'electron is listed: devDependencies were not omitted',
    ]);
    expect(checkSbomComponents({ ...sbom, bomFormat: 'SPDX' }, {})).toEqual([
      'not a CycloneDX document',
    ]);
  });
});

describe('electronegativityCsv', () => {
  it('writes the tool columns, quoting quotes, and parses back row for row', () => {
    const issues = [
      {
        id: 'CSP_GLOBAL_CHECK',
        severity: { name: 'MEDIUM' },
        confidence: { name: 'CERTAIN' },
        file: 'N/A',
        location: { line: 0, column: 0 },
        sample: null,
        description: 'A CSP "should" be set',
      },
      {
        id: 'OPEN_EXTERNAL_JS_CHECK',
        severity: { name: 'HIGH' },
        confidence: { name: 'TENTATIVE' },
        file: 'main/main.ts',
        location: { line: 12, column: 4 },
        sample: 'shell.openExternal(url, { a: "b" })',
        description: 'Review the use of openExternal',
      },
    ];
    const text = electronegativityCsv(issues);
    expect(text.split('\n')[0]).toBe(
      'issue, severity, confidence, filename, location, sample, description, url',
    );
    const rows = parseElectronegativityCsv(text, 'electron');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      check: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'HIGH',
      file: 'electron/main/main.ts',
      location: '12:4',
      sample: 'shell.openExternal(url, { a: "b" })',
    });
    expect(rows[0]).toMatchObject({ check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A' });
  });
});
