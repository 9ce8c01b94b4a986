import { describe, expect, it } from 'vitest';
import { addManualThreat } from '../../../shared/model/edit/manualThreats';
import type { Model } from '../../../shared/model/schema';
import { loadRulePacks } from '../../../shared/rules/loadPacks';
import {
  buildModel,
  entity,
  flow,
  process,
  store,
  zone,
} from '../../../shared/testing/modelBuilder';
import { assessThreats, type RegisteredThreat } from '../../../shared/threats/register';
import {
  countThreats,
  featureOptions,
  filterThreats,
  groupKeyOf,
  groupThreats,
  hasFilters,
  indexItems,
  itemLabel,
  MODEL_LEVEL_KEY,
  NO_FILTERS,
  subjectOf,
  threatCountText,
} from './threatList';

const compiled = loadRulePacks([]).compiled;

/** An untrusted user reaching an internet-facing API that writes to a store, plus a manual threat. */
function shop(): Model {
  const model = buildModel({
    boundaries: [zone('internal', 'internal-network')],
    elements: [
      entity('user', { name: 'Shopper', properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', {
        name: 'Orders API',
        zoneId: 'internal',
        properties: { internetFacing: 'yes', authenticatesCallers: 'no' },
      }),
      store('db', { name: 'Orders DB', zoneId: 'internal', properties: { holdsPii: 'yes' } }),
    ],
    flows: [
      flow('f1', 'user', 'api', { name: 'Places orders' }),
      flow('f2', 'api', 'db', { name: 'Writes orders' }),
    ],
    features: [{ id: 'checkout', name: 'Checkout', memberIds: ['api'] }],
    suppressions: [],
  });
  return addManualThreat(model, {
    key: 'manual-aaaaaaaaaa',
    category: 'Repudiation',
    targets: [],
    title: 'Nobody owns the incident process',
    likelihood: 1,
    impact: 2,
  });
}

function setup(model: Model = shop()) {
  const register = assessThreats(model, compiled);
  const items = indexItems(model.elements, model.flows);
  return { model, register, items };
}

/** A register entry whose lazy text throws: proves a function never reads it. */
function withoutText(threat: RegisteredThreat): RegisteredThreat {
  return new Proxy(threat, {
    get(target, property) {
      if (property === 'title' || property === 'description' || property === 'explanation')
        throw new Error(`read ${String(property)}`);
      return Reflect.get(target, property, target) as unknown;
    },
  });
}

describe('threat list', () => {
  it('names items with their kind, and flows with their ends', () => {
    const { items } = setup();
    expect(itemLabel('api', items)).toBe('Orders API (Process)');
    expect(itemLabel('db', items)).toBe('Orders DB (Data store)');
    expect(itemLabel('f1', items)).toBe('Places orders (data flow Shopper → Orders API)');
    expect(itemLabel('gone', items)).toBe('gone (removed from the model)');
    const unnamed = indexItems(
      buildModel({ elements: [process('p', { name: ' ' })] }).elements,
      [],
    );
    expect(itemLabel('p', unnamed)).toBe('Unnamed process (Process)');
  });

  it('takes the flow as the subject of an interaction threat, the element otherwise', () => {
    expect(
      subjectOf({
        targets: [
          { role: 'source', id: 'user' },
          { role: 'flow', id: 'f1' },
          { role: 'target', id: 'api' },
        ],
      }),
    ).toBe('f1');
    expect(subjectOf({ targets: [{ role: 'element', id: 'api' }] })).toBe('api');
    expect(subjectOf({ targets: [] })).toBeNull();
    expect(groupKeyOf({ targets: [], category: 'Spoofing' }, 'element')).toBe(MODEL_LEVEL_KEY);
    expect(groupKeyOf({ targets: [], category: 'Spoofing' }, 'category')).toBe('Spoofing');
  });

  it('counts open work: open or investigating, detected and not suppressed', () => {
    const { model, register } = setup();
    expect(register.length).toBeGreaterThan(3);
    expect(countThreats(register)).toEqual({ total: register.length, open: register.length });
    const ruleThreat = register.find((t) => t.origin === 'rule')!;
    const suppressed = assessThreats(
      {
        ...model,
        suppressions: [
          {
            id: 'sup-1',
            packId: ruleThreat.packId,
            ruleId: ruleThreat.ruleId,
            elementId: null,
            approver: 'Dana',
            rationale: 'Handled upstream',
            expires: '2099-01-01',
          },
        ],
      },
      compiled,
    );
    const suppressedCount = suppressed.filter((t) => t.suppression !== null).length;
    expect(suppressedCount).toBeGreaterThan(0);
    expect(countThreats(suppressed).open).toBe(register.length - suppressedCount);
    expect(threatCountText({ total: 1, open: 0 })).toBe('1 threat, 0 open');
    expect(threatCountText({ total: 42, open: 17 })).toBe('42 threats, 17 open');
    expect(threatCountText({ total: 21_721, open: 1_204 })).toBe('21,721 threats, 1,204 open');
  });

  it('groups by element (model-level last, worst first) without reading any threat text', () => {
    const { register, items } = setup();
    const groups = groupThreats(register.map(withoutText), 'element', items);
    expect(groups.at(-1)!.key).toBe(MODEL_LEVEL_KEY);
    expect(groups.at(-1)!.label).toBe('Model-level (no element)');
    const labels = groups.slice(0, -1).map((g) => g.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    expect(groups.reduce((sum, g) => sum + g.threats.length, 0)).toBe(register.length);
    for (const group of groups) {
      const ranks = group.threats.map((t) =>
        ['low', 'medium', 'high', 'critical'].indexOf(t.severity),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      expect(group.open).toBe(group.threats.length);
    }
    const api = groups.find((g) => g.key === 'api')!;
    expect(api).toMatchObject({ name: 'Orders API', detail: 'Process' });
  });

  it('groups by STRIDE category in STRIDE order with readable names', () => {
    const { register, items } = setup();
    const groups = groupThreats(register, 'category', items);
    const order = [
      'Spoofing',
      'Tampering',
      'Repudiation',
      'Information disclosure',
      'Denial of service',
      'Elevation of privilege',
    ];
    const names = groups.map((g) => g.name);
    expect(names).toEqual(order.filter((name) => names.includes(name)));
    expect(names).toContain('Repudiation');
    expect(groups.every((g) => g.detail === null)).toBe(true);
  });

  it('filters by severity, status, feature and search text', () => {
    const { register, items } = setup();
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(filterThreats(register, NO_FILTERS, items)).toHaveLength(register.length);

    const high = filterThreats(register, { ...NO_FILTERS, severity: 'high' }, items);
    expect(high.every((t) => t.severity === 'high')).toBe(true);
    expect(high.length).toBe(register.filter((t) => t.severity === 'high').length);

    const checkout = filterThreats(register, { ...NO_FILTERS, feature: 'checkout' }, items);
    expect(checkout.length).toBeGreaterThan(0);
    expect(checkout.every((t) => t.featureIds.includes('checkout'))).toBe(true);
    const unassigned = filterThreats(register, { ...NO_FILTERS, feature: '_unassigned' }, items);
    expect(unassigned.some((t) => t.origin === 'manual')).toBe(true);
    expect(checkout.length + unassigned.length).toBeGreaterThanOrEqual(register.length);

    const byTitle = filterThreats(
      register,
      { ...NO_FILTERS, search: '  INCIDENT process ' },
      items,
    );
    expect(byTitle.map((t) => t.title)).toEqual(['Nobody owns the incident process']);
    // Every threat on the store is found by its name, whatever its title says.
    const byElement = filterThreats(register, { ...NO_FILTERS, search: 'orders db' }, items);
    const onStore = register.filter((t) => t.targets.some((target) => target.id === 'db'));
    expect(onStore.length).toBeGreaterThan(0);
    expect(byElement).toEqual(expect.arrayContaining(onStore));
    const byId = filterThreats(register, { ...NO_FILTERS, search: register[0]!.id }, items);
    expect(byId.map((t) => t.id)).toEqual([register[0]!.id]);

    expect(filterThreats(register, { ...NO_FILTERS, status: 'accepted' }, items)).toEqual([]);
    expect(filterThreats(register, { ...NO_FILTERS, status: 'open-work' }, items)).toHaveLength(
      register.length,
    );
  });

  it('does not read threat text unless searching', () => {
    const { register, items } = setup();
    const blind = register.map(withoutText);
    expect(() =>
      filterThreats(blind, { ...NO_FILTERS, severity: 'medium', status: 'open' }, items),
    ).not.toThrow();
    expect(() => filterThreats(blind, { ...NO_FILTERS, search: 'zzz' }, items)).toThrow(/title/);
  });

  it('filters threats no longer detected, and shows them apart from the statuses', () => {
    const { model, register } = setup();
    const ruleThreat = register.find(
      (t) => t.origin === 'rule' && t.targets.some((x) => x.id === 'db'),
    )!;
    const triaged: Model = {
      ...model,
      threats: [
        {
          threatId: ruleThreat.id,
          status: 'investigating',
          approval: null,
          transferredTo: null,
          severityOverride: null,
          residualLikelihood: null,
          residualImpact: null,
          owner: '',
          notes: '',
          trackerLinks: [],
          mitigationStatuses: [],
          firstSeen: '2026-01-01',
          noLongerDetected: false,
          lastKnown: {
            ruleRef: `${ruleThreat.packId}/${ruleThreat.ruleId}`,
            category: ruleThreat.category,
            targets: ruleThreat.targets,
            title: 'Old title',
            severity: 'high',
          },
        },
      ],
      // The rules can no longer find the threat: its store is gone from the model.
      elements: model.elements.filter((e) => e.id !== 'db'),
      flows: model.flows.filter((f) => f.id !== 'f2'),
    };
    const after = assessThreats(triaged, compiled);
    const items = indexItems(triaged.elements, triaged.flows);
    const gone = filterThreats(after, { ...NO_FILTERS, status: 'no-longer-detected' }, items);
    expect(gone.map((t) => t.id)).toEqual([ruleThreat.id]);
    expect(filterThreats(after, { ...NO_FILTERS, status: 'investigating' }, items)).toEqual([]);
    expect(countThreats(after).open).toBe(after.length - 1);
    const groups = groupThreats(after, 'element', items);
    expect(groups.find((g) => g.key === 'db')!.detail).toBe('removed from the model');
  });

  it('offers every feature and "Unassigned" as feature filters', () => {
    const { model } = setup();
    expect(featureOptions(model.features)).toEqual([
      { value: 'all', label: 'All features' },
      { value: 'checkout', label: 'Checkout' },
      { value: '_unassigned', label: 'Unassigned' },
    ]);
  });
});
