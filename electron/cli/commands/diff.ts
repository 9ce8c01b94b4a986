/**
 * `gatehouse diff <before> <after>`: the semantic diff of two versions of a model — what was
 * added, removed or changed, and what that does to the threats (docs/diff.md). With
 * `--exit-code` it exits 1 when there are semantic differences, as `git diff --exit-code` does;
 * a layout-only change (moved nodes) is not one.
 */
import { Option, type Command } from 'commander';
import { basename } from 'node:path';
import { formatDiffMarkdown, formatDiffText } from '../../../shared/diff/formatDiff';
import { diffModels } from '../../../shared/diff/modelDiff';
import type { ModelDiff } from '../../../shared/diff/diffSchema';
import { ExitCode, type CliIo } from '../cliIo';
import { loadModelFile, loadPacks } from '../loadInputs';

/** The output formats of `gatehouse diff`. */
export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffCommandOptions {
  format?: DiffFormat;
  /** Exit 1 when the versions differ semantically. */
  exitCode?: boolean;
  /** Additional rule-pack files, applied to both versions. */
  rules?: string[];
}

/** What the command prints and the exit code it ends with. */
export interface DiffCommandResult {
  output: string;
  code: ExitCode;
  diff: ModelDiff;
}

/**
 * Loads both versions (Gatehouse models or foreign files, as every command reads them), diffs
 * them with the same rule packs and renders the result. Unusable input throws `InputError` (exit
 * code 2 in `main`), naming the file.
 */
export async function runDiff(
  io: CliIo,
  beforeFile: string,
  afterFile: string,
  options: DiffCommandOptions = {},
): Promise<DiffCommandResult> {
  const before = await loadModelFile(io.cwd, beforeFile);
  const after = await loadModelFile(io.cwd, afterFile);
  const packs = loadPacks(io.cwd, options.rules);
  // Base names only: CI logs and comments should not carry the runner's folders.
  const diff = diffModels(before.model, after.model, packs.compiled, {
    before: basename(beforeFile),
    after: basename(afterFile),
  });
  const format = options.format ?? 'text';
  const output =
    format === 'json'
      ? `${JSON.stringify(diff, null, 2)}\n`
      : format === 'markdown'
        ? formatDiffMarkdown(diff)
        : formatDiffText(diff);
  const code =
    options.exitCode === true && diff.summary.hasSemanticChanges
      ? ExitCode.failed
      : ExitCode.success;
  return { output, code, diff };
}

/** Registers `gatehouse diff` on the program; the action sets `result.code`. */
export function registerDiffCommand(program: Command, io: CliIo, result: { code: ExitCode }): void {
  program
    .command('diff')
    .description(
      'Semantic diff of two model versions: elements, flows, boundaries, properties, threats, triage and stories added, removed or changed.',
    )
    .argument('<before>', 'the earlier version (a *.gatehouse.json model or an OTM file)')
    .argument('<after>', 'the later version')
    .addOption(
      new Option('--format <format>', 'output format (markdown fits a pull-request comment)')
        .choices(DIFF_FORMATS)
        .default('text'),
    )
    .option('--exit-code', 'exit 1 when the versions differ semantically (layout alone does not)')
    .option('--rules <pack...>', 'additional rule-pack files, applied to both versions')
    .action(async (beforeFile: string, afterFile: string, options: DiffCommandOptions) => {
      const { output, code } = await runDiff(io, beforeFile, afterFile, options);
      io.stdout(output);
      result.code = code;
    });
}
