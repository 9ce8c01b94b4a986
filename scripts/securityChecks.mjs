// The security checks of `npm test` (docs/security.md): `node scripts/securityChecks.mjs [check...]`
// runs the named checks (all of them without arguments), prints one plain line per check and
// exits non-zero when any fails. scripts/runChecks.mjs runs each check as its own step.
//
//   electronegativity  Electronegativity on electron/: fails on any HIGH row, on any MEDIUM row
//                      not in docs/security-allowlist.json, on a file it could not parse, on an
//                      allowlist entry nothing matches any more and on inline `eng-disable`
//                      comments (suppressions live in the allowlist, with their reason).
//   no-sandbox         no sandbox-disabling switch in app code.
//   secrets            secretlint (recommended preset) over every file git would commit.
//   sbom               `npm sbom` (CycloneDX) cut to the runtime dependencies, written to
//                      reports/sbom.cdx.json; every `dependencies` entry of package.json must be
//                      listed in it at its installed version.
//
// The pure parts (CSV gating, allowlist matching, sandbox switch search, SBOM check) are exported
// and unit-tested in scripts/securityChecks.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';

const reportsDir = 'reports';
export const ALLOWLIST_FILE = 'docs/security-allowlist.json';

// ---------------------------------------------------------------------------------------------
// Electronegativity

/**
 * Electronegativity's issues as its CSV report (header and columns as its own writer makes them,
 * values quoted with `""` for a quote inside).
 * @param {{ id: string, severity: { name: string }, confidence: { name: string }, file: string,
 *   location: { line: number, column: number }, sample?: string | null,
 *   description?: string | null }[]} issues
 */
export function electronegativityCsv(issues) {
  /** @param {string | null | undefined} value */
  const quote = (value) =>
    value === null || value === undefined ? 'N/A' : `"${String(value).replace(/"/g, '""')}"`;
  const header = 'issue, severity, confidence, filename, location, sample, description, url';
  const lines = issues.map((issue) =>
    [
      issue.id,
      quote(issue.severity.name),
      quote(issue.confidence.name),
      quote(issue.file),
      quote(`${issue.location.line}:${issue.location.column}`),
      quote(issue.sample),
      quote(issue.description),
      `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

/**
 * Rows of Electronegativity's CSV report (`issue, severity, confidence, filename, location,
 * sample, description, url`), with `file` made repository-relative by prefixing `scannedDir`
 * (the tool writes paths relative to the scanned folder; its global checks write `N/A`).
 * @param {string} text
 * @param {string} scannedDir
 */
export function parseElectronegativityCsv(text, scannedDir) {
  /** @type {Record<string, string>[]} */
  const records = parseCsv(text, {
    columns: (header) => header.map((name) => name.trim()),
    skip_empty_lines: true,
  });
  return records.map((record) => {
    for (const column of ['issue', 'severity', 'confidence', 'filename', 'location']) {
      if (typeof record[column] !== 'string') {
        throw new Error(`Electronegativity CSV row without a "${column}" column`);
      }
    }
    const file =
      record.filename === 'N/A' ? 'N/A' : path.posix.join(scannedDir, toPosix(record.filename));
    return {
      check: record.issue,
      severity: record.severity,
      confidence: record.confidence,
      file,
      location: record.location,
      sample: record.sample ?? '',
    };
  });
}

/**
 * Reads and checks the allowlist: one entry per Electronegativity check and file, each with a
 * written reason (an entry without one would be a silent suppression).
 * @param {unknown} json
 */
export function parseAllowlist(json) {
  const entries = /** @type {{ electronegativity?: unknown }} */ (json)?.electronegativity;
  if (!Array.isArray(entries)) throw new Error('allowlist: "electronegativity" must be an array');
  const seen = new Set();
  return entries.map((entry, index) => {
    const { check, file, reason, ...rest } = entry ?? {};
    const where = `allowlist entry ${index + 1}`;
    if (Object.keys(rest).length > 0) {
      throw new Error(`${where}: unknown keys ${Object.keys(rest).join(', ')}`);
    }
    if (typeof check !== 'string' || !/^[A-Z0-9_]+$/.test(check)) {
      throw new Error(`${where}: "check" must be an Electronegativity check ID`);
    }
    if (typeof file !== 'string' || file.length === 0) {
      throw new Error(`${where}: "file" must be a repository-relative path or N/A`);
    }
    // A reason says why the finding is acceptable, not just that it is: at least a sentence.
    if (typeof reason !== 'string' || reason.trim().length < 40) {
      throw new Error(`${where} (${check} ${file}): "reason" must explain why it is acceptable`);
    }
    const key = `${check} ${file}`;
    if (seen.has(key)) throw new Error(`${where}: ${key} is listed twice`);
    seen.add(key);
    return { check, file, reason };
  });
}

/**
 * Decides the Electronegativity gate. HIGH rows always fail (they cannot be allow-listed);
 * MEDIUM rows fail unless their check and file are in the allowlist; LOW and INFORMATIONAL rows
 * are reported only. Files the tool could not parse fail (it would otherwise skip them and
 * report nothing for them), and so does an allowlist entry that no row matches any more, so the
 * list cannot keep excusing a file after its finding went away.
 * @param {{ check: string, severity: string, file: string, location: string }[]} rows
 * @param {{ check: string, file: string, reason: string }[]} allowlist
 * @param {{ file: string, message: string }[]} parseErrors
 */
export function gateElectronegativity(rows, allowlist, parseErrors) {
  /** @type {string[]} */
  const failures = [];
  /** @type {string[]} */
  const notes = [];
  const used = new Set();
  for (const row of rows) {
    const where = `${row.check} ${row.file}:${row.location}`;
    const severity = row.severity.toUpperCase();
    if (severity === 'HIGH') {
      failures.push(`HIGH ${where}`);
    } else if (severity === 'MEDIUM') {
      const entry = allowlist.find((item) => item.check === row.check && item.file === row.file);
      if (entry) {
        used.add(entry);
        notes.push(`allowed MEDIUM ${where}`);
      } else {
        failures.push(`MEDIUM ${where} is not in ${ALLOWLIST_FILE}`);
      }
    } else if (severity === 'LOW' || severity === 'INFORMATIONAL') {
      notes.push(`${severity} ${where}`);
    } else {
      failures.push(`unknown severity "${row.severity}" for ${where}`);
    }
  }
  for (const error of parseErrors) {
    failures.push(`could not parse ${error.file}: ${error.message}`);
  }
  for (const entry of allowlist) {
    if (!used.has(entry)) {
      failures.push(
        `allowlist entry ${entry.check} ${entry.file} matches no MEDIUM row: remove it`,
      );
    }
  }
  return { failures, notes };
}

/**
 * Inline `eng-disable` comments hide findings from Electronegativity's report before any gate
 * sees them; suppressions belong in the allowlist, where each carries its reason.
 * @param {{ path: string, text: string }[]} files
 */
export function findInlineSuppressions(files) {
  return files.flatMap(({ path: file, text }) =>
    text
      .split('\n')
      .flatMap((line, index) => (/eng-disable/i.test(line) ? [`${file}:${index + 1}`] : [])),
  );
}

async function checkElectronegativity() {
  const scannedDir = 'electron';
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
  // The installed Electron decides which defaults the checks assume (contextIsolation and the
  // sandbox are on by default in recent versions); electron/ has no package.json to read it from.
  const electronVersion = packageJson.devDependencies?.electron;
  const allowlist = parseAllowlist(JSON.parse(readFileSync(ALLOWLIST_FILE, 'utf8')));
  const sources = listFiles([scannedDir]).filter((file) => /\.(?:[cm]?[jt]sx?|html?)$/.test(file));
  if (sources.length === 0) return { ok: false, detail: `no sources found in ${scannedDir}/` };
  const suppressions = findInlineSuppressions(
    sources.map((file) => ({ path: file, text: readFileSync(file, 'utf8') })),
  );

  // Its command line cannot run here (it resolves the project's commander 14, whose API it does
  // not know) and would print nothing about unparsed files with -o anyway, so it runs through its
  // module API, which returns the issues and the parse errors. Its own CSV writer is not used: it
  // starts the header write and the rows' append as two concurrent async writes, so the header
  // can truncate the rows (seen here: a report whose second line began mid-row). The CSV the gate
  // reads is written from the returned issues, in the tool's column format.
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity');
  mkdirSync(reportsDir, { recursive: true });
  const csvFile = path.join(reportsDir, 'electronegativity.csv');
  const result = await run(
    {
      input: path.resolve(scannedDir),
      isSarif: false,
      isRelative: true,
      customScan: [],
      // This global check downloads Electron's release list and reads only a package.json, which
      // electron/ does not contain; the Electron version is pinned and reviewed as a dependency.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const csvText = electronegativityCsv(result.issues);
  writeFileSync(csvFile, csvText);
  const rows = parseElectronegativityCsv(csvText, scannedDir);
  if (rows.length !== result.issues.length) {
    return {
      ok: false,
      detail: `${csvFile} holds ${rows.length} rows for the ${result.issues.length} issues Electronegativity found`,
    };
  }
  const { failures, notes } = gateElectronegativity(rows, allowlist, result.errors);
  for (const line of suppressions) failures.push(`inline eng-disable comment at ${line}`);
  for (const line of [...notes, ...failures]) process.stdout.write(`  ${line}\n`);
  return {
    ok: failures.length === 0,
    detail: `${sources.length} files, ${rows.length} rows, ${failures.length} failing (report: ${csvFile})`,
  };
}

// ---------------------------------------------------------------------------------------------
// Sandbox switches

/**
 * What turns Chromium's sandbox off for an Electron app: the command-line switches (with or
 * without their dashes, as `app.commandLine.appendSwitch` takes them) and Electron's variable.
 */
export const SANDBOX_DISABLERS = /no-sandbox|disable-setuid-sandbox|ELECTRON_DISABLE_SANDBOX/;

/**
 * Where app code lives. scripts/, e2e/, bench/ and playwright.config.ts are left out: they launch
 * Debian's Chromium as a headless test browser (as root in CI containers, where its sandbox
 * cannot start), never the app. Tests are left out because they may name a switch to assert
 * that it is absent; they do not ship.
 */
export const APP_CODE = ['electron/', 'renderer/', 'shared/', 'build/', 'package.json'];

/** @param {string} file */
export function isAppCode(file) {
  if (/\.test\.tsx?$/.test(file) || file.includes('/testing/')) return false;
  return APP_CODE.some((prefix) =>
    prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix,
  );
}

/** @param {{ path: string, text: string }[]} files */
export function findSandboxDisablers(files) {
  return files.flatMap(({ path: file, text }) =>
    text
      .split('\n')
      .flatMap((line, index) => (SANDBOX_DISABLERS.test(line) ? [`${file}:${index + 1}`] : [])),
  );
}

function checkNoSandbox() {
  const files = listFiles(['.'])
    .filter(isAppCode)
    .filter((file) => !isBinary(file));
  const hits = findSandboxDisablers(
    files.map((file) => ({ path: file, text: readFileSync(file, 'utf8') })),
  );
  for (const hit of hits) process.stdout.write(`  sandbox switch at ${hit}\n`);
  return { ok: hits.length === 0, detail: `${files.length} files, ${hits.length} found` };
}

// ---------------------------------------------------------------------------------------------
// Secrets

function checkSecrets() {
  // Every file git would commit, tracked or new: a key must be caught before its first commit.
  const files = listFiles(['.']);
  const result = spawnSync(
    path.join('node_modules', '.bin', 'secretlint'),
    // --no-glob: paths are literal; secrets stay masked in the output (the default, said aloud).
    [
      '--no-glob',
      '--maskSecrets',
      '--format',
      'unix',
      '--secretlintrc',
      '.secretlintrc.json',
      ...files,
    ],
    { encoding: 'utf8' },
  );
  process.stdout.write(indent(`${result.stdout ?? ''}${result.stderr ?? ''}`));
  return {
    ok: result.status === 0,
    detail:
      result.status === 0
        ? `${files.length} files, no secret found`
        : `${files.length} files, secretlint exited ${result.status ?? result.signal}`,
  };
}

// ---------------------------------------------------------------------------------------------
// SBOM

/**
 * Checks a CycloneDX SBOM against package.json: every runtime dependency must be a component at
 * the version installed, and no Electron (a devDependency: the SBOM must describe what ships).
 * @param {{ bomFormat?: string, components?: { name: string, group?: string, version: string }[] }} sbom
 * @param {Record<string, string>} dependencies  name → installed version
 */
export function checkSbomComponents(sbom, dependencies) {
  /** @type {string[]} */
  const problems = [];
  if (sbom.bomFormat !== 'CycloneDX') problems.push('not a CycloneDX document');
  const components = (sbom.components ?? []).map((component) => ({
    name: component.group ? `${component.group}/${component.name}` : component.name,
    version: component.version,
  }));
  for (const [name, version] of Object.entries(dependencies)) {
    const listed = components.filter((component) => component.name === name);
    if (listed.length === 0) problems.push(`${name} is missing`);
    else if (!listed.some((component) => component.version === version)) {
      problems.push(
        `${name} is listed at ${listed.map((c) => c.version).join(', ')}, not ${version}`,
      );
    }
  }
  if (components.some((component) => component.name === 'electron')) {
    problems.push('electron is listed: devDependencies were not omitted');
  }
  return problems;
}

/**
 * Name@version of every package in a `npm ls --all --json` tree.
 * @param {{ dependencies?: Record<string, { version?: string, dependencies?: object }> }} tree
 */
export function packagesOfTree(tree) {
  const found = new Set();
  /** @param {typeof tree} node */
  const walk = (node) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) found.add(`${name}@${child.version}`);
      walk(/** @type {typeof tree} */ (child));
    }
  };
  walk(tree);
  return found;
}

/**
 * Keeps only the components (and dependency-graph entries) of the given packages. npm 11's
 * `npm sbom --omit dev` also drops production packages that a dev package depends on too (here
 * zod, yaml and @noble/hashes vanished), while `npm ls --omit dev` gets the tree right: so the
 * full SBOM is pruned to that tree.
 * @param {{ metadata?: { component?: { 'bom-ref'?: string } }, components?: { name: string, group?: string, version: string, 'bom-ref'?: string }[], dependencies?: { ref: string, dependsOn?: string[] }[] }} sbom
 * @param {Set<string>} packages  name@version
 */
export function pruneSbom(sbom, packages) {
  const components = (sbom.components ?? []).filter((component) =>
    packages.has(
      `${component.group ? `${component.group}/` : ''}${component.name}@${component.version}`,
    ),
  );
  const kept = new Set(components.map((component) => component['bom-ref']));
  const root = sbom.metadata?.component?.['bom-ref'];
  if (root) kept.add(root);
  const dependencies = (sbom.dependencies ?? [])
    .filter((entry) => kept.has(entry.ref))
    .map((entry) => ({
      ...entry,
      dependsOn: (entry.dependsOn ?? []).filter((ref) => kept.has(ref)),
    }));
  return { ...sbom, components, dependencies };
}

/**
 * @param {string} command
 * @param {string[]} args
 */
function runJson(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout);
}

function checkSbom() {
  const fullSbom = runJson('npm', [
    'sbom',
    '--sbom-format',
    'cyclonedx',
    '--sbom-type',
    'application',
  ]);
  const production = packagesOfTree(runJson('npm', ['ls', '--omit', 'dev', '--all', '--json']));
  const sbom = pruneSbom(fullSbom, production);
  mkdirSync(reportsDir, { recursive: true });
  const sbomFile = path.join(reportsDir, 'sbom.cdx.json');
  writeFileSync(sbomFile, `${JSON.stringify(sbom, null, 2)}\n`);
  const { dependencies = {} } = JSON.parse(readFileSync('package.json', 'utf8'));
  const installed = Object.fromEntries(
    Object.keys(dependencies).map((name) => [
      name,
      JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')).version,
    ]),
  );
  const problems = checkSbomComponents(sbom, installed);
  if (sbom.components.length !== production.size) {
    problems.push(
      `${production.size} production packages but ${sbom.components.length} components`,
    );
  }
  for (const problem of problems) process.stdout.write(`  ${problem}\n`);
  return {
    ok: problems.length === 0,
    detail: `${sbom.components.length} components, ${Object.keys(installed).length} dependencies checked (${sbomFile})`,
  };
}

// ---------------------------------------------------------------------------------------------

/** Files git would commit (tracked, or new and not ignored) under the given paths. */
function listFiles(pathspecs) {
  const result = spawnSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...pathspecs],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  // A file deleted in the working tree but still in the index has nothing left to scan.
  return result.stdout.split('\0').filter((file) => file.length > 0 && existsSync(file));
}

/** @param {string} file */
function isBinary(file) {
  return /\.(?:png|ico|icns|jpe?g|gif|webp|woff2?|ttf|pdf|zip)$/i.test(file);
}

/** @param {string} file */
function toPosix(file) {
  return file.split(path.sep).join('/');
}

/** @param {string} text */
function indent(text) {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => `  ${line}\n`)
    .join('');
}

const checks = {
  electronegativity: checkElectronegativity,
  'no-sandbox': checkNoSandbox,
  secrets: checkSecrets,
  sbom: checkSbom,
};

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in checks));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown check(s): ${unknown.join(', ')}; known: ${Object.keys(checks).join(', ')}\n`,
    );
    process.exit(2);
  }
  let failed = 0;
  for (const name of names.length > 0 ? names : Object.keys(checks)) {
    const started = Date.now();
    let outcome;
    try {
      outcome = await checks[name]();
    } catch (error) {
      outcome = { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${outcome.ok ? 'ok  ' : 'FAIL'} security: ${name}: ${outcome.detail} (${seconds} s)\n`,
    );
    if (!outcome.ok) failed += 1;
  }
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
