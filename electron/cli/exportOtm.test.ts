import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importOtm } from '../../shared/import/otm';
import { InputError } from '../../shared/model/errors';
import { parseModel } from '../../shared/model/parseModel';
import { UsageError, type CliIo } from './cliIo';
import { exportOtmCommand } from './commands/exportOtm';

const repo = join(import.meta.dirname, '..', '..');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateOtm = ajv.compile(
  JSON.parse(
    readFileSync(join(repo, 'vendor', 'schemas', 'otm_schema-0.2.0.json'), 'utf8'),
  ) as object,
);
const webshop = parseModel(
  readFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), 'utf8'),
).model;

/** A fresh folder holding the example model as `shop.gatehouse.json`. */
function folderWithShop(): { dir: string; io: CliIo } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-otm-'));
  copyFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), join(dir, 'shop.gatehouse.json'));
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, cwd: dir, env: {} };
  return { dir, io };
}

function expectValid(document: unknown): void {
  expect(validateOtm(document), JSON.stringify(validateOtm.errors, null, 2)).toBe(true);
}

describe('exportOtmCommand (gatehouse export otm)', () => {
  it('writes valid OTM 0.2.0 JSON that imports back into the same elements, flows and zones', async () => {
    const { dir, io } = folderWithShop();
    const output = await exportOtmCommand(io, 'shop.gatehouse.json', { out: 'shop.otm.json' });
    expect(output).toMatch(
      /^Wrote shop\.otm\.json \(Open Threat Model 0\.2\.0, JSON\): 4 trust zones, 12 components, 20 dataflows, \d+ threats \(\d+ on components and dataflows\), \d+ mitigations\.\n$/,
    );
    const text = readFileSync(join(dir, 'shop.otm.json'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const document = JSON.parse(text) as { project: { id: string } };
    expectValid(document);
    expect(document.project.id).toBe('web-shop');
    const back = importOtm(text, 'shop.otm.json').model;
    expect(back.elements.map((element) => [element.id, element.kind]).sort()).toEqual(
      webshop.elements.map((element) => [element.id, element.kind]).sort(),
    );
    expect(back.flows.map((flow) => flow.id).sort()).toEqual(
      webshop.flows.map((flow) => flow.id).sort(),
    );
    expect(back.boundaries.map((zone) => zone.id).sort()).toEqual(
      webshop.boundaries.map((zone) => zone.id).sort(),
    );
    // The write is atomic: no temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual(['shop.gatehouse.json', 'shop.otm.json']);
  });

  it('writes YAML with --format yaml, and the same document as the JSON', async () => {
    const { dir, io } = folderWithShop();
    await exportOtmCommand(io, 'shop.gatehouse.json', { out: 'shop.otm.json' });
    const output = await exportOtmCommand(io, 'shop.gatehouse.json', {
      out: 'shop.otm.yaml',
      format: 'yaml',
      projectId: 'shop-2026',
    });
    expect(output).toMatch(/^Wrote shop\.otm\.yaml \(Open Threat Model 0\.2\.0, YAML\)/);
    const fromYaml = parseYaml(readFileSync(join(dir, 'shop.otm.yaml'), 'utf8')) as {
      project: { id: string };
    };
    expectValid(fromYaml);
    const fromJson = JSON.parse(readFileSync(join(dir, 'shop.otm.json'), 'utf8')) as {
      project: { id: string };
    };
    expect(fromYaml).toEqual({ ...fromJson, project: { ...fromJson.project, id: 'shop-2026' } });
  });

  it('exports a foreign file imported on the fly, and replaces an existing output', async () => {
    const { dir, io } = folderWithShop();
    await exportOtmCommand(io, 'shop.gatehouse.json', { out: 'first.otm.json' });
    writeFileSync(join(dir, 'second.otm.json'), 'old content');
    const output = await exportOtmCommand(io, 'first.otm.json', { out: 'second.otm.json' });
    expect(output).toMatch(/12 components, 20 dataflows/);
    const second = JSON.parse(readFileSync(join(dir, 'second.otm.json'), 'utf8')) as unknown;
    expectValid(second);
  });

  it('names what OTM cannot carry as such', async () => {
    const { dir, io } = folderWithShop();
    const model = JSON.parse(readFileSync(join(dir, 'shop.gatehouse.json'), 'utf8')) as {
      elements: { id: string; zoneId?: string | null }[];
    };
    const browser = model.elements.find((element) => element.id === 'customer-browser')!;
    browser.zoneId = null;
    writeFileSync(join(dir, 'loose.gatehouse.json'), JSON.stringify(model));
    const output = await exportOtmCommand(io, 'loose.gatehouse.json', { out: 'loose.otm.json' });
    expect(output).toMatch(/5 trust zones/);
    expect(output).toMatch(/\n {2}note: OTM components need a parent trust zone: 1 element/);
    expectValid(JSON.parse(readFileSync(join(dir, 'loose.otm.json'), 'utf8')) as unknown);
  });

  it('refuses an unknown format and an unreadable model, writing nothing', async () => {
    const { dir, io } = folderWithShop();
    await expect(
      exportOtmCommand(io, 'shop.gatehouse.json', { out: 'shop.otm.xml', format: 'xml' }),
    ).rejects.toThrow(UsageError);
    writeFileSync(join(dir, 'broken.gatehouse.json'), '{ "format": "gatehouse-model" ');
    await expect(
      exportOtmCommand(io, 'broken.gatehouse.json', { out: 'broken.otm.json' }),
    ).rejects.toThrow(InputError);
    expect(existsSync(join(dir, 'shop.otm.xml'))).toBe(false);
    expect(existsSync(join(dir, 'broken.otm.json'))).toBe(false);
  });
});
