import { describe, expect, it } from 'vitest';
import { MANUAL_PACK_ID, storyIdFor, threatIdFor } from '../model/ids';
import type { Model } from '../model/schema';
import { analyzeModel } from '../rules/engine';
import { loadRulePacks } from '../rules/loadPacks';
import { buildModel, entity, flow, process, store, zone } from '../testing/modelBuilder';
import { buildThreatRegister } from '../threats/register';
import { acceptStory, generateStories } from './generateStories';

const { compiled } = loadRulePacks();

function storiesOf(model: Model) {
  const register = buildThreatRegister(model, analyzeModel(model, compiled).threats);
  return { register, stories: generateStories(model, register, compiled.mitigationsById) };
}

/** Fifty unencrypted flows from the internet into one API, half in a feature. */
function shop(flowCount = 6): Model {
  return buildModel({
    boundaries: [zone('net', 'internet'), zone('dmz', 'dmz')],
    elements: [
      entity('browser', { zoneId: 'net', properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { zoneId: 'dmz', properties: { internetFacing: 'yes' } }),
      store('db', { zoneId: 'dmz', properties: { holdsPii: 'yes', encryptedAtRest: 'no' } }),
    ],
    flows: [
      ...Array.from({ length: flowCount }, (_, i) =>
        flow(`f${i}`, 'browser', 'api', {
          properties: { encryptedInTransit: 'no', protocol: 'HTTP' },
        }),
      ),
      flow('write', 'api', 'db', { properties: { protocol: 'SQL' } }),
    ],
    features: [
      {
        id: 'checkout',
        name: 'Checkout',
        memberIds: ['api', ...['f0', 'f1', 'f2'].slice(0, flowCount)],
      },
    ],
  });
}

describe('generateStories', () => {
  it('groups the open threats of a feature by mitigation: many flows, one story', () => {
    const { stories, register } = storiesOf(shop());
    const tls = stories.find(
      (s) => s.featureId === 'checkout' && s.mitigationId === 'M-TRANSPORT-ENCRYPTION',
    );
    expect(tls).toBeDefined();
    expect(tls!.id).toBe(storyIdFor('checkout', 'M-TRANSPORT-ENCRYPTION'));
    const expected = register
      .filter(
        (t) =>
          t.featureIds.includes('checkout') && t.mitigations.includes('M-TRANSPORT-ENCRYPTION'),
      )
      .map((t) => t.id)
      .sort();
    expect(tls!.threatIds).toEqual(expected);
    // Every criterion names the element or flow it concerns and the ASVS requirement.
    const targets = new Set(tls!.acceptanceCriteria.map((c) => c.targetId));
    expect([...targets].sort()).toEqual(expect.arrayContaining(['f0', 'f1', 'f2']));
    for (const criterion of tls!.acceptanceCriteria) {
      expect(criterion.text).toContain(`"${criterion.targetName}"`);
      expect(tls!.asvs).toContain(criterion.asvs);
    }
    // Flows in no feature land in the implicit feature.
    const unassigned = stories.find(
      (s) => s.featureId === '_unassigned' && s.mitigationId === 'M-TRANSPORT-ENCRYPTION',
    );
    expect(unassigned?.featureName).toBe('Unassigned');
    expect(unassigned?.affectedTargets.map((t) => t.id)).toEqual(
      expect.arrayContaining(['f3', 'f4', 'f5']),
    );
  });

  it('covers exactly what it listed when accepted, and needs review when new threats join', () => {
    const model = shop();
    const story = storiesOf(model).stories.find(
      (s) => s.featureId === 'checkout' && s.mitigationId === 'M-TRANSPORT-ENCRYPTION',
    )!;
    const accepted = acceptStory(model, story);
    const after = storiesOf(accepted).stories.find((s) => s.id === story.id)!;
    expect(after).toMatchObject({
      state: 'planned',
      accepted: true,
      needsReview: false,
      coveredThreatIds: story.threatIds,
    });

    // A new unencrypted flow in the feature adds threats to the group.
    const grown: Model = {
      ...accepted,
      flows: [...accepted.flows, { ...accepted.flows[0]!, id: 'f9', name: 'f9' }],
      features: [
        { ...accepted.features[0]!, memberIds: [...accepted.features[0]!.memberIds, 'f9'] },
      ],
    };
    const review = storiesOf(grown).stories.find((s) => s.id === story.id)!;
    expect(review.needsReview).toBe(true);
    expect(review.coveredThreatIds).toEqual(story.threatIds);
    expect(review.threatIds.length).toBeGreaterThan(story.threatIds.length);
    const reaccepted = storiesOf(acceptStory(grown, review)).stories.find(
      (s) => s.id === story.id,
    )!;
    expect(reaccepted.needsReview).toBe(false);
  });

  it('marks covered threats mitigated once the story is done, and keeps the story listed', () => {
    const model = shop();
    const story = storiesOf(model).stories.find(
      (s) => s.featureId === 'checkout' && s.mitigationId === 'M-TRANSPORT-ENCRYPTION',
    )!;
    const done = acceptStory(model, story, 'done');
    const { register, stories } = storiesOf(done);
    for (const id of story.threatIds)
      expect(register.find((t) => t.id === id)?.status).toBe('mitigated');
    const kept = stories.find((s) => s.id === story.id)!;
    expect(kept.state).toBe('done');
    expect(kept.coveredThreatIds).toEqual(story.threatIds);
  });

  it('leaves out closed and suppressed threats, and includes manual ones', () => {
    const model = shop(1);
    const { register } = storiesOf(model);
    const target = register.find(
      (t) => t.mitigations.includes('M-TRANSPORT-ENCRYPTION') && t.featureIds.includes('checkout'),
    )!;
    const manualTargets = [{ role: 'element' as const, id: 'db' }];
    const withTriage: Model = {
      ...model,
      threats: [
        {
          threatId: target.id,
          status: 'accepted',
          approval: {
            approver: 'ciso@example.com',
            rationale: 'Legacy endpoint, retired in Q3.',
            expires: '2027-01-31',
          },
          transferredTo: null,
          severityOverride: null,
          residualLikelihood: null,
          residualImpact: null,
          owner: '',
          notes: '',
          trackerLinks: [],
          mitigationStatuses: [],
          firstSeen: null,
          noLongerDetected: false,
          lastKnown: null,
        },
      ],
      manualThreats: [
        {
          id: threatIdFor(MANUAL_PACK_ID, 'backup-theft', manualTargets),
          key: 'backup-theft',
          category: 'InformationDisclosure',
          targets: manualTargets,
          title: 'Backups of "db" are copied to a laptop',
          description: '',
          likelihood: 3,
          impact: 4,
          mitigationIds: ['M-BACKUP-RECOVERY'],
          cwe: [],
          source: '',
        },
      ],
    };
    const { stories } = storiesOf(withTriage);
    expect(stories.flatMap((s) => s.threatIds)).not.toContain(target.id);
    const backup = stories.find(
      (s) => s.mitigationId === 'M-BACKUP-RECOVERY' && s.featureId === '_unassigned',
    );
    expect(backup?.threatIds).toContain(withTriage.manualThreats[0]!.id);
  });
});
