/**
 * Checks the benchmark generator: the models it makes are valid Gatehouse documents, the same
 * seed gives the same bytes, zones contain their elements, and the built-in rules find enough
 * to do on them (PRODUCT.md: at least 30 % of the rules fire somewhere).
 *
 *   npx tsx bench/checkGenerated.ts [elements…]   (default: 1000 10000 50000)
 *
 * Exits 1 when a check fails, so it can guard the generator in CI later.
 */
import { serializeModel } from '../shared/model/canonical';
import { modelFromTree } from '../shared/model/parseModel';
import type { Model, Zone } from '../shared/model/schema';
import { analyzeModel } from '../shared/rules/engine';
import { loadRulePacks, type LoadedPacks } from '../shared/rules/loadPacks';
import { BUILTIN_PACK_ID } from '../shared/rules/builtin';
import { generateModel, NODE_HEIGHT, NODE_WIDTH } from './generateModel';

const REQUIRED_FIRED_SHARE = 0.3;

const sizes = process.argv.slice(2).map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
  console.error('usage: npx tsx bench/checkGenerated.ts [elements…]');
  process.exit(2);
}

let failed = false;
function fail(message: string): void {
  failed = true;
  console.error(`  FAIL ${message}`);
}

/** The rules may be unusable while they are being written: say so, and check the rest. */
function loadBuiltinRules(): LoadedPacks | undefined {
  try {
    return loadRulePacks();
  } catch (error) {
    console.warn(`rules unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function zoneDepth(zone: Zone, zonesById: ReadonlyMap<string, Zone>): number {
  let depth = 1;
  for (let parentId = zone.parentId; parentId !== null; depth++)
    parentId = zonesById.get(parentId)?.parentId ?? null;
  return depth;
}

/** Whether `inner` lies inside `outer` (elements are drawn NODE_WIDTH × NODE_HEIGHT). */
function contains(
  outer: { position: { x: number; y: number }; size: { width: number; height: number } },
  inner: { position: { x: number; y: number }; size: { width: number; height: number } },
): boolean {
  return (
    inner.position.x >= outer.position.x &&
    inner.position.y >= outer.position.y &&
    inner.position.x + inner.size.width <= outer.position.x + outer.size.width &&
    inner.position.y + inner.size.height <= outer.position.y + outer.size.height
  );
}

function checkLayout(model: Model): void {
  const zonesById = new Map<string, Zone>();
  for (const boundary of model.boundaries)
    if (boundary.shape === 'zone') zonesById.set(boundary.id, boundary);
  const nodeSize = { width: NODE_WIDTH, height: NODE_HEIGHT };
  const misplaced = model.elements.filter((element) => {
    const zone = element.zoneId === null ? undefined : zonesById.get(element.zoneId);
    return zone !== undefined && !contains(zone, { position: element.position, size: nodeSize });
  });
  if (misplaced.length > 0) fail(`${misplaced.length} elements lie outside their zone's box`);
  const escaping = [...zonesById.values()].filter((zone) => {
    const parent = zone.parentId === null ? undefined : zonesById.get(zone.parentId);
    return parent !== undefined && !contains(parent, zone);
  });
  if (escaping.length > 0) fail(`${escaping.length} zones lie outside their parent's box`);
}

function checkSize(elements: number, rules: LoadedPacks | undefined): void {
  console.log(`\n${elements} elements`);
  const started = performance.now();
  const generated = generateModel({ elements });
  const generatedIn = performance.now() - started;

  // Through the file format: JSON text, then the parser every opened file goes through.
  const text = serializeModel(generated);
  const { model } = modelFromTree(JSON.parse(text));
  if (serializeModel(model) !== text) fail('the model does not round-trip through its file');
  if (serializeModel(generateModel({ elements })) !== text)
    fail('two runs with the same seed differ');
  if (serializeModel(generateModel({ elements, seed: 2 })) === text)
    fail('another seed gives the same model');
  checkLayout(model);

  const zones = model.boundaries.filter((boundary) => boundary.shape === 'zone');
  const lines = model.boundaries.filter((boundary) => boundary.shape === 'line');
  const zonesById = new Map(zones.map((zone) => [zone.id, zone]));
  const depths = zones.map((zone) => zoneDepth(zone, zonesById));
  const kinds = { process: 0, dataStore: 0, externalEntity: 0 };
  for (const element of model.elements) kinds[element.kind]++;
  const bidirectional = model.flows.filter((flow) => flow.bidirectional).length;
  const crossings = lines.reduce((sum, line) => sum + line.crossingFlowIds.length, 0);
  const zoneKinds = new Map<string, number>();
  for (const zone of zones)
    zoneKinds.set(zone.boundaryKind, (zoneKinds.get(zone.boundaryKind) ?? 0) + 1);

  console.log(
    `  nodes ${model.elements.length} (processes ${kinds.process}, stores ${kinds.dataStore}, entities ${kinds.externalEntity}), flows ${model.flows.length} (bidirectional ${bidirectional})`,
  );
  console.log(
    `  zones ${zones.length} (deepest ${Math.max(0, ...depths)}; ${[...zoneKinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}), lines ${lines.length} (crossing ${crossings} flows), diagrams ${model.diagrams.length}`,
  );
  console.log(
    `  generated in ${generatedIn.toFixed(0)} ms, file ${(text.length / 1e6).toFixed(1)} MB`,
  );
  if (model.elements.length + model.flows.length !== elements)
    fail(`${model.elements.length + model.flows.length} nodes and flows, not ${elements}`);
  if (Math.max(0, ...depths) > 3) fail('zones nest deeper than 3');

  if (!rules) return;
  const builtinRules = rules.packs.find((pack) => pack.id === BUILTIN_PACK_ID)?.rules ?? [];
  const { threats } = analyzeModel(model, rules.compiled);
  const fired = new Set(
    threats.filter((threat) => threat.packId === BUILTIN_PACK_ID).map((threat) => threat.ruleId),
  );
  if (builtinRules.length === 0) {
    console.log(`  threats ${threats.length}; the built-in pack has no rules yet`);
    return;
  }
  const share = fired.size / builtinRules.length;
  console.log(
    `  threats ${threats.length}; built-in rules fired ${fired.size}/${builtinRules.length} (${(share * 100).toFixed(0)} %)`,
  );
  const silent = builtinRules.filter((rule) => !fired.has(rule.id)).map((rule) => rule.id);
  if (silent.length > 0) console.log(`  never fired: ${silent.join(', ')}`);
  if (share < REQUIRED_FIRED_SHARE)
    fail(`only ${(share * 100).toFixed(0)} % of the built-in rules fire (target 30 %)`);
}

const rules = loadBuiltinRules();
for (const elements of sizes.length > 0 ? sizes : [1000, 10_000, 50_000])
  checkSize(elements, rules);
process.exit(failed ? 1 : 0);
