/**
 * The Plan-stage gate end to end, from the command line, on real files in a temporary folder:
 * write → verify fails → triage → write → verify passes → edit without writing → stale →
 * branches → expiry; then the bypass attempts, each of which must fail.
 */
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from './cliIo';
import { main } from './main';

const repo = join(import.meta.dirname, '..', '..');
const MODEL = 'threat-model.gatehouse.json';
const TODAY = '2026-12-01';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gate-'));
  copyFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), join(dir, MODEL));
  const run = async (argv: string[], env: Record<string, string> = {}): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: dir,
      env: { GATEHOUSE_NOW: TODAY, ...env },
    };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  };
  const json = async (argv: string[], env: Record<string, string> = {}) => {
    const result = await run([...argv, '--format', 'json'], env);
    return { ...result, value: JSON.parse(result.stdout) };
  };
  const readModel = () => JSON.parse(readFileSync(join(dir, MODEL), 'utf8'));
  const writeModel = (model: unknown) =>
    writeFileSync(join(dir, MODEL), JSON.stringify(model, null, 2));
  return { dir, run, json, readModel, writeModel };
}

type Finding = {
  check: string;
  feature: string | null;
  threat: string | null;
  story: string | null;
  severity: string;
  level: string;
  message: string;
  remedy: string;
};
type Story = {
  id: string;
  featureId: string;
  severity: string;
  accepted: boolean;
  threatIds: string[];
};

/** Accepts every story with a high or critical threat, and gives each a tracker key. */
async function acceptHighStories(ws: ReturnType<typeof workspace>): Promise<Story[]> {
  const { value } = await ws.json(['stories', MODEL]);
  const high = (value.stories as Story[]).filter(
    (s) => s.severity === 'high' || s.severity === 'critical',
  );
  let key = 100;
  for (const story of high) {
    expect((await ws.run(['triage', 'accept-story', MODEL, story.id])).code).toBe(0);
    expect(
      (await ws.run(['triage', 'story', MODEL, story.id, '--tracker', `SHOP-${key++}`])).code,
    ).toBe(0);
  }
  return high;
}

/** A workspace whose gate passes on main: high stories accepted with tracker keys. */
async function passingWorkspace() {
  const ws = workspace();
  await acceptHighStories(ws);
  await ws.run(['gate', 'write', MODEL]);
  expect((await ws.run(['gate', 'verify', '--branch', 'main'])).code).toBe(0);
  const threats = (await ws.json(['analyze', MODEL])).value.threats as {
    id: string;
    severity: string;
    status: string;
  }[];
  return { ws, threats };
}

/** Edits the model by hand, rewrites the manifest, and verifies on main. */
async function tamper(
  ws: ReturnType<typeof workspace>,
  edit: (model: Record<string, { [key: string]: unknown }[]>) => void,
) {
  const model = ws.readModel();
  edit(model);
  ws.writeModel(model);
  expect((await ws.run(['gate', 'write', MODEL])).code).toBe(0);
  return ws.json(['gate', 'verify', '--branch', 'main']);
}

describe('the plan gate, end to end', () => {
  it('fails, passes after triage, goes stale on an edit, honours branches and expiry', async () => {
    const ws = workspace();
    expect((await ws.run(['gate', 'write', MODEL])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8'));
    expect(manifest.model.path).toBe(MODEL);
    // Writing twice without changes gives identical bytes.
    const first = readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8');
    await ws.run(['gate', 'write', MODEL]);
    expect(readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8')).toBe(first);

    // 1. Nothing triaged: verify fails on main, naming the feature and the threats.
    const failing = await ws.run(['gate', 'verify', '--branch', 'main']);
    expect(failing.code).toBe(ExitCode.failed);
    expect(failing.stdout).toContain('Checkout');
    expect(failing.stdout).toMatch(/T-[0-9a-f]{16}/);
    const failingJson = (await ws.json(['gate', 'verify', '--branch', 'main'])).value;
    const checks = new Set((failingJson.findings as Finding[]).map((f) => f.check));
    expect(checks).toContain('GATE-003');
    expect(checks).toContain('GATE-004');
    expect((failingJson.findings as Finding[]).every((f) => f.remedy.length > 0)).toBe(true);

    // 2. Triage: accept the stories of high threats with tracker keys, accept one threat with an approval.
    const accepted = await acceptHighStories(ws);
    expect(accepted.length).toBeGreaterThan(0);
    const threats = (await ws.json(['analyze', MODEL])).value.threats as {
      id: string;
      severity: string;
      status: string;
    }[];
    const medium = threats.find((t) => t.severity === 'medium' && t.status === 'open')!;
    const acceptance = await ws.run([
      'triage',
      'status',
      MODEL,
      medium.id,
      'accepted',
      '--approver',
      'ciso@example.com',
      '--rationale',
      'Compensated by the WAF until the rewrite.',
      '--expires',
      '2027-01-15',
    ]);
    expect(acceptance.code, acceptance.stderr).toBe(0);

    // 3. Written again, the gate passes.
    expect((await ws.run(['gate', 'write', MODEL])).code).toBe(0);
    const passing = await ws.run(['gate', 'verify', '--branch', 'main']);
    expect(passing.code, passing.stdout).toBe(ExitCode.success);

    // 4. An edit of the model without `gate write`: stale, with the regenerate message.
    const model = ws.readModel();
    model.elements[0].description = 'Edited after the manifest was written.';
    ws.writeModel(model);
    const stale = await ws.run(['gate', 'verify', '--branch', 'main']);
    expect(stale.code).toBe(ExitCode.failed);
    expect(stale.stdout).toContain('run `gatehouse gate write` and commit');
    expect(
      (await ws.json(['gate', 'verify', '--branch', 'feature/x'])).value.findings[0].check,
    ).toBe('GATE-001');

    // 5. A high-only finding: a high story loses its tracker key. Warns on a feature branch,
    //    blocks on main and when no branch is known.
    const untracked = ws.readModel();
    const story = untracked.stories.find(
      (s: { id: string }) => s.id === accepted.find((a) => a.severity === 'high')!.id,
    );
    story.trackerKey = null;
    ws.writeModel(untracked);
    await ws.run(['gate', 'write', MODEL]);
    const onFeature = await ws.json(['gate', 'verify', '--branch', 'feature/login']);
    expect(onFeature.code).toBe(ExitCode.success);
    expect((onFeature.value.findings as Finding[]).map((f) => [f.check, f.level])).toContainEqual([
      'GATE-006',
      'warning',
    ]);
    expect((await ws.run(['gate', 'verify', '--branch', 'main'])).code).toBe(ExitCode.failed);
    const unknownBranch = await ws.run(['gate', 'verify']);
    expect(unknownBranch.code).toBe(ExitCode.failed);
    expect(unknownBranch.stdout).toMatch(/no branch known|treated as protected/i);
    // The CI environment names the branch when --branch is absent.
    expect(
      (await ws.run(['gate', 'verify'], { GITHUB_BASE_REF: 'feature/x', GITHUB_REF_NAME: 'main' }))
        .code,
    ).toBe(0);
    expect((await ws.run(['gate', 'verify'], { CI_COMMIT_BRANCH: 'release/2.1' })).code).toBe(
      ExitCode.failed,
    );

    // 6. Restore the key; then the acceptance expires.
    story.trackerKey = 'SHOP-999';
    ws.writeModel(untracked);
    await ws.run(['gate', 'write', MODEL]);
    expect((await ws.run(['gate', 'verify', '--branch', 'main'])).code).toBe(0);
    const later = await ws.json(['gate', 'verify', '--branch', 'main', '--now', '2027-01-16']);
    const expired = (later.value.findings as Finding[]).find((f) => f.check === 'GATE-005');
    expect(expired?.threat).toBe(medium.id);
    expect(expired?.message).toContain('expired on 2027-01-15');
  });
});

describe('bypass attempts', () => {
  /** A passing workspace to tamper with. */
  const triage = (threatId: string, fields: Record<string, unknown>) => ({
    threatId,
    ...fields,
  });

  it('lowering a severity without approver or rationale changes nothing', async () => {
    const { ws, threats } = await passingWorkspace();
    // A new high threat nobody covers: make one by removing the acceptance of a story…
    const model = ws.readModel();
    const high = threats.find(
      (t) => t.severity === 'high' && model.stories[0].coveredThreatIds.includes(t.id),
    )!;
    for (const story of model.stories)
      story.coveredThreatIds = story.coveredThreatIds.filter((id: string) => id !== high.id);
    // …and try to hide it with an unapproved override.
    model.threats.push(triage(high.id, { severityOverride: { severity: 'low' } }));
    ws.writeModel(model);
    await ws.run(['gate', 'write', MODEL]);
    const verdict = await ws.json(['gate', 'verify', '--branch', 'main']);
    expect(verdict.code).toBe(ExitCode.failed);
    expect(
      (verdict.value.findings as Finding[]).filter((f) => f.threat === high.id).map((f) => f.check),
    ).toEqual(expect.arrayContaining(['GATE-004', 'GATE-005']));
    // The CLI refuses to write such an override at all.
    const refused = await ws.run(['triage', 'override', MODEL, high.id, 'low']);
    expect(refused.code).toBe(ExitCode.unusableInput);
    expect(refused.stderr).toContain('needs an approver and a rationale');
  });

  it('setting mitigated by hand does not close a threat', async () => {
    const { ws, threats } = await passingWorkspace();
    const uncovered = threats.find((t) => t.severity === 'medium')!;
    expect((await ws.run(['triage', 'status', MODEL, uncovered.id, 'mitigated'])).code).toBe(
      ExitCode.unusableInput,
    );
    const model = ws.readModel();
    const high = threats.find(
      (t) => t.severity === 'high' && model.stories[0].coveredThreatIds.includes(t.id),
    )!;
    // No accepted story covers it any more (a threat may be listed by several stories)…
    for (const story of model.stories)
      story.coveredThreatIds = story.coveredThreatIds.filter((id: string) => id !== high.id);
    // …and a hand-set "mitigated" must not close it.
    model.threats.push(triage(high.id, { status: 'mitigated' }));
    ws.writeModel(model);
    await ws.run(['gate', 'write', MODEL]);
    const verdict = await ws.json(['gate', 'verify', '--branch', 'main']);
    expect(verdict.code).toBe(ExitCode.failed);
    expect(
      (verdict.value.findings as Finding[]).some(
        (f) => f.check === 'GATE-004' && f.threat === high.id,
      ),
    ).toBe(true);
  });

  it('a not-applicable or a suppression without expiry fails', async () => {
    const { ws, threats } = await passingWorkspace();
    const high = threats.find((t) => t.severity === 'high')!;
    const refused = await ws.run([
      'triage',
      'status',
      MODEL,
      high.id,
      'not-applicable',
      '--approver',
      'a@example.com',
      '--rationale',
      'Not reachable.',
    ]);
    expect(refused.code).toBe(ExitCode.unusableInput);
    expect(refused.stderr).toContain('no expiry date');
    const notApplicable = await tamper(ws, (model) => {
      model.threats!.push(
        triage(high.id, {
          status: 'not-applicable',
          approval: { approver: 'a@example.com', rationale: 'Not reachable.' },
        }),
      );
    });
    expect(notApplicable.code).toBe(ExitCode.failed);
    expect(
      (notApplicable.value.findings as Finding[]).find((f) => f.check === 'GATE-005')?.message,
    ).toContain('no expiry date');

    const suppression = await tamper(ws, (model) => {
      model.threats = [];
      model.suppressions!.push({
        id: 'sup-1',
        packId: 'gatehouse-stride',
        ruleId: 'STRIDE-I-001',
        elementId: null,
        approver: 'a@example.com',
        rationale: 'Legacy.',
      });
    });
    expect(suppression.code).toBe(ExitCode.failed);
    expect(
      (suppression.value.findings as Finding[]).find((f) => f.check === 'GATE-005')?.message,
    ).toContain('suppression "sup-1"');
  });

  it('a disabled required pack fails', async () => {
    const { ws } = await passingWorkspace();
    const verdict = await tamper(ws, (model) => {
      model.rulePacks = [{ id: 'gatehouse-stride', enabled: false }];
    });
    expect(verdict.code).toBe(ExitCode.failed);
    expect((verdict.value.findings as Finding[]).map((f) => f.check)).toContain('GATE-002');
  });

  it('a hand-edited manifest that claims coverage fails', async () => {
    const ws = workspace();
    await ws.run(['gate', 'write', MODEL]);
    const manifest = JSON.parse(readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8'));
    for (const feature of manifest.features) {
      feature.risk = 'low';
      for (const threat of feature.threats) threat.status = 'mitigated';
    }
    writeFileSync(join(ws.dir, 'plan-gate.json'), JSON.stringify(manifest, null, 2));
    const verdict = await ws.json(['gate', 'verify', '--branch', 'feature/x']);
    expect(verdict.code).toBe(ExitCode.failed);
    const findings = verdict.value.findings as Finding[];
    expect(findings[0]!.check).toBe('GATE-001');
    expect(findings[0]!.message).toContain('edited by hand');
    // Decided from the recomputation: the real findings are still there.
    expect(findings.some((f) => f.check === 'GATE-004')).toBe(true);
  });
});

describe('more bypass attempts (from review)', () => {
  it('a story record cannot cover threats outside its feature and mitigation', async () => {
    const ws = workspace();
    const { value } = await ws.json(['stories', MODEL]);
    const low = (value.stories as Story[]).find(
      (s) => s.severity === 'low' || s.severity === 'medium',
    )!;
    await ws.run(['triage', 'accept-story', MODEL, low.id]);
    const threats = (await ws.json(['analyze', MODEL])).value.threats as { id: string }[];
    const verdict = await tamper(ws, (model) => {
      for (const story of model.stories!) story.coveredThreatIds = threats.map((t) => t.id);
    });
    expect(verdict.code).toBe(ExitCode.failed);
    expect((verdict.value.findings as Finding[]).some((f) => f.check === 'GATE-004')).toBe(true);
  });

  it('re-accepting a done story that needs review keeps what it covered (no endless review)', async () => {
    const ws = workspace();
    const { value } = await ws.json(['stories', MODEL]);
    const story = (value.stories as Story[]).find((s) => s.threatIds.length >= 2)!;
    await ws.run(['triage', 'accept-story', MODEL, story.id, '--state', 'done']);
    // Make it need review: drop one threat from what it covers, as if it were new.
    const model = ws.readModel();
    const record = model.stories.find((r: { id: string }) => r.id === story.id);
    const dropped = record.coveredThreatIds.pop();
    ws.writeModel(model);
    const before = (
      (await ws.json(['stories', MODEL])).value.stories as (Story & {
        needsReview: boolean;
        coveredThreatIds: string[];
      })[]
    ).find((s) => s.id === story.id)!;
    expect(before.needsReview).toBe(true);
    for (let round = 0; round < 2; round++)
      await ws.run(['triage', 'accept-story', MODEL, story.id, '--state', 'done']);
    const after = (
      (await ws.json(['stories', MODEL])).value.stories as (Story & {
        needsReview: boolean;
        coveredThreatIds: string[];
      })[]
    ).find((s) => s.id === story.id)!;
    expect(after.needsReview).toBe(false);
    expect(after.coveredThreatIds).toEqual(
      expect.arrayContaining([...record.coveredThreatIds, dropped]),
    );
  });

  it('the model or the manifest is not a document, and a blank tracker key is no key', async () => {
    const { ws } = await passingWorkspace();
    const asDoc = await tamper(ws, (model) => {
      for (const story of model.stories!)
        Object.assign(story, { trackerKey: null, docPath: MODEL });
    });
    expect(asDoc.code).toBe(ExitCode.failed);
    expect(
      (asDoc.value.findings as Finding[]).find((f) => f.check === 'GATE-006')?.message,
    ).toContain('is the model or the manifest');
    const blank = await tamper(ws, (model) => {
      for (const story of model.stories!) Object.assign(story, { trackerKey: ' ', docPath: null });
    });
    expect(blank.code).toBe(ExitCode.failed);
  });

  it('a blank approver or rationale is no approval, and override approvals are in the manifest', async () => {
    const { ws } = await passingWorkspace();
    const threats = (await ws.json(['analyze', MODEL])).value.threats as {
      id: string;
      severity: string;
    }[];
    const medium = threats.find((t) => t.severity === 'medium')!;
    const blank = await tamper(ws, (model) => {
      model.threats!.push({
        threatId: medium.id,
        status: 'accepted',
        approval: { approver: ' ', rationale: ' ', expires: '2027-01-01' },
      });
    });
    expect(
      (blank.value.findings as Finding[]).find(
        (f) => f.threat === medium.id && f.check === 'GATE-005',
      )?.message,
    ).toContain('no approver, no rationale');

    const high = threats.find((t) => t.severity === 'high')!;
    const lowered = await ws.run([
      'triage',
      'override',
      MODEL,
      high.id,
      'low',
      '--approver',
      'ciso@example.com',
      '--rationale',
      'Behind the VPN.',
    ]);
    expect(lowered.code).toBe(0);
    await ws.run(['gate', 'write', MODEL]);
    const manifest = readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8');
    const entry = JSON.parse(manifest)
      .features.flatMap((f: { threats: { id: string }[] }) => f.threats)
      .find((t: { id: string }) => t.id === high.id);
    expect(entry.override).toEqual({
      from: 'high',
      to: 'low',
      approver: 'ciso@example.com',
      rationale: 'Behind the VPN.',
    });
  });

  it('refuses an impossible --now and says which day it judged', async () => {
    const ws = workspace();
    await ws.run(['gate', 'write', MODEL]);
    expect((await ws.run(['gate', 'verify', '--now', '2026-02-30'])).code).toBe(
      ExitCode.unusableInput,
    );
    expect((await ws.run(['gate', 'verify', '--now', '2026-12-01T10:00'])).code).toBe(
      ExitCode.unusableInput,
    );
    const text = await ws.run(['gate', 'verify', '--now', '2026-12-01T23:30:00-05:00']);
    expect(text.stdout).toContain('Date: 2026-12-02 (from --now)');
    expect((await ws.run(['gate', 'verify'])).stdout).toContain(
      'Date: 2026-12-01 (from GATEHOUSE_NOW)',
    );
  });

  it('keeps the verdict when the job summary cannot be written', async () => {
    const ws = workspace();
    await ws.run(['gate', 'write', MODEL]);
    const result = await ws.run(['gate', 'verify', '--branch', 'feature/x'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(ws.dir, 'missing', 'summary.md'),
    });
    expect(result.code).toBe(ExitCode.success);
    expect(result.stderr).toContain('could not write the job summary');
  });
});

describe('bad gate input', () => {
  it('exits 2 with a precise message for a broken manifest, policy or path escape', async () => {
    const ws = workspace();
    await ws.run(['gate', 'write', MODEL]);
    const manifest = JSON.parse(readFileSync(join(ws.dir, 'plan-gate.json'), 'utf8'));
    writeFileSync(
      join(ws.dir, 'escape.json'),
      JSON.stringify({ ...manifest, model: { ...manifest.model, path: '../../etc/passwd' } }),
    );
    const escape = await ws.run(['gate', 'verify', '--manifest', 'escape.json']);
    expect(escape.code).toBe(ExitCode.unusableInput);
    expect(escape.stderr).toContain('must stay inside');
    writeFileSync(join(ws.dir, 'extra.json'), JSON.stringify({ ...manifest, claims: 'all good' }));
    const extra = await ws.run(['gate', 'verify', '--manifest', 'extra.json']);
    expect(extra.code).toBe(ExitCode.unusableInput);
    expect(extra.stderr).toContain('extra.json');
    mkdirSync(join(ws.dir, '.gatehouse'));
    writeFileSync(
      join(ws.dir, '.gatehouse', 'policy.json'),
      JSON.stringify({
        format: 'gatehouse-policy',
        schemaVersion: 1,
        maxAcceptanceDays: 'forever',
      }),
    );
    const policy = await ws.run(['gate', 'verify']);
    expect(policy.code).toBe(ExitCode.unusableInput);
    expect(policy.stderr).toContain('$.maxAcceptanceDays');
    const missing = await ws.run(['gate', 'verify', '--manifest', 'missing.json']);
    expect(missing.code).toBe(ExitCode.unusableInput);
    expect(missing.stderr).toContain(
      'missing.json: no such file. Write it with `gatehouse gate write',
    );
    expect((await ws.run(['gate', 'verify', '--now', 'yesterday'])).code).toBe(
      ExitCode.unusableInput,
    );
  });
});

describe('the committed manifest as text', () => {
  const MANIFEST = 'plan-gate.json';

  it('agrees when Git changed its line endings, it was re-indented or an older CLI wrote it', async () => {
    const { ws } = await passingWorkspace();
    const path = join(ws.dir, MANIFEST);
    const written = readFileSync(path, 'utf8');
    const expected = await ws.json(['gate', 'verify', '--branch', 'main']);
    const variants = {
      crlf: written.replace(/\n/g, '\r\n'),
      minified: JSON.stringify(JSON.parse(written)),
      olderCli: written.replace(/"gatehouseVersion": "[^"]*"/, '"gatehouseVersion": "0.0.1"'),
    };
    for (const [name, text] of Object.entries(variants)) {
      expect(text, name).not.toBe(written);
      writeFileSync(path, text);
      const verdict = await ws.json(['gate', 'verify', '--branch', 'main']);
      expect({ name, code: verdict.code }).toEqual({ name, code: ExitCode.success });
      expect(verdict.value.findings).toEqual(expected.value.findings);
    }
  });

  it('is stale when one value changed, in the layout gate write uses', async () => {
    const { ws, threats } = await passingWorkspace();
    const path = join(ws.dir, MANIFEST);
    const written = readFileSync(path, 'utf8');
    const threat = threats.find((t) => written.includes(`"id": "${t.id}"`))!;
    // One character of one threat entry, nothing else: same layout, same header.
    const edited = written.replace(`"id": "${threat.id}"`, `"id": "${threat.id.slice(0, -1)}0"`);
    expect(edited).not.toBe(written);
    writeFileSync(path, edited);
    const verdict = await ws.json(['gate', 'verify', '--branch', 'main']);
    expect(verdict.code).toBe(ExitCode.failed);
    expect((verdict.value.findings as Finding[])[0]!.check).toBe('GATE-001');
  });

  it('refuses a header that names one model and a repeated key that names another', async () => {
    const { ws } = await passingWorkspace();
    const path = join(ws.dir, MANIFEST);
    const written = readFileSync(path, 'utf8');
    // The first "model" points at a copy; JSON keeps the last one, which names the real model.
    copyFileSync(join(ws.dir, MODEL), join(ws.dir, 'copy.gatehouse.json'));
    const realModel = JSON.stringify(JSON.parse(written).model);
    const twoHeaders = written
      .replace(`"path": "${MODEL}"`, '"path": "copy.gatehouse.json"')
      .replace(/\n}\n$/, `,\n  "model": ${realModel}\n}\n`);
    writeFileSync(path, twoHeaders);
    const verdict = await ws.run(['gate', 'verify', '--branch', 'main']);
    expect(verdict.code).toBe(ExitCode.unusableInput);
    expect(verdict.stderr).toContain('$.model: must appear once');
  });

  it('exits 2 for a file cut short after a well-formed header', async () => {
    const { ws } = await passingWorkspace();
    const path = join(ws.dir, MANIFEST);
    const written = readFileSync(path, 'utf8');
    writeFileSync(path, written.slice(0, Math.floor(written.length / 2)));
    const verdict = await ws.run(['gate', 'verify', '--branch', 'main']);
    expect(verdict.code).toBe(ExitCode.unusableInput);
    expect(verdict.stderr).toContain(MANIFEST);
  });
});

describe('in GitHub Actions', () => {
  it('annotates and summarizes the text run, and keeps SARIF output pure', async () => {
    const ws = workspace();
    await ws.run(['gate', 'write', MODEL]);
    const summary = join(ws.dir, 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_BASE_REF: 'main' };
    const text = await ws.run(['gate', 'verify'], env);
    expect(text.code).toBe(ExitCode.failed);
    const annotations = text.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.length).toBeLessThanOrEqual(10);
    expect(annotations[0]).toMatch(/^::error file=threat-model\.gatehouse\.json,line=\d+,title=/);
    const summaryAfterText = readFileSync(summary, 'utf8');
    expect(summaryAfterText).toContain('GATE-004');
    const sarif = await ws.run(['gate', 'verify', '--format', 'sarif'], env);
    const parsed = JSON.parse(sarif.stdout);
    expect(parsed.version).toBe('2.1.0');
    expect(parsed.runs[0].results.length).toBeGreaterThan(0);
    // The machine-format run neither annotates nor appends to the summary.
    expect(readFileSync(summary, 'utf8')).toBe(summaryAfterText);
  });
});
