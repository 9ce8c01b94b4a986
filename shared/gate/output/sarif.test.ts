import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../util/sha256';
import { GATE_CHECKS, SECURITY_SEVERITY, type GateFinding } from '../gateResult';
import {
  failingResult,
  gateFinding,
  gateResult,
  hostileResult,
  manyFindingsResult,
  passingResult,
} from '../../testing/gateResults';
import { createFindingLocator, type LocateFinding } from './locate';
import { FINGERPRINT_KEY, renderGateSarif, type SarifLog } from './sarif';

const schemaPath = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'vendor',
  'schemas',
  'sarif-schema-2.1.0.json',
);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

function expectValidSarif(log: SarifLog): void {
  // Validate what a consumer reads: the JSON text, not the object.
  const parsed: unknown = JSON.parse(JSON.stringify(log));
  expect(validateSarif(parsed), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
}

/** Lines of two elements of the fixtures' model; other model findings fall back to line 1. */
const modelLines = new Map([
  ['payment-api', 42],
  ['auth-service', 7],
]);
const locateIn = (files: Parameters<typeof createFindingLocator>[0]): LocateFinding =>
  createFindingLocator(files, modelLines);

function render(result = failingResult()): SarifLog {
  return renderGateSarif(result, locateIn(result.files));
}

function fingerprintsOf(log: SarifLog): string[] {
  return log.runs[0].results.map((result) => result.partialFingerprints[FINGERPRINT_KEY] ?? '');
}

describe('renderGateSarif', () => {
  it.each([
    ['passing', passingResult()],
    ['failing', failingResult()],
    ['hostile', hostileResult()],
    ['30 findings', manyFindingsResult()],
  ])('is valid SARIF 2.1.0 for the %s result (official schema)', (_name, result) => {
    expectValidSarif(render(result));
  });

  it('is checked by a validator that enforces the schema, URI formats included', () => {
    const log = render();
    const broken = JSON.parse(JSON.stringify(log)) as SarifLog;
    broken.runs[0].results[0]!.locations[0].physicalLocation.artifactLocation.uri = 'my model.json';
    expect(validateSarif(broken)).toBe(false);
    const noMessage = JSON.parse(JSON.stringify(log)) as { runs: [{ results: object[] }] };
    noMessage.runs[0].results[0] = { ruleId: 'GATE-001' };
    expect(validateSarif(noMessage)).toBe(false);
  });

  it('names the tool, its version and the automation category GitHub needs', () => {
    const log = render(gateResult([], { gatehouseVersion: '1.2.3' }));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('Gatehouse');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver.informationUri).toBe('https://www.npmjs.com/package/gatehouse-tm');
    expect(run.automationDetails.id).toBe('gatehouse/plan-gate/');
    expect(run.results).toEqual([]);
  });

  it('has one rule per check, with stable IDs, descriptions, help, tags and a default level', () => {
    const rules = render().runs[0].tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual(Object.keys(GATE_CHECKS));
    for (const rule of rules) {
      expect(rule.name).toBe(GATE_CHECKS[rule.id].name);
      expect(rule.shortDescription.text).toBe(GATE_CHECKS[rule.id].title);
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.help.text).not.toBe('');
      expect(rule.properties.tags).toEqual(['security', 'threat-model']);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(
      rules.filter((rule) => rule.defaultConfiguration.level === 'error').map((r) => r.id),
    ).toEqual(['GATE-001', 'GATE-002']);
  });

  it('gives every result its rule, level, message with remedy, one location and properties', () => {
    const result = failingResult();
    const log = render(result);
    const { rules } = log.runs[0].tool.driver;
    expect(log.runs[0].results).toHaveLength(result.findings.length);
    for (const sarifResult of log.runs[0].results) {
      const finding = result.findings.find(
        (candidate) =>
          candidate.check === sarifResult.ruleId &&
          candidate.threat === sarifResult.properties.threat &&
          candidate.story === sarifResult.properties.story &&
          candidate.feature === sarifResult.properties.feature,
      );
      expect(finding, sarifResult.ruleId).toBeDefined();
      if (finding === undefined) continue;
      expect(rules[sarifResult.ruleIndex]?.id).toBe(sarifResult.ruleId);
      expect(sarifResult.level).toBe(finding.level);
      expect(sarifResult.message.text).toBe(`${finding.message}\nTo fix: ${finding.remedy}`);
      expect(sarifResult.locations).toHaveLength(1);
      expect(sarifResult.properties['security-severity']).toBe(SECURITY_SEVERITY[finding.severity]);
      expect(sarifResult.properties.severity).toBe(finding.severity);
      expect(sarifResult.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/u);
    }
  });

  it('locates results in the model at the element line, and in the manifest or policy at line 1', () => {
    const locations = Object.fromEntries(
      render().runs[0].results.map((result) => [
        result.ruleId,
        result.locations[0].physicalLocation,
      ]),
    );
    expect(locations['GATE-001']).toEqual({
      artifactLocation: { uri: 'plan-gate.json' },
      region: { startLine: 1 },
    });
    expect(locations['GATE-002']).toEqual({
      artifactLocation: { uri: '.gatehouse/policy.json' },
      region: { startLine: 1 },
    });
    expect(locations['GATE-004']).toEqual({
      artifactLocation: { uri: 'models/webshop.gatehouse.json' },
      region: { startLine: 42 },
    });
    expect(locations['GATE-003']?.region.startLine).toBe(7);
  });

  it('percent-encodes each segment of the path into a relative URI reference', () => {
    const log = render(hostileResult());
    const uris = log.runs[0].results.map(
      (result) => result.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain('models/my%20shop%2C%20v2%3Afinal%25.gatehouse.json');
  });

  it('puts a result whose locator gives no usable line at line 1', () => {
    const result = failingResult();
    for (const startLine of [0, -3, 1.5, Number.NaN]) {
      const log = renderGateSarif(result, () => ({ uri: 'm.json', startLine }));
      expect(
        log.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine),
      ).toEqual(result.findings.map(() => 1));
      expectValidSarif(log);
    }
  });

  describe('partial fingerprints', () => {
    it('are the SHA-256 of the check, feature, threat, story, subject and location', () => {
      const finding = gateFinding();
      const [fingerprint] = fingerprintsOf(render(gateResult([finding])));
      expect(fingerprint).toBe(
        sha256Hex(
          JSON.stringify([
            FINGERPRINT_KEY,
            'GATE-004',
            'checkout',
            'T-00000000000000a1',
            null,
            null,
            'model',
            'payment-api',
          ]),
        ),
      );
    });

    it('stay the same for the same finding when its wording, level, severity or neighbours change', () => {
      const finding = gateFinding();
      const alone = fingerprintsOf(render(gateResult([finding])))[0];
      const reworded = gateFinding({
        message: 'Other words.',
        remedy: 'Other remedy.',
        featureName: 'Renamed checkout',
        severity: 'high',
        level: 'warning',
      });
      expect(fingerprintsOf(render(gateResult([reworded])))[0]).toBe(alone);
      const crowd = manyFindingsResult();
      const log = render(gateResult([...crowd.findings, finding]));
      expect(fingerprintsOf(log)).toContain(alone);
    });

    it('differ for every different finding', () => {
      for (const result of [failingResult(), manyFindingsResult(), hostileResult()]) {
        const fingerprints = fingerprintsOf(render(result));
        expect(new Set(fingerprints).size).toBe(result.findings.length);
      }
    });

    it('tell two missing rule packs apart by their subject, whatever else is fixed', () => {
      const missingPack = (pack: string): GateFinding =>
        gateFinding({
          check: 'GATE-002',
          feature: null,
          featureName: null,
          threat: null,
          subject: { kind: 'pack', id: pack },
          message: `The rule pack "${pack}" is required by the policy but was not loaded.`,
          location: { file: 'policy', elementId: null },
        });
      const fingerprints = fingerprintsOf(render(gateResult([missingPack('a'), missingPack('b')])));
      expect(new Set(fingerprints).size).toBe(2);
      // Pack b keeps its fingerprint when pack a is fixed.
      expect(fingerprintsOf(render(gateResult([missingPack('b')])))).toEqual([fingerprints[1]]);
    });

    it('still differ for findings identical in every field', () => {
      const same = gateFinding({
        check: 'GATE-002',
        feature: null,
        featureName: null,
        threat: null,
        location: { file: 'policy', elementId: null },
      });
      const fingerprints = fingerprintsOf(render(gateResult([same, { ...same }])));
      expect(new Set(fingerprints).size).toBe(2);
    });

    it('do not depend on the order of the findings', () => {
      const result = manyFindingsResult();
      const reversed = { ...result, findings: [...result.findings].reverse() };
      expect(render(reversed)).toEqual(render(result));
    });
  });
});

describe('rule-level security severity (what GitHub code scanning reads)', () => {
  it('gives each rule the highest severity among its results, and none to rules without results', () => {
    const result = failingResult();
    const log = render(result);
    const rules = log.runs[0].tool.driver.rules;
    for (const rule of rules) {
      const severities = result.findings
        .filter((f) => f.check === rule.id)
        .map((f) => Number(SECURITY_SEVERITY[f.severity]));
      if (severities.length === 0) expect(rule.properties['security-severity']).toBeUndefined();
      else expect(Number(rule.properties['security-severity'])).toBe(Math.max(...severities));
    }
  });
});
