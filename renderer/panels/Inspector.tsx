/**
 * The inspector: edits the selected element, flow or trust boundary — name, description, tags
 * and the typed properties the rules read. Typing in a field is one undo step per field.
 */
import {
  Button,
  Group,
  Input,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { updateFlow, reverseFlow } from '../../shared/model/edit/flows';
import { updateBoundary, updateElement } from '../../shared/model/edit/nodes';
import type { Boundary, BoundaryKind, Element, Flow, Model } from '../../shared/model/schema';
import { documentIndex } from '../canvas/diagramIndex';
import { KIND_NAMES } from '../canvas/diagramView';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import type { EditorStore } from '../editor/editorStore';
import {
  BOUNDARY_KIND_OPTIONS,
  ELEMENT_FIELDS,
  FLOW_FIELDS,
  type PropertyField,
} from './propertyFields';

const NAME_MAX = 200;
const DESCRIPTION_MAX = 20_000;
const TAG_MAX = 64;

type Patch = {
  name?: string;
  description?: string;
  tags?: string[];
  properties?: Record<string, string>;
};

function CommonFields({
  id,
  name,
  description,
  tags,
  onChange,
}: {
  id: string;
  name: string;
  description: string;
  tags: readonly string[];
  onChange(patch: Patch, field: string): void;
}) {
  return (
    <>
      <TextInput
        label="Name"
        value={name}
        maxLength={NAME_MAX}
        error={name.trim() === '' ? 'Give it a name: threats and stories quote it.' : undefined}
        onChange={(event) => onChange({ name: event.currentTarget.value }, 'name')}
        data-testid="inspector-name"
        id={`inspector-name-${id}`}
      />
      <Textarea
        label="Description"
        value={description}
        maxLength={DESCRIPTION_MAX}
        autosize
        minRows={2}
        maxRows={6}
        onChange={(event) => onChange({ description: event.currentTarget.value }, 'description')}
      />
      <TagsInput
        label="Tags"
        description="Rules read some tags (see docs/rule-packs.md); press Enter after each."
        value={[...tags]}
        maxTags={64}
        onChange={(next) =>
          onChange(
            { tags: next.map((t) => t.trim().slice(0, TAG_MAX)).filter((t) => t !== '') },
            'tags',
          )
        }
        clearable
      />
    </>
  );
}

function PropertyInput({
  field,
  value,
  onChange,
}: {
  field: PropertyField;
  value: string;
  onChange(value: string): void;
}) {
  if (field.type === 'text') {
    return (
      <TextInput
        label={field.label}
        description={field.hint}
        placeholder={field.placeholder}
        maxLength={field.maxLength}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  }
  if (field.options.length <= 3) {
    return (
      <Input.Wrapper label={field.label} description={field.hint}>
        <SegmentedControl
          fullWidth
          size="xs"
          value={value}
          data={field.options.map((o) => ({ value: o.value, label: o.label }))}
          onChange={onChange}
          aria-label={field.label}
          data-testid={`property-${field.key}`}
        />
      </Input.Wrapper>
    );
  }
  return (
    <Select
      label={field.label}
      description={field.hint}
      data={field.options.map((o) => ({ value: o.value, label: o.label }))}
      value={value}
      allowDeselect={false}
      onChange={(next) => next !== null && onChange(next)}
      data-testid={`property-${field.key}`}
    />
  );
}

/** The one selected record (stable identity, so the inspector re-renders only when it changes). */
/** The typed properties of an element or flow, each with its hint and choices. */
function Facts({
  fields,
  values,
  onChange,
}: {
  fields: readonly PropertyField[];
  values: Record<string, string>;
  onChange(key: string, label: string, value: string): void;
}) {
  return (
    <>
      <Title order={4} size="h6" mt="sm">
        Facts the rules read
      </Title>
      {fields.map((field) => (
        <PropertyInput
          key={field.key}
          field={field}
          value={values[field.key] ?? 'unknown'}
          onChange={(value) => onChange(field.key, field.label, value)}
        />
      ))}
    </>
  );
}

function selectedRecord(
  document: Model,
  selection: readonly string[],
): Element | Flow | Boundary | null {
  if (selection.length !== 1) return null;
  const index = documentIndex(document);
  const id = selection[0]!;
  return index.elements.get(id) ?? index.flows.get(id) ?? index.boundaries.get(id) ?? null;
}

function describe(record: Element | Flow | Boundary) {
  if ('sourceId' in record) return { kind: 'flow' as const, record };
  if ('shape' in record) return { kind: 'boundary' as const, record };
  return { kind: 'element' as const, record };
}

function edit(store: EditorStore, label: string, mergeKey: string, change: (m: Model) => Model) {
  store.getState().apply(label, change, { mergeKey });
}

export function Inspector() {
  const store = useEditorStore();
  const selection = useEditor((s) => s.selection);
  const record = useEditor((s) => selectedRecord(s.document, s.selection));

  if (!record) {
    return (
      <Text c="dimmed" size="sm" p="md">
        {selection.length > 1
          ? `${selection.length} items selected. Select one item to edit it.`
          : 'Select an element, a data flow or a trust boundary to edit it.'}
      </Text>
    );
  }

  const selected = describe(record);
  if (selected.kind === 'element') {
    const element = selected.record;
    return (
      <Stack gap="sm" p="md">
        <Title order={3} size="h5">
          {KIND_NAMES[element.kind]}
        </Title>
        <CommonFields
          id={element.id}
          name={element.name}
          description={element.description}
          tags={element.tags}
          onChange={(patch, field) =>
            edit(store, `Edit ${field}`, `${field}:${element.id}`, (m) =>
              updateElement(m, element.id, patch),
            )
          }
        />
        <Facts
          fields={ELEMENT_FIELDS[element.kind]}
          values={element.properties as Record<string, string>}
          onChange={(key, label, value) =>
            edit(store, `Set ${label.toLowerCase()}`, `property:${key}:${element.id}`, (m) =>
              updateElement(m, element.id, { properties: { [key]: value } }),
            )
          }
        />
      </Stack>
    );
  }

  if (selected.kind === 'flow') {
    const flow = selected.record;
    return (
      <Stack gap="sm" p="md">
        <Title order={3} size="h5">
          Data flow
        </Title>
        <CommonFields
          id={flow.id}
          name={flow.name}
          description={flow.description}
          tags={flow.tags}
          onChange={(patch, field) =>
            edit(store, `Edit ${field}`, `${field}:${flow.id}`, (m) =>
              updateFlow(m, flow.id, patch),
            )
          }
        />
        <Group justify="space-between">
          <Switch
            label="Both directions"
            checked={flow.bidirectional}
            onChange={(event) => {
              const bidirectional = event.currentTarget.checked;
              store
                .getState()
                .apply('Set direction', (m) => updateFlow(m, flow.id, { bidirectional }));
            }}
          />
          <Button
            variant="default"
            size="xs"
            onClick={() => store.getState().apply('Reverse flow', (m) => reverseFlow(m, flow.id))}
          >
            Reverse
          </Button>
        </Group>
        <Facts
          fields={FLOW_FIELDS}
          values={flow.properties as Record<string, string>}
          onChange={(key, label, value) =>
            edit(store, `Set ${label.toLowerCase()}`, `property:${key}:${flow.id}`, (m) =>
              updateFlow(m, flow.id, { properties: { [key]: value } }),
            )
          }
        />
      </Stack>
    );
  }

  const boundary = selected.record;
  return (
    <Stack gap="sm" p="md">
      <Title order={3} size="h5">
        Trust boundary
      </Title>
      <CommonFields
        id={boundary.id}
        name={boundary.name}
        description={boundary.description}
        tags={boundary.tags}
        onChange={(patch, field) =>
          edit(store, `Edit ${field}`, `${field}:${boundary.id}`, (m) =>
            updateBoundary(m, boundary.id, patch),
          )
        }
      />
      <Select
        label="Kind of boundary"
        description="What crossing it means: the rules treat an internet or DMZ edge differently from a container edge."
        data={BOUNDARY_KIND_OPTIONS}
        value={boundary.boundaryKind}
        allowDeselect={false}
        onChange={(next) =>
          next !== null &&
          store
            .getState()
            .apply('Set boundary kind', (m) =>
              updateBoundary(m, boundary.id, { boundaryKind: next as BoundaryKind }),
            )
        }
        data-testid="boundary-kind"
      />
    </Stack>
  );
}
