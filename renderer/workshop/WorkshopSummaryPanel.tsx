/**
 * The end of the workshop: the counts, the summary as it will be written, and "Download summary
 * (Markdown)" through the platform adapter (a download in the browser, a save dialog on the
 * desktop).
 */
import { Button, Group, ScrollArea, SimpleGrid, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Model } from '../../shared/model/schema';
import type { RegisteredThreat } from '../../shared/threats/register';
import type { WalkItem } from '../../shared/workshop/walkOrder';
import { summarizeWorkshop, workshopSummaryMarkdown } from '../../shared/workshop/workshopSummary';
import { ErrorDialog, type ShownError } from '../app/ErrorDialog';
import { useServices } from '../app/ServicesContext';
import { fileBaseName } from '../panels/reports/reportFiles';
import { todayUtc } from '../panels/threats/triageFields';

export interface WorkshopSummaryPanelProps {
  document: Model;
  register: readonly RegisteredThreat[];
  walk: readonly WalkItem[];
  scopeName: string;
  baseline: Model;
  onBack(): void;
}

export function WorkshopSummaryPanel(props: WorkshopSummaryPanelProps) {
  const { platform } = useServices();
  const [shownError, setShownError] = useState<ShownError | null>(null);
  const summary = summarizeWorkshop(props.document, props.register, props.walk, {
    today: todayUtc(),
    scopeName: props.scopeName,
    baseline: props.baseline,
  });
  const markdown = workshopSummaryMarkdown(summary);
  const download = async () => {
    try {
      await platform.exportFile({
        suggestedName: `${fileBaseName(props.document.name)}-workshop.md`,
        mimeType: 'text/markdown',
        content: markdown,
      });
    } catch (error) {
      setShownError({ title: 'Could not write the workshop summary', error });
    }
  };
  const figures = [
    ['Elements reviewed', `${summary.reviewedCount} of ${summary.items.length}`],
    ['New threats', String(summary.newThreats.length)],
    ['Decisions', String(summary.decisions.length)],
    ['Open questions', String(summary.openQuestions.length)],
  ] as const;

  return (
    <section aria-labelledby="gh-workshop-summary" className="gh-workshop-summary">
      <Group justify="space-between">
        <Title order={2} id="gh-workshop-summary">
          Summary
        </Title>
        <Group gap="sm">
          <Button variant="default" onClick={props.onBack}>
            Back to the walk
          </Button>
          <Button onClick={() => void download()}>Download summary (Markdown)</Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} my="md">
        {figures.map(([label, value]) => (
          <div key={label} className="gh-workshop-card">
            <Text size="sm">{label}</Text>
            <Text fw={700} size="xl">
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <ScrollArea.Autosize mah="60vh" type="auto">
        <pre className="gh-workshop-markdown" aria-label="Summary in Markdown" tabIndex={0}>
          {markdown}
        </pre>
      </ScrollArea.Autosize>
      <ErrorDialog shown={shownError} onClose={() => setShownError(null)} />
    </section>
  );
}
