/** Model checks (lint): each finding names its subject; clicking it shows the subject. */
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { LINT_CHECKS } from '../../shared/lint/lintModel';
import { useAnalysis } from '../analysis/AnalysisContext';
import { documentIndex } from '../canvas/diagramIndex';
import { useEditor, useEditorStore } from '../editor/EditorContext';

const CHECK_TITLES: ReadonlyMap<string, { title: string }> = new Map(
  Object.values(LINT_CHECKS).map((c) => [c.id, c]),
);
const LEVEL_COLOR = { error: 'red', warning: 'orange', info: 'gray' } as const;

export function ChecksPanel() {
  const store = useEditorStore();
  const findings = useAnalysis((s) => s.snapshot?.lint);
  const document = useEditor((s) => s.document);
  if (!findings) return null;
  if (findings.length === 0)
    return (
      <Text p="md" size="sm">
        No findings: the model is complete enough for the rules to work with.
      </Text>
    );
  const index = documentIndex(document);
  const nameOf = (id: string) =>
    index.elements.get(id)?.name ??
    index.flows.get(id)?.name ??
    index.boundaries.get(id)?.name ??
    document.features.find((f) => f.id === id)?.name ??
    id;
  return (
    <Stack gap={4} p="xs">
      <Text size="sm" c="dimmed" px="xs">
        {findings.length} finding{findings.length === 1 ? '' : 's'}. Select one to show its subject.
      </Text>
      {findings.map((finding, position) => {
        const check = CHECK_TITLES.get(finding.checkId);
        return (
          <UnstyledButton
            key={`${finding.checkId}-${finding.subjectId}-${position}`}
            className="gh-list-row"
            onClick={() => {
              store.getState().setHighlight([finding.subjectId]);
              store.getState().select([finding.subjectId]);
            }}
            aria-label={`${finding.level}: ${finding.message} (${nameOf(finding.subjectId)})`}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={LEVEL_COLOR[finding.level]} variant="light" size="sm" miw={64}>
                {finding.level}
              </Badge>
              <div>
                <Text size="sm">{finding.message}</Text>
                <Text size="xs" c="dimmed">
                  {finding.checkId}
                  {check ? ` · ${check.title}` : ''} · {nameOf(finding.subjectId)}
                </Text>
              </div>
            </Group>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
