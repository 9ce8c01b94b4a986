/**
 * One stop of the workshop walk: the STRIDE questions for the item's kind, the threats the rules
 * (or the team) already found on it — confirmed with one click, or closed through the Threats
 * panel's own triage form with the approval PRODUCT.md asks for — a quick entry for a new threat,
 * and the notes. Every change goes through the editor's `apply`: undoable, saved in the model.
 * The view keys it by item, so a new stop starts with fresh forms.
 */
import { Button, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_POLICY } from '../../shared/gate/policy';
import { addManualThreat, manualThreatTargets } from '../../shared/model/edit/manualThreats';
import { InputError } from '../../shared/model/errors';
import {
  SEVERITIES,
  type Model,
  type Severity,
  type StrideCategory,
} from '../../shared/model/schema';
import type { RegisteredThreat } from '../../shared/threats/register';
import { isOpenStatus } from '../../shared/threats/register';
import { setThreatStatus } from '../../shared/triage/triageOperations';
import {
  questionsFor,
  STRIDE_PER_ELEMENT,
  WALK_KIND_NAMES,
} from '../../shared/workshop/questionBank';
import type { WalkItem } from '../../shared/workshop/walkOrder';
import { notesOf, scalesForSeverity, setItemNotes } from '../../shared/workshop/workshopRecord';
import { threatsAbout } from '../../shared/workshop/workshopSummary';
import { registerFor } from '../analysis/current';
import { useAnalysisStore } from '../analysis/AnalysisContext';
import { useEditorStore } from '../editor/EditorContext';
import { newId } from '../editor/newId';
import { SeverityBadge } from '../panels/SeverityBadge';
import { CATEGORY_NAMES, SEVERITY_NAMES, STATUS_NAMES } from '../panels/threats/threatList';
import { TriageControls } from '../panels/threats/TriageControls';
import { todayUtc } from '../panels/threats/triageFields';

export interface WorkshopStepProps {
  item: WalkItem;
  document: Model;
  register: readonly RegisteredThreat[];
}

export function WorkshopStep({ item, document, register }: WorkshopStepProps) {
  const threats = threatsAbout(register, item.id);
  return (
    <div className="gh-workshop-step">
      <section aria-labelledby="gh-workshop-questions" className="gh-workshop-card">
        <Title order={3} id="gh-workshop-questions" size="h4">
          {`Questions for this ${WALK_KIND_NAMES[item.kind].toLowerCase()}`}
        </Title>
        {questionsFor(item.kind).map(({ category, questions }) => (
          <div key={category} className="gh-workshop-category">
            <Text fw={700}>{CATEGORY_NAMES[category]}</Text>
            <ul>
              {questions.map((question) => (
                <li key={question.id}>
                  <Text>{question.text}</Text>
                  <Text size="sm" c="dimmed">{`For example: ${question.example}`}</Text>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      <Stack gap="md">
        <section aria-labelledby="gh-workshop-threats" className="gh-workshop-card">
          <Title order={3} id="gh-workshop-threats" size="h4">
            {`Threats found (${threats.length})`}
          </Title>
          {threats.length === 0 ? (
            <Text c="dimmed">No threat found on this item yet.</Text>
          ) : (
            <ul aria-label="Threats found" className="gh-workshop-threats">
              {threats.map((threat) => (
                <FoundThreat key={threat.id} threat={threat} />
              ))}
            </ul>
          )}
        </section>
        <QuickThreat item={item} />
        <ItemNotes item={item} notes={notesOf(document, item.id)} />
      </Stack>
    </div>
  );
}

/** A threat on the item: confirm it (investigating: still open work) or decide with triage. */
function FoundThreat({ threat }: { threat: RegisteredThreat }) {
  const editor = useEditorStore();
  const analysis = useAnalysisStore();
  const [deciding, setDeciding] = useState(false);
  const confirmed = threat.status === 'investigating';
  const confirm = () =>
    editor
      .getState()
      .apply('Confirm threat', (model) =>
        setThreatStatus(
          model,
          registerFor(model, analysis.getState().snapshot),
          { threatId: threat.id, status: 'investigating', approval: {} },
          todayUtc(),
          DEFAULT_POLICY,
        ),
      );
  return (
    <li className="gh-workshop-threat">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{threat.title}</Text>
          <Group gap="xs">
            <SeverityBadge severity={threat.severity} />
            <Text size="sm">{`${CATEGORY_NAMES[threat.category]} · ${STATUS_NAMES[threat.status]}`}</Text>
          </Group>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant={confirmed ? 'light' : 'default'}
            disabled={confirmed || !isOpenStatus(threat.status)}
            aria-label={`${confirmed ? 'Confirmed' : 'Confirm'}: ${threat.title}`}
            onClick={confirm}
          >
            {confirmed ? 'Confirmed' : 'Confirm'}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            aria-expanded={deciding}
            aria-label={`Decide: ${threat.title}`}
            onClick={() => setDeciding((open) => !open)}
          >
            Decide…
          </Button>
        </Group>
      </Group>
      {deciding && (
        <div className="gh-workshop-decide">
          <TriageControls threat={threat} triage={threat.triage} />
        </div>
      )}
    </li>
  );
}

const SEVERITY_OPTIONS = [...SEVERITIES]
  .reverse()
  .map((s) => ({ value: s, label: SEVERITY_NAMES[s] }));

/** A new threat in three fields; the Threats panel edits the rest later. */
function QuickThreat({ item }: { item: WalkItem }) {
  const editor = useEditorStore();
  const categories = STRIDE_PER_ELEMENT[item.kind];
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<StrideCategory>(categories[0]!);
  const [severity, setSeverity] = useState<Severity>('medium');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const submit = () => {
    setNotice('');
    if (title.trim() === '') {
      setProblem('Give the threat a title.');
      return;
    }
    try {
      editor.getState().apply('Add threat', (model) =>
        addManualThreat(model, {
          key: newId('manual'),
          category,
          targets: manualThreatTargets(model, item.id),
          title,
          ...scalesForSeverity(severity),
        }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      setProblem(error.summary);
      return;
    }
    setProblem(null);
    setNotice(`Added: ${title.trim()}`);
    setTitle('');
  };
  return (
    <section aria-labelledby="gh-workshop-new-threat" className="gh-workshop-card">
      <Title order={3} id="gh-workshop-new-threat" size="h4">
        New threat
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="xs">
          <TextInput
            label="Threat title"
            maxLength={500}
            value={title}
            error={problem ?? undefined}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <Group grow>
            <Select
              label="Category"
              data={categories.map((c) => ({ value: c, label: CATEGORY_NAMES[c] }))}
              value={category}
              allowDeselect={false}
              onChange={(value) => value && setCategory(value as StrideCategory)}
            />
            <Select
              label="Severity"
              data={SEVERITY_OPTIONS}
              value={severity}
              allowDeselect={false}
              onChange={(value) => value && setSeverity(value as Severity)}
            />
          </Group>
          <Group gap="xs">
            <Button type="submit" size="sm">
              Add threat
            </Button>
            <Text size="sm" role="status">
              {notice}
            </Text>
          </Group>
        </Stack>
      </form>
    </section>
  );
}

/** Notes on the item, saved as typed (one undo step per burst of typing). */
function ItemNotes({ item, notes }: { item: WalkItem; notes: string }) {
  const editor = useEditorStore();
  return (
    <section className="gh-workshop-card" aria-label="Notes">
      <Textarea
        label={`Notes on ${item.name || item.id}`}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={20_000}
        value={notes}
        onChange={(event) => {
          const text = event.currentTarget.value;
          editor
            .getState()
            .apply('Edit workshop notes', (model) => setItemNotes(model, item.id, text), {
              mergeKey: `workshop-notes:${item.id}`,
            });
        }}
      />
    </section>
  );
}
