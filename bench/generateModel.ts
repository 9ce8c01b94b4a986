/**
 * Deterministic generator of large, realistic models for the benchmarks (PRODUCT.md,
 * "Performance targets"): for 10,000 elements, ≈4,000 nodes, ≈6,000 flows, 100 zones nested up
 * to three deep, a few line boundaries, over 10 diagrams.
 *
 * Properties are drawn from a broad mix — every value of every property turns up, `unknown`
 * included — rather than tuned to particular rules, so the share of rules that fire stays
 * representative as the built-in pack evolves. Zones and property odds are correlated the way
 * real models are (entities mostly on the internet, internet-facing processes in the DMZ, TLS
 * mostly on HTTPS), so boundary and reachability conditions see realistic inputs.
 *
 * Same options, same model: all randomness comes from a seeded PRNG, never `Math.random`.
 */
import {
  CURRENT_SCHEMA_VERSION,
  MODEL_FORMAT,
  type BoundaryKind,
  type DataClassification,
  type DataStore,
  type Element,
  type ElementKind,
  type ExternalEntity,
  type Flow,
  type LineBoundary,
  type Model,
  type PrivilegeLevel,
  type Process,
  type TriState,
  type Zone,
} from '../shared/model/schema';

export interface GenerateModelOptions {
  /** Nodes plus flows: PRODUCT.md counts "a 10,000-element model" as ≈4,000 nodes and 6,000 flows. */
  elements: number;
  /** The same seed gives the same model. Default 1. */
  seed?: number;
}

/** The PRODUCT.md workload's proportions. */
const NODE_SHARE = 0.4;
const ELEMENTS_PER_ZONE = 100;
const ELEMENTS_PER_DIAGRAM = 1000;
const ZONES_PER_LINE_BOUNDARY = 20;
const BIDIRECTIONAL_SHARE = 0.1;
const MAX_ZONE_DEPTH = 3;
/** Below this a model cannot have a process, another node and a flow on every diagram. */
const MIN_ELEMENTS = 10;

/** Layout, in diagram coordinates (absolute, like zone positions). Nodes are drawn about 160 × 80. */
export const NODE_WIDTH = 160;
export const NODE_HEIGHT = 80;
const CELL_WIDTH = 240;
const CELL_HEIGHT = 150;
const ZONE_PADDING = 40;
/** Room for the zone's title above its first row. */
const ZONE_HEADER = 40;
const ZONE_GAP = 80;

type Weighted<T> = readonly (readonly [T, number])[];

interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(choices: Weighted<T>): T;
}

/** Mulberry32: tiny and fast, and uniform enough to spread properties; seeded so runs repeat. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    weighted<T>(choices: Weighted<T>): T {
      let total = 0;
      for (const [, weight] of choices) total += weight;
      let remaining = next() * total;
      for (const [value, weight] of choices) {
        remaining -= weight;
        if (remaining < 0) return value;
      }
      const last = choices[choices.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
  };
}

/** Odds of yes / no / unknown. */
function triState(yes: number, no: number, unknown: number): Weighted<TriState> {
  return [
    ['yes', yes],
    ['no', no],
    ['unknown', unknown],
  ];
}

/** `part` of `total` split over `parts` as evenly as whole numbers allow. */
function shareOf(total: number, part: number, parts: number): number {
  return Math.floor((total * (part + 1)) / parts) - Math.floor((total * part) / parts);
}

/** Zero-padded serials keep canonical (ID-sorted) order equal to creation order. */
function serialId(prefix: string, serial: number, total: number): string {
  return `${prefix}-${String(serial).padStart(String(total).length, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: realistic names, so the editor and reports look like a real model.

const DIAGRAM_NAMES = [
  'Storefront',
  'Checkout and payments',
  'Fulfilment',
  'Identity',
  'Back office',
  'Data platform',
  'Mobile apps',
  'Partner integrations',
  'Customer support',
  'Observability',
];
const DOMAINS = [
  'Orders',
  'Payments',
  'Catalogue',
  'Inventory',
  'Shipping',
  'Billing',
  'Accounts',
  'Identity',
  'Search',
  'Recommendations',
  'Pricing',
  'Reviews',
  'Notifications',
  'Reporting',
  'Analytics',
  'Loyalty',
  'Returns',
  'Fraud',
  'Tax',
  'Invoices',
  'Media',
  'Sessions',
  'Audit',
  'Telemetry',
  'Warehouse',
  'Suppliers',
  'Support',
  'Marketing',
];
const PROCESS_SUFFIXES = ['service', 'API', 'worker', 'gateway', 'scheduler', 'adapter', 'portal'];
const STORE_SUFFIXES = ['database', 'cache', 'bucket', 'queue', 'index', 'ledger', 'archive'];
const HUMAN_ENTITIES = [
  'Customer',
  'Administrator',
  'Support agent',
  'Warehouse operator',
  'Partner developer',
  'Auditor',
  'Courier',
  'Marketing analyst',
];
const SYSTEM_ENTITIES = [
  'Payment provider',
  'Shipping carrier API',
  'Tax calculation service',
  'E-mail provider',
  'Identity provider',
  'CDN',
  'Fraud-scoring vendor',
  'Bank',
  'Supplier EDI gateway',
  'Analytics vendor',
];
const TECHNOLOGIES = [
  'Node.js 20',
  'Java 21, Spring Boot',
  'Go 1.22',
  'Python 3.12, Django',
  '.NET 8',
  'nginx',
  'Envoy',
  'PHP 7.4',
  'Ruby on Rails 6',
  'Rust',
];
const TAGS = [
  'pci',
  'gdpr',
  'legacy',
  'third-party',
  'critical',
  'public-api',
  'batch',
  'beta',
  'admin',
  'logs',
  'customer-data',
  'internal-only',
];

/** How a protocol's name bears on encryption: decides the odds of `encryptedInTransit`. */
type ProtocolSecurity = 'encrypted' | 'plain' | 'either' | 'unstated';
const PROTOCOLS: Weighted<readonly [string, ProtocolSecurity]> = [
  [['HTTPS', 'encrypted'], 25],
  [['HTTP', 'plain'], 6],
  [['gRPC', 'either'], 10],
  [['SQL', 'either'], 12],
  [['AMQP', 'either'], 5],
  [['AMQPS', 'encrypted'], 3],
  [['Kafka', 'either'], 5],
  [['MQTT', 'plain'], 3],
  [['MQTTS', 'encrypted'], 2],
  [['SFTP', 'encrypted'], 3],
  [['FTP', 'plain'], 2],
  [['LDAPS', 'encrypted'], 2],
  [['LDAP', 'plain'], 2],
  [['SMB', 'either'], 2],
  [['SSH', 'encrypted'], 2],
  [['WebSocket', 'either'], 3],
  [['DNS', 'plain'], 1],
  [['NTP', 'plain'], 1],
  [['Syslog', 'plain'], 1],
  [['SNMP', 'plain'], 1],
  [['CoAP', 'plain'], 1],
  // An empty protocol is "not known": rules and lint treat it as such.
  [['', 'unstated'], 8],
];
const ENCRYPTION_ODDS: Record<ProtocolSecurity, Weighted<TriState>> = {
  encrypted: triState(80, 5, 15),
  plain: triState(5, 75, 20),
  either: triState(50, 20, 30),
  unstated: triState(25, 20, 55),
};

const ZONE_NAMES: Record<BoundaryKind, readonly string[]> = {
  internet: ['Internet', 'Public internet', 'Partner networks'],
  dmz: ['DMZ', 'Edge', 'Public subnet'],
  'internal-network': ['Internal network', 'Corporate LAN', 'Private subnet', 'Data centre'],
  'cloud-account': ['AWS production account', 'Azure subscription', 'GCP project'],
  container: ['Kubernetes namespace', 'Container', 'Pod', 'Docker host'],
  device: ['Mobile device', 'Point-of-sale terminal', 'Warehouse scanner', 'Laptop'],
  unknown: ['Unclassified zone', 'Vendor-hosted'],
};

// ---------------------------------------------------------------------------------------------
// Zones.

/** The order of top-level zones from left to right: outside in, as people draw DFDs. */
const LEFT_TO_RIGHT: readonly BoundaryKind[] = [
  'internet',
  'device',
  'dmz',
  'internal-network',
  'cloud-account',
  'container',
  'unknown',
];
const TOP_LEVEL_KINDS: Weighted<BoundaryKind> = [
  ['internal-network', 3],
  ['cloud-account', 3],
  ['dmz', 2],
  ['device', 2],
  ['internet', 1],
  ['unknown', 1],
];
/** What plausibly nests inside what (a DMZ inside a cloud account, a container in a device…). */
const NESTED_KINDS: Record<BoundaryKind, Weighted<BoundaryKind>> = {
  internet: [['device', 1]],
  dmz: [
    ['container', 3],
    ['unknown', 1],
  ],
  'internal-network': [
    ['container', 3],
    ['internal-network', 2],
    ['dmz', 1],
    ['device', 1],
  ],
  'cloud-account': [
    ['internal-network', 3],
    ['container', 3],
    ['dmz', 2],
  ],
  container: [['container', 1]],
  device: [
    ['container', 2],
    ['unknown', 1],
  ],
  unknown: [
    ['container', 1],
    ['internal-network', 1],
    ['unknown', 1],
  ],
};
/** Share of new zones nested inside an existing one (the rest are top-level). */
const NESTING_SHARE = 0.55;

/** How strongly each element kind gravitates to each zone kind. */
const ZONE_AFFINITY: Record<ElementKind, Record<BoundaryKind, number>> = {
  externalEntity: {
    internet: 8,
    device: 4,
    dmz: 0.3,
    'internal-network': 0.6,
    'cloud-account': 0.3,
    container: 0.1,
    unknown: 1,
  },
  process: {
    internet: 0.2,
    device: 1,
    dmz: 3,
    'internal-network': 3,
    'cloud-account': 2,
    container: 4,
    unknown: 1,
  },
  dataStore: {
    internet: 0.1,
    device: 1,
    dmz: 0.5,
    'internal-network': 4,
    'cloud-account': 3,
    container: 2,
    unknown: 1,
  },
};
/** Share of elements drawn outside every zone (lint flags them; analysis must cope). */
const OUTSIDE_ZONES_SHARE: Record<ElementKind, number> = {
  externalEntity: 0.1,
  process: 0.02,
  dataStore: 0.02,
};
const ELEMENT_KIND_MIX: Weighted<ElementKind> = [
  ['process', 60],
  ['dataStore', 25],
  ['externalEntity', 15],
];

interface ZonePlan {
  zone: Zone;
  depth: number;
  /** Uneven zone sizes: some zones hold many elements, some few. */
  weight: number;
  children: ZonePlan[];
  members: Element[];
}

function planZones(
  random: Random,
  count: number,
  diagramId: string,
  nextZoneId: () => string,
): ZonePlan[] {
  // Most real systems are drawn with these three first (the internet, a DMZ, the internal
  // network); the rest vary.
  const seeded: BoundaryKind[] = ['internet', 'dmz', 'internal-network'];
  const plans: ZonePlan[] = [];
  for (let index = 0; index < count; index++) {
    const nestable = plans.filter((plan) => plan.depth < MAX_ZONE_DEPTH);
    let parent: ZonePlan | undefined;
    let boundaryKind: BoundaryKind;
    if (index < seeded.length) boundaryKind = seeded[index]!;
    else if (nestable.length > 0 && random.chance(NESTING_SHARE)) {
      parent = random.pick(nestable);
      boundaryKind = random.weighted(NESTED_KINDS[parent.zone.boundaryKind]);
    } else boundaryKind = random.weighted(TOP_LEVEL_KINDS);
    const plan: ZonePlan = {
      zone: {
        id: nextZoneId(),
        diagramId,
        name: random.pick(ZONE_NAMES[boundaryKind]),
        description: '',
        tags: [],
        boundaryKind,
        shape: 'zone',
        parentId: parent?.zone.id ?? null,
        position: { x: 0, y: 0 },
        size: { width: 0, height: 0 },
      },
      depth: parent ? parent.depth + 1 : 1,
      weight: 0.5 + random.next() * 1.5,
      children: [],
      members: [],
    };
    parent?.children.push(plan);
    plans.push(plan);
  }
  return plans;
}

/** Whether the element's zone or one around it is of the given kinds. */
function zoneChainHas(
  plan: ZonePlan | undefined,
  plansById: ReadonlyMap<string, ZonePlan>,
  kinds: readonly BoundaryKind[],
): boolean {
  for (let current = plan; current;) {
    if (kinds.includes(current.zone.boundaryKind)) return true;
    current = current.zone.parentId === null ? undefined : plansById.get(current.zone.parentId);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Elements.

function pickTags(random: Random): string[] {
  if (!random.chance(0.3)) return [];
  const first = random.pick(TAGS);
  const second = random.pick(TAGS);
  return random.chance(0.3) && second !== first ? [first, second] : [first];
}

const PRIVILEGE_ODDS: Weighted<PrivilegeLevel> = [
  ['unprivileged', 15],
  ['standard', 45],
  ['elevated', 15],
  ['root', 10],
  ['unknown', 15],
];
const CLASSIFICATION_ODDS: Weighted<DataClassification> = [
  ['public', 15],
  ['internal', 35],
  ['confidential', 25],
  ['restricted', 10],
  ['unknown', 15],
];

function makeElement(
  random: Random,
  kind: ElementKind,
  id: string,
  serial: number,
  diagramId: string,
  plan: ZonePlan | undefined,
  plansById: ReadonlyMap<string, ZonePlan>,
): Element {
  const common = {
    id,
    diagramId,
    description: '',
    tags: pickTags(random),
    zoneId: plan?.zone.id ?? null,
    position: { x: 0, y: 0 },
  };
  const exposed = plan === undefined || zoneChainHas(plan, plansById, ['internet', 'dmz']);
  if (kind === 'process') {
    const internetFacing = random.weighted(exposed ? triState(70, 10, 20) : triState(5, 75, 20));
    const process: Process = {
      ...common,
      kind,
      name: `${random.pick(DOMAINS)} ${random.pick(PROCESS_SUFFIXES)} ${serial}`,
      properties: {
        internetFacing,
        authenticatesCallers: random.weighted(triState(55, 20, 25)),
        privilegeLevel: random.weighted(PRIVILEGE_ODDS),
        handlesUntrustedInput: random.weighted(
          internetFacing === 'yes' ? triState(80, 5, 15) : triState(30, 45, 25),
        ),
        technology: random.chance(0.1) ? '' : random.pick(TECHNOLOGIES),
      },
    };
    return process;
  }
  if (kind === 'dataStore') {
    const store: DataStore = {
      ...common,
      kind,
      name: `${random.pick(DOMAINS)} ${random.pick(STORE_SUFFIXES)} ${serial}`,
      properties: {
        encryptedAtRest: random.weighted(triState(50, 25, 25)),
        holdsPii: random.weighted(triState(35, 45, 20)),
        holdsCredentials: random.weighted(triState(15, 65, 20)),
        holdsSecrets: random.weighted(triState(15, 65, 20)),
        auditLogging: random.weighted(triState(40, 35, 25)),
        backups: random.weighted(triState(60, 20, 20)),
      },
    };
    return store;
  }
  const entityKind = random.weighted<ExternalEntity['properties']['entityKind']>([
    ['human', 45],
    ['system', 45],
    ['unknown', 10],
  ]);
  const onInternet = plan !== undefined && zoneChainHas(plan, plansById, ['internet']);
  const entity: ExternalEntity = {
    ...common,
    kind,
    name: `${random.pick(entityKind === 'human' ? HUMAN_ENTITIES : SYSTEM_ENTITIES)} ${serial}`,
    properties: {
      entityKind,
      trusted: random.weighted(onInternet ? triState(15, 60, 25) : triState(55, 20, 25)),
    },
  };
  return entity;
}

/** Cumulative weights over a diagram's zones for one element kind, for quick sampling. */
function zoneSampler(plans: readonly ZonePlan[], kind: ElementKind): (random: Random) => ZonePlan {
  const cumulative: number[] = [];
  let total = 0;
  for (const plan of plans) {
    total += plan.weight * ZONE_AFFINITY[kind][plan.zone.boundaryKind];
    cumulative.push(total);
  }
  return (random) => {
    const point = random.next() * total;
    const index = cumulative.findIndex((bound) => point < bound);
    return plans[index === -1 ? plans.length - 1 : index]!;
  };
}

// ---------------------------------------------------------------------------------------------
// Flows.

function flowName(random: Random, source: Element, target: Element): string {
  const domain = random.pick(DOMAINS);
  if (target.kind === 'dataStore') return `Write ${domain.toLowerCase()} records`;
  if (source.kind === 'dataStore') return `Read ${domain.toLowerCase()} records`;
  if (source.kind === 'externalEntity') return `${domain} requests`;
  if (target.kind === 'externalEntity') return `${domain} notifications`;
  return `${domain} API call`;
}

/** A flow between `hub` (usually a process) and `partner`, in either direction. */
function makeFlow(
  random: Random,
  id: string,
  diagramId: string,
  hub: Element,
  partner: Element,
): Flow {
  // Entities mostly call in; stores are read and written alike; processes call either way.
  const partnerIsSource =
    partner.kind === 'externalEntity' ? random.chance(0.65) : random.chance(0.5);
  const source = partnerIsSource ? partner : hub;
  const target = partnerIsSource ? hub : partner;
  const [protocol, security] = random.weighted(PROTOCOLS);
  return {
    id,
    diagramId,
    sourceId: source.id,
    targetId: target.id,
    bidirectional: random.chance(BIDIRECTIONAL_SHARE),
    name: flowName(random, source, target),
    description: '',
    tags: pickTags(random),
    properties: {
      protocol,
      encryptedInTransit: random.weighted(ENCRYPTION_ODDS[security]),
      authenticated: random.weighted(triState(55, 25, 20)),
      dataClassification: random.weighted(CLASSIFICATION_ODDS),
      carriesCredentials: random.weighted(triState(15, 65, 20)),
    },
    waypoints: [],
  };
}

/** Share of flows that stay inside one zone; the rest connect anywhere on the diagram. */
const SAME_ZONE_SHARE = 0.6;
/**
 * Share of the extra flows with no process end (an analyst querying a database directly, a
 * partner dropping files into a bucket): off-textbook, but real models have them.
 */
const DIRECT_FLOW_SHARE = 0.03;

function pickPartner(
  random: Random,
  hub: Element,
  candidatesInZone: readonly Element[],
  candidatesOnDiagram: readonly Element[],
): Element | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const pool =
      candidatesInZone.length > 1 && random.chance(SAME_ZONE_SHARE)
        ? candidatesInZone
        : candidatesOnDiagram;
    const partner = random.pick(pool);
    if (partner !== hub) return partner;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Layout: each zone lays out its own elements in a grid, its child zones in a row below them;
// top-level zones stand left to right (outside in), elements outside every zone at the far left.

interface Box {
  width: number;
  height: number;
}

function gridOf(count: number): { columns: number; rows: number } {
  if (count === 0) return { columns: 0, rows: 0 };
  // Wider than tall, like a diagram on a screen.
  const columns = Math.ceil(Math.sqrt(count * 1.5));
  return { columns, rows: Math.ceil(count / columns) };
}

function measureZone(plan: ZonePlan): Box {
  const { columns, rows } = gridOf(plan.members.length);
  const children = plan.children.map(measureZone);
  const childrenWidth =
    children.reduce((sum, child) => sum + child.width, 0) +
    ZONE_GAP * Math.max(0, children.length - 1);
  const childrenHeight = children.reduce((max, child) => Math.max(max, child.height), 0);
  const gridHeight = rows * CELL_HEIGHT;
  const gap = rows > 0 && children.length > 0 ? ZONE_GAP / 2 : 0;
  const width = 2 * ZONE_PADDING + Math.max(columns * CELL_WIDTH, childrenWidth, NODE_WIDTH);
  const height = ZONE_HEADER + ZONE_PADDING + gridHeight + gap + childrenHeight + ZONE_PADDING;
  plan.zone.size = { width, height };
  return plan.zone.size;
}

function placeGrid(elements: readonly Element[], left: number, top: number): number {
  const { columns, rows } = gridOf(elements.length);
  elements.forEach((element, index) => {
    element.position = {
      x: left + (index % columns) * CELL_WIDTH,
      y: top + Math.floor(index / columns) * CELL_HEIGHT,
    };
  });
  return rows * CELL_HEIGHT;
}

function placeZone(plan: ZonePlan, left: number, top: number): void {
  plan.zone.position = { x: left, y: top };
  const gridTop = top + ZONE_HEADER + ZONE_PADDING;
  const gridHeight = placeGrid(plan.members, left + ZONE_PADDING, gridTop);
  const childrenTop = gridTop + gridHeight + (gridHeight > 0 ? ZONE_GAP / 2 : 0);
  let childLeft = left + ZONE_PADDING;
  for (const child of plan.children) {
    placeZone(child, childLeft, childrenTop);
    childLeft += child.zone.size.width + ZONE_GAP;
  }
}

/** Lays out one diagram; returns the x-ranges of its columns (for drawing line boundaries). */
function layoutDiagram(
  topLevel: readonly ZonePlan[],
  outsideZones: readonly Element[],
): { left: number; right: number }[] {
  const columns: { left: number; right: number }[] = [];
  let left = 0;
  if (outsideZones.length > 0) {
    // A square block at the far left, so loose elements neither stretch nor hide the diagram.
    const perColumn = Math.ceil(Math.sqrt(outsideZones.length));
    outsideZones.forEach((element, index) => {
      element.position = {
        x: Math.floor(index / perColumn) * CELL_WIDTH,
        y: (index % perColumn) * CELL_HEIGHT,
      };
    });
    const width = Math.ceil(outsideZones.length / perColumn) * CELL_WIDTH;
    columns.push({ left: 0, right: width - (CELL_WIDTH - NODE_WIDTH) });
    left = width + ZONE_GAP;
  }
  const ordered = [...topLevel].sort(
    (a, b) =>
      LEFT_TO_RIGHT.indexOf(a.zone.boundaryKind) - LEFT_TO_RIGHT.indexOf(b.zone.boundaryKind),
  );
  for (const plan of ordered) {
    const { width } = measureZone(plan);
    placeZone(plan, left, 0);
    columns.push({ left, right: left + width });
    left += width + ZONE_GAP;
  }
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Line boundaries: drawn across the gap between two columns; the flows whose drawn edge (a
// straight line between node centres) crosses the line are recorded, as an import would.

type Point = { x: number; y: number };

function centreOf(element: Element): Point {
  return { x: element.position.x + NODE_WIDTH / 2, y: element.position.y + NODE_HEIGHT / 2 };
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  return (
    orientation(a, b, c) * orientation(a, b, d) < 0 &&
    orientation(c, d, a) * orientation(c, d, b) < 0
  );
}

function polylineCrosses(points: readonly Point[], from: Point, to: Point): boolean {
  for (let index = 1; index < points.length; index++) {
    if (segmentsCross(points[index - 1]!, points[index]!, from, to)) return true;
  }
  return false;
}

function makeLineBoundary(
  random: Random,
  id: string,
  diagramId: string,
  columns: readonly { left: number; right: number }[],
  diagramElements: readonly Element[],
  diagramFlows: readonly Flow[],
  elementsById: ReadonlyMap<string, Element>,
): LineBoundary {
  let bottom = 0;
  let right = 0;
  for (const element of diagramElements) {
    bottom = Math.max(bottom, element.position.y + NODE_HEIGHT);
    right = Math.max(right, element.position.x + NODE_WIDTH);
  }
  let x: number;
  if (columns.length >= 2) {
    const gapIndex = random.int(columns.length - 1);
    x = (columns[gapIndex]!.right + columns[gapIndex + 1]!.left) / 2;
  } else x = random.next() * right;
  // A slight kink, as a hand-drawn boundary has; it stays inside the gap between columns.
  const points = [
    { x, y: -ZONE_GAP },
    { x: x + ZONE_GAP / 4, y: bottom / 2 },
    { x, y: bottom + ZONE_GAP },
  ];
  const crossingFlowIds: string[] = [];
  for (const flow of diagramFlows) {
    const source = elementsById.get(flow.sourceId);
    const target = elementsById.get(flow.targetId);
    if (source && target && polylineCrosses(points, centreOf(source), centreOf(target)))
      crossingFlowIds.push(flow.id);
  }
  return {
    id,
    diagramId,
    name: 'Trust boundary',
    description: '',
    tags: [],
    boundaryKind: random.weighted<BoundaryKind>([
      ['internet', 2],
      ['dmz', 2],
      ['internal-network', 2],
      ['cloud-account', 2],
      ['container', 1],
      ['device', 1],
      ['unknown', 1],
    ]),
    shape: 'line',
    points,
    crossingFlowIds,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * A valid model (it passes `modelFromTree`) of `elements` nodes plus flows: 40 % nodes
 * (processes, stores and external entities 60 / 25 / 15), 60 % flows (one in ten
 * bidirectional, each between a process and another node of the same diagram), one zone per
 * 100 elements, one diagram per 1,000 elements and one line boundary per 20 zones.
 */
export function generateModel(options: GenerateModelOptions): Model {
  const { elements: elementTotal, seed = 1 } = options;
  if (!Number.isInteger(elementTotal) || elementTotal < MIN_ELEMENTS)
    throw new RangeError(`elements must be a whole number of at least ${MIN_ELEMENTS}`);
  const random = createRandom(seed);
  const nodeTotal = Math.round(elementTotal * NODE_SHARE);
  const flowTotal = elementTotal - nodeTotal;
  const zoneTotal = Math.max(1, Math.round(elementTotal / ELEMENTS_PER_ZONE));
  const diagramTotal = Math.max(1, Math.round(elementTotal / ELEMENTS_PER_DIAGRAM));
  const lineTotal = Math.max(1, Math.round(zoneTotal / ZONES_PER_LINE_BOUNDARY));

  let zoneSerial = 0;
  const nextZoneId = (): string => serialId('z', ++zoneSerial, zoneTotal);
  let elementSerial = 0;
  let flowSerial = 0;
  let lineSerial = 0;

  const diagrams: Model['diagrams'] = [];
  const allElements: Element[] = [];
  const allFlows: Flow[] = [];
  const boundaries: Model['boundaries'] = [];
  const elementsById = new Map<string, Element>();

  for (let diagramIndex = 0; diagramIndex < diagramTotal; diagramIndex++) {
    const diagramId = serialId('d', diagramIndex + 1, diagramTotal);
    const baseName = DIAGRAM_NAMES[diagramIndex % DIAGRAM_NAMES.length]!;
    const round = Math.floor(diagramIndex / DIAGRAM_NAMES.length);
    diagrams.push({
      id: diagramId,
      name: round === 0 ? baseName : `${baseName} ${round + 1}`,
      description: '',
    });

    const zonePlans = planZones(
      random,
      shareOf(zoneTotal, diagramIndex, diagramTotal),
      diagramId,
      nextZoneId,
    );
    const plansById = new Map(zonePlans.map((plan) => [plan.zone.id, plan]));
    const samplers = {
      process: zoneSampler(zonePlans, 'process'),
      dataStore: zoneSampler(zonePlans, 'dataStore'),
      externalEntity: zoneSampler(zonePlans, 'externalEntity'),
    };

    const diagramElements: Element[] = [];
    const outsideZones: Element[] = [];
    const nodeCount = shareOf(nodeTotal, diagramIndex, diagramTotal);
    for (let index = 0; index < nodeCount; index++) {
      // The first node is a process, so every flow below has a process end to attach to.
      const kind = index === 0 ? 'process' : random.weighted(ELEMENT_KIND_MIX);
      const plan =
        zonePlans.length === 0 || random.chance(OUTSIDE_ZONES_SHARE[kind])
          ? undefined
          : samplers[kind](random);
      elementSerial++;
      const element = makeElement(
        random,
        kind,
        serialId('e', elementSerial, nodeTotal),
        elementSerial,
        diagramId,
        plan,
        plansById,
      );
      (plan?.members ?? outsideZones).push(element);
      diagramElements.push(element);
      elementsById.set(element.id, element);
    }
    // Entities first, then processes, then stores: requests read left to right in each zone.
    const kindOrder: Record<ElementKind, number> = { externalEntity: 0, process: 1, dataStore: 2 };
    for (const plan of zonePlans)
      plan.members.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]);

    const columns = layoutDiagram(
      zonePlans.filter((plan) => plan.zone.parentId === null),
      outsideZones,
    );

    // Flows: first one per node (no isolated elements, and every untrusted entity reaches
    // something), then the rest between random pairs, nearly all with a process end.
    const processes = diagramElements.filter((element) => element.kind === 'process');
    const membersOf = (element: Element): readonly Element[] =>
      element.zoneId === null ? outsideZones : (plansById.get(element.zoneId)?.members ?? []);
    const processesOf = new Map<string, Element[]>();
    for (const process of processes) {
      const key = process.zoneId ?? '';
      const list = processesOf.get(key);
      if (list) list.push(process);
      else processesOf.set(key, [process]);
    }
    const diagramFlows: Flow[] = [];
    const flowCount = shareOf(flowTotal, diagramIndex, diagramTotal);
    // A few draws may find no partner (a zone of one); the cap only guards against looping.
    for (let attempt = 0; diagramFlows.length < flowCount && attempt < 4 * flowCount; attempt++) {
      const anchor = diagramElements[attempt];
      let hub: Element;
      let partner: Element | undefined;
      if (anchor === undefined) {
        hub = random.pick(random.chance(DIRECT_FLOW_SHARE) ? diagramElements : processes);
        partner = pickPartner(random, hub, membersOf(hub), diagramElements);
      } else if (anchor.kind === 'process') {
        hub = anchor;
        partner = pickPartner(random, hub, membersOf(hub), diagramElements);
      } else {
        partner = anchor;
        const nearby = processesOf.get(anchor.zoneId ?? '') ?? [];
        hub = random.pick(nearby.length > 0 && random.chance(SAME_ZONE_SHARE) ? nearby : processes);
      }
      if (partner === undefined || partner === hub) continue;
      flowSerial++;
      diagramFlows.push(
        makeFlow(random, serialId('f', flowSerial, flowTotal), diagramId, hub, partner),
      );
    }

    allElements.push(...diagramElements);
    allFlows.push(...diagramFlows);
    for (const plan of zonePlans) boundaries.push(plan.zone);

    // Line boundaries are spread over the diagrams.
    const linesHere =
      Math.floor(((diagramIndex + 1) * lineTotal) / diagramTotal) -
      Math.floor((diagramIndex * lineTotal) / diagramTotal);
    for (let line = 0; line < linesHere; line++) {
      lineSerial++;
      boundaries.push(
        makeLineBoundary(
          random,
          serialId('l', lineSerial, lineTotal),
          diagramId,
          columns,
          diagramElements,
          diagramFlows,
          elementsById,
        ),
      );
    }
  }

  return {
    format: MODEL_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: `Generated model (${elementTotal} elements, seed ${seed})`,
    description: 'Synthetic workload for the Gatehouse benchmarks (bench/generateModel.ts).',
    diagrams,
    elements: allElements,
    flows: allFlows,
    boundaries,
    features: [],
    rulePacks: [],
    threats: [],
    manualThreats: [],
    suppressions: [],
    stories: [],
    workshop: { reviews: [], questions: [] },
  };
}
