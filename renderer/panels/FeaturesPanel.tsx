/**
 * Features: named scopes of the model. Create one from the canvas selection, add or remove the
 * selected items, see each feature's risk (its worst open threat) and show its members.
 */
import { Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo } from 'react';
import {
  addFeature,
  deleteFeature,
  setFeatureMembership,
  updateFeature,
} from '../../shared/model/edit/features';
import { TRACKER_KEY, UNASSIGNED_FEATURE_ID, type Severity } from '../../shared/model/schema';
import { severityRank } from '../../shared/rules/scoring';
import { isOpenStatus } from '../../shared/threats/register';
import { useAnalysis } from '../analysis/AnalysisContext';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { newId } from '../editor/newId';
import { SeverityBadge } from './SeverityBadge';

export function FeaturesPanel() {
  const store = useEditorStore();
  const features = useEditor((s) => s.document.features);
  const selection = useEditor((s) => s.selection);
  const register = useAnalysis((s) => s.snapshot?.register);

  const risk = useMemo(() => {
    const result = new Map<string, { open: number; worst: Severity | null }>();
    for (const threat of register ?? []) {
      if (threat.noLongerDetected || threat.suppression !== null || !isOpenStatus(threat.status))
        continue;
      for (const featureId of threat.featureIds) {
        const entry = result.get(featureId) ?? { open: 0, worst: null };
        entry.open += 1;
        if (entry.worst === null || severityRank(threat.severity) > severityRank(entry.worst))
          entry.worst = threat.severity;
        result.set(featureId, entry);
      }
    }
    return result;
  }, [register]);

  const create = () => {
    const id = newId('feature');
    store
      .getState()
      .apply('Add feature', (m) =>
        addFeature(m, { id, name: `Feature ${m.features.length + 1}`, memberIds: selection }),
      );
  };
  const unassigned = risk.get(UNASSIGNED_FEATURE_ID);

  return (
    <Stack gap="md" p="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {selection.length > 0
            ? `${selection.length} item${selection.length === 1 ? '' : 's'} selected on the canvas.`
            : 'Select elements and flows on the canvas to put them in a feature.'}
        </Text>
        <Button size="xs" onClick={create}>
          New feature{selection.length > 0 ? ' from selection' : ''}
        </Button>
      </Group>
      {features.length === 0 && (
        <Text size="sm">
          No features yet. Stories and the plan gate are organised by feature: one per user-facing
          capability (e.g. “Checkout”).
        </Text>
      )}
      {features.map((feature) => {
        const featureRisk = risk.get(feature.id);
        const epicValid = feature.jiraEpicKey === null || TRACKER_KEY.test(feature.jiraEpicKey);
        return (
          <Stack
            key={feature.id}
            gap={6}
            className="gh-card"
            role="group"
            aria-label={`Feature ${feature.name}`}
          >
            <Group justify="space-between" wrap="nowrap">
              <TextInput
                aria-label="Feature name"
                value={feature.name}
                maxLength={200}
                onChange={(event) => {
                  const name = event.currentTarget.value;
                  store
                    .getState()
                    .apply('Rename feature', (m) => updateFeature(m, feature.id, { name }), {
                      mergeKey: `feature-name:${feature.id}`,
                    });
                }}
                style={{ flex: 1 }}
              />
              {featureRisk?.worst ? (
                <SeverityBadge severity={featureRisk.worst} label={`${featureRisk.open} open`} />
              ) : (
                <Badge variant="light" color="gray">
                  no open threats
                </Badge>
              )}
            </Group>
            <Group grow>
              <TextInput
                label="Owner"
                size="xs"
                value={feature.owner}
                maxLength={200}
                onChange={(event) => {
                  const owner = event.currentTarget.value;
                  store
                    .getState()
                    .apply('Set feature owner', (m) => updateFeature(m, feature.id, { owner }), {
                      mergeKey: `feature-owner:${feature.id}`,
                    });
                }}
              />
              <TextInput
                label="Jira epic"
                size="xs"
                placeholder="e.g. SHOP-12"
                value={feature.jiraEpicKey ?? ''}
                error={epicValid ? undefined : 'A Jira key such as SHOP-12'}
                onChange={(event) => {
                  const value = event.currentTarget.value.trim().toUpperCase();
                  store
                    .getState()
                    .apply(
                      'Set feature epic',
                      (m) =>
                        updateFeature(m, feature.id, { jiraEpicKey: value === '' ? null : value }),
                      { mergeKey: `feature-epic:${feature.id}` },
                    );
                }}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {feature.memberIds.length} element{feature.memberIds.length === 1 ? '' : 's'} and
              flows
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                disabled={selection.length === 0}
                onClick={() =>
                  store
                    .getState()
                    .apply('Add to feature', (m) =>
                      setFeatureMembership(m, feature.id, selection, true),
                    )
                }
              >
                Add selected
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={selection.length === 0}
                onClick={() =>
                  store
                    .getState()
                    .apply('Remove from feature', (m) =>
                      setFeatureMembership(m, feature.id, selection, false),
                    )
                }
              >
                Remove selected
              </Button>
              <Button
                size="xs"
                variant="subtle"
                onClick={() => store.getState().setHighlight(feature.memberIds)}
              >
                Show on canvas
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() =>
                  store.getState().apply('Delete feature', (m) => deleteFeature(m, feature.id))
                }
              >
                Delete
              </Button>
            </Group>
          </Stack>
        );
      })}
      {unassigned && unassigned.open > 0 && (
        <Stack gap={4} className="gh-card">
          <Group justify="space-between">
            <Title order={4} size="h6">
              Unassigned
            </Title>
            {unassigned.worst && (
              <SeverityBadge severity={unassigned.worst} label={`${unassigned.open} open`} />
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Threats on elements in no feature. The gate judges them like a feature.
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
