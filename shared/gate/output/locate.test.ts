import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateFinding } from '../../testing/gateResults';
import { createFindingLocator, usableStartLine } from './locate';
import { idLines } from './modelLines';

const exampleText = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'examples', 'webshop.gatehouse.json'),
  'utf8',
);
const lineOf = (id: string): number =>
  exampleText.split('\n').findIndex((line) => line.trim().startsWith(`"id": "${id}"`)) + 1;

const files = { manifest: 'plan-gate.json', model: 'webshop.gatehouse.json', policy: null };
const locate = createFindingLocator(files, idLines(exampleText));

describe('createFindingLocator', () => {
  it('points a model finding at its element', () => {
    expect(locate(gateFinding({ location: { file: 'model', elementId: 'orders-db' } }))).toEqual({
      uri: 'webshop.gatehouse.json',
      startLine: lineOf('orders-db'),
    });
    expect(lineOf('orders-db')).toBeGreaterThan(1);
  });

  it('falls back to the feature when the element is unknown, then to line 1', () => {
    const aboutFeature = gateFinding({
      feature: 'checkout',
      threat: 'T-ffffffffffffffff',
      location: { file: 'model', elementId: 'gone' },
    });
    expect(locate(aboutFeature).startLine).toBe(lineOf('checkout'));
    const aboutNothingKnown = gateFinding({
      feature: 'gone',
      threat: null,
      location: { file: 'model', elementId: null },
    });
    expect(locate(aboutNothingKnown)).toEqual({ uri: 'webshop.gatehouse.json', startLine: 1 });
  });

  it('points manifest findings at the manifest, and policy findings at the manifest without a policy file', () => {
    expect(locate(gateFinding({ location: { file: 'manifest', elementId: null } }))).toEqual({
      uri: 'plan-gate.json',
      startLine: 1,
    });
    expect(locate(gateFinding({ location: { file: 'policy', elementId: null } }))).toEqual({
      uri: 'plan-gate.json',
      startLine: 1,
    });
    const withPolicy = createFindingLocator(
      { ...files, policy: '.gatehouse/policy.json' },
      new Map(),
    );
    expect(withPolicy(gateFinding({ location: { file: 'policy', elementId: null } }))).toEqual({
      uri: '.gatehouse/policy.json',
      startLine: 1,
    });
  });

  it('falls back to line 1 for a line no reader could use', () => {
    expect([7, 0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY].map(usableStartLine)).toEqual([
      7, 1, 1, 1, 1, 1,
    ]);
  });
});
