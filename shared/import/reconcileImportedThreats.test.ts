import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../rules/engine';
import { loadRulePacks } from '../rules/loadPacks';
import { importForeignFile } from './importFile';
import { importOtm } from './otm';

/** An OTM file with one web service and the threats given (category, state). */
function otm(threats: { id: string; name: string; category: string; state?: string }[]): string {
  return JSON.stringify({
    otmVersion: '0.2.0',
    project: { name: 'Shop', id: 'shop' },
    trustZones: [{ id: 'internet', name: 'Internet', risk: { trustRating: 10 } }],
    components: [
      {
        id: 'api',
        name: 'API service',
        type: 'web-service',
        parent: { trustZone: 'internet' },
        threats: threats.map((threat) => ({ threat: threat.id, state: threat.state ?? 'open' })),
      },
    ],
    dataflows: [],
    threats: threats.map((threat) => ({
      id: threat.id,
      name: threat.name,
      categories: [threat.category],
      risk: { likelihood: 50, impact: 50 },
    })),
  });
}

const packs = loadRulePacks();

describe('imported threats that the rules also find', () => {
  it('become triage of the generated threat, with the imported state and text in the notes', () => {
    const text = otm([
      { id: 't1', name: 'Spoofing the API caller', category: 'Spoofing', state: 'mitigated' },
    ]);
    // Without the reconciliation the importer keeps it as a manual threat.
    const raw = importOtm(text, 'shop.otm.json');
    expect(raw.model.manualThreats).toHaveLength(1);
    const generatedSpoofing = analyzeModel(raw.model, packs.compiled).threats.filter(
      (threat) => threat.category === 'Spoofing',
    );
    expect(generatedSpoofing.length).toBeGreaterThan(0);

    const { model, report } = importForeignFile(text, 'shop.otm.json', packs);
    expect(model.manualThreats).toEqual([]);
    const triage = model.threats.filter((entry) =>
      generatedSpoofing.some((threat) => threat.id === entry.threatId),
    );
    expect(triage).toHaveLength(1);
    expect(triage[0]!.status).toBe('investigating');
    expect(triage[0]!.notes).toContain('Spoofing the API caller');
    expect(triage[0]!.notes).toContain('mitigated');
    expect(report.mappings.some((m) => m.result.startsWith('triage of the generated threat'))).toBe(
      true,
    );
  });

  it('stay manual when no generated threat has the same category and targets', () => {
    const generated = analyzeModel(importOtm(otm([]), 'x.json').model, packs.compiled).threats;
    expect(generated.some((threat) => threat.category === 'Repudiation')).toBe(false);
    const { model } = importForeignFile(
      otm([{ id: 'r1', name: 'Denies placing an order', category: 'Repudiation' }]),
      'x.json',
      packs,
    );
    expect(model.manualThreats.map((threat) => threat.title)).toEqual(['Denies placing an order']);
  });

  it('give a generated threat at most one imported threat; the others stay manual', () => {
    const generated = analyzeModel(importOtm(otm([]), 'x.json').model, packs.compiled).threats;
    const spoofing = generated.filter((threat) => threat.category === 'Spoofing');
    const threats = Array.from({ length: spoofing.length + 2 }, (_, index) => ({
      id: `s${index}`,
      name: `Impersonation ${index}`,
      category: 'Spoofing',
    }));
    const { model } = importForeignFile(otm(threats), 'x.json', packs);
    expect(model.manualThreats).toHaveLength(2);
    const triaged = model.threats.filter((entry) => entry.notes.startsWith('Imported'));
    expect(new Set(triaged.map((entry) => entry.threatId))).toEqual(
      new Set(spoofing.map((threat) => threat.id)),
    );
  });
});
