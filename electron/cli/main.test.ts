import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { publishedSchemas } from '../../shared/schemas/jsonSchemas';
import { ExitCode, type CliIo } from './cliIo';
import { main } from './main';

const repo = join(import.meta.dirname, '..', '..');
const example = join(repo, 'examples', 'webshop.gatehouse.json');

async function run(
  argv: string[],
  cwd = repo,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
}

describe('gatehouse analyze', () => {
  it('prints a JSON report that matches the published schema', async () => {
    const { code, stdout } = await run(['analyze', example, '--format', 'json']);
    expect(code).toBe(ExitCode.success);
    const report = JSON.parse(stdout);
    const validate = new Ajv2020({ strict: false }).compile(
      publishedSchemas()['analysis.schema.json']!,
    );
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.threats.length).toBeGreaterThan(10);
    for (const threat of report.threats) {
      expect(threat.explanation.length).toBeGreaterThan(0);
      expect(threat.mitigations.length).toBeGreaterThan(0);
    }
  });

  it('finds an unencrypted flow across the internet boundary, and not once it is encrypted', async () => {
    const model = JSON.parse(readFileSync(example, 'utf8'));
    const internet = model.boundaries.find(
      (b: { boundaryKind: string }) => b.boundaryKind === 'internet',
    ).id;
    const inInternet = new Set(
      model.elements
        .filter((e: { zoneId: string }) => e.zoneId === internet)
        .map((e: { id: string }) => e.id),
    );
    const plain = model.flows.find(
      (f: { sourceId: string; targetId: string; properties: { encryptedInTransit: string } }) =>
        f.properties.encryptedInTransit === 'no' &&
        inInternet.has(f.sourceId) !== inInternet.has(f.targetId),
    );
    expect(plain, 'the example has an unencrypted flow crossing the internet zone').toBeDefined();
    const disclosureOn = (report: {
      threats: { category: string; severity: string; targets: { id: string }[] }[];
    }) =>
      report.threats.filter(
        (t) =>
          t.category === 'InformationDisclosure' &&
          t.targets.some((x) => x.id === plain.id) &&
          ['high', 'critical'].includes(t.severity),
      );

    const before = JSON.parse((await run(['analyze', example, '--format', 'json'])).stdout);
    expect(disclosureOn(before).length).toBeGreaterThan(0);

    plain.properties.encryptedInTransit = 'yes';
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.gatehouse.json'), JSON.stringify(model));
    const after = JSON.parse(
      (await run(['analyze', 'shop.gatehouse.json', '--format', 'json'], dir)).stdout,
    );
    expect(disclosureOn(after)).toEqual([]);
  });

  it('gives the same threat IDs when the records of the file are reordered', async () => {
    const model = JSON.parse(readFileSync(example, 'utf8'));
    for (const key of ['elements', 'flows', 'boundaries', 'features']) model[key].reverse();
    const dir = tempDir();
    writeFileSync(join(dir, 'reordered.gatehouse.json'), JSON.stringify(model, null, 4));
    const a = JSON.parse((await run(['analyze', example, '--format', 'json'])).stdout);
    const b = JSON.parse(
      (await run(['analyze', 'reordered.gatehouse.json', '--format', 'json'], dir)).stdout,
    );
    expect(b.threats.map((t: { id: string }) => t.id)).toEqual(
      a.threats.map((t: { id: string }) => t.id),
    );
    expect(b.model.digest).toBe(a.model.digest);
  });

  it('prints a readable table grouped by element, with explanations on request', async () => {
    const { code, stdout } = await run(['analyze', example, '--explain']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/threats \(\d+ critical, \d+ high, \d+ medium, \d+ low\)/);
    expect(stdout).toContain('(external entity)');
    expect(stdout).toContain('why T-');
  });
});

describe('bad input and usage', () => {
  it('exits 2 naming the file, the JSON path and what was expected', async () => {
    const dir = tempDir();
    const model = JSON.parse(readFileSync(example, 'utf8'));
    model.elements[1].kind = 'database';
    writeFileSync(join(dir, 'bad.gatehouse.json'), JSON.stringify(model));
    const { code, stderr } = await run(['analyze', 'bad.gatehouse.json'], dir);
    expect(code).toBe(ExitCode.unusableInput);
    expect(stderr).toContain('bad.gatehouse.json');
    expect(stderr).toContain('$.elements[1].kind');
  });

  it('exits 2 for a missing file, invalid JSON, a prototype key and a dangling reference', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.gatehouse.json'), '{"format": "gatehouse-model", ');
    const model = JSON.parse(readFileSync(example, 'utf8'));
    writeFileSync(
      join(dir, 'proto.gatehouse.json'),
      JSON.stringify(model).replace('"name"', '"__proto__":{"x":1},"name"'),
    );
    model.flows[0].targetId = 'nowhere';
    writeFileSync(join(dir, 'dangling.gatehouse.json'), JSON.stringify(model));
    const cases: [string, string][] = [
      ['missing.gatehouse.json', 'no such file'],
      ['broken.gatehouse.json', 'not valid JSON'],
      ['proto.gatehouse.json', '"__proto__" is not allowed'],
      ['dangling.gatehouse.json', 'no element "nowhere"'],
    ];
    for (const [file, message] of cases) {
      const { code, stderr } = await run(['analyze', file], dir);
      expect(code, file).toBe(ExitCode.unusableInput);
      expect(stderr, file).toContain(message);
    }
  });

  it('exits 2 for an unknown flag, an unknown format or a missing argument, never 1', async () => {
    for (const argv of [
      ['analyze', example, '--bogus'],
      ['analyze', example, '--format', 'xml'],
      ['analyze'],
      ['frobnicate'],
      [],
    ]) {
      expect((await run(argv)).code, argv.join(' ')).toBe(ExitCode.unusableInput);
    }
    expect((await run(['--help'])).code).toBe(ExitCode.success);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('other commands', () => {
  it('rules list --coverage prints the category × kind × scope matrix', async () => {
    const { code, stdout } = await run(['rules', 'list', '--coverage']);
    expect(code).toBe(0);
    expect(stdout).toContain('gatehouse-stride');
    expect(stdout).toMatch(
      /category\s+process\s+data store\s+ext\. entity\s+flow\s+interaction\s+total/,
    );
    for (const category of [
      'Spoofing',
      'Tampering',
      'Repudiation',
      'InformationDisclosure',
      'DenialOfService',
      'ElevationOfPrivilege',
    ]) {
      const row = stdout.split('\n').find((line) => line.trimStart().startsWith(`${category} `));
      expect(row, category).toMatch(/\s\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+$/);
    }
  });

  it('lint exits 1 on an error-level finding and 0 otherwise', async () => {
    expect((await run(['lint', example])).code).toBe(0);
    const model = JSON.parse(readFileSync(example, 'utf8'));
    model.elements[0].name = '';
    const dir = tempDir();
    writeFileSync(join(dir, 'unnamed.gatehouse.json'), JSON.stringify(model));
    const { code, stdout } = await run(['lint', 'unnamed.gatehouse.json'], dir);
    expect(code).toBe(ExitCode.failed);
    expect(stdout).toContain('LINT-001');
  });

  it('stories group threats per feature × mitigation, with criteria naming elements and ASVS', async () => {
    const { code, stdout } = await run(['stories', example, '--format', 'json']);
    expect(code).toBe(0);
    const { stories } = JSON.parse(stdout);
    expect(stories.length).toBeGreaterThan(0);
    const features = new Set(stories.map((s: { featureId: string }) => s.featureId));
    expect(features.has('_unassigned')).toBe(true);
    for (const story of stories) {
      expect(story.id).toMatch(/^S-[0-9a-f]{16}$/);
      for (const criterion of story.acceptanceCriteria) {
        expect(criterion.text).toContain(`"${criterion.targetName}"`);
        expect(criterion.asvs).toMatch(/^v5\.0\.0-\d+\.\d+\.\d+$/);
      }
    }
    const markdown = (await run(['stories', example, '--format', 'markdown'])).stdout;
    expect(markdown).toContain('**Acceptance criteria**');
  });

  it('import writes a canonical model and a report naming what did not come across', async () => {
    const dir = tempDir();
    const sample = join(repo, 'vendor', 'samples', 'otm', 'otm-0.2.0-EXAMPLE.json');
    const { code, stdout } = await run(
      ['import', sample, '--out', 'example.gatehouse.json', '--report', 'report.json'],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Not imported');
    const written = readFileSync(join(dir, 'example.gatehouse.json'), 'utf8');
    const model = JSON.parse(written);
    expect(model.format).toBe('gatehouse-model');
    expect(written.endsWith('\n')).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.counts.elements).toBe(model.elements.length);
    expect(report.unmapped.map((u: { name: string }) => u.name)).toContain('Credit Card Data');
    // The imported model analyzes like any other.
    expect((await run(['analyze', 'example.gatehouse.json'], dir)).code).toBe(0);
  });

  it('import refuses what it cannot read, and --out that is not a model file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}');
    const unknown = await run(['import', 'notes.json', '--out', 'x.gatehouse.json'], dir);
    expect(unknown.code).toBe(ExitCode.unusableInput);
    expect(unknown.stderr).toContain('not a format Gatehouse can import');
    const sample = join(repo, 'vendor', 'samples', 'otm', 'otm-0.2.0-EXAMPLE.yaml');
    expect((await run(['import', sample, '--out', 'model.json'], dir)).code).toBe(
      ExitCode.unusableInput,
    );
    expect((await run(['import', example, '--out', 'again.gatehouse.json'], dir)).code).toBe(
      ExitCode.unusableInput,
    );
  });

  describe('coverage of real and edge-case models', () => {
    const samples = join(repo, 'vendor', 'samples', 'otm');
    const edgeCases = join(repo, 'shared', 'import', 'fixtures', 'otm');
    const files: [string, { allCategories: boolean }][] = [
      [join(samples, 'otm-0.2.0-EXAMPLE.json'), { allCategories: true }],
      [join(samples, 'otm-0.2.0-EXAMPLE.yaml'), { allCategories: true }],
      [join(samples, 'otm_file_example.v0.1.0.otm.json'), { allCategories: true }],
      [example, { allCategories: true }],
      ...readdirSync(edgeCases).map((name): [string, { allCategories: boolean }] => [
        join(edgeCases, name),
        { allCategories: false },
      ]),
    ];

    it.each(files)(
      '%s: a threat on every element and flow, each explained and mitigated',
      async (file, { allCategories }) => {
        const dir = tempDir();
        let modelFile = file;
        if (!file.endsWith('.gatehouse.json')) {
          expect((await run(['import', file, '--out', 'imported.gatehouse.json'], dir)).code).toBe(
            0,
          );
          modelFile = join(dir, 'imported.gatehouse.json');
        }
        const model = JSON.parse(readFileSync(modelFile, 'utf8'));
        const { code, stdout } = await run(['analyze', file, '--format', 'json'], dir);
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        const covered = new Set(
          report.threats.flatMap((t: { targets: { id: string }[] }) => t.targets.map((x) => x.id)),
        );
        const uncovered = [...model.elements, ...model.flows]
          .map((item: { id: string }) => item.id)
          .filter((id: string) => !covered.has(id));
        expect(uncovered).toEqual([]);
        for (const threat of report.threats) {
          expect(threat.explanation.length, threat.id).toBeGreaterThan(0);
          expect(threat.mitigations.length, threat.id).toBeGreaterThan(0);
        }
        if (allCategories)
          expect(new Set(report.threats.map((t: { category: string }) => t.category)).size).toBe(6);
      },
    );

    it('gives the same threat IDs when an OTM file lists its components and flows in another order', async () => {
      const dir = tempDir();
      const otm = JSON.parse(
        readFileSync(join(samples, 'otm_file_example.v0.1.0.otm.json'), 'utf8'),
      );
      otm.components.reverse();
      otm.dataflows.reverse();
      otm.trustZones.reverse();
      writeFileSync(join(dir, 'reordered.otm.json'), JSON.stringify(otm));
      const ids = async (file: string) =>
        JSON.parse((await run(['analyze', file, '--format', 'json'], dir)).stdout).threats.map(
          (t: { id: string }) => t.id,
        );
      expect(await ids('reordered.otm.json')).toEqual(
        await ids(join(samples, 'otm_file_example.v0.1.0.otm.json')),
      );
    });
  });
});

describe('the issue-6 commands, as registered', () => {
  it('report, export otm, import of a foreign file and diff run from the command line', async () => {
    const folder = tempDir();
    const report = await run(
      ['report', example, '--format', 'html', '--out', 'r.html', '--now', '2026-11-30'],
      folder,
    );
    expect(report.code).toBe(ExitCode.success);
    const html = readFileSync(join(folder, 'r.html'), 'utf8');
    expect(html).toContain('<!doctype html>');
    expect(html).not.toContain('<script');

    const exported = await run(['export', 'otm', example, '--out', 'shop.otm.json'], folder);
    expect(exported.code).toBe(ExitCode.success);
    expect(JSON.parse(readFileSync(join(folder, 'shop.otm.json'), 'utf8')).otmVersion).toBe(
      '0.2.0',
    );

    const imported = await run(['import', 'shop.otm.json', '--out', 'back.gatehouse.json'], folder);
    expect(imported.code).toBe(ExitCode.success);
    const same = await run(['diff', example, example, '--exit-code'], folder);
    expect(same.code).toBe(ExitCode.success);
    const changed = await run(['diff', example, 'back.gatehouse.json', '--exit-code'], folder);
    expect(changed.code).toBe(ExitCode.failed);
  });

  it('refuses OTM-only options on the Jira exports, and a ZIP renamed .tm7', async () => {
    const folder = tempDir();
    const misuse = await run(
      ['export', 'jira-csv', example, '--out', 'x.csv', '--format', 'yaml'],
      folder,
    );
    expect(misuse.code).toBe(ExitCode.unusableInput);
    expect(misuse.stderr).toContain('export otm');
    writeFileSync(join(folder, 'model.tm7'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe]));
    const zip = await run(['import', 'model.tm7', '--out', 'm.gatehouse.json'], folder);
    expect(zip.code).toBe(ExitCode.unusableInput);
    expect(zip.stderr).toContain('ZIP archive');
    expect(readdirSync(folder)).toEqual(['model.tm7']);
  });
});
