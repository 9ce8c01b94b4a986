/**
 * "Suppress rule": switches a rule off on one element or flow of the threat, or everywhere in
 * the model, with the approval the policy requires (`suppressRule`, the CLI's operation). The
 * threats it covers leave the open list and are listed with the suppression in the report.
 */
import { Alert, Button, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_POLICY } from '../../../shared/gate/policy';
import { InputError } from '../../../shared/model/errors';
import type { RegisteredThreat } from '../../../shared/threats/register';
import { suppressRule } from '../../../shared/triage/triageOperations';
import { useAnalysisStore } from '../../analysis/AnalysisContext';
import { useEditorStore } from '../../editor/EditorContext';
import { ApprovalFields } from './ApprovalFields';
import { approvalFormErrors, latestExpiry, type ApprovalFormValues } from './approvalForm';
import { itemLabel, type ItemInfo } from './threatList';
import { todayUtc } from './triageFields';

const POLICY = DEFAULT_POLICY;
const EVERYWHERE = 'model';

/** The rule references of the loaded packs (`pack/rule`), as `suppressRule` checks them. */
function knownRules(packs: readonly { id: string; rules: readonly { id: string }[] }[]) {
  return new Set(packs.flatMap((pack) => pack.rules.map((rule) => `${pack.id}/${rule.id}`)));
}

export function SuppressRuleForm({
  threat,
  items,
}: {
  threat: RegisteredThreat;
  items: ReadonlyMap<string, ItemInfo>;
}) {
  const editor = useEditorStore();
  const analysis = useAnalysisStore();
  const today = todayUtc();
  const targetIds = [...new Set(threat.targets.map((target) => target.id))];
  const [where, setWhere] = useState<string>(targetIds[0] ?? EVERYWHERE);
  const [values, setValues] = useState<ApprovalFormValues>({
    approver: '',
    rationale: '',
    expires: '',
  });
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // Closed until asked for: a suppression is the exception, and its fields are not the status's.
  const [opened, setOpened] = useState(false);
  const errors = attempted ? approvalFormErrors(values, today, POLICY) : {};
  const set = (field: keyof ApprovalFormValues, value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  const submit = () => {
    setAttempted(true);
    setRefusal(null);
    if (Object.keys(approvalFormErrors(values, today, POLICY)).length > 0) return;
    const elementId = where === EVERYWHERE ? null : where;
    try {
      editor.getState().apply('Suppress rule', (model) =>
        suppressRule(
          model,
          {
            packId: threat.packId,
            ruleId: threat.ruleId,
            elementId,
            approval: {
              approver: values.approver.trim(),
              rationale: values.rationale.trim(),
              expires: values.expires.trim(),
            },
          },
          knownRules(analysis.getState().packs.packs),
          today,
          POLICY,
        ),
      );
    } catch (error) {
      if (error instanceof InputError) setRefusal(error.summary);
      else throw error;
    }
  };

  if (!opened)
    return (
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>
        Suppress rule…
      </Button>
    );
  return (
    <form
      aria-label="Suppress rule"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap={6}>
        <Text size="xs" c="dimmed">
          {`Suppressing rule ${threat.packId}/${threat.ruleId} switches it off where you choose; it needs an approver, a rationale and an expiry date (at most ${POLICY.maxAcceptanceDays} days: until ${latestExpiry(today, POLICY)}).`}
        </Text>
        <Select
          size="xs"
          label="Suppress where"
          allowDeselect={false}
          value={where}
          onChange={(value) => value && setWhere(value)}
          data={[
            ...targetIds.map((id) => ({ value: id, label: `On ${itemLabel(id, items)}` })),
            { value: EVERYWHERE, label: 'Everywhere in the model' },
          ]}
        />
        <ApprovalFields
          labelPrefix="Suppression "
          values={values}
          errors={errors}
          today={today}
          onChange={set}
        />
        {refusal !== null && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {refusal}
          </Alert>
        )}
        <Button size="xs" variant="default" type="submit">
          Suppress rule
        </Button>
      </Stack>
    </form>
  );
}
