import { describe, expect, it } from 'vitest';
import { computeGraphFacts } from '../graph/graphFacts';
import type { Model } from '../model/schema';
import { STARTER_TEMPLATES } from '../templates/starterTemplates';
import { workshopOrder } from './walkOrder';

const webApplication = (): Model => STARTER_TEMPLATES[0]!.build();

describe('workshopOrder', () => {
  it('starts at the untrusted entity and walks outwards, flows between what they connect', () => {
    const model = webApplication();
    const walk = workshopOrder(model, computeGraphFacts(model), 'model');
    expect(walk.map((item) => item.id).slice(0, 3)).toEqual([
      'browser-user',
      // The customer's requests leave the browser, then reach the front end.
      model.flows.find((f) => f.sourceId === 'browser-user')!.id,
      'web-frontend',
    ]);
    expect(walk[0]!.distance).toBe(0);
    // Every element and flow exactly once.
    expect(new Set(walk.map((item) => item.id)).size).toBe(
      model.elements.length + model.flows.length,
    );
    expect(walk).toHaveLength(model.elements.length + model.flows.length);
  });

  it('orders by distance, and puts what no untrusted entity reaches last', () => {
    const model = webApplication();
    const walk = workshopOrder(model, computeGraphFacts(model), 'model');
    const distances = walk.map((item) => item.distance);
    const firstUnreached = distances.indexOf(null);
    expect(firstUnreached).toBeGreaterThan(0);
    expect(distances.slice(firstUnreached).every((d) => d === null)).toBe(true);
    const reached = distances.slice(0, firstUnreached) as number[];
    expect(reached).toEqual([...reached].sort((a, b) => a - b));
    // The trusted administrator reaches the admin console, but no untrusted entity does.
    expect(walk.find((item) => item.id === 'admin-user')!.distance).toBeNull();
  });

  it('treats an entity of unknown trust as untrusted', () => {
    const model = webApplication();
    const unknown: Model = {
      ...model,
      elements: model.elements.map((e) =>
        e.id === 'admin-user' && e.kind === 'externalEntity'
          ? { ...e, properties: { ...e.properties, trusted: 'unknown' } }
          : e,
      ),
    };
    const walk = workshopOrder(unknown, computeGraphFacts(unknown), 'model');
    expect(walk.find((item) => item.id === 'admin-user')!.distance).toBe(0);
  });

  it('walks only a feature’s members, and nothing for a feature that is gone', () => {
    const model: Model = {
      ...webApplication(),
      features: [
        {
          id: 'checkout',
          name: 'Checkout',
          description: '',
          owner: '',
          jiraEpicKey: null,
          memberIds: ['web-api', 'browser-user'],
        },
      ],
    };
    const facts = computeGraphFacts(model);
    expect(workshopOrder(model, facts, { featureId: 'checkout' }).map((i) => i.id)).toEqual([
      'browser-user',
      'web-api',
    ]);
    expect(workshopOrder(model, facts, { featureId: 'gone' })).toEqual([]);
  });
});
