// The registry as a whole: every real sample is recognised by exactly its own importer, imports
// through the common entry point, and the result is a valid model that saves and reopens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeModel } from '../model/canonical';
import { InputError } from '../model/errors';
import { parseModel } from '../model/parseModel';
import {
  FOREIGN_IMPORTERS,
  detectForeignFormat,
  importableExtensions,
  importForeignFile,
} from './importFile';

const SAMPLES = join(import.meta.dirname, '..', '..', 'vendor', 'samples');
const EXPECTED: Record<string, string> = {
  otm: 'otm',
  'threat-dragon': 'threat-dragon',
  tm7: 'tm7',
  'threat-composer': 'threat-composer',
  pytm: 'pytm',
  threagile: 'threagile',
};

const samples = Object.keys(EXPECTED).flatMap((folder) =>
  readdirSync(join(SAMPLES, folder))
    .filter((name) => !name.startsWith('LICENSE'))
    .map((name) => ({ folder, name, text: readFileSync(join(SAMPLES, folder, name), 'utf8') })),
);

describe('the importer registry', () => {
  it('has one importer per format, each with a label and extensions', () => {
    const formats = FOREIGN_IMPORTERS.map((importer) => importer.format);
    expect(new Set(formats).size).toBe(formats.length);
    expect(formats.sort()).toEqual(Object.values(EXPECTED).sort());
    expect(importableExtensions()).toEqual(expect.arrayContaining(['.json', '.tm7', '.yaml']));
  });

  it.each(samples)('$folder/$name: recognised by its own importer only', ({ folder, text }) => {
    const claimants = FOREIGN_IMPORTERS.filter((importer) => importer.detect(text.slice(0, 65536)));
    expect(claimants.map((importer) => importer.format)).toEqual([EXPECTED[folder]]);
    expect(detectForeignFormat(text)?.format).toBe(EXPECTED[folder]);
  });

  it.each(samples)('$folder/$name: imports to a model that saves and reopens', ({ name, text }) => {
    const { model, report } = importForeignFile(text, name);
    expect(report.source).toBe(name);
    expect(model.elements.length + model.manualThreats.length).toBeGreaterThan(0);
    // Saved, reopened and saved again, the bytes are the same (the order is the canonical one).
    const saved = serializeModel(model);
    expect(serializeModel(parseModel(saved).model)).toBe(saved);
  });

  it('refuses a Gatehouse model and other text, naming the formats it reads', () => {
    const gatehouse = readFileSync(
      join(import.meta.dirname, '..', '..', 'examples', 'webshop.gatehouse.json'),
      'utf8',
    );
    for (const text of [gatehouse, 'hello', '{}', '<xml/>']) {
      expect(detectForeignFormat(text)).toBeUndefined();
      expect(() => importForeignFile(text, 'x.json')).toThrow(InputError);
    }
    expect(() => importForeignFile('{}', 'x.json')).toThrow(/Threat Dragon/);
  });
});
