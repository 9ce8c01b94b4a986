/**
 * The start screen: a new model (blank or from a starter template), open a file, or carry on
 * with a recent model — including work that was never saved to a file, offered back after a
 * crash or a reload.
 */
import {
  Badge,
  Button,
  Card,
  Container,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { DocumentSummary } from '../persistence/documentStore';
import type { StarterTemplate } from '../../shared/templates/starterTemplates';

export interface StartScreenProps {
  recent: readonly DocumentSummary[];
  templates: readonly StarterTemplate[];
  onNew(): void;
  onTemplate(template: StarterTemplate): void;
  onOpenFile(): void;
  /** Import a model from another tool (Threat Dragon, TMT, OTM …). */
  onImport(): void;
  onOpenRecent(id: string): void;
  onForget(id: string): void;
}

const formatTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function StartScreen(props: StartScreenProps) {
  const unsaved = props.recent.filter((r) => r.hasUnsavedChanges);
  return (
    <Container size="lg" py="xl" component="main" aria-label="Start">
      <Stack gap="xl">
        <Stack gap={4}>
          <Title order={1}>Gatehouse</Title>
          <Text c="dimmed">
            Draw the data flows of your system, see the threats STRIDE finds and why, and turn them
            into security stories your CI can hold you to.
          </Text>
        </Stack>
        {unsaved.length > 0 && (
          <Card withBorder padding="md" role="region" aria-label="Unsaved work">
            <Text fw={600}>Unsaved work was kept in this browser</Text>
            <Text size="sm" c="dimmed" mb="sm">
              It was autosaved but never saved to a file. Open it to carry on, or forget it.
            </Text>
            <Stack gap="xs">
              {unsaved.map((doc) => (
                <Group key={doc.id} justify="space-between">
                  <Text>
                    {doc.name || 'Untitled model'}{' '}
                    <Text span size="sm" c="dimmed">
                      edited {formatTime(doc.updatedAt)}
                    </Text>
                  </Text>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      onClick={() => props.onOpenRecent(doc.id)}
                      aria-label={`Restore ${doc.name}`}
                    >
                      Restore
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => props.onForget(doc.id)}
                    >
                      Forget
                    </Button>
                  </Group>
                </Group>
              ))}
            </Stack>
          </Card>
        )}
        <Group>
          <Button onClick={props.onNew}>New model</Button>
          <Button variant="default" onClick={props.onOpenFile}>
            Open a file…
          </Button>
          <Button
            variant="default"
            onClick={props.onImport}
            title="Open Threat Model, OWASP Threat Dragon, Microsoft Threat Modeling Tool (.tm7), AWS Threat Composer, pytm or Threagile"
          >
            Import from another tool…
          </Button>
        </Group>
        <section aria-label="Starter templates">
          <Title order={2} size="h4" mb="sm">
            Start from a template
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {props.templates.map((template) => (
              <Card key={template.id} withBorder padding="md">
                <Stack gap="xs" h="100%" justify="space-between">
                  <div>
                    <Text fw={600}>{template.name}</Text>
                    <Text size="sm" c="dimmed">
                      {template.description}
                    </Text>
                  </div>
                  <Button
                    variant="light"
                    onClick={() => props.onTemplate(template)}
                    aria-label={`Use template ${template.name}`}
                  >
                    Use this template
                  </Button>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </section>
        {props.recent.length > 0 && (
          <section aria-label="Recent models">
            <Title order={2} size="h4" mb="sm">
              Recent models
            </Title>
            <Stack gap="xs">
              {props.recent.map((doc) => (
                <Group key={doc.id} justify="space-between" className="gh-recent">
                  <Button variant="subtle" onClick={() => props.onOpenRecent(doc.id)}>
                    {doc.name || 'Untitled model'}
                  </Button>
                  <Group gap="xs">
                    {doc.fileName && (
                      <Text size="sm" c="dimmed">
                        {doc.fileName}
                      </Text>
                    )}
                    {doc.hasUnsavedChanges && <Badge color="yellow">unsaved changes</Badge>}
                    <Text size="sm" c="dimmed">
                      {formatTime(doc.updatedAt)}
                    </Text>
                  </Group>
                </Group>
              ))}
            </Stack>
          </section>
        )}
      </Stack>
    </Container>
  );
}
