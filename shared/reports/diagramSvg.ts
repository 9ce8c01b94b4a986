/**
 * One diagram of a model as a standalone SVG document, built as a string without a DOM, so the
 * CLI writes the same picture the app exports. It follows the canvas (renderer/canvas): zones as
 * dashed red frames, processes rounded, data stores between two lines, external entities as boxes
 * with a heavy left and bottom edge, flows as arrows with their names, and a badge with the open
 * threats and the worst severity. Every piece of user text goes through `escapeXml`.
 */
import { boundingRect, elementRect, rectCenter, zoneRect, type Rect } from '../model/geometry';
import type { Element, Flow, Model, Severity, Zone } from '../model/schema';
import { severityRank } from '../rules/scoring';
import { isOpenStatus, type RegisteredThreat } from '../threats/register';
import { escapeXml } from './escapeXml';
import {
  attributes,
  DIAGRAM_COLORS,
  estimateTextWidth,
  formatNumber,
  SEVERITY_COLORS,
  svgOpen,
  svgText,
  truncateText,
} from './svgParts';

/** Open threats on an element or flow, and the worst severity among them. */
export interface ThreatBadge {
  open: number;
  worst: Severity;
}

/**
 * Badges from a threat register, as the canvas shows them: open or investigating threats that
 * are detected and not suppressed, counted on every element or flow they target.
 */
export function openThreatBadges(register: readonly RegisteredThreat[]): Map<string, ThreatBadge> {
  const badges = new Map<string, ThreatBadge>();
  for (const threat of register) {
    if (threat.noLongerDetected || threat.suppression !== null || !isOpenStatus(threat.status))
      continue;
    for (const target of threat.targets) {
      const badge = badges.get(target.id);
      if (!badge) badges.set(target.id, { open: 1, worst: threat.severity });
      else {
        badge.open++;
        if (severityRank(threat.severity) > severityRank(badge.worst)) badge.worst = threat.severity;
      }
    }
  }
  return badges;
}

/** Options of `renderDiagramSvg`. */
export interface DiagramSvgOptions {
  /** Badges by element or flow ID; none are drawn when absent. */
  badges?: ReadonlyMap<string, ThreatBadge>;
  /**
   * Prefix of the IDs inside the SVG (arrow markers, title). Several diagrams inlined in one HTML
   * document share one ID space, so each needs its own prefix.
   */
  idPrefix?: string;
}

const KIND_LABELS: Readonly<Record<Element['kind'], string>> = {
  process: 'PROCESS',
  dataStore: 'DATA STORE',
  externalEntity: 'EXTERNAL ENTITY',
};

const PADDING = 28;
const LABEL_FONT_SIZE = 11;
const LABEL_HEIGHT = 18;
/** How far apart parallel flows between the same two elements are drawn. */
const PARALLEL_SPACING = 34;

interface Point {
  x: number;
  y: number;
}

/** Where the ray from the centre of `rect` towards `toward` leaves the rectangle. */
function borderPoint(rect: Rect, toward: Point): Point {
  const center = rectCenter(rect);
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const scale = Math.min(
    dx === 0 ? Infinity : rect.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : rect.height / 2 / Math.abs(dy),
  );
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

function badgeText(badge: ThreatBadge): string {
  return `${badge.open} ${badge.worst.charAt(0).toUpperCase()}`;
}

function badgeWidth(badge: ThreatBadge): number {
  return Math.max(24, estimateTextWidth(badgeText(badge), 11) + 12);
}

/** A badge whose right edge is at `right`: the count and the worst severity's initial. */
function badgeSvg(badge: ThreatBadge, right: number, top: number): { svg: string; box: Rect } {
  const text = badgeText(badge);
  const width = badgeWidth(badge);
  const box = { x: right - width, y: top, width, height: 20 };
  const svg =
    `<g><title>${escapeXml(`${badge.open} open threat${badge.open === 1 ? '' : 's'}, worst ${badge.worst}`)}</title>` +
    `<rect${attributes({ ...box, rx: 10, fill: SEVERITY_COLORS[badge.worst], stroke: '#ffffff', 'stroke-width': 2 })}/>` +
    svgText(text, {
      x: box.x + width / 2,
      y: top + 14,
      'text-anchor': 'middle',
      'font-size': 11,
      'font-weight': 700,
      fill: '#ffffff',
    }) +
    `</g>`;
  return { svg, box };
}

function elementSvg(element: Element, badge: ThreatBadge | undefined): { svg: string; box: Rect } {
  const rect = elementRect(element);
  const { x, y, width, height } = rect;
  const stroke = DIAGRAM_COLORS.nodeBorder;
  const name = element.name.trim() === '' ? 'Unnamed' : element.name;
  let shape: string;
  if (element.kind === 'process') {
    shape = `<rect${attributes({ x, y, width, height, rx: Math.min(36, height / 2), fill: DIAGRAM_COLORS.nodeFill, stroke, 'stroke-width': 2 })}/>`;
  } else if (element.kind === 'dataStore') {
    // Open at both ends, between two heavy lines: the DFD data store.
    shape =
      `<rect${attributes({ x, y, width, height, fill: DIAGRAM_COLORS.nodeFill })}/>` +
      `<path${attributes({ d: `M${formatNumber(x)} ${formatNumber(y + 1.5)}h${formatNumber(width)}M${formatNumber(x)} ${formatNumber(y + height - 1.5)}h${formatNumber(width)}`, stroke, 'stroke-width': 3 })}/>`;
  } else {
    shape =
      `<rect${attributes({ x, y, width, height, rx: 2, fill: DIAGRAM_COLORS.nodeFill, stroke, 'stroke-width': 2 })}/>` +
      `<path${attributes({ d: `M${formatNumber(x + 1.5)} ${formatNumber(y)}v${formatNumber(height)}M${formatNumber(x)} ${formatNumber(y + height - 1.5)}h${formatNumber(width)}`, stroke, 'stroke-width': 5 })}/>`;
  }
  const center = rectCenter(rect);
  const maxCharacters = Math.max(4, Math.floor((width - 20) / (13 * 0.6)));
  let svg =
    `<g><title>${escapeXml(`${KIND_LABELS[element.kind].toLowerCase()}: ${name}`)}</title>${shape}` +
    svgText(KIND_LABELS[element.kind], {
      x: center.x,
      y: center.y - 6,
      'text-anchor': 'middle',
      'font-size': 9,
      'letter-spacing': 0.5,
      fill: DIAGRAM_COLORS.text,
      'fill-opacity': 0.65,
    }) +
    svgText(truncateText(name, maxCharacters), {
      x: center.x,
      y: center.y + 11,
      'text-anchor': 'middle',
      'font-size': 13,
      'font-weight': 600,
      fill: DIAGRAM_COLORS.text,
    });
  let box = rect;
  if (badge && badge.open > 0) {
    const drawn = badgeSvg(badge, x + width + 10, y - 10);
    svg += drawn.svg;
    box = boundingRect([rect, drawn.box])!;
  }
  return { svg: `${svg}</g>`, box };
}

function zoneSvg(zone: Zone): { svg: string; box: Rect } {
  const rect = zoneRect(zone);
  const kind =
    zone.boundaryKind === 'unknown' ||
    zone.name.toLowerCase().replace(/[^a-z]/g, '').includes(zone.boundaryKind.replace(/-/g, ''))
      ? ''
      : ` · ${zone.boundaryKind.replace(/-/g, ' ')}`;
  const label = truncateText(
    `${zone.name.trim() === '' ? 'Trust boundary' : zone.name}${kind}`,
    Math.max(6, Math.floor((rect.width - 24) / (12 * 0.6))),
  );
  const labelWidth = estimateTextWidth(label, 12) + 16;
  const svg =
    `<g><title>${escapeXml(`trust boundary: ${zone.name}`)}</title>` +
    `<rect${attributes({ ...rect, rx: 8, fill: DIAGRAM_COLORS.zone, 'fill-opacity': 0.035, stroke: DIAGRAM_COLORS.zone, 'stroke-width': 2, 'stroke-dasharray': '7 5' })}/>` +
    `<rect${attributes({ x: rect.x + 6, y: rect.y + 5, width: labelWidth, height: 19, rx: 4, fill: DIAGRAM_COLORS.nodeFill })}/>` +
    svgText(label, {
      x: rect.x + 14,
      y: rect.y + 19,
      'font-size': 12,
      'font-weight': 600,
      fill: DIAGRAM_COLORS.zone,
    }) +
    `</g>`;
  return { svg, box: rect };
}

/** The path of a flow and where its label sits. */
function flowGeometry(
  flow: Flow,
  source: Rect,
  target: Rect,
  offset: number,
): { d: string; label: Point; points: Point[] } {
  if (flow.waypoints.length > 0) {
    const start = borderPoint(source, flow.waypoints[0]!);
    const end = borderPoint(target, flow.waypoints[flow.waypoints.length - 1]!);
    const points = [start, ...flow.waypoints, end];
    const middle = Math.floor((points.length - 1) / 2);
    const label = {
      x: (points[middle]!.x + points[middle + 1]!.x) / 2,
      y: (points[middle]!.y + points[middle + 1]!.y) / 2,
    };
    const d = points
      .map((p, index) => `${index === 0 ? 'M' : 'L'}${formatNumber(p.x)} ${formatNumber(p.y)}`)
      .join('');
    return { d, label, points };
  }
  const from = rectCenter(source);
  const to = rectCenter(target);
  const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  const normal = { x: -(to.y - from.y) / length, y: (to.x - from.x) / length };
  const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  // A quadratic curve passes halfway to its control point: twice the offset puts the curve's
  // middle `offset` away from the straight line, where the label goes.
  const control = { x: middle.x + normal.x * offset * 2, y: middle.y + normal.y * offset * 2 };
  const start = borderPoint(source, offset === 0 ? to : control);
  const end = borderPoint(target, offset === 0 ? from : control);
  const label = { x: middle.x + normal.x * offset, y: middle.y + normal.y * offset };
  const d =
    offset === 0
      ? `M${formatNumber(start.x)} ${formatNumber(start.y)}L${formatNumber(end.x)} ${formatNumber(end.y)}`
      : `M${formatNumber(start.x)} ${formatNumber(start.y)}Q${formatNumber(control.x)} ${formatNumber(control.y)} ${formatNumber(end.x)} ${formatNumber(end.y)}`;
  return { d, label, points: [start, label, end] };
}

function flowSvg(
  flow: Flow,
  source: Rect,
  target: Rect,
  offset: number,
  badge: ThreatBadge | undefined,
  arrowId: string,
): { svg: string; box: Rect } {
  const geometry = flowGeometry(flow, source, target, offset);
  const boxes: Rect[] = geometry.points.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 }));
  let svg =
    `<g><title>${escapeXml(`flow: ${flow.name}`)}</title>` +
    `<path${attributes({ d: geometry.d, fill: 'none', stroke: DIAGRAM_COLORS.flow, 'stroke-width': 1.6, 'marker-end': `url(#${arrowId})`, ...(flow.bidirectional ? { 'marker-start': `url(#${arrowId})` } : {}) })}/>`;
  const label = truncateText(flow.name, 28);
  let labelRight = geometry.label.x;
  if (label !== '') {
    const width = estimateTextWidth(label, LABEL_FONT_SIZE) + 12;
    const box = {
      x: geometry.label.x - width / 2,
      y: geometry.label.y - LABEL_HEIGHT / 2,
      width,
      height: LABEL_HEIGHT,
    };
    boxes.push(box);
    labelRight = box.x + width;
    svg +=
      `<rect${attributes({ ...box, rx: 4, fill: DIAGRAM_COLORS.nodeFill, stroke: DIAGRAM_COLORS.labelBorder })}/>` +
      svgText(label, {
        x: geometry.label.x,
        y: geometry.label.y + 4,
        'text-anchor': 'middle',
        'font-size': LABEL_FONT_SIZE,
        fill: DIAGRAM_COLORS.text,
      });
  }
  if (badge && badge.open > 0) {
    const drawn = badgeSvg(badge, labelRight + 4 + badgeWidth(badge), geometry.label.y - 10);
    svg += drawn.svg;
    boxes.push(drawn.box);
  }
  return { svg: `${svg}</g>`, box: boundingRect(boxes)! };
}

/**
 * Draws diagram `diagramId` of `model` as a standalone SVG document. The view box is the bounding
 * box of everything drawn, with a margin; an empty diagram is a small image that says so.
 */
export function renderDiagramSvg(
  model: Model,
  diagramId: string,
  options: DiagramSvgOptions = {},
): string {
  const prefix = options.idPrefix ?? 'gh-diagram';
  const badges = options.badges ?? new Map<string, ThreatBadge>();
  const diagram = model.diagrams.find((d) => d.id === diagramId);
  const title = `Diagram: ${diagram?.name.trim() ? diagram.name : diagramId}`;
  const arrowId = `${prefix}-arrow`;
  const titleId = `${prefix}-title`;

  const elements = model.elements.filter((element) => element.diagramId === diagramId);
  const rects = new Map(elements.map((element) => [element.id, elementRect(element)]));
  const zones = model.boundaries
    .filter((b): b is Zone => b.diagramId === diagramId && b.shape === 'zone')
    // Outer zones first, so inner ones are drawn on top of them.
    .sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height);
  const lines = model.boundaries.filter((b) => b.diagramId === diagramId && b.shape === 'line');
  const flows = model.flows.filter(
    (flow) => flow.diagramId === diagramId && rects.has(flow.sourceId) && rects.has(flow.targetId),
  );

  const parts: string[] = [];
  const boxes: Rect[] = [];
  for (const zone of zones) {
    const drawn = zoneSvg(zone);
    parts.push(drawn.svg);
    boxes.push(drawn.box);
  }
  for (const line of lines) {
    if (line.shape !== 'line') continue;
    const points = line.points.map((p) => `${formatNumber(p.x)},${formatNumber(p.y)}`).join(' ');
    const first = line.points[0]!;
    parts.push(
      `<g><title>${escapeXml(`trust boundary: ${line.name}`)}</title>` +
        `<polyline${attributes({ points, fill: 'none', stroke: DIAGRAM_COLORS.zone, 'stroke-width': 2, 'stroke-dasharray': '7 5' })}/>` +
        svgText(truncateText(line.name, 40), {
          x: first.x + 4,
          y: first.y - 6,
          'font-size': 12,
          'font-weight': 600,
          fill: DIAGRAM_COLORS.zone,
        }) +
        `</g>`,
    );
    boxes.push(
      boundingRect(line.points.map((p) => ({ x: p.x, y: p.y - 20, width: 0, height: 20 })))!,
      { x: first.x, y: first.y - 20, width: estimateTextWidth(line.name.slice(0, 40), 12), height: 20 },
    );
  }
  // Flows between the same two elements are spread apart so none hides another.
  const pairs = new Map<string, Flow[]>();
  for (const flow of flows) {
    const key = [flow.sourceId, flow.targetId].sort().join('\u0000');
    const group = pairs.get(key);
    if (group) group.push(flow);
    else pairs.set(key, [flow]);
  }
  for (const group of pairs.values()) {
    group.forEach((flow, index) => {
      const spread = (index - (group.length - 1) / 2) * PARALLEL_SPACING;
      // The offset is measured from the pair's own direction, so A→B and B→A curve apart.
      const offset = flow.sourceId <= flow.targetId ? spread : -spread;
      const drawn = flowSvg(
        flow,
        rects.get(flow.sourceId)!,
        rects.get(flow.targetId)!,
        offset,
        badges.get(flow.id),
        arrowId,
      );
      parts.push(drawn.svg);
      boxes.push(drawn.box);
    });
  }
  for (const element of elements) {
    const drawn = elementSvg(element, badges.get(element.id));
    parts.push(drawn.svg);
    boxes.push(drawn.box);
  }

  if (boxes.length === 0) {
    return (
      svgOpen({ x: 0, y: 0, width: 320, height: 60 }, titleId) +
      `<title id="${escapeXml(titleId)}">${escapeXml(title)}</title>` +
      svgText('This diagram is empty.', { x: 16, y: 34, 'font-size': 13, fill: DIAGRAM_COLORS.text }) +
      `</svg>\n`
    );
  }
  const bounds = boundingRect(boxes)!;
  const box = {
    x: Math.floor(bounds.x - PADDING),
    y: Math.floor(bounds.y - PADDING),
    width: Math.ceil(bounds.width + 2 * PADDING),
    height: Math.ceil(bounds.height + 2 * PADDING),
  };
  return (
    svgOpen(box, titleId) +
    `<title id="${escapeXml(titleId)}">${escapeXml(title)}</title>` +
    `<defs><marker${attributes({ id: arrowId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' })}><path d="M0 0L10 5L0 10z" fill="${DIAGRAM_COLORS.flow}"/></marker></defs>` +
    `<rect${attributes({ ...box, fill: '#ffffff' })}/>` +
    parts.join('') +
    `</svg>\n`
  );
}
