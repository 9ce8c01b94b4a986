/**
 * The Report panel: download the threat-model report (HTML or Markdown, the same as `gatehouse
 * report`), the active diagram as SVG or PNG, the model as Open Threat Model, or print the HTML
 * report (Save as PDF).
 */
import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useServices } from '../../app/ServicesContext';
import { notify } from '../../app/notify';
import { useAnalysisStore } from '../../analysis/AnalysisContext';
import { useEditorStore } from '../../editor/EditorContext';
import {
  diagramSvgFor,
  fileBaseName,
  isoToday,
  otmFor,
  printHtmlInNewWindow,
  reportHtmlFor,
  reportMarkdownFor,
  svgToPng,
} from './reportFiles';

type Action = 'html' | 'markdown' | 'svg' | 'png' | 'print' | 'pdf' | 'otm';

export function ReportsPanel() {
  const { platform } = useServices();
  const store = useEditorStore();
  // The packs the live analysis runs (the built-in pack plus the document's custom packs), so
  // the downloads show the threats the panels show.
  const analysis = useAnalysisStore();
  const [busy, setBusy] = useState<Action | null>(null);

  const run = (action: Action) => async () => {
    const { document, activeDiagramId } = store.getState();
    const { packs } = analysis.getState();
    const today = isoToday();
    const base = fileBaseName(document.name);
    const diagram = document.diagrams.find((d) => d.id === activeDiagramId);
    const diagramBase = `${base}-${fileBaseName(diagram?.name ?? '', 'diagram')}`;
    setBusy(action);
    try {
      switch (action) {
        case 'html':
          await platform.exportFile({
            suggestedName: `${base}-report.html`,
            mimeType: 'text/html',
            content: reportHtmlFor(document, today, packs),
          });
          break;
        case 'markdown':
          await platform.exportFile({
            suggestedName: `${base}-report.md`,
            mimeType: 'text/markdown',
            content: reportMarkdownFor(document, today, packs),
          });
          break;
        case 'svg':
          await platform.exportFile({
            suggestedName: `${diagramBase}.svg`,
            mimeType: 'image/svg+xml',
            content: diagramSvgFor(document, activeDiagramId, packs),
          });
          break;
        case 'png':
          await platform.exportFile({
            suggestedName: `${diagramBase}.png`,
            mimeType: 'image/png',
            content: await svgToPng(diagramSvgFor(document, activeDiagramId, packs)),
          });
          break;
        case 'otm':
          await platform.exportFile({
            suggestedName: `${base}.otm.json`,
            mimeType: 'application/json',
            content: otmFor(document, packs),
          });
          break;
        case 'pdf': {
          // Desktop: main prints the same HTML in a hidden, scriptless window (printToPDF).
          const desktop = platform.desktop;
          if (!desktop) break;
          const { pdf } = await desktop.call('report:renderPdf', { html: reportHtmlFor(document, today, packs) });
          await platform.exportFile({
            suggestedName: `${base}-report.pdf`,
            mimeType: 'application/pdf',
            content: new Blob([pdf], { type: 'application/pdf' }),
          });
          break;
        }
        case 'print':
          if (!printHtmlInNewWindow(reportHtmlFor(document, today, packs)))
            notify({
              color: 'orange',
              title: 'The print window was blocked',
              message:
                'Allow pop-ups for this page, or download the HTML report and print it from the browser.',
            });
          break;
      }
    } catch (error) {
      notify({
        color: 'red',
        title: 'Export failed',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setBusy(null);
    }
  };

  const button = (action: Action, label: string, variant: 'filled' | 'default' = 'default') => (
    <Button
      variant={variant}
      size="xs"
      loading={busy === action}
      disabled={busy !== null && busy !== action}
      onClick={() => void run(action)()}
    >
      {label}
    </Button>
  );

  return (
    <Stack gap="sm" p="md">
      <Text size="sm">
        The threat-model report: summary, diagrams, risk matrix, threats by feature and category,
        mitigations, stories, approvals, suppressions and lint findings. The same report as{' '}
        <code>gatehouse report</code>.
      </Text>
      {button('html', 'Download HTML report', 'filled')}
      {button('markdown', 'Download Markdown report')}
      {/* The browser prints from a new window; the desktop shell denies new windows and prints
          in main instead (printToPDF). */}
      {platform.desktop
        ? button('pdf', 'Save as PDF…')
        : button('print', 'Print / Save as PDF…')}
      <Text size="sm" mt="sm">
        The diagram shown on the canvas, with its threat badges:
      </Text>
      {button('svg', 'Download diagram as SVG')}
      {button('png', 'Download diagram as PNG')}
      <Text size="sm" mt="sm">
        For other tools (IriusRisk, StartLeft, any reader of the Open Threat Model), the same file as{' '}
        <code>gatehouse export otm</code>:
      </Text>
      {button('otm', 'Download Open Threat Model (JSON)')}
    </Stack>
  );
}
