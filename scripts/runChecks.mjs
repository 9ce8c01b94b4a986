// `npm test`: every check CI runs, in order, each reported as it finishes, ending with the plain
// line `N passed, N failed` that CI reads. Test runners count their tests (from their JSON
// reports); each step without a runner counts as one check. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reportsDir = 'reports';
mkdirSync(reportsDir, { recursive: true });

/** @type {{ name: string, command: string, args: string[], report?: () => { passed: number, failed: number }, reportFile?: string }[]} */
const steps = [
  { name: 'build the CLI bundle', command: 'npm', args: ['run', '--silent', 'build:cli'] },
  { name: 'build the renderer', command: 'npm', args: ['run', '--silent', 'build:renderer'] },
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'format', command: 'npm', args: ['run', '--silent', 'format:check'] },
  {
    name: 'unit tests',
    command: 'npx',
    args: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportsDir}/vitest.json`,
    ],
    report: () => vitestCounts(`${reportsDir}/vitest.json`),
    reportFile: `${reportsDir}/vitest.json`,
  },
  // The security checks of docs/security.md, one counted step each (scripts/securityChecks.mjs).
  ...['electronegativity', 'no-sandbox', 'secrets', 'sbom'].map((check) => ({
    name: `security: ${check}`,
    command: 'node',
    args: ['scripts/securityChecks.mjs', check],
  })),
  {
    // Journeys in Debian's Chromium against the built renderer (web mode, real IndexedDB).
    name: 'end-to-end journeys',
    command: 'npx',
    args: ['playwright', 'test'],
    report: () => playwrightCounts(`${reportsDir}/e2e.json`),
    reportFile: `${reportsDir}/e2e.json`,
  },
  {
    name: "Gatehouse's own threat model: gatehouse lint",
    command: 'node',
    args: ['bin/gatehouse.mjs', 'lint', 'threat-model/gatehouse.gatehouse.json'],
  },
  {
    // The branch comes from the CI environment; with none known it is treated as protected.
    name: "Gatehouse's own plan gate: gatehouse gate verify",
    command: 'node',
    args: ['bin/gatehouse.mjs', 'gate', 'verify'],
  },
];

function playwrightCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  // Flaky (passed on retry) counts as failed: CI must not learn to live with flakes.
  return {
    passed: stats.expected ?? 0,
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (stats.skipped ?? 0),
  };
}

function vitestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed to load has no test results but must count as a failure.
  const failedSuites = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed:
      (report.numFailedTests ?? 0) +
      failedSuites +
      (report.numPendingTests ?? 0) +
      (report.numTodoTests ?? 0),
  };
}

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  if (step.reportFile) rmSync(step.reportFile, { force: true });
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const started = Date.now();
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report) {
    const counts = step.report();
    passed += counts.passed;
    failed += counts.failed;
    // A runner that exits non-zero with no failed test (e.g. a crash) is still a failure.
    if (!ok && counts.failed === 0) failed += 1;
    summary.push(
      `${ok ? 'ok  ' : 'FAIL'} ${step.name}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`,
    );
  } else {
    if (ok) passed += 1;
    else failed += 1;
    summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s)`);
  }
}
process.stdout.write(`\n=== summary ===\n${summary.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
