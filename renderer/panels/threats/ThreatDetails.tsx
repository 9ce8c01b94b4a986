/**
 * The details of the expanded threat: description, the explanation trace ("Why this threat"),
 * scores, mitigations from the catalogue, CWE references, and the triage controls. All user and
 * rule text is rendered as React text.
 */
import { Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { deleteManualThreat } from '../../../shared/model/edit/manualThreats';
import { severityOf } from '../../../shared/rules/scoring';
import type { RegisteredThreat } from '../../../shared/threats/register';
import { useAnalysis } from '../../analysis/AnalysisContext';
import { useEditor, useEditorStore } from '../../editor/EditorContext';
import { ManualThreatModal } from './ManualThreatModal';
import { SEVERITY_NAMES, cweText, itemLabel, type ItemInfo } from './threatList';
import { SuppressRuleForm } from './SuppressRuleForm';
import { TriageControls } from './TriageControls';

const ROLE_NAMES: Readonly<Record<string, string>> = {
  element: 'Element',
  flow: 'Flow',
  source: 'From',
  target: 'To',
};

export function ThreatDetails({
  id,
  threat,
  items,
  onDeleted,
}: {
  id: string;
  threat: RegisteredThreat;
  items: ReadonlyMap<string, ItemInfo>;
  onDeleted(): void;
}) {
  const store = useEditorStore();
  const triages = useEditor((s) => s.document.threats);
  const manualThreats = useEditor((s) => s.document.manualThreats);
  const triage = useMemo(
    () => triages.find((t) => t.threatId === threat.id) ?? null,
    [triages, threat.id],
  );
  const manual = useMemo(
    () => (threat.origin === 'manual' ? manualThreats.find((t) => t.id === threat.id) : undefined),
    [manualThreats, threat.id, threat.origin],
  );
  const [editing, setEditing] = useState(false);
  // The document's packs: a custom pack's mitigations are in its catalogue.
  const catalogue = useAnalysis((s) => s.packs.compiled.mitigationsById);
  const score = threat.likelihood * threat.impact;

  return (
    <div className="gh-threat-details" id={id} data-testid="threat-details">
      {threat.description !== '' && (
        <Text size="sm" mb={4}>
          {threat.description}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {threat.targets.length === 0
          ? 'Model-level threat (tied to no element)'
          : threat.targets
              .map((t) => `${ROLE_NAMES[t.role] ?? t.role}: ${itemLabel(t.id, items)}`)
              .join(' · ')}
      </Text>
      <Text size="xs" c="dimmed">
        {`Threat ${threat.id} · ${threat.origin === 'manual' ? 'added by hand' : `rule ${threat.packId}/${threat.ruleId}`}`}
      </Text>

      {threat.noLongerDetected && (
        <Text size="sm" mt={6} fw={600}>
          Resolved by a model change: the rules no longer find this threat. Its triage is kept.
        </Text>
      )}
      {threat.suppression !== null && (
        <Text size="sm" mt={6}>
          <strong>Suppressed</strong>
          {` (${threat.suppression.elementId === null ? 'everywhere in the model' : `on ${itemLabel(threat.suppression.elementId, items)}`})`}
          {`: approved by ${threat.suppression.approver ?? 'nobody'}${threat.suppression.expires ? ` until ${threat.suppression.expires}` : ''}. `}
          {threat.suppression.rationale ?? ''}
        </Text>
      )}

      <h4>Why this threat</h4>
      <ul className="gh-threat-trace" aria-label="Why this threat">
        {threat.explanation.map((line, index) => (
          <li key={index} style={{ paddingLeft: `${line.depth * 16}px` }}>
            <span
              className={`gh-threat-trace-mark gh-threat-trace-mark--${line.held ? 'held' : 'not-held'}`}
              aria-hidden
            >
              {line.held ? '✓' : '✗'}
            </span>
            <VisuallyHidden>{line.held ? 'Holds: ' : 'Does not hold: '}</VisuallyHidden>
            {line.text}
          </li>
        ))}
      </ul>

      <h4>Risk</h4>
      <Text size="sm">
        {threat.noLongerDetected
          ? `Last known severity: ${SEVERITY_NAMES[threat.inherentSeverity].toLowerCase()}.`
          : `Likelihood ${threat.likelihood} × impact ${threat.impact} = ${score}: ${SEVERITY_NAMES[severityOf(score)].toLowerCase()}.`}
        {threat.severity !== threat.inherentSeverity &&
          ` Overridden to ${SEVERITY_NAMES[threat.severity].toLowerCase()}.`}
        {!threat.noLongerDetected &&
          ` Residual: ${threat.residualLikelihood} × ${threat.residualImpact}, ${SEVERITY_NAMES[threat.residualSeverity].toLowerCase()}.`}
      </Text>

      <h4>Mitigations</h4>
      {threat.mitigations.length === 0 ? (
        <Text size="sm" c="dimmed">
          None listed.
        </Text>
      ) : (
        <ul className="gh-threat-mitigations">
          {threat.mitigations.map((mitigationId) => {
            const mitigation = catalogue.get(mitigationId);
            return (
              <li key={mitigationId}>
                <Text size="sm" fw={500}>
                  {mitigation?.title ?? mitigationId}
                </Text>
                <Text size="xs" c="dimmed">
                  {mitigation
                    ? `${mitigationId} · ASVS ${mitigation.asvs.join(', ')}`
                    : `${mitigationId} (not in the loaded catalogue)`}
                </Text>
              </li>
            );
          })}
        </ul>
      )}
      {threat.coveringStoryIds.length > 0 && (
        <Text size="xs" mt={4}>
          {`Covered by accepted ${threat.coveringStoryIds.length === 1 ? 'story' : 'stories'} ${threat.coveringStoryIds.join(', ')}.`}
        </Text>
      )}

      {threat.cwe.length > 0 && (
        <>
          <h4>Weaknesses</h4>
          <ul className="gh-threat-mitigations">
            {threat.cwe.map((cwe) => (
              <li key={cwe}>
                <Text size="xs">{cweText(cwe)}</Text>
              </li>
            ))}
          </ul>
        </>
      )}

      <h4>Triage</h4>
      <TriageControls threat={threat} triage={triage} />

      {threat.origin !== 'manual' && threat.suppression === null && !threat.noLongerDetected && (
        <>
          <h4>Suppress the rule</h4>
          <SuppressRuleForm threat={threat} items={items} />
        </>
      )}

      {manual && (
        <Group gap="xs" mt="sm">
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            Edit threat…
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => {
              store.getState().apply('Delete threat', (m) => deleteManualThreat(m, threat.id));
              onDeleted();
            }}
          >
            Delete threat
          </Button>
          <ManualThreatModal
            opened={editing}
            editing={manual}
            onClose={() => setEditing(false)}
            onSaved={() => setEditing(false)}
          />
        </Group>
      )}
    </div>
  );
}
