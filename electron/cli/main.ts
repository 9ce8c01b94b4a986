/**
 * `gatehouse`: the command-line tool (package `gatehouse-tm`). Bundled into one file that never
 * imports `electron`. Every command returns an exit code (PRODUCT.md): 0 success, 1 the gate (or
 * lint, or diff) failed, 2 unusable input or usage error, 3 internal error.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { resolve } from 'node:path';
import { InputError } from '../../shared/model/errors';
import { serializeModel } from '../../shared/model/canonical';
import { lintModel } from '../../shared/lint/lintModel';
import { computeGraphFacts } from '../../shared/graph/graphFacts';
import { writeFileAtomic } from '../services/textFiles';
import { ExitCode, processIo, UsageError, type CliIo } from './cliIo';
import { analysisReportFor, formatAnalysisText } from './commands/analyze';
import { formatLintText } from './commands/lint';
import { formatRulesText, rulesJson } from './commands/rules';
import { formatStoriesMarkdown, formatStoriesText, storiesFor } from './commands/stories';
import { formatImportReportText } from './commands/importReport';
import { loadModelFile, loadPacks } from './loadInputs';
import { useNodeSha256 } from './nativeHash';
import { GATEHOUSE_VERSION } from './version';
import {
  DEFAULT_MANIFEST,
  gateVerify,
  gateWrite,
  type GateVerifyOptions,
  type GateWriteOptions,
} from './commands/gate';
import { registerTriageCommands } from './commands/triage';
import { registerDiffCommand } from './commands/diff';
import { runExport, type ExportCommandOptions } from './commands/exportCommand';
import { exportOtmCommand } from './commands/exportOtm';
import { REPORT_FORMATS, runReport, type ReportCommandOptions } from './commands/report';
import type { JiraExportKind } from '../../shared/jira/exportJira';

function formatOption(choices: readonly string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(fallback);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Builds the program; each action sets `result.code`. */
function buildProgram(io: CliIo, result: { code: ExitCode }): Command {
  const program = new Command();
  program
    .name('gatehouse')
    .description(
      'Threat modeling and the Plan-stage security gate: STRIDE analysis, security stories, Jira export, CI verification.',
    )
    .version(GATEHOUSE_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('analyze')
    .description(
      'Apply the STRIDE rule packs to a model (a Gatehouse model or an Open Threat Model file) and list the threats.',
    )
    .argument('<model>', 'a *.gatehouse.json model or an OTM file (JSON or YAML)')
    .option('--rules <pack...>', 'additional rule-pack files')
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--explain', 'with --format text: print why each threat applies')
    .action(
      async (file: string, options: { rules?: string[]; format: string; explain?: boolean }) => {
        const { model } = await loadModelFile(io.cwd, file);
        const loaded = loadPacks(io.cwd, options.rules);
        const { report, register } = analysisReportFor(model, loaded);
        io.stdout(
          options.format === 'json'
            ? json(report)
            : formatAnalysisText(model, report, register, options.explain ?? false),
        );
        result.code = ExitCode.success;
      },
    );

  program
    .command('import')
    .description(
      'Convert a model from another tool into a Gatehouse model: Open Threat Model (JSON/YAML), OWASP Threat Dragon (v1/v2), Microsoft Threat Modeling Tool (.tm7), AWS Threat Composer, pytm JSON or Threagile YAML — detected from the content.',
    )
    .argument('<file>', 'the file to import')
    .requiredOption('--out <model>', 'where to write the *.gatehouse.json model')
    .option('--report <file>', 'also write the import report as JSON')
    .action(async (file: string, options: { out: string; report?: string }) => {
      const loaded = await loadModelFile(io.cwd, file);
      if (!loaded.importReport)
        throw new UsageError(`${file} is already a Gatehouse model; nothing to import.`);
      if (!options.out.endsWith('.gatehouse.json'))
        throw new UsageError('--out must name a *.gatehouse.json file.');
      writeFileAtomic(resolve(io.cwd, options.out), serializeModel(loaded.model));
      if (options.report)
        writeFileAtomic(resolve(io.cwd, options.report), json(loaded.importReport));
      io.stdout(formatImportReportText(loaded.importReport, options.out));
      result.code = ExitCode.success;
    });

  program
    .command('lint')
    .description(
      'Check the model itself: unnamed elements, flows without protocol, elements outside zones, and more. Exits 1 on an error-level finding.',
    )
    .argument('<model>', 'a *.gatehouse.json model or an OTM file')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (file: string, options: { format: string }) => {
      const { model } = await loadModelFile(io.cwd, file);
      const findings = lintModel(model, computeGraphFacts(model));
      io.stdout(options.format === 'json' ? json({ findings }) : formatLintText(model, findings));
      result.code = findings.some((finding) => finding.level === 'error')
        ? ExitCode.failed
        : ExitCode.success;
    });

  const rules = program.command('rules').description('Rule packs.');
  rules
    .command('list')
    .description('List the rules of the built-in pack (and any packs given).')
    .option('--rules <pack...>', 'additional rule-pack files')
    .option('--coverage', 'print the STRIDE category × element kind × scope matrix')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((options: { rules?: string[]; coverage?: boolean; format: string }) => {
      const loaded = loadPacks(io.cwd, options.rules);
      io.stdout(
        options.format === 'json'
          ? json(rulesJson(loaded.packs))
          : formatRulesText(loaded.packs, options.coverage ?? false),
      );
      result.code = ExitCode.success;
    });

  program
    .command('stories')
    .description(
      'The security stories of a model: one per feature × mitigation over its open threats.',
    )
    .argument('<model>', 'a *.gatehouse.json model or an OTM file')
    .option('--rules <pack...>', 'additional rule-pack files')
    .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
    .action(async (file: string, options: { rules?: string[]; format: string }) => {
      const { model } = await loadModelFile(io.cwd, file);
      const stories = storiesFor(model, loadPacks(io.cwd, options.rules));
      io.stdout(
        options.format === 'json'
          ? json({ stories })
          : options.format === 'markdown'
            ? formatStoriesMarkdown(model, stories)
            : formatStoriesText(stories),
      );
      result.code = ExitCode.success;
    });

  const gate = program
    .command('gate')
    .description('The Plan-stage gate: write the manifest, verify it in CI.');
  gate
    .command('write')
    .description('Write the plan-gate manifest for a model (commit it with the model).')
    .argument('<model>', 'the *.gatehouse.json model')
    .option('--out <file>', 'manifest path', DEFAULT_MANIFEST)
    .option('--policy <file>', 'policy file (default: .gatehouse/policy.json, else the defaults)')
    .option('--rules <pack...>', 'additional rule-pack files')
    .action((file: string, options: GateWriteOptions) => {
      io.stdout(gateWrite(io, file, options));
      result.code = ExitCode.success;
    });
  gate
    .command('verify')
    .description(
      'Recompute the manifest and fail if high-risk features lack documented security requirements.',
    )
    .option('--manifest <file>', 'manifest path', DEFAULT_MANIFEST)
    .option('--policy <file>', 'policy file (default: .gatehouse/policy.json, else the defaults)')
    .option('--branch <name>', 'target branch (default: from the CI environment)')
    .option('--now <date>', 'today as an ISO date, for tests (default: GATEHOUSE_NOW or the clock)')
    .option('--rules <pack...>', 'additional rule-pack files')
    .addOption(formatOption(['text', 'json', 'sarif', 'junit'], 'text'))
    .action((options: GateVerifyOptions) => {
      const { output, result: gateResult } = gateVerify(io, options);
      io.stdout(output);
      result.code = gateResult.exitCode;
    });

  program
    .command('export')
    .description(
      'Export a model: Jira CSV, Jira Cloud or Data Center bulk-create bodies (stories), or Open Threat Model 0.2.0.',
    )
    .addArgument(
      new Argument('<kind>', 'what to write').choices(['jira-csv', 'jira-cloud', 'jira-dc', 'otm']),
    )
    .argument('<model>', 'the *.gatehouse.json model (or a file to import on the fly)')
    .requiredOption('--out <file>', 'the file to write')
    .addOption(
      new Option('--stories <which>', 'jira-*: which stories')
        .choices(['accepted', 'all'])
        .default('accepted'),
    )
    .option('--project <key>', 'Jira project key (required for jira-cloud and jira-dc)')
    .option(
      '--policy <file>',
      'policy file with Jira settings (default: .gatehouse/policy.json, else the defaults)',
    )
    .option('--now <date>', 'today, for due dates (default: GATEHOUSE_NOW or the clock)')
    .addOption(new Option('--format <format>', 'otm: json or yaml').choices(['json', 'yaml']))
    .option('--project-id <id>', 'otm: the project ID (default: from the model name)')
    .option('--rules <pack...>', 'additional rule-pack files')
    .action(
      async (
        kind: JiraExportKind | 'otm',
        file: string,
        options: ExportCommandOptions & { format?: string; projectId?: string },
      ) => {
        if (kind === 'otm') {
          io.stdout(
            await exportOtmCommand(io, file, {
              out: options.out,
              ...(options.format ? { format: options.format } : {}),
              ...(options.projectId ? { projectId: options.projectId } : {}),
              ...(options.rules ? { rules: options.rules } : {}),
            }),
          );
        } else {
          if (options.format || options.projectId)
            throw new UsageError('--format and --project-id apply to "export otm" only.');
          io.stdout(runExport(io, kind, file, options));
        }
        result.code = ExitCode.success;
      },
    );

  program
    .command('report')
    .description('Write the threat-model report: Markdown, or self-contained HTML (no scripts).')
    .argument('<model>', 'a *.gatehouse.json model (or a file to import on the fly)')
    .addOption(formatOption(REPORT_FORMATS, 'html'))
    .option('--out <file>', 'write here (atomically) instead of standard output')
    .option('--now <date>', 'the report date (default: GATEHOUSE_NOW or the clock)')
    .option('--rules <pack...>', 'additional rule-pack files')
    .action(async (file: string, options: ReportCommandOptions) => {
      io.stdout(await runReport(io, file, options));
      result.code = ExitCode.success;
    });

  registerDiffCommand(program, io, result);
  registerTriageCommands(program, io, result);
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script). Never throws; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  useNodeSha256();
  const result: { code: ExitCode } = { code: ExitCode.success };
  const program = buildProgram(io, result);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.unusableInput;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return ExitCode.success;
      return ExitCode.unusableInput;
    }
    if (error instanceof InputError) {
      io.stderr(`gatehouse: ${error.message}\n`);
      return ExitCode.unusableInput;
    }
    if (error instanceof UsageError) {
      io.stderr(`gatehouse: ${error.message}\n`);
      return ExitCode.unusableInput;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'ENOENT' ||
      code === 'EISDIR' ||
      code === 'ENOSPC'
    ) {
      io.stderr(`gatehouse: cannot write: ${(error as Error).message}\n`);
      return ExitCode.unusableInput;
    }
    io.stderr(
      `gatehouse: internal error: ${(error as Error).stack ?? String(error)}\nPlease report this with the command you ran.\n`,
    );
    return ExitCode.internalError;
  }
}
