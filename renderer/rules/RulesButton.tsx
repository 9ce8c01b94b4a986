/**
 * The toolbar's "Rules" button: opens the rule library in a large dialog, and holds the
 * document's custom packs — loaded from this browser's settings when the document opens, so the
 * live analysis runs them whether or not the library is open.
 */
import { Button, Modal } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useAnalysisStore } from '../analysis/AnalysisContext';
import { runPacks } from '../analysis/liveAnalysis';
import { useServices } from '../app/ServicesContext';
import { getSetting } from '../persistence/documentStore';
import { CustomPackTextsSchema, customPacksKey, loadCustomPacks } from './customPacks';
import { RuleLibrary } from './RuleLibrary';

export function RulesButton() {
  const { db, documentId } = useServices();
  const analysis = useAnalysisStore();
  const [opened, setOpened] = useState(false);
  const [texts, setTexts] = useState<readonly string[]>([]);
  const [storedProblem, setStoredProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void getSetting(db, customPacksKey(documentId), CustomPackTextsSchema, []).then((stored) => {
      if (!current || stored.length === 0) return;
      try {
        runPacks(analysis, loadCustomPacks(stored));
        setTexts(stored);
      } catch (error) {
        // Kept packs that no longer load (a newer built-in pack took a mitigation ID, …): the
        // built-in pack runs alone and the library says why.
        setStoredProblem(error instanceof Error ? error.message : String(error));
      }
    });
    return () => {
      current = false;
    };
  }, [db, documentId, analysis]);

  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpened(true)}>
        Rules
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title="Rule library"
        size="90%"
        closeButtonProps={{ 'aria-label': 'Close the rule library' }}
        classNames={{ body: 'gh-rules-body' }}
      >
        <RuleLibrary texts={texts} onTextsChange={setTexts} storedProblem={storedProblem} />
      </Modal>
    </>
  );
}
