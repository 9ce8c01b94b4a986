/**
 * The "Push to Jira…" button of the stories panel: shown only when the desktop shell is there
 * (`platform.desktop`), wired to the open document's editor store and analysis.
 */
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useAnalysisStore } from '../../analysis/AnalysisContext';
import { storiesFor } from '../../analysis/current';
import { useServices } from '../../app/ServicesContext';
import { useEditorStore } from '../../editor/EditorContext';
import { JiraPushDialog, type JiraPushDocument } from './JiraPushDialog';

/** The button and its dialog; renders nothing in a plain browser. */
export function JiraPushButton() {
  const { platform } = useServices();
  const store = useEditorStore();
  const analysis = useAnalysisStore();
  const [opened, setOpened] = useState(false);
  const desktop = platform.desktop;
  if (desktop === null) return null;
  const document: JiraPushDocument = {
    current: () => store.getState().document,
    storiesOf: (model) => storiesFor(model, analysis.getState().snapshot),
    apply: (label, edit) => void store.getState().apply(label, edit),
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>
        Push to Jira…
      </Button>
      <JiraPushDialog
        desktop={desktop}
        document={document}
        opened={opened}
        onClose={() => setOpened(false)}
      />
    </>
  );
}
