/**
 * The built-in pack as a whole: size, coverage, distinctness, and every reference resolved
 * against the vendored OWASP ASVS 5.0.0 and CWE 4.15 data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELEMENT_KINDS, STRIDE_CATEGORIES } from '../../model/schema';
import { loadRulePacks } from '../loadPacks';
import type { Condition, Rule } from '../packSchema';

const vendor = join(import.meta.dirname, '..', '..', '..', 'vendor');
const asvs = new Set(
  (
    JSON.parse(readFileSync(join(vendor, 'asvs', 'asvs-5.0.0-en.flat.json'), 'utf8')) as {
      requirements: { req_id: string }[];
    }
  ).requirements.map((r) => `v5.0.0-${r.req_id.replace(/^V/, '')}`),
);
const cwe = new Map(
  (
    JSON.parse(readFileSync(join(vendor, 'cwe', 'cwe-4.15.json'), 'utf8')) as {
      weaknesses: { id: number; status: string; capec: number[] }[];
    }
  ).weaknesses.map((w) => [w.id, w]),
);
const { packs } = loadRulePacks();
const pack = packs[0]!;

/** A condition in a canonical form: sorted keys, sorted value lists, commutative parts sorted. */
function normalize(condition: Condition): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const entries = Object.keys(record)
        .sort()
        .map((key) => {
          let item = canonical(record[key]);
          if (
            (key === 'of' || key === 'values' || key === 'in' || key === 'boundaryKinds') &&
            Array.isArray(item)
          ) {
            item = [...item].map((x) => JSON.stringify(x)).sort();
          }
          return [key, item];
        });
      return Object.fromEntries(entries);
    }
    return value;
  };
  return JSON.stringify(canonical(condition));
}

function usesBoundaryKindOrReach(condition: Condition): boolean {
  switch (condition.kind) {
    case 'boundary':
    case 'inZone':
      return condition.boundaryKinds !== undefined;
    case 'reachableFromUntrusted':
      return true;
    case 'all':
    case 'any':
      return condition.of.some(usesBoundaryKindOrReach);
    case 'not':
      return usesBoundaryKindOrReach(condition.condition);
    case 'hasFlow':
      return usesBoundaryKindOrReach(condition.where);
    default:
      return false;
  }
}

describe('the built-in STRIDE pack', () => {
  it('has at least 80 rules over all six categories and every element kind and scope', () => {
    expect(pack.rules.length).toBeGreaterThanOrEqual(80);
    expect(new Set(pack.rules.map((r) => r.category))).toEqual(new Set(STRIDE_CATEGORIES));
    const scopes = new Set(
      pack.rules.flatMap((r: Rule) =>
        r.scope.kind === 'element' ? r.scope.elementKinds : [r.scope.kind],
      ),
    );
    for (const kind of [...ELEMENT_KINDS, 'flow', 'interaction'])
      expect(scopes, kind).toContain(kind);
  });

  it('has at least 25 rules on boundary kinds or reachability', () => {
    const count = pack.rules.filter(
      (r) =>
        usesBoundaryKindOrReach(r.condition) ||
        (r.unless !== undefined && usesBoundaryKindOrReach(r.unless)),
    ).length;
    expect(count).toBeGreaterThanOrEqual(25);
  });

  it('has no two rules with the same scope and normalized conditions', () => {
    const seen = new Map<string, string>();
    for (const rule of pack.rules) {
      const key = `${JSON.stringify(rule.scope)}|${normalize(rule.condition)}|${rule.unless ? normalize(rule.unless) : ''}`;
      expect(seen.get(key), `${rule.id} duplicates ${seen.get(key)}`).toBeUndefined();
      seen.set(key, rule.id);
    }
  });

  it('references only catalogued mitigations, live CWE entries and CAPEC patterns CWE relates to them', () => {
    const mitigationIds = new Set(pack.mitigations.map((m) => m.id));
    for (const rule of pack.rules) {
      for (const id of rule.mitigations) expect(mitigationIds, `${rule.id} → ${id}`).toContain(id);
      expect(rule.cwe.length, `${rule.id} has CWE IDs`).toBeGreaterThan(0);
      for (const id of rule.cwe) {
        expect(cwe.get(id), `${rule.id}: CWE-${id}`).toBeDefined();
        expect(['Deprecated', 'Obsolete']).not.toContain(cwe.get(id)!.status);
      }
      const related = new Set(rule.cwe.flatMap((id) => cwe.get(id)?.capec ?? []));
      for (const id of rule.capec)
        expect(related, `${rule.id}: CAPEC-${id} is not related to its CWEs`).toContain(id);
    }
  });

  it('maps every mitigation to ASVS 5.0.0 requirements that exist, and to live CWE entries', () => {
    expect(pack.mitigations.length).toBeGreaterThan(0);
    for (const mitigation of pack.mitigations) {
      expect(mitigation.asvs.length).toBeGreaterThan(0);
      for (const ref of [...mitigation.asvs, ...mitigation.acceptanceCriteria.map((c) => c.asvs)]) {
        expect(asvs, `${mitigation.id}: ${ref}`).toContain(ref);
      }
      expect(mitigation.cwe.length).toBeGreaterThan(0);
      for (const id of mitigation.cwe)
        expect(cwe.has(id), `${mitigation.id}: CWE-${id}`).toBe(true);
      for (const criterion of mitigation.acceptanceCriteria)
        expect(criterion.text).toContain('{target}');
    }
  });

  it('uses every mitigation of the catalogue in some rule', () => {
    const used = new Set(pack.rules.flatMap((r) => r.mitigations));
    expect(pack.mitigations.map((m) => m.id).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('documented tag vocabulary', () => {
  it('lists in docs/rule-packs.md every tag a built-in rule reads', () => {
    const doc = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'docs', 'rule-packs.md'),
      'utf8',
    );
    const tags = new Set<string>();
    const walk = (condition: Condition | undefined): void => {
      if (!condition) return;
      if (condition.kind === 'tag') tags.add(condition.tag.toLowerCase());
      if (condition.kind === 'all' || condition.kind === 'any') condition.of.forEach(walk);
      if (condition.kind === 'not') walk(condition.condition);
      if (condition.kind === 'hasFlow') walk(condition.where);
    };
    for (const rule of pack.rules) {
      walk(rule.condition);
      walk(rule.unless);
      rule.raise.forEach((raise) => walk(raise.when));
    }
    expect(tags.size).toBeGreaterThan(0);
    for (const tag of tags) expect(doc, `tag "${tag}"`).toContain(`\`${tag}\``);
  });
});
