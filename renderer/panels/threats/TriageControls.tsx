/**
 * Triage of one threat: status (with the approval accepted, not-applicable and transferred
 * need), severity override, owner, notes and residual scores. Status and severity are recorded
 * with the shared triage operations — the same rules the CLI enforces — and each is one undo
 * step; typing in owner or notes is one step per field.
 */
import {
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_POLICY } from '../../../shared/gate/policy';
import { InputError } from '../../../shared/model/errors';
import {
  SEVERITIES,
  THREAT_STATUSES,
  type Model,
  type Severity,
  type ThreatStatus,
  type ThreatTriage,
} from '../../../shared/model/schema';
import { severityOf } from '../../../shared/rules/scoring';
import type { RegisteredThreat } from '../../../shared/threats/register';
import { overrideSeverity, setThreatStatus } from '../../../shared/triage/triageOperations';
import { useAnalysisStore } from '../../analysis/AnalysisContext';
import { useEditorStore } from '../../editor/EditorContext';
import {
  latestExpiry,
  lowersSeverity,
  needsApproval,
  severityChanged,
  severityFormErrors,
  severityRecordKey,
  severityValuesOf,
  statusChanged,
  statusFormErrors,
  statusRecordKey,
  statusValuesOf,
  type SeverityFormValues,
  type StatusFormErrors,
  type StatusFormValues,
} from './approvalForm';
import { ApprovalFields } from './ApprovalFields';
import { SEVERITY_NAMES, STATUS_NAMES } from './threatList';
import { registerFor } from '../../analysis/current';
import { setTriageFields } from '../../../shared/triage/triageOperations';
import { todayUtc } from './triageFields';

const POLICY = DEFAULT_POLICY;

const STATUS_OPTIONS = THREAT_STATUSES.map((status) => ({
  value: status,
  label: status === 'mitigated' ? 'Mitigated (set by a done story)' : STATUS_NAMES[status],
  disabled: status === 'mitigated',
}));

const LIKELIHOOD_WORDS = ['rare', 'unlikely', 'possible', 'likely', 'almost certain'];
const IMPACT_WORDS = ['negligible', 'minor', 'moderate', 'major', 'severe'];

function scaleOptions(words: readonly string[], inherent: number) {
  return [
    { value: 'inherent', label: `Same as inherent (${inherent})` },
    ...words.map((word, index) => ({ value: String(index + 1), label: `${index + 1} — ${word}` })),
  ];
}

type TriageOperation = (model: Model, register: readonly RegisteredThreat[]) => Model;

/**
 * Runs a triage operation as one undo step, with the register of the very document it edits.
 * Returns the operation's refusal (an incomplete approval), or null when it was recorded.
 */
function useRecord(): (label: string, operation: TriageOperation) => string | null {
  const editor = useEditorStore();
  const analysis = useAnalysisStore();
  return (label, operation) => {
    try {
      editor
        .getState()
        .apply(label, (model) =>
          operation(model, registerFor(model, analysis.getState().snapshot)),
        );
      return null;
    } catch (error) {
      if (error instanceof InputError) return error.summary;
      throw error;
    }
  };
}

export function TriageControls({
  threat,
  triage,
}: {
  threat: RegisteredThreat;
  triage: ThreatTriage | null;
}) {
  return (
    <Stack gap="sm">
      <StatusForm threat={threat} triage={triage} />
      <SeverityForm threat={threat} triage={triage} />
      <FreeFields threat={threat} triage={triage} />
    </Stack>
  );
}

/** The triage record of `threatId` in the editor's document now (after an edit was applied). */
function useCurrentTriage(threatId: string): () => ThreatTriage | null {
  const editor = useEditorStore();
  return () => editor.getState().document.threats.find((t) => t.threatId === threatId) ?? null;
}

/** A short confirmation for screen readers and eyes alike. */
function Notice({ text }: { text: string | null }) {
  return (
    <Text size="xs" c="dimmed" role="status">
      {text ?? ''}
    </Text>
  );
}

function StatusForm({ threat, triage }: { threat: RegisteredThreat; triage: ThreatTriage | null }) {
  const record = useRecord();
  const currentTriage = useCurrentTriage(threat.id);
  const today = todayUtc();
  const [values, setValues] = useState<StatusFormValues>(() =>
    statusValuesOf(threat.status, triage),
  );
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The form starts again from the record when the record changes by other means (undo, redo).
  const recordKey = statusRecordKey(triage);
  const [shownKey, setShownKey] = useState(recordKey);
  if (shownKey !== recordKey) {
    setShownKey(recordKey);
    setValues(statusValuesOf(threat.status, triage));
    setAttempted(false);
    setRefusal(null);
    setNotice(null);
  }
  const errors: StatusFormErrors = attempted ? statusFormErrors(values, today, POLICY) : {};
  const approval = needsApproval(values.status);
  const set = <K extends keyof StatusFormValues>(key: K, value: StatusFormValues[K]) => {
    setNotice(null);
    setValues((current) => ({ ...current, [key]: value }));
  };

  const submit = () => {
    setAttempted(true);
    setRefusal(null);
    setNotice(null);
    if (Object.keys(statusFormErrors(values, today, POLICY)).length > 0) return;
    if (!statusChanged(values, triage)) {
      setNotice('Nothing to record: this is the recorded status.');
      return;
    }
    const refused = record(
      `Set threat to ${STATUS_NAMES[values.status].toLowerCase()}`,
      (model, register) =>
        setThreatStatus(
          model,
          register,
          {
            threatId: threat.id,
            status: values.status,
            approval: approval
              ? {
                  approver: values.approver.trim(),
                  rationale: values.rationale.trim(),
                  expires: values.expires.trim(),
                }
              : {},
            transferredTo: values.transferredTo,
          },
          today,
          POLICY,
        ),
    );
    setRefusal(refused);
    if (refused === null) {
      // Our own change: keep the form (and the focus on its button), showing what was recorded.
      const recorded = currentTriage();
      setShownKey(statusRecordKey(recorded));
      setValues(statusValuesOf(values.status, recorded));
      setAttempted(false);
      setNotice(`Recorded: ${STATUS_NAMES[values.status].toLowerCase()}.`);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap={6}>
        <Select
          size="xs"
          label="Status"
          description="Mitigated is not chosen by hand: a threat is mitigated when an accepted story that lists it is done."
          data={STATUS_OPTIONS}
          value={values.status}
          allowDeselect={false}
          error={errors.status}
          onChange={(value) => value && set('status', value as ThreatStatus)}
        />
        {approval && (
          <>
            <Text size="xs" c="dimmed">
              {`${STATUS_NAMES[values.status]} needs an approver, a rationale and an expiry date (at most ${POLICY.maxAcceptanceDays} days: until ${latestExpiry(today, POLICY)}); it ends at the end of that day, UTC.`}
            </Text>
            <ApprovalFields values={values} errors={errors} today={today} onChange={set} />
            {values.status === 'transferred' && (
              <TextInput
                size="xs"
                label="Transferred to"
                required
                maxLength={200}
                value={values.transferredTo}
                error={errors.transferredTo}
                onChange={(event) => set('transferredTo', event.currentTarget.value)}
              />
            )}
          </>
        )}
        {refusal !== null && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {refusal}
          </Alert>
        )}
        <Group gap="xs">
          <Button size="xs" type="submit" disabled={values.status === 'mitigated'}>
            Record status
          </Button>
          <Notice text={notice} />
        </Group>
      </Stack>
    </form>
  );
}

function SeverityForm({
  threat,
  triage,
}: {
  threat: RegisteredThreat;
  triage: ThreatTriage | null;
}) {
  const record = useRecord();
  const currentTriage = useCurrentTriage(threat.id);
  const today = todayUtc();
  const [values, setValues] = useState<SeverityFormValues>(() => severityValuesOf(triage));
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const recordKey = severityRecordKey(triage);
  const [shownKey, setShownKey] = useState(recordKey);
  if (shownKey !== recordKey) {
    setShownKey(recordKey);
    setValues(severityValuesOf(triage));
    setAttempted(false);
    setRefusal(null);
    setNotice(null);
  }
  const inherent = threat.inherentSeverity;
  const lowers = lowersSeverity(values.severity, inherent);
  const errors = attempted ? severityFormErrors(values, inherent) : {};
  const recorded = triage?.severityOverride ?? null;
  const notInForce =
    recorded !== null && !threat.noLongerDetected && threat.severity !== recorded.severity;
  const set = <K extends keyof SeverityFormValues>(key: K, value: SeverityFormValues[K]) => {
    setNotice(null);
    setValues((current) => ({ ...current, [key]: value }));
  };

  const submit = () => {
    setAttempted(true);
    setRefusal(null);
    setNotice(null);
    if (Object.keys(severityFormErrors(values, inherent)).length > 0) return;
    if (!severityChanged(values, triage, inherent)) {
      setNotice('Nothing to record: this is the recorded severity.');
      return;
    }
    const severity = values.severity === 'none' ? null : values.severity;
    const refused = record(
      severity === null ? 'Remove severity override' : `Override severity to ${severity}`,
      (model, register) =>
        overrideSeverity(
          model,
          register,
          {
            threatId: threat.id,
            severity,
            approver: lowers ? values.approver : undefined,
            rationale: lowers ? values.rationale : undefined,
          },
          today,
        ),
    );
    setRefusal(refused);
    if (refused === null) {
      const now = currentTriage();
      setShownKey(severityRecordKey(now));
      setValues(severityValuesOf(now));
      setAttempted(false);
      setNotice(
        severity === null
          ? 'Recorded: no override.'
          : `Recorded: ${SEVERITY_NAMES[severity].toLowerCase()}.`,
      );
    }
  };

  const options = [
    { value: 'none', label: `No override (inherent: ${SEVERITY_NAMES[inherent].toLowerCase()})` },
    ...[...SEVERITIES].reverse().map((s) => ({ value: s, label: SEVERITY_NAMES[s] })),
  ];

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap={6}>
        <Select
          size="xs"
          label="Severity override"
          description={`Raising needs no approval; lowering below ${SEVERITY_NAMES[inherent].toLowerCase()} needs an approver and a rationale. The gate uses the inherent severity with approved overrides.`}
          data={options}
          value={values.severity}
          allowDeselect={false}
          onChange={(value) => value && set('severity', value as Severity | 'none')}
        />
        {notInForce && (
          <Text size="xs" c="red.8">
            The recorded override lowers the severity without an approver and a rationale, so it is
            not in force.
          </Text>
        )}
        {lowers && (
          <SimpleGrid cols={2} spacing={6}>
            <TextInput
              size="xs"
              label="Approver of the lower severity"
              required
              maxLength={200}
              value={values.approver}
              error={errors.approver}
              onChange={(event) => set('approver', event.currentTarget.value)}
            />
            <TextInput
              size="xs"
              label="Rationale for the lower severity"
              required
              maxLength={5000}
              value={values.rationale}
              error={errors.rationale}
              onChange={(event) => set('rationale', event.currentTarget.value)}
            />
          </SimpleGrid>
        )}
        {refusal !== null && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {refusal}
          </Alert>
        )}
        <Group gap="xs">
          <Button size="xs" variant="default" type="submit">
            Record severity
          </Button>
          <Notice text={notice} />
        </Group>
      </Stack>
    </form>
  );
}

/** Owner, notes and residual scores: no approval, recorded as the user types. */
function FreeFields({ threat, triage }: { threat: RegisteredThreat; triage: ThreatTriage | null }) {
  const editor = useEditorStore();
  const edit = (label: string, patch: Parameters<typeof setTriageFields>[2], mergeKey?: string) =>
    editor
      .getState()
      .apply(
        label,
        (model) => setTriageFields(model, threat, patch, todayUtc()),
        mergeKey ? { mergeKey } : {},
      );
  const residualL = triage?.residualLikelihood ?? null;
  const residualI = triage?.residualImpact ?? null;
  const residualSeverity = severityOf(
    (residualL ?? threat.likelihood) * (residualI ?? threat.impact),
  );
  return (
    <Stack gap={6}>
      <TextInput
        size="xs"
        label="Owner"
        maxLength={200}
        value={triage?.owner ?? ''}
        onChange={(event) =>
          edit('Set threat owner', { owner: event.currentTarget.value }, `owner:${threat.id}`)
        }
      />
      <Textarea
        size="xs"
        label="Notes"
        autosize
        minRows={2}
        maxRows={8}
        maxLength={20_000}
        value={triage?.notes ?? ''}
        onChange={(event) =>
          edit('Edit threat notes', { notes: event.currentTarget.value }, `notes:${threat.id}`)
        }
      />
      {!threat.noLongerDetected && (
        <>
          <SimpleGrid cols={2} spacing={6}>
            <Select
              size="xs"
              label="Residual likelihood"
              data={scaleOptions(LIKELIHOOD_WORDS, threat.likelihood)}
              value={residualL === null ? 'inherent' : String(residualL)}
              allowDeselect={false}
              onChange={(value) =>
                value &&
                edit('Set residual likelihood', {
                  residualLikelihood: value === 'inherent' ? null : Number(value),
                })
              }
            />
            <Select
              size="xs"
              label="Residual impact"
              data={scaleOptions(IMPACT_WORDS, threat.impact)}
              value={residualI === null ? 'inherent' : String(residualI)}
              allowDeselect={false}
              onChange={(value) =>
                value &&
                edit('Set residual impact', {
                  residualImpact: value === 'inherent' ? null : Number(value),
                })
              }
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {`Residual severity after mitigation: ${SEVERITY_NAMES[residualSeverity].toLowerCase()} (reports and the dashboard use it; the gate uses the inherent severity).`}
          </Text>
        </>
      )}
    </Stack>
  );
}
