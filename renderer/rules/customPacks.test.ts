import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/model/errors';
import { webApplicationTemplate } from '../../shared/templates/webApplication';
import { assessThreats } from '../../shared/threats/register';
import {
  addCustomPack,
  customPacksKey,
  loadCustomPacks,
  packProblems,
  removeCustomPack,
} from './customPacks';

// The e2e journey loads the same files (raw text, as a person's file would arrive).
import VALID from '../../e2e/fixtures/packs/acme-django.rules.json?raw';
import INVALID from '../../e2e/fixtures/packs/acme-django-invalid.rules.json?raw';
import UPGRADE from '../../e2e/fixtures/packs/acme-django-1.1.0.rules.json?raw';

describe('custom packs of a document', () => {
  it('adds a valid pack whose rule fires on the web application template', () => {
    const added = addCustomPack([], VALID);
    expect(added.texts).toEqual([VALID]);
    expect(added.replaced).toBeNull();
    expect(added.loaded.packs.map((p) => p.id)).toEqual(['gatehouse-stride', 'acme-django']);
    const threats = assessThreats(webApplicationTemplate.build(), added.loaded.compiled);
    const fired = threats.filter((t) => t.packId === 'acme-django');
    expect(fired.map((t) => t.targets)).toEqual([[{ role: 'element', id: 'admin-console' }]]);
  });

  it('refuses an invalid pack with the JSON path of the problem', () => {
    let caught: unknown;
    try {
      addCustomPack([VALID], INVALID);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const problems = packProblems(caught);
    expect(problems.summary).toMatch(/does not match the rule-pack schema/);
    expect(problems.issues.some((line) => line.startsWith('$.rules[0].condition.kind:'))).toBe(
      true,
    );
  });

  it('replaces an older version of the same pack and says which rules changed', () => {
    const upgraded = addCustomPack([VALID], UPGRADE);
    expect(upgraded.texts).toEqual([UPGRADE]);
    expect(upgraded.replaced).toEqual({
      version: '1.0.0',
      rules: { added: ['ACME-I-002'], removed: [], changed: ['ACME-E-001'] },
    });
  });

  it('refuses a pack that takes the built-in pack’s ID', () => {
    const builtinId = VALID.replace('"acme-django"', '"gatehouse-stride"');
    expect(() => addCustomPack([], builtinId)).toThrow(/Two rule packs have the ID/);
  });

  it('removes a pack and reloads the others', () => {
    const removed = removeCustomPack([VALID], 'acme-django');
    expect(removed.texts).toEqual([]);
    expect(removed.loaded.packs.map((p) => p.id)).toEqual(['gatehouse-stride']);
    expect(loadCustomPacks([VALID]).packs).toHaveLength(2);
  });

  it('keys the setting by document so deleting the draft removes it', () => {
    expect(customPacksKey('doc-1')).toBe('rule-packs:doc-1');
  });
});

describe('the bounds of what is stored', () => {
  it('refuses a 21st pack (the stored list would no longer load) but still upgrades a loaded one', () => {
    const many = Array.from({ length: 20 }, (_, index) =>
      VALID.replace('"id": "acme-django"', `"id": "acme-${index}"`),
    );
    expect(() => addCustomPack(many, VALID)).toThrow(/at most 20 custom rule packs/);
    const upgraded = addCustomPack(many, UPGRADE.replace('"id": "acme-django"', '"id": "acme-3"'));
    expect(upgraded.texts).toHaveLength(20);
  });
});
