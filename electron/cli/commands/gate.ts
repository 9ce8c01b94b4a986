/**
 * `gatehouse gate write` and `gatehouse gate verify`: the file side of the Plan-stage gate.
 * Paths inside the manifest are relative to the manifest's folder, with `/` separators.
 */
import { appendFileSync, existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { resolveBranch } from '../../../shared/gate/branch';
import type { GateResult } from '../../../shared/gate/gateResult';
import {
  assessPlan,
  readCommittedManifest,
  serializeManifest,
} from '../../../shared/gate/manifest';
import { createFindingLocator } from '../../../shared/gate/output/locate';
import { idLines } from '../../../shared/gate/output/modelLines';
import { renderGithubAnnotations, renderGithubSummary } from '../../../shared/gate/output/github';
import { renderGateJunit } from '../../../shared/gate/output/junit';
import { renderGateSarif } from '../../../shared/gate/output/sarif';
import { renderGateText } from '../../../shared/gate/output/text';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../../../shared/gate/policy';
import { verifyGate } from '../../../shared/gate/verify';
import { InputError } from '../../../shared/model/errors';
import { parseModel } from '../../../shared/model/parseModel';
import {
  FileReadError,
  MAX_INPUT_BYTES,
  readTextFile,
  writeFileAtomic,
} from '../../services/textFiles';
import { UsageError, type CliIo } from '../cliIo';
import { inFile, loadPacks } from '../loadInputs';
import { GATEHOUSE_VERSION } from '../version';

export const DEFAULT_MANIFEST = 'plan-gate.json';

/**
 * Whether `path` is inside `folder` once symbolic links are resolved (a link inside the
 * repository must not lead Gatehouse to read outside it). A path that does not exist yet is
 * judged by its folder.
 */
export function isInside(folder: string, path: string): boolean {
  const real = existsSync(path)
    ? realpathSync(path)
    : resolve(realpathSync(dirname(path)), basename(path));
  const root = realpathSync(folder);
  return real.startsWith(root + sep);
}
export const DEFAULT_POLICY_PATH = '.gatehouse/policy.json';

/** A path for display and for manifests: relative, with `/` separators. */
export function portablePath(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/** The policy: `--policy`, else `.gatehouse/policy.json` in the working directory, else the defaults. */
export function loadPolicy(
  io: CliIo,
  flag: string | undefined,
): { policy: Policy; path: string | null } {
  const path =
    flag ?? (existsSync(resolve(io.cwd, DEFAULT_POLICY_PATH)) ? DEFAULT_POLICY_PATH : null);
  if (path === null) return { policy: DEFAULT_POLICY, path: null };
  const text = readTextFile(resolve(io.cwd, path), MAX_INPUT_BYTES, path);
  return { policy: inFile(path, () => parsePolicy(text)), path };
}

/** Today (UTC) from `--now`, else `GATEHOUSE_NOW`, else the clock; and where it came from. */
export function todayWithSource(
  io: CliIo,
  flag: string | undefined,
): { today: string; source: GateResult['date']['source'] } {
  const source = flag !== undefined ? '--now' : io.env['GATEHOUSE_NOW'] ? 'GATEHOUSE_NOW' : 'clock';
  const value = flag ?? io.env['GATEHOUSE_NOW'];
  if (value === undefined || value === '')
    return { today: new Date().toISOString().slice(0, 10), source: 'clock' };
  // A date, or a date and time with an explicit zone: "2026-02-30" or a local time would be
  // silently bent into another day.
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const isZonedTime = /^\d{4}-\d{2}-\d{2}T[\d:.]{5,18}(?:Z|[+-]\d{2}:\d{2})$/.test(value);
  const parsed = Date.parse(isDate ? `${value}T00:00:00Z` : value);
  const sameDay = !isDate || new Date(parsed).toISOString().slice(0, 10) === value;
  if (!(isDate || isZonedTime) || Number.isNaN(parsed) || !sameDay) {
    throw new UsageError(
      `${source} must be a date such as 2026-12-01, or a date and time with a zone such as 2026-12-01T09:00:00Z (got "${value}").`,
    );
  }
  return { today: new Date(parsed).toISOString().slice(0, 10), source };
}

/** Today (UTC), as `todayWithSource`. */
export function today(io: CliIo, flag: string | undefined): string {
  return todayWithSource(io, flag).today;
}

export interface GateWriteOptions {
  out?: string;
  policy?: string;
  rules?: string[];
}

export function gateWrite(io: CliIo, modelFile: string, options: GateWriteOptions): string {
  loadPolicy(io, options.policy); // validated so a broken policy is caught when writing, not in CI
  const modelPath = resolve(io.cwd, modelFile);
  const modelText = readTextFile(modelPath, MAX_INPUT_BYTES, modelFile);
  const model = inFile(modelFile, () => parseModel(modelText).model);
  const outPath = resolve(io.cwd, options.out ?? DEFAULT_MANIFEST);
  if (!isInside(dirname(outPath), modelPath)) {
    throw new UsageError(
      `The model must be in the manifest's folder or below it (${portablePath(io.cwd, dirname(outPath)) || '.'}): \`gate verify\` refuses a manifest that points elsewhere.`,
    );
  }
  const { manifest } = assessPlan(
    model,
    loadPacks(io.cwd, options.rules),
    portablePath(dirname(outPath), modelPath),
    GATEHOUSE_VERSION,
  );
  writeFileAtomic(outPath, serializeManifest(manifest));
  const high = manifest.features.filter((f) => f.risk === 'high' || f.risk === 'critical').length;
  return `Wrote ${portablePath(io.cwd, outPath)}: ${manifest.features.length} features (${high} at high or critical risk), model ${manifest.model.path}.\nCommit it with the model; \`gatehouse gate verify\` checks it in CI.\n`;
}

/** The committed manifest's text; a missing one says how a repository gets one. */
function readManifestText(path: string, shownAs: string): string {
  try {
    return readTextFile(path, MAX_INPUT_BYTES, shownAs);
  } catch (error) {
    if (error instanceof FileReadError && error.reason === 'missing') {
      throw new FileReadError(
        'missing',
        `${shownAs}: no such file. Write it with \`gatehouse gate write <model>\` and commit it with the model, or name it with --manifest <file>.`,
      );
    }
    throw error;
  }
}

export interface GateVerifyOptions {
  manifest?: string;
  policy?: string;
  branch?: string;
  now?: string;
  format: 'text' | 'json' | 'sarif' | 'junit';
  rules?: string[];
}

/** Runs the verification; returns the rendered output and the exit code. */
export function gateVerify(
  io: CliIo,
  options: GateVerifyOptions,
): { output: string; result: GateResult } {
  const manifestFile = options.manifest ?? DEFAULT_MANIFEST;
  const manifestPath = resolve(io.cwd, manifestFile);
  const manifestText = readManifestText(manifestPath, manifestFile);
  const committed = inFile(manifestFile, () => readCommittedManifest(manifestText));
  const manifestDir = dirname(manifestPath);
  const modelPath = resolve(manifestDir, committed.header.model.path);
  if (isAbsolute(committed.header.model.path) || !modelPath.startsWith(manifestDir + sep)) {
    // A manifest from a repository must not point Gatehouse outside that repository.
    throw new InputError(
      `${manifestFile}: $.model.path: must stay inside the manifest's folder (got "${committed.header.model.path}").`,
    );
  }
  const modelFile = portablePath(io.cwd, modelPath);
  const modelText = readTextFile(modelPath, MAX_INPUT_BYTES, modelFile);
  if (!isInside(manifestDir, modelPath)) {
    // The path stays inside lexically but a symbolic link leads out of the repository.
    throw new InputError(
      `${manifestFile}: $.model.path: leads outside the manifest's folder through a symbolic link.`,
    );
  }
  const model = inFile(modelFile, () => parseModel(modelText).model);
  const { policy, path: policyFile } = loadPolicy(io, options.policy);
  const result = inFile(manifestFile, () =>
    verifyGate({
      committed,
      model,
      loaded: loadPacks(io.cwd, options.rules),
      policy,
      branch: resolveBranch(options.branch, io.env, policy.protectedBranches),
      ...(() => {
        const { today: day, source } = todayWithSource(io, options.now);
        return { today: day, todaySource: source };
      })(),
      gatehouseVersion: GATEHOUSE_VERSION,
      files: { manifest: portablePath(io.cwd, manifestPath), model: modelFile, policy: policyFile },
      documentMentions(docPath, storyId) {
        const path = resolve(manifestDir, docPath);
        if (!existsSync(path) || !isInside(manifestDir, path)) return 'missing';
        // The model and the manifest name every story: they document nothing.
        const real = realpathSync(path);
        if (
          real === realpathSync(modelPath) ||
          real === realpathSync(manifestPath) ||
          real.endsWith('.gatehouse.json')
        ) {
          return 'not-a-document';
        }
        try {
          return readTextFile(path, 8 * 1024 * 1024).includes(storyId) ? 'mentions' : 'silent';
        } catch {
          return 'missing';
        }
      },
    }),
  );

  // Line numbers are only needed for annotations and SARIF; indexing a large model costs ~10 ms.
  let locator: ReturnType<typeof createFindingLocator> | undefined;
  const locate = (): ReturnType<typeof createFindingLocator> =>
    (locator ??= createFindingLocator(result.files, idLines(modelText)));

  // Annotations and the job summary go with the human-readable run only: machine formats on
  // stdout must stay parseable (`--format sarif > gatehouse.sarif`), and a second run must not
  // append the summary twice.
  if (io.env['GITHUB_ACTIONS'] === 'true' && options.format === 'text') {
    for (const line of renderGithubAnnotations(result, locate())) io.stdout(`${line}\n`);
    const summaryPath = io.env['GITHUB_STEP_SUMMARY'];
    if (summaryPath) {
      try {
        appendFileSync(summaryPath, renderGithubSummary(result));
      } catch (error) {
        // The verdict matters more than the summary: say so and keep the gate's exit code.
        io.stderr(
          `gatehouse: warning: could not write the job summary to GITHUB_STEP_SUMMARY (${(error as Error).message}).\n`,
        );
      }
    }
  }
  const output =
    options.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : options.format === 'sarif'
        ? `${JSON.stringify(renderGateSarif(result, locate()), null, 2)}\n`
        : options.format === 'junit'
          ? renderGateJunit(result)
          : renderGateText(result);
  return { output, result };
}
