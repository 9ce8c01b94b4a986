/**
 * `gatehouse triage …`: the team's decisions from the command line, so the whole flow can be
 * scripted and reviewed in pull requests. Each subcommand loads the model, applies one pure
 * operation from `shared/triage`, validates the result and writes it back canonically and
 * atomically.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import { serializeModel } from '../../../shared/model/canonical';
import { modelFromTree, parseModel } from '../../../shared/model/parseModel';
import {
  SEVERITIES,
  STORY_STATES,
  THREAT_STATUSES,
  type Model,
  type Severity,
  type StoryState,
  type ThreatStatus,
} from '../../../shared/model/schema';
import type { LoadedPacks } from '../../../shared/rules/loadPacks';
import { generateStories, type Story } from '../../../shared/stories/generateStories';
import { assessThreats, type RegisteredThreat } from '../../../shared/threats/register';
import {
  documentStory,
  overrideSeverity,
  setStoryState,
  setThreatStatus,
  suppressRule,
} from '../../../shared/triage/triageOperations';
import { MAX_INPUT_BYTES, readTextFile, writeFileAtomic } from '../../services/textFiles';
import { ExitCode, UsageError, type CliIo } from '../cliIo';
import { inFile, loadPacks } from '../loadInputs';
import { loadPolicy, today } from './gate';

interface Loaded {
  path: string;
  model: Model;
  loaded: LoadedPacks;
  register: RegisteredThreat[];
  stories: Story[];
}

function load(io: CliIo, file: string, rules: string[] | undefined): Loaded {
  if (!file.endsWith('.gatehouse.json'))
    throw new UsageError('triage edits a *.gatehouse.json model.');
  const path = resolve(io.cwd, file);
  const text = readTextFile(path, MAX_INPUT_BYTES, file);
  const model = inFile(file, () => parseModel(text).model);
  const loaded = loadPacks(io.cwd, rules);
  const register = assessThreats(model, loaded.compiled);
  return {
    path,
    model,
    loaded,
    register,
    stories: generateStories(model, register, loaded.compiled.mitigationsById),
  };
}

/** Validates the edited document like a file being opened, then writes it. */
function save(file: string, path: string, model: Model): void {
  const checked = inFile(file, () => modelFromTree(JSON.parse(JSON.stringify(model))).model);
  writeFileAtomic(path, serializeModel(checked));
}

const approvalOptions = (command: Command): Command =>
  command
    .option('--approver <person>', 'who approves (name or e-mail)')
    .option('--rationale <text>', 'why')
    .option('--expires <YYYY-MM-DD>', 'last day the decision holds (UTC)')
    .option('--policy <file>', 'policy file (default: .gatehouse/policy.json, else the defaults)')
    .option('--now <date>', 'today, for tests (default: GATEHOUSE_NOW or the clock)');

type Result = { code: ExitCode };

const rulesOption = (): Option => new Option('--rules <pack...>', 'additional rule-pack files');

export function registerTriageCommands(program: Command, io: CliIo, result: Result): void {
  const triage = program
    .command('triage')
    .description(
      "Record the team's decisions in the model: story acceptance, threat status, overrides, suppressions, tracker keys.",
    );

  triage
    .command('accept-story')
    .description('Accept a story: it covers exactly the threats it lists now (planned by default).')
    .argument('<model>')
    .argument('<story>', 'story ID (S-…)')
    .addOption(
      new Option('--state <state>', 'planned, in-progress or done')
        .choices(['planned', 'in-progress', 'done'])
        .default('planned'),
    )
    .addOption(rulesOption())
    .action((file: string, storyId: string, options: { state: StoryState; rules?: string[] }) => {
      const { path, model, stories } = load(io, file, options.rules);
      save(file, path, setStoryState(model, stories, storyId, options.state));
      io.stdout(`Story ${storyId} is ${options.state}.\n`);
      result.code = ExitCode.success;
    });

  triage
    .command('reject-story')
    .description('Reject a story (it covers nothing).')
    .argument('<model>')
    .argument('<story>', 'story ID (S-…)')
    .addOption(rulesOption())
    .action((file: string, storyId: string, options: { rules?: string[] }) => {
      const { path, model, stories } = load(io, file, options.rules);
      save(file, path, setStoryState(model, stories, storyId, 'rejected'));
      io.stdout(`Story ${storyId} is rejected.\n`);
      result.code = ExitCode.success;
    });

  triage
    .command('story')
    .description('Attach a tracker key or a document to a story, or move it to another state.')
    .argument('<model>')
    .argument('<story>', 'story ID (S-…)')
    .option('--tracker <key>', 'tracker key, e.g. SHOP-42')
    .option(
      '--doc <path>',
      'a document in the repository (relative to the manifest) that mentions the story ID',
    )
    .addOption(new Option('--state <state>', 'new state').choices([...STORY_STATES]))
    .addOption(rulesOption())
    .action(
      (
        file: string,
        storyId: string,
        options: { tracker?: string; doc?: string; state?: StoryState; rules?: string[] },
      ) => {
        if (
          options.tracker === undefined &&
          options.doc === undefined &&
          options.state === undefined
        ) {
          throw new UsageError('Give --tracker, --doc or --state.');
        }
        const { path, model, stories } = load(io, file, options.rules);
        let next = documentStory(model, stories, storyId, {
          trackerKey: options.tracker,
          docPath: options.doc,
        });
        if (options.state !== undefined)
          next = setStoryState(next, stories, storyId, options.state);
        save(file, path, next);
        io.stdout(`Story ${storyId} updated.\n`);
        result.code = ExitCode.success;
      },
    );

  approvalOptions(
    triage
      .command('status')
      .description(
        "Set a threat's status. accepted, not-applicable and transferred need --approver, --rationale and --expires; transferred also --to. mitigated comes only from a done story.",
      )
      .argument('<model>')
      .argument('<threat>', 'threat ID (T-…)')
      .addArgument(new Argument('<status>', 'new status').choices([...THREAT_STATUSES]))
      .option('--to <whom>', 'for transferred: to whom'),
  )
    .addOption(rulesOption())
    .action(
      (
        file: string,
        threatId: string,
        status: ThreatStatus,
        options: {
          approver?: string;
          rationale?: string;
          expires?: string;
          to?: string;
          policy?: string;
          now?: string;
          rules?: string[];
        },
      ) => {
        const { path, model, register } = load(io, file, options.rules);
        const { policy } = loadPolicy(io, options.policy);
        const next = setThreatStatus(
          model,
          register,
          { threatId, status, approval: options, transferredTo: options.to },
          today(io, options.now),
          policy,
        );
        save(file, path, next);
        io.stdout(`Threat ${threatId} is ${status}.\n`);
        result.code = ExitCode.success;
      },
    );

  triage
    .command('override')
    .description(
      'Override a threat\'s severity (raising is free; lowering needs --approver and --rationale). "none" removes the override.',
    )
    .argument('<model>')
    .argument('<threat>', 'threat ID (T-…)')
    .argument('<severity>', `${SEVERITIES.join(', ')} or none`)
    .option('--approver <person>', 'who approves a lower severity')
    .option('--rationale <text>', 'why')
    .option('--now <date>', 'today, for tests')
    .addOption(rulesOption())
    .action(
      (
        file: string,
        threatId: string,
        severity: string,
        options: { approver?: string; rationale?: string; now?: string; rules?: string[] },
      ) => {
        if (severity !== 'none' && !(SEVERITIES as readonly string[]).includes(severity)) {
          throw new UsageError(`severity must be one of ${SEVERITIES.join(', ')} or none.`);
        }
        const { path, model, register } = load(io, file, options.rules);
        const next = overrideSeverity(
          model,
          register,
          {
            threatId,
            severity: severity === 'none' ? null : (severity as Severity),
            approver: options.approver,
            rationale: options.rationale,
          },
          today(io, options.now),
        );
        save(file, path, next);
        io.stdout(`Threat ${threatId}: severity override ${severity}.\n`);
        result.code = ExitCode.success;
      },
    );

  approvalOptions(
    triage
      .command('suppress')
      .description(
        'Suppress a rule on one element or flow (--element), or model-wide. Needs --approver, --rationale and --expires.',
      )
      .argument('<model>')
      .argument('<rule>', 'pack/rule, e.g. gatehouse-stride/STRIDE-I-001')
      .option('--element <id>', 'the element or flow (default: the whole model)'),
  )
    .addOption(rulesOption())
    .action(
      (
        file: string,
        rule: string,
        options: {
          element?: string;
          approver?: string;
          rationale?: string;
          expires?: string;
          policy?: string;
          now?: string;
          rules?: string[];
        },
      ) => {
        const [packId, ruleId, ...rest] = rule.split('/');
        if (!packId || !ruleId || rest.length > 0)
          throw new UsageError(
            'The rule is written pack/rule, e.g. gatehouse-stride/STRIDE-I-001.',
          );
        const { path, model, loaded } = load(io, file, options.rules);
        const { policy } = loadPolicy(io, options.policy);
        const known = new Set(
          loaded.packs.flatMap((pack) => pack.rules.map((r) => `${pack.id}/${r.id}`)),
        );
        const next = suppressRule(
          model,
          { packId, ruleId, elementId: options.element ?? null, approval: options },
          known,
          today(io, options.now),
          policy,
        );
        save(file, path, next);
        io.stdout(
          `Rule ${rule} suppressed ${options.element ? `on ${options.element}` : 'model-wide'} until ${options.expires}.\n`,
        );
        result.code = ExitCode.success;
      },
    );
}
