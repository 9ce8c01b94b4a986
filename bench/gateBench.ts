/**
 * The gate target of PRODUCT.md: `gatehouse gate verify` on a 500-feature manifest over a
 * 2,000-element model, under 300 ms including Node start-up — so it runs the bundled CLI as CI
 * does (`node bin/gatehouse.mjs`), in a fresh process per sample.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeModel } from '../shared/model/canonical';
import type { Model } from '../shared/model/schema';
import { generateModel } from './generateModel';

const FEATURES = 500;

/** The generated model with 500 features, each a connected slice of elements and their flows. */
export function modelWithFeatures(): Model {
  const model = generateModel({ elements: 2000 });
  const perFeature = Math.ceil(model.elements.length / FEATURES);
  const features = Array.from({ length: FEATURES }, (_, index) => {
    const members = model.elements
      .slice(index * perFeature, (index + 1) * perFeature)
      .map((e) => e.id);
    const memberSet = new Set(members);
    const flows = model.flows.filter((f) => memberSet.has(f.sourceId)).map((f) => f.id);
    return {
      id: `feature-${String(index).padStart(3, '0')}`,
      name: `Feature ${index}`,
      description: '',
      owner: `team-${index % 17}@example.com`,
      jiraEpicKey: null,
      memberIds: [...members, ...flows],
    };
  });
  return { ...model, features };
}

export interface GateSample {
  median: number;
  /** The fastest sample: on a shared machine the least disturbed one. */
  min: number;
  max: number;
}

export interface GateEnvironmentResult {
  /** What the environment is, for the table. */
  label: string;
  verify: GateSample;
  /** `node -e 0` in the same environment: the part of the time that is Node's, not ours. */
  nodeStart: GateSample;
}

export interface GateBenchResult {
  /** As a CI runner has it; then, if this shell sets NODE_EXTRA_CA_CERTS, as this shell has it. */
  environments: GateEnvironmentResult[];
  exitCode: number | null;
  features: number;
  findings: number;
}

function stats(times: number[]): GateSample {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * The environments measured. `NODE_EXTRA_CA_CERTS` makes Node read and parse a certificate
 * bundle before it runs any script (about 33 ms on these machines, which set it to Debian's
 * whole bundle); CI runners do not set it, so the first row is without it, and a second row
 * shows this shell's environment as it is when the variable is set.
 */
function environments(): { label: string; env: NodeJS.ProcessEnv }[] {
  const inherited: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTIONS: '' };
  const { NODE_EXTRA_CA_CERTS: extraCerts, ...withoutCerts } = inherited;
  const ci = { label: 'as on a CI runner', env: withoutCerts };
  return extraCerts
    ? [ci, { label: "with this shell's NODE_EXTRA_CA_CERTS", env: inherited }]
    : [ci];
}

/** Interleaved samples of `gate verify` and of a bare Node start, in each environment. */
export function benchGateVerify(runs = 5): GateBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gate-bench-'));
  writeFileSync(join(dir, 'model.gatehouse.json'), serializeModel(modelWithFeatures()));
  const cli = join(import.meta.dirname, '..', 'bin', 'gatehouse.mjs');
  const write = spawnSync(process.execPath, [cli, 'gate', 'write', 'model.gatehouse.json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (write.status !== 0) throw new Error(`gate write failed: ${write.stderr}`);
  const measured = environments().map((environment) => ({
    ...environment,
    verify: [] as number[],
    nodeStart: [] as number[],
  }));
  let last: ReturnType<typeof spawnSync> | undefined;
  for (let i = 0; i < runs; i++) {
    for (const environment of measured) {
      let started = performance.now();
      last = spawnSync(
        process.execPath,
        [cli, 'gate', 'verify', '--branch', 'main', '--format', 'json'],
        { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: environment.env },
      );
      environment.verify.push(performance.now() - started);
      started = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { env: environment.env });
      environment.nodeStart.push(performance.now() - started);
    }
  }
  const result = JSON.parse(String(last!.stdout)) as {
    summary: { features: number };
    findings: unknown[];
  };
  return {
    environments: measured.map(({ label, verify, nodeStart }) => ({
      label,
      verify: stats(verify),
      nodeStart: stats(nodeStart),
    })),
    exitCode: last!.status,
    features: result.summary.features,
    findings: result.findings.length,
  };
}
