/**
 * The rule library: the packs the document runs (enable, disable, load, upgrade, remove), the
 * suppressions it records (with a Lift action), and every rule with its readable condition,
 * scores, references and mitigations. Rule and pack text is rendered as React text only.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_POLICY } from '../../shared/gate/policy';
import { STRIDE_CATEGORIES, type StrideCategory } from '../../shared/model/schema';
import { BUILTIN_PACK_ID } from '../../shared/rules/builtin';
import { conditionLines, scopeText } from '../../shared/rules/conditionText';
import type { LoadedPacks } from '../../shared/rules/loadPacks';
import {
  compareThreats,
  type RuleChanges,
  type ThreatChanges,
} from '../../shared/rules/packChanges';
import { isPackEnabled, packLockReason, setPackEnabled } from '../../shared/rules/packSettings';
import type { Condition, Mitigation } from '../../shared/rules/packSchema';
import { assessThreats } from '../../shared/threats/register';
import { liftSuppression } from '../../shared/triage/suppressions';
import { useAnalysis, useAnalysisStore } from '../analysis/AnalysisContext';
import { runPacks } from '../analysis/liveAnalysis';
import { useServices } from '../app/ServicesContext';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { CATEGORY_NAMES } from '../panels/threats/threatList';
import { setSetting } from '../persistence/documentStore';
import { addCustomPack, customPacksKey, packProblems, removeCustomPack } from './customPacks';
import { ASVS_URL, capecUrl, cweUrl, filterRules, type LibraryRule } from './ruleFilter';

const POLICY = DEFAULT_POLICY;
const ALL_CATEGORIES = 'all';
const PACK_FILE_TYPES = ['.json', 'application/json'];

/** What the last load did: the pack it upgraded and what changed, or why it was refused. */
type LoadOutcome =
  | { kind: 'loaded'; packId: string; version: string }
  | {
      kind: 'upgraded';
      packId: string;
      from: string;
      to: string;
      rules: RuleChanges;
      threats: ThreatChanges;
    }
  | { kind: 'refused'; fileName: string; summary: string; issues: string[] };

export interface RuleLibraryProps {
  /** The document's custom pack files (text), in load order. */
  texts: readonly string[];
  onTextsChange(texts: readonly string[]): void;
  /** Why the kept packs could not be loaded when the document opened, if they could not. */
  storedProblem: string | null;
}

export function RuleLibrary({ texts, onTextsChange, storedProblem }: RuleLibraryProps) {
  const { platform, db, documentId } = useServices();
  const analysis = useAnalysisStore();
  const editor = useEditorStore();
  const loaded = useAnalysis((s) => s.packs);
  const [outcome, setOutcome] = useState<LoadOutcome | null>(null);

  /** Stores the packs for this document and has the analysis run them. */
  const storePacks = async (nextTexts: readonly string[], next: LoadedPacks) => {
    await setSetting(db, customPacksKey(documentId), [...nextTexts]);
    onTextsChange(nextTexts);
    runPacks(analysis, next);
  };

  const loadPack = async () => {
    const file = await platform.importFile(PACK_FILE_TYPES);
    if (!file) return;
    let added;
    try {
      added = addCustomPack(texts, file.text);
    } catch (error) {
      setOutcome({ kind: 'refused', fileName: file.name, ...packProblems(error) });
      return;
    }
    const document = editor.getState().document;
    const threats = added.replaced
      ? compareThreats(
          assessThreats(document, loaded.compiled),
          assessThreats(document, added.loaded.compiled),
        )
      : null;
    await storePacks(added.texts, added.loaded);
    setOutcome(
      added.replaced && threats
        ? {
            kind: 'upgraded',
            packId: added.pack.id,
            from: added.replaced.version,
            to: added.pack.version,
            rules: added.replaced.rules,
            threats,
          }
        : { kind: 'loaded', packId: added.pack.id, version: added.pack.version },
    );
  };

  const removePack = async (packId: string) => {
    const removed = removeCustomPack(texts, packId);
    await storePacks(removed.texts, removed.loaded);
    setOutcome(null);
  };

  return (
    <Stack gap="md" className="gh-rules">
      <section aria-labelledby="gh-rules-packs">
        <Group justify="space-between">
          <Title order={3} size="h5" id="gh-rules-packs">
            Packs
          </Title>
          <Button size="xs" onClick={() => void loadPack()}>
            Load rule pack…
          </Button>
        </Group>
        {storedProblem !== null && (
          <Alert color="red" variant="light" p="xs" mt="xs" role="alert">
            {`The custom packs kept for this model could not be loaded; only the built-in pack runs. ${storedProblem}`}
          </Alert>
        )}
        <LoadOutcomeNotice outcome={outcome} />
        <PackList loaded={loaded} onRemove={(packId) => void removePack(packId)} />
      </section>
      <Suppressions />
      <RuleList loaded={loaded} />
    </Stack>
  );
}

function LoadOutcomeNotice({ outcome }: { outcome: LoadOutcome | null }) {
  if (outcome === null) return null;
  if (outcome.kind === 'refused')
    return (
      <Alert color="red" variant="light" p="xs" mt="xs" role="alert" title={outcome.summary}>
        <Text size="sm">{`${outcome.fileName} was not loaded; nothing changed.`}</Text>
        <ul className="gh-rules-issues" aria-label="Problems in the rule pack">
          {outcome.issues.map((issue) => (
            <li key={issue}>
              <code>{issue}</code>
            </li>
          ))}
        </ul>
      </Alert>
    );
  if (outcome.kind === 'loaded')
    return (
      <Text size="sm" role="status" mt="xs">
        {`Loaded ${outcome.packId} ${outcome.version}; the model was analysed again with its rules.`}
      </Text>
    );
  const list = (ids: readonly string[]) => (ids.length === 0 ? 'none' : ids.join(', '));
  return (
    <div role="status" className="gh-rules-changes">
      <Text size="sm" fw={600} mt="xs">
        {`Upgraded ${outcome.packId} from ${outcome.from} to ${outcome.to}.`}
      </Text>
      <ul>
        <li>{`Rules added: ${list(outcome.rules.added)}`}</li>
        <li>{`Rules removed: ${list(outcome.rules.removed)}`}</li>
        <li>{`Rules changed: ${list(outcome.rules.changed)}`}</li>
        <li>{`Threats now found: ${outcome.threats.added.length}`}</li>
        <li>{`Threats no longer found: ${outcome.threats.removed.length}`}</li>
      </ul>
      <Text size="xs" c="dimmed">
        Triage stays with each threat ID; a threat no longer found keeps its triage and is listed as
        no longer detected.
      </Text>
    </div>
  );
}

function PackList({ loaded, onRemove }: { loaded: LoadedPacks; onRemove(packId: string): void }) {
  const editor = useEditorStore();
  const rulePacks = useEditor((s) => s.document.rulePacks);
  return (
    <ul className="gh-rules-packs" aria-label="Loaded rule packs">
      {loaded.packs.map((pack) => {
        const lock = packLockReason(pack.id, POLICY);
        const enabled = rulePacks.find((ref) => ref.id === pack.id)?.enabled ?? true;
        return (
          <li key={pack.id}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text size="sm" fw={600}>{`${pack.name} (${pack.id} ${pack.version})`}</Text>
                <Text size="xs" c="dimmed">
                  {`${pack.rules.length} rule${pack.rules.length === 1 ? '' : 's'}, ${pack.mitigations.length} mitigation${pack.mitigations.length === 1 ? '' : 's'} · ${pack.id === BUILTIN_PACK_ID ? 'built in' : 'custom, kept with this model in this browser'}`}
                </Text>
              </div>
              <Group gap="xs" wrap="nowrap">
                <Switch
                  label={`Enabled for this model`}
                  aria-label={`${pack.id} enabled for this model`}
                  checked={enabled}
                  disabled={lock !== null && enabled}
                  description={lock ?? undefined}
                  onChange={(event) => {
                    const next = event.currentTarget.checked;
                    editor
                      .getState()
                      .apply(next ? 'Enable rule pack' : 'Disable rule pack', (model) =>
                        isPackEnabled(model, pack.id) === next
                          ? model
                          : setPackEnabled(model, pack.id, next, POLICY),
                      );
                  }}
                />
                {pack.id !== BUILTIN_PACK_ID && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove pack ${pack.id}`}
                    onClick={() => onRemove(pack.id)}
                  >
                    Remove pack
                  </Button>
                )}
              </Group>
            </Group>
          </li>
        );
      })}
    </ul>
  );
}

function Suppressions() {
  const editor = useEditorStore();
  const suppressions = useEditor((s) => s.document.suppressions);
  const elements = useEditor((s) => s.document.elements);
  const flows = useEditor((s) => s.document.flows);
  const names = useMemo(
    () => new Map([...elements, ...flows].map((item) => [item.id, item.name || item.id])),
    [elements, flows],
  );
  return (
    <section aria-labelledby="gh-rules-suppressions">
      <Title order={3} size="h5" id="gh-rules-suppressions">
        Suppressions
      </Title>
      {suppressions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No rule is suppressed. Suppress one from a threat in the Threats tab.
        </Text>
      ) : (
        <ul className="gh-rules-suppressions" aria-label="Suppressed rules">
          {suppressions.map((suppression) => (
            <li key={suppression.id}>
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={600}>
                    {`${suppression.packId}/${suppression.ruleId} · ${suppression.elementId === null ? 'everywhere in the model' : `on ${names.get(suppression.elementId) ?? suppression.elementId}`}`}
                  </Text>
                  <Text size="xs">
                    {`Approved by ${suppression.approver ?? 'nobody'}; expires ${suppression.expires ?? 'never (the gate reports it)'}. ${suppression.rationale ?? ''}`}
                  </Text>
                </div>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={`Lift suppression of ${suppression.ruleId} ${suppression.elementId === null ? 'everywhere' : `on ${names.get(suppression.elementId) ?? suppression.elementId}`}`}
                  onClick={() =>
                    editor
                      .getState()
                      .apply('Lift suppression', (model) => liftSuppression(model, suppression.id))
                  }
                >
                  Lift
                </Button>
              </Group>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RuleList({ loaded }: { loaded: LoadedPacks }) {
  const [text, setText] = useState('');
  const [category, setCategory] = useState<string>(ALL_CATEGORIES);
  const rules = useMemo(
    () =>
      filterRules(
        loaded.packs,
        text,
        category === ALL_CATEGORIES ? null : (category as StrideCategory),
      ),
    [loaded, text, category],
  );
  const total = loaded.packs.reduce((sum, pack) => sum + pack.rules.length, 0);
  return (
    <section aria-labelledby="gh-rules-list">
      <Title order={3} size="h5" id="gh-rules-list">
        Rules
      </Title>
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          label="Search rules"
          placeholder="ID, words, CWE-319 …"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
        />
        <Select
          size="xs"
          label="Category"
          allowDeselect={false}
          value={category}
          onChange={(value) => value && setCategory(value)}
          data={[
            { value: ALL_CATEGORIES, label: 'All categories' },
            ...STRIDE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_NAMES[c] })),
          ]}
        />
        <Text size="xs" c="dimmed" role="status">{`${rules.length} of ${total} rules`}</Text>
      </Group>
      <ul className="gh-rules-list" aria-label="Rules">
        {rules.map((entry) => (
          <RuleCard
            key={`${entry.packId}/${entry.rule.id}`}
            entry={entry}
            catalogue={loaded.compiled.mitigationsById}
          />
        ))}
      </ul>
    </section>
  );
}

/**
 * An external reference. In the desktop shell the new window is denied and the address offered
 * to the system browser after a confirmation (electron/main/window/hardenWebContents.ts), so the
 * same link serves both hosts.
 */
function Reference({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

function ConditionText({ label, condition }: { label: string; condition: Condition }) {
  return (
    <>
      <Text size="xs" fw={600} mt={4}>
        {label}
      </Text>
      <ul className="gh-rules-condition" aria-label={label}>
        {conditionLines(condition).map((line, index) => (
          <li key={index} style={{ paddingLeft: `${line.depth * 16}px` }}>
            {line.text}
          </li>
        ))}
      </ul>
    </>
  );
}

function RuleCard({
  entry: { packId, rule },
  catalogue,
}: {
  entry: LibraryRule;
  catalogue: ReadonlyMap<string, Mitigation>;
}) {
  return (
    <li className="gh-rules-rule" aria-label={rule.id}>
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {rule.id}
        </Text>
        <Badge variant="light" color="gray">
          {CATEGORY_NAMES[rule.category]}
        </Badge>
        <Badge variant="outline" color="gray">
          {scopeText(rule.scope)}
        </Badge>
        <Text
          size="xs"
          c="dimmed"
        >{`${packId} · likelihood ${rule.likelihood} × impact ${rule.impact}${rule.raise.length > 0 ? ` (raised in ${rule.raise.length} case${rule.raise.length === 1 ? '' : 's'})` : ''}`}</Text>
      </Group>
      <Text size="sm">{rule.title}</Text>
      <ConditionText label="Fires when" condition={rule.condition} />
      {rule.unless && <ConditionText label="Unless" condition={rule.unless} />}
      <Text size="xs" fw={600} mt={4}>
        Mitigations
      </Text>
      <ul className="gh-rules-mitigations">
        {rule.mitigations.map((id) => {
          const mitigation = catalogue.get(id);
          return (
            <li key={id}>
              <Text size="xs">
                {`${mitigation?.title ?? id} (${id})`}
                {mitigation && mitigation.asvs.length > 0 && (
                  <>
                    {' · '}
                    <Reference href={ASVS_URL}>{`ASVS ${mitigation.asvs.join(', ')}`}</Reference>
                  </>
                )}
              </Text>
            </li>
          );
        })}
      </ul>
      {(rule.cwe.length > 0 || rule.capec.length > 0) && (
        <Text size="xs" mt={4}>
          {rule.cwe.map((cwe) => (
            <span key={`cwe-${cwe}`} className="gh-rules-reference">
              <Reference href={cweUrl(cwe)}>{`CWE-${cwe}`}</Reference>
            </span>
          ))}
          {rule.capec.map((capec) => (
            <span key={`capec-${capec}`} className="gh-rules-reference">
              <Reference href={capecUrl(capec)}>{`CAPEC-${capec}`}</Reference>
            </span>
          ))}
        </Text>
      )}
    </li>
  );
}
