/**
 * Every built-in rule has a fixture: a model on which it fires (with the expected targets and
 * explanation), and one recorded change of a single condition input after which it does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFromTree } from '../../model/parseModel';
import { TargetSchema } from '../../model/schema';
import { analyzeModel } from '../engine';
import { loadRulePacks } from '../loadPacks';
import * as z from 'zod';

const FixtureSchema = z
  .object({
    rule: z.string(),
    model: z.unknown(),
    fires: z
      .object({
        targets: z.array(TargetSchema).min(1).max(3),
        trace: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    change: z
      .object({
        path: z.array(z.union([z.string(), z.number()])).min(1),
        value: z.unknown(),
        why: z.string().min(1),
      })
      .strict(),
  })
  .strict();

const fixtureDir = join(import.meta.dirname, 'fixtures');
const { compiled, packs } = loadRulePacks();
const builtin = packs[0]!;

function readFixture(ruleId: string): z.infer<typeof FixtureSchema> {
  return FixtureSchema.parse(JSON.parse(readFileSync(join(fixtureDir, `${ruleId}.json`), 'utf8')));
}

function applyChange(tree: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object')
      throw new Error(`change path ${path.join('.')} does not exist in the fixture`);
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (!(last in node))
    throw new Error(
      `change path ${path.join('.')} does not exist in the fixture (write the value explicitly)`,
    );
  expect(node[last], 'the change must alter the value').not.toEqual(value);
  node[last] = value;
  return copy;
}

function threatsOf(tree: unknown, ruleId: string) {
  const { model } = modelFromTree(structuredClone(tree));
  return analyzeModel(model, compiled).threats.filter(
    (threat) => threat.ruleId === ruleId && threat.packId === builtin.id,
  );
}

describe('built-in rule fixtures', () => {
  it('has exactly one fixture per rule', () => {
    const files = readdirSync(fixtureDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(builtin.rules.map((rule) => rule.id).sort());
  });

  for (const rule of builtin.rules) {
    describe(rule.id, () => {
      it('fires on its fixture with the expected targets and explanation', () => {
        const fixture = readFixture(rule.id);
        expect(fixture.rule).toBe(rule.id);
        const found = threatsOf(fixture.model, rule.id).find(
          (threat) => JSON.stringify(threat.targets) === JSON.stringify(fixture.fires.targets),
        );
        expect(
          found,
          `${rule.id} should fire on ${JSON.stringify(fixture.fires.targets)}`,
        ).toBeDefined();
        const explanation = found!.explanation.map((entry) => entry.text).join('\n');
        expect(
          found!.explanation.filter((entry) => entry.depth === 0).every((entry) => entry.held),
        ).toBe(true);
        for (const expected of fixture.fires.trace) expect(explanation).toContain(expected);
        expect(found!.category).toBe(rule.category);
      });

      it('does not fire once one condition input changes', () => {
        const fixture = readFixture(rule.id);
        const changed = applyChange(fixture.model, fixture.change.path, fixture.change.value);
        const again = threatsOf(changed, rule.id).find(
          (threat) => JSON.stringify(threat.targets) === JSON.stringify(fixture.fires.targets),
        );
        expect(again, `${rule.id} should not fire after: ${fixture.change.why}`).toBeUndefined();
      });
    });
  }
});
