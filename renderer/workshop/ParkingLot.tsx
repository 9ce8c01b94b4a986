/**
 * The parking lot: questions nobody in the room can answer now, kept in the model so they are
 * still there when the workshop resumes and end up in the summary.
 */
import { Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { InputError } from '../../shared/model/errors';
import type { Model } from '../../shared/model/schema';
import { addQuestion, resolveQuestion } from '../../shared/workshop/workshopRecord';
import { useEditorStore } from '../editor/EditorContext';
import { newId } from '../editor/newId';

export function ParkingLot({
  document,
  currentItem,
}: {
  document: Model;
  /** The stop the room is at: a new question is about it unless the facilitator says otherwise. */
  currentItem: { id: string; name: string } | null;
}) {
  const editor = useEditorStore();
  const [text, setText] = useState('');
  const [aboutCurrent, setAboutCurrent] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const names = new Map<string, string>();
  for (const element of document.elements) names.set(element.id, element.name);
  for (const flow of document.flows) names.set(flow.id, flow.name);

  const park = () => {
    try {
      editor.getState().apply('Park a question', (model) =>
        addQuestion(model, {
          id: newId('question'),
          text,
          itemId: aboutCurrent && currentItem ? currentItem.id : null,
        }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      setProblem(error.summary);
      return;
    }
    setProblem(null);
    setText('');
  };
  const setResolved = (questionId: string, resolved: boolean) =>
    editor
      .getState()
      .apply(resolved ? 'Resolve a question' : 'Reopen a question', (model) =>
        resolveQuestion(model, questionId, { resolved }),
      );
  const questions = document.workshop.questions;
  const open = questions.filter((q) => !q.resolved).length;

  return (
    <section aria-labelledby="gh-parking-lot" className="gh-workshop-card">
      <Title order={3} id="gh-parking-lot" size="h4">
        {`Parking lot (${open} open)`}
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          park();
        }}
      >
        <Stack gap="xs">
          <TextInput
            label="Open question"
            maxLength={5000}
            value={text}
            error={problem ?? undefined}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          <Group gap="xs">
            {currentItem && (
              <Checkbox
                label={`About ${currentItem.name}`}
                checked={aboutCurrent}
                onChange={(event) => setAboutCurrent(event.currentTarget.checked)}
              />
            )}
            <Button type="submit" size="xs" variant="default">
              Park question
            </Button>
          </Group>
        </Stack>
      </form>
      {questions.length > 0 && (
        <ul aria-label="Parked questions" className="gh-workshop-questions">
          {questions.map((question) => (
            <li key={question.id}>
              <Checkbox
                checked={question.resolved}
                label={question.text}
                description={
                  question.elementId === null
                    ? 'About the whole model'
                    : `About ${names.get(question.elementId) ?? question.elementId}`
                }
                onChange={(event) => setResolved(question.id, event.currentTarget.checked)}
              />
            </li>
          ))}
        </ul>
      )}
      {questions.length === 0 && <Text c="dimmed">No question parked.</Text>}
    </section>
  );
}
