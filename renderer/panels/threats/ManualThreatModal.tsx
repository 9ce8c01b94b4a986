/**
 * Adds a threat by hand — to the selected element or flow, or to the whole model — or edits one
 * added by hand. It joins the register like generated threats and is triaged the same way.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { InputError } from '../../../shared/model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../../../shared/model/ids';
import {
  addManualThreat,
  manualThreatTargets,
  updateManualThreat,
} from '../../../shared/model/edit/manualThreats';
import {
  STRIDE_CATEGORIES,
  type ManualThreat,
  type StrideCategory,
  type Target,
} from '../../../shared/model/schema';
import { severityOf } from '../../../shared/rules/scoring';
import { builtinPacks } from '../../analysis/liveAnalysis';
import { useEditorStore } from '../../editor/EditorContext';
import { newId } from '../../editor/newId';
import { CATEGORY_NAMES, groupKeyOf, indexItems, itemLabel, SEVERITY_NAMES } from './threatList';

/** Not a valid ID (IDs have no parentheses), so it cannot collide with an element's. */
const MODEL_LEVEL = '(model)';
const TITLE_MAX = 500;
/** Options rendered at once in the "Applies to" list; typing narrows it. */
const APPLIES_TO_LIMIT = 100;

const CATEGORY_OPTIONS = STRIDE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_NAMES[c] }));
const LIKELIHOOD_OPTIONS = ['rare', 'unlikely', 'possible', 'likely', 'almost certain'].map(
  (word, index) => ({ value: String(index + 1), label: `${index + 1} — ${word}` }),
);
const IMPACT_OPTIONS = ['negligible', 'minor', 'moderate', 'major', 'severe'].map(
  (word, index) => ({ value: String(index + 1), label: `${index + 1} — ${word}` }),
);

export interface ManualThreatModalProps {
  opened: boolean;
  /** The manual threat to edit, or null to add one. */
  editing: ManualThreat | null;
  onClose(): void;
  onSaved(
    threatId: string,
    targetIds: readonly string[],
    groupKeys: { element: string; category: string },
  ): void;
}

export function ManualThreatModal(props: ManualThreatModalProps) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.editing ? 'Edit threat' : 'Add a threat'}
      size="lg"
    >
      {props.opened && <ManualThreatForm {...props} />}
    </Modal>
  );
}

function ManualThreatForm({ editing, onClose, onSaved }: ManualThreatModalProps) {
  const editor = useEditorStore();
  // Read once when the dialog opens: the canvas cannot change while it is open.
  const [document] = useState(() => editor.getState().document);
  const [selection] = useState(() => editor.getState().selection);
  const items = useMemo(
    () => indexItems(document.elements, document.flows),
    [document.elements, document.flows],
  );
  const appliesToOptions = useMemo(
    () => [
      { value: MODEL_LEVEL, label: 'The whole model (no element)' },
      ...[...items.keys()]
        .map((id) => ({ value: id, label: itemLabel(id, items) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    ],
    [items],
  );
  const [appliesTo, setAppliesTo] = useState<string>(
    () => selection.find((id) => items.has(id)) ?? MODEL_LEVEL,
  );
  const [category, setCategory] = useState<StrideCategory>(editing?.category ?? 'Tampering');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [likelihood, setLikelihood] = useState(String(editing?.likelihood ?? 3));
  const [impact, setImpact] = useState(String(editing?.impact ?? 3));
  const [mitigationIds, setMitigationIds] = useState<string[]>(editing?.mitigationIds ?? []);
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const mitigationOptions = useMemo(
    () =>
      [...builtinPacks().compiled.mitigationsById.values()]
        .map((m) => ({ value: m.id, label: m.title }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [],
  );
  const titleError = attempted && title.trim() === '' ? 'Give the threat a title.' : undefined;
  const score = Number(likelihood) * Number(impact);

  const submit = () => {
    setAttempted(true);
    setRefusal(null);
    if (title.trim() === '') return;
    const fields = {
      category,
      title,
      description,
      likelihood: Number(likelihood),
      impact: Number(impact),
      mitigationIds,
    };
    let saved: { id: string; targets: Target[] };
    try {
      if (editing) {
        editor.getState().apply('Edit threat', (m) => updateManualThreat(m, editing.id, fields));
        saved = { id: editing.id, targets: editing.targets };
      } else {
        const key = newId('manual');
        const targets = manualThreatTargets(
          editor.getState().document,
          appliesTo === MODEL_LEVEL ? null : appliesTo,
        );
        editor
          .getState()
          .apply('Add threat', (m) => addManualThreat(m, { ...fields, key, targets }));
        saved = { id: threatIdFor(MANUAL_PACK_ID, key, targets), targets };
      }
    } catch (error) {
      if (error instanceof InputError) {
        setRefusal(error.summary);
        return;
      }
      throw error;
    }
    onSaved(
      saved.id,
      saved.targets.map((t) => t.id),
      { element: groupKeyOf({ targets: saved.targets, category }, 'element'), category },
    );
    onClose();
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        {editing ? (
          <Text size="sm">
            {`Applies to: ${
              editing.targets.length === 0
                ? 'the whole model'
                : editing.targets.map((t) => itemLabel(t.id, items)).join(', ')
            } (a threat keeps its elements; add a new one for others).`}
          </Text>
        ) : (
          <Select
            label="Applies to"
            description="The selected element or flow, any other, or the whole model."
            data={appliesToOptions}
            value={appliesTo}
            allowDeselect={false}
            searchable
            limit={APPLIES_TO_LIMIT}
            nothingFoundMessage="No element or flow by that name"
            onChange={(value) => value && setAppliesTo(value)}
          />
        )}
        <Select
          label="STRIDE category"
          data={CATEGORY_OPTIONS}
          value={category}
          allowDeselect={false}
          onChange={(value) => value && setCategory(value as StrideCategory)}
        />
        <TextInput
          label="Title"
          required
          maxLength={TITLE_MAX}
          value={title}
          error={titleError}
          onChange={(event) => setTitle(event.currentTarget.value)}
          data-autofocus
        />
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={8}
          maxLength={20_000}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
        <SimpleGrid cols={2}>
          <Select
            label="Likelihood"
            data={LIKELIHOOD_OPTIONS}
            value={likelihood}
            allowDeselect={false}
            onChange={(value) => value && setLikelihood(value)}
          />
          <Select
            label="Impact"
            data={IMPACT_OPTIONS}
            value={impact}
            allowDeselect={false}
            onChange={(value) => value && setImpact(value)}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {`Severity: ${SEVERITY_NAMES[severityOf(score)].toLowerCase()} (${likelihood} × ${impact} = ${score})`}
        </Text>
        <MultiSelect
          label="Mitigations"
          description="From the mitigation catalogue: the stories for this threat come from them."
          data={mitigationOptions}
          value={mitigationIds}
          searchable
          maxValues={50}
          nothingFoundMessage="No mitigation by that name"
          onChange={setMitigationIds}
        />
        {refusal !== null && (
          <Alert color="red" variant="light" role="alert">
            {refusal}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit">{editing ? 'Save threat' : 'Add threat'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
