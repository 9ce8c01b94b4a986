/**
 * `gatehouse diff` on real files: the example model and a second version made by scripted edits
 * (the same pure operations the app and `gatehouse triage` use). The diff must list exactly
 * those edits, in every format, and nothing else.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelDiffSchema, type ModelDiff } from '../../shared/diff/diffSchema';
import { publishedSchemas } from '../../shared/schemas/jsonSchemas';
import { DEFAULT_POLICY } from '../../shared/gate/policy';
import { serializeModel } from '../../shared/model/canonical';
import { InputError } from '../../shared/model/errors';
import { connectElements } from '../../shared/model/edit/flows';
import { addElement, moveNodes, newElement, updateElement } from '../../shared/model/edit/nodes';
import { deleteItems } from '../../shared/model/edit/removal';
import { parseModel } from '../../shared/model/parseModel';
import type { Model } from '../../shared/model/schema';
import { loadRulePacks } from '../../shared/rules/loadPacks';
import { acceptStory, generateStories } from '../../shared/stories/generateStories';
import { assessThreats } from '../../shared/threats/register';
import { setThreatStatus } from '../../shared/triage/triageOperations';
import { ExitCode, type CliIo } from './cliIo';
import { registerDiffCommand, runDiff } from './commands/diff';

const example = join(import.meta.dirname, '..', '..', 'examples', 'webshop.gatehouse.json');
const TODAY = '2026-12-01';

function io(cwd: string): CliIo {
  return { stdout: () => undefined, stderr: () => undefined, cwd, env: {} };
}

/** The edits the tests make, as data: what the diff must report. */
const NEW_STORE = 'sessions-cache';
const NEW_FLOW = 'f-session-reads';
const DELETED_FLOW = 'f-product-images-http';
const RENAMED = 'api-gateway';
const RETYPED = 'orders-db';
const MOVED = 'catalogue-db';

interface Versions {
  before: Model;
  after: Model;
  threatId: string;
  storyId: string;
}

function editedVersions(): Versions {
  const before = parseModel(readFileSync(example, 'utf8')).model;
  const diagramId = before.diagrams[0]!.id;
  const packs = loadRulePacks().compiled;
  let after = addElement(
    before,
    newElement('dataStore', {
      id: NEW_STORE,
      diagramId,
      name: 'Sessions cache',
      position: { x: 1300, y: 60 },
    }),
  );
  after = updateElement(after, RENAMED, { name: 'Edge gateway' });
  after = updateElement(after, RETYPED, { properties: { encryptedAtRest: 'no' } });
  after = connectElements(after, {
    id: NEW_FLOW,
    sourceId: 'auth-service',
    targetId: NEW_STORE,
    name: 'Session reads',
  });
  after = deleteItems(after, new Set([DELETED_FLOW]));
  const moved = before.elements.find((element) => element.id === MOVED)!.position;
  after = moveNodes(after, new Map([[MOVED, { x: moved.x + 12, y: moved.y + 8 }]]));
  // Triage a threat the example already has, on an item left alone.
  const register = assessThreats(after, packs);
  const threat = register.find((t) => t.targets.some((target) => target.id === 'audit-log'))!;
  after = setThreatStatus(
    after,
    register,
    { threatId: threat.id, status: 'investigating', approval: {} },
    TODAY,
    DEFAULT_POLICY,
  );
  const stories = generateStories(after, assessThreats(after, packs), packs.mitigationsById);
  const story = stories.find((s) => s.featureId === 'checkout' && s.threatIds.length > 0)!;
  after = acceptStory(after, story);
  return { before, after, threatId: threat.id, storyId: story.id };
}

/** A temporary folder holding `before.gatehouse.json` (the example) and `after.gatehouse.json`. */
function folderWith(after: Model): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-diff-'));
  copyFileSync(example, join(dir, 'before.gatehouse.json'));
  writeFileSync(join(dir, 'after.gatehouse.json'), serializeModel(after));
  return dir;
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

describe('gatehouse diff', () => {
  let versions: Versions;
  let dir: string;
  let diff: ModelDiff;

  beforeAll(async () => {
    versions = editedVersions();
    dir = folderWith(versions.after);
    diff = (await runDiff(io(dir), 'before.gatehouse.json', 'after.gatehouse.json')).diff;
  });

  it('lists exactly the scripted edits, kind by kind', () => {
    const { kinds } = diff;
    expect(diff.model).toEqual([]);
    expect(ids(kinds.elements.added)).toEqual([NEW_STORE]);
    expect(kinds.elements.added[0]).toMatchObject({ name: 'Sessions cache', detail: 'data store' });
    expect(kinds.elements.removed).toEqual([]);
    expect(kinds.elements.changed).toEqual([
      {
        id: RENAMED,
        name: 'Edge gateway',
        detail: 'process',
        fields: [{ field: 'name', before: 'API gateway', after: 'Edge gateway' }],
        moved: false,
      },
      {
        id: RETYPED,
        name: 'Orders database',
        detail: 'data store',
        fields: [
          {
            field: 'properties.encryptedAtRest',
            before: versions.before.elements.find((e) => e.id === RETYPED)!.properties[
              'encryptedAtRest' as never
            ],
            after: 'no',
          },
        ],
        moved: false,
      },
    ]);
    expect(ids(kinds.elements.moved)).toEqual([MOVED]);
    expect(ids(kinds.flows.added)).toEqual([NEW_FLOW]);
    expect(kinds.flows.added[0]!.detail).toBe('Auth service → Sessions cache');
    expect(ids(kinds.flows.removed)).toEqual([DELETED_FLOW]);
    expect(kinds.flows.changed).toEqual([]);
    expect(kinds.flows.moved).toEqual([]);
    expect(ids(kinds.triage.added)).toEqual([versions.threatId]);
    expect(kinds.triage.added[0]!.detail).toBe('investigating');
    expect(ids(kinds.stories.added)).toEqual([versions.storyId]);
    expect(kinds.stories.added[0]!.detail).toBe('planned');
    for (const kind of [
      'diagrams',
      'boundaries',
      'features',
      'manualThreats',
      'suppressions',
    ] as const)
      expect(kinds[kind], kind).toEqual({ added: [], removed: [], changed: [], moved: [] });
    expect(diff.summary).toEqual({
      semanticChanges: 7,
      layoutChanges: 1,
      threatChanges: diff.threats!.added.length + diff.threats!.removed.length,
      hasSemanticChanges: true,
    });
  });

  it('says what the edits do to the threats: new ones on the new items, gone with the deleted flow', () => {
    const threats = diff.threats!;
    const touched = new Set([NEW_STORE, NEW_FLOW, RETYPED]);
    expect(threats.added.length).toBeGreaterThan(0);
    for (const threat of threats.added)
      expect(
        threat.targetIds.some((id) => touched.has(id)),
        threat.title,
      ).toBe(true);
    expect(threats.removed.some((threat) => threat.targetIds.includes(DELETED_FLOW))).toBe(true);
    for (const threat of threats.removed)
      expect(
        [DELETED_FLOW, RETYPED].some((id) => threat.targetIds.includes(id)),
        threat.title,
      ).toBe(true);
    expect(threats.severityChanged).toEqual([]);
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, count) => sum + count, 0);
    // The triaged threat stays open (investigating); the accepted story is planned, not done.
    expect(total(threats.openAfter) - total(threats.openBefore)).toBe(
      threats.added.length - threats.removed.length,
    );
  });

  it('prints every edit in text, and no other record', async () => {
    const { output, code } = await runDiff(
      io(dir),
      'before.gatehouse.json',
      'after.gatehouse.json',
    );
    expect(code).toBe(ExitCode.success);
    const [header, ...sections] = output.trimEnd().split('\n\n');
    expect(header!.split('\n')[0]).toBe(
      'Model diff: "Web shop" (before.gatehouse.json) → "Web shop" (after.gatehouse.json)',
    );
    expect(header!.split('\n')[1]).toMatch(
      /^7 changes, 1 layout-only change\. Threats: \d+ added, \d+ removed\.$/,
    );
    // Each section: a heading, then one line per record (a marker and its ID), then its fields.
    const records = new Map(
      sections.map((section) => {
        const [heading, ...lines] = section.split('\n');
        const marked = lines.flatMap(
          (line) => /^ {2}([+\-~>]) (\S+)/.exec(line)?.slice(1, 3).join(' ') ?? [],
        );
        return [heading!.split(':')[0]!, marked];
      }),
    );
    expect([...records.keys()]).toEqual(['Threats', 'Elements', 'Flows', 'Triage', 'Stories']);
    expect(records.get('Threats')).toEqual([
      ...diff.threats!.added.map((threat) => `+ ${threat.id}`),
      ...diff.threats!.removed.map((threat) => `- ${threat.id}`),
    ]);
    expect(records.get('Elements')).toEqual([
      `+ ${NEW_STORE}`,
      `~ ${RENAMED}`,
      `~ ${RETYPED}`,
      `> ${MOVED}`,
    ]);
    expect(records.get('Flows')).toEqual([`+ ${NEW_FLOW}`, `- ${DELETED_FLOW}`]);
    expect(records.get('Triage')).toEqual([`+ ${versions.threatId}`]);
    expect(records.get('Stories')).toEqual([`+ ${versions.storyId}`]);
    expect(output).toContain('      name: "API gateway" → "Edge gateway"\n');
    expect(output).toContain('      properties.encryptedAtRest: ');
    expect(output).toContain('\nElements: 1 added, 2 changed, 1 moved\n');
  });

  it('prints Markdown for a pull-request comment: summary, a <details> per kind, tables', async () => {
    const { output } = await runDiff(io(dir), 'before.gatehouse.json', 'after.gatehouse.json', {
      format: 'markdown',
    });
    expect(output.startsWith('### Gatehouse model diff: ')).toBe(true);
    expect(output).toMatch(
      /\*\*7 changes, 1 layout-only change\. Threats: \d+ added, \d+ removed\.\*\*/,
    );
    const summaries = [...output.matchAll(/<summary>(.*?)<\/summary>/g)].map((match) => match[1]);
    expect(summaries).toEqual([
      expect.stringMatching(/^Threats: \d+ added, \d+ removed$/),
      'Elements: 1 added, 2 changed, 1 moved',
      'Flows: 1 added, 1 removed',
      'Triage: 1 added',
      'Stories: 1 added',
    ]);
    expect(output.match(/<details/g)).toHaveLength(5);
    expect(output.match(/<\/details>/g)).toHaveLength(5);
    expect(output).toContain(
      '| changed | Edge gateway | process | api-gateway | name: "API gateway" → "Edge gateway" |',
    );
    expect(output).toContain(
      '| moved | Catalogue database | data store | catalogue-db | layout only |',
    );
    expect(output).toContain('| removed | Product images over HTTP |');
  });

  it('prints JSON in the published shape', async () => {
    const { output } = await runDiff(io(dir), 'before.gatehouse.json', 'after.gatehouse.json', {
      format: 'json',
    });
    const value: unknown = JSON.parse(output);
    expect(ModelDiffSchema.parse(value)).toEqual(diff);
    const validate = new Ajv2020({ strict: false }).compile(
      publishedSchemas()['diff.schema.json']!,
    );
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(value as object), extra: 1 })).toBe(false);
  });

  it('--exit-code: 1 for semantic differences, 0 for none and for layout alone', async () => {
    const run = (after: string) =>
      runDiff(io(dir), 'before.gatehouse.json', after, { exitCode: true });
    expect((await run('after.gatehouse.json')).code).toBe(ExitCode.failed);
    expect((await run('before.gatehouse.json')).code).toBe(ExitCode.success);
    expect((await run('before.gatehouse.json')).output).toContain('\nNo differences.\n');

    const position = versions.before.elements.find((e) => e.id === MOVED)!.position;
    const movedOnly = moveNodes(
      versions.before,
      new Map([[MOVED, { x: position.x + 5, y: position.y }]]),
    );
    writeFileSync(join(dir, 'moved.gatehouse.json'), serializeModel(movedOnly));
    const layout = await run('moved.gatehouse.json');
    expect(layout.code).toBe(ExitCode.success);
    expect(layout.output).toContain('\nNo semantic differences; 1 layout-only change (moved).\n');
    expect(layout.output).toContain(`\n  > ${MOVED}  Catalogue database  (data store)\n`);
  });

  it('registers as a command: options reach runDiff and the exit code reaches main', async () => {
    let stdout = '';
    const result: { code: ExitCode } = { code: ExitCode.internalError };
    const program = new Command().exitOverride();
    registerDiffCommand(program, { ...io(dir), stdout: (text) => void (stdout += text) }, result);
    await program.parseAsync(
      [
        'diff',
        'before.gatehouse.json',
        'after.gatehouse.json',
        '--format',
        'markdown',
        '--exit-code',
      ],
      { from: 'user' },
    );
    expect(result.code).toBe(ExitCode.failed);
    expect(stdout.startsWith('### Gatehouse model diff')).toBe(true);
  });

  it('refuses unusable input with a message naming the file (exit code 2 in main)', async () => {
    writeFileSync(
      join(dir, 'broken.gatehouse.json'),
      '{"format": "gatehouse-model", "schemaVersion": 1',
    );
    await expect(
      runDiff(io(dir), 'before.gatehouse.json', 'broken.gatehouse.json'),
    ).rejects.toThrow(InputError);
    await expect(
      runDiff(io(dir), 'before.gatehouse.json', 'broken.gatehouse.json'),
    ).rejects.toThrow(/broken\.gatehouse\.json/);
    await expect(
      runDiff(io(dir), 'missing.gatehouse.json', 'after.gatehouse.json'),
    ).rejects.toThrow(/missing\.gatehouse\.json/);
  });

  it('escapes user text in Markdown: a name cannot close a cell, start code or inject HTML', async () => {
    const hostile = updateElement(versions.before, RENAMED, {
      name: 'a|b `code` <img src=x onerror=alert(1)> **bold**',
    });
    writeFileSync(join(dir, 'hostile.gatehouse.json'), serializeModel(hostile));
    const { output } = await runDiff(io(dir), 'before.gatehouse.json', 'hostile.gatehouse.json', {
      format: 'markdown',
    });
    // No `<` a Markdown renderer would read as HTML but the diff's own details, summary and br.
    expect(output).not.toMatch(/(?<!\\)<(?!\/?(?:details|summary|br)\b)/);
    expect(output).toContain(
      '| changed | a\\|b \\`code\\` \\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* | process |',
    );
  });
});
