/**
 * The Plan-stage gate in the app: "Write plan gate…" produces the same manifest as
 * `gatehouse gate write` (shared/gate/manifest.ts), and the panel shows what `gatehouse gate
 * verify` would say against the last manifest written, for a chosen branch.
 */
import { Alert, Badge, Button, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import * as z from 'zod';
import { resolveBranch } from '../../shared/gate/branch';
import type { GateResult } from '../../shared/gate/gateResult';
import { assessPlan, readCommittedManifest, serializeManifest } from '../../shared/gate/manifest';
import { DEFAULT_POLICY } from '../../shared/gate/policy';
import { verifyGate } from '../../shared/gate/verify';
import { InputError } from '../../shared/model/errors';
import type { Model } from '../../shared/model/schema';
import { useAnalysis } from '../analysis/AnalysisContext';
import { builtinPacks } from '../analysis/liveAnalysis';
import { useServices } from '../app/ServicesContext';
import { useEditorStore } from '../editor/EditorContext';
import { getSetting, setSetting } from '../persistence/documentStore';
import { GATEHOUSE_VERSION } from '../version';
import { notify } from '../app/notify';

export const MANIFEST_FILE = 'plan-gate.json';

/** Where the model sits next to the manifest: its file name, else one made from its name. */
export function modelPathFor(model: Model, fileName: string | null): string {
  if (fileName && /^[A-Za-z0-9._ -]+\.gatehouse\.json$/.test(fileName)) return fileName;
  const base = model.name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'model'}.gatehouse.json`;
}

/** The manifest text `gatehouse gate write <modelPath>` would write for this model. */
export function planGateText(model: Model, modelPath: string): string {
  return serializeManifest(
    assessPlan(model, builtinPacks(), modelPath, GATEHOUSE_VERSION).manifest,
  );
}

/** What `gatehouse gate verify --branch <branch>` says of `model` against `manifestText`. */
export function verifyInApp(
  model: Model,
  manifestText: string,
  branch: string,
  modelPath: string,
): GateResult {
  const committed = readCommittedManifest(manifestText);
  return verifyGate({
    committed,
    model,
    loaded: builtinPacks(),
    policy: DEFAULT_POLICY,
    branch: resolveBranch(branch, {}, DEFAULT_POLICY.protectedBranches),
    today: new Date().toISOString().slice(0, 10),
    todaySource: 'clock',
    gatehouseVersion: GATEHOUSE_VERSION,
    files: { manifest: MANIFEST_FILE, model: modelPath, policy: null },
    // The app cannot read the repository: a requirement documented by a file counts as
    // documented here, and CI checks the file itself (the panel says so).
    documentMentions: () => 'mentions',
  });
}

const LEVEL_COLOR = { error: 'red', warning: 'orange', note: 'gray' } as const;

export function GatePanel() {
  const { platform, db, documentId, fileName } = useServices();
  const store = useEditorStore();
  const snapshot = useAnalysis((s) => s.snapshot);
  const [branch, setBranch] = useState('main');
  const [manifest, setManifest] = useState<string | null>(null);
  const settingKey = `plan-gate:${documentId}`;

  useEffect(() => {
    let cancelled = false;
    void getSetting(db, settingKey, z.string().nullable(), null).then((text) => {
      if (!cancelled) setManifest(text);
    });
    return () => {
      cancelled = true;
    };
  }, [db, settingKey]);

  const modelPath = snapshot ? modelPathFor(snapshot.document, fileName) : 'model.gatehouse.json';
  const verdict = useMemo(() => {
    if (!snapshot || manifest === null) return null;
    try {
      return { result: verifyInApp(snapshot.document, manifest, branch, modelPath) };
    } catch (error) {
      return { error: error instanceof InputError ? error.summary : String(error) };
    }
  }, [snapshot, manifest, branch, modelPath]);

  const write = async () => {
    const { document } = store.getState();
    const text = planGateText(document, modelPathFor(document, fileName));
    const written = await platform.exportFile({
      suggestedName: MANIFEST_FILE,
      mimeType: 'application/json',
      content: text,
    });
    // Cancelled in the save dialog: nothing was written, so nothing is recorded or announced.
    if (!written) return;
    await setSetting(db, settingKey, text);
    setManifest(text);
    notify({
      title: 'Plan gate written',
      message: `Commit ${MANIFEST_FILE} next to ${modelPathFor(document, fileName)}; CI runs \`gatehouse gate verify\`.`,
    });
  };

  const result = verdict && 'result' in verdict ? verdict.result : null;
  return (
    <Stack gap="sm" p="md">
      <Text size="sm">
        The plan gate fails CI when high-risk features lack documented security requirements. Write
        the manifest, commit it with the model, and CI verifies it with{' '}
        <code>gatehouse gate verify</code>.
      </Text>
      <Group align="flex-end">
        <Button onClick={() => void write()}>Write plan gate…</Button>
        <TextInput
          label="Branch"
          description="High findings block only on protected branches (main, master, release/*)."
          value={branch}
          onChange={(event) => setBranch(event.currentTarget.value)}
          w={200}
        />
      </Group>
      {manifest === null && (
        <Text size="sm" c="dimmed">
          No plan gate written for this model yet.
        </Text>
      )}
      {verdict && 'error' in verdict && (
        <Alert color="red" title="The last manifest cannot be read">
          {verdict.error}
        </Alert>
      )}
      {result && (
        <Stack gap="xs" role="status" aria-label="Gate result">
          <Group>
            <Badge
              size="lg"
              color={result.result === 'pass' ? '#1d6b34' : '#a51d24'}
              data-testid="gate-verdict"
            >
              {result.result === 'pass' ? 'Gate passes' : 'Gate fails'}
            </Badge>
            <Text size="sm" c="dimmed">
              {result.summary.errors} errors, {result.summary.warnings} warnings on{' '}
              {result.branch.name ?? 'an unknown branch'}
              {result.branch.protected ? ' (protected)' : ''}
            </Text>
          </Group>
          {result.findings.slice(0, 100).map((finding, index) => (
            <UnstyledButton
              key={index}
              className="gh-list-row"
              onClick={() => {
                const ids = [finding.location.elementId].filter((id): id is string => id !== null);
                if (ids.length > 0) store.getState().setHighlight(ids);
              }}
            >
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={LEVEL_COLOR[finding.level]} variant="light" size="sm" miw={64}>
                  {finding.level}
                </Badge>
                <div>
                  <Text size="sm" data-testid="gate-finding">
                    {finding.message}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {finding.check} · {finding.remedy}
                  </Text>
                </div>
              </Group>
            </UnstyledButton>
          ))}
          {result.findings.length > 100 && (
            <Text size="xs" c="dimmed">
              … and {result.findings.length - 100} more (run <code>gatehouse gate verify</code> for
              all).
            </Text>
          )}
          <Text size="xs" c="dimmed">
            The default policy is used; documents linked to requirements are checked by CI in the
            repository.
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
