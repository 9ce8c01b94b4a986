/**
 * The report's charts as standalone SVG strings, built without a DOM (the CLI writes them too):
 * the 5 × 5 likelihood × impact risk matrix and threats by STRIDE category and status. Every
 * count is also written as a number, so a chart printed in grayscale still says everything.
 */
import { THREAT_STATUSES, type Severity, type ThreatStatus } from '../model/schema';
import { severityOf } from '../rules/scoring';
import { escapeXml } from './escapeXml';
import { attributes, estimateTextWidth, svgOpen, svgText } from './svgParts';

/** Threats per likelihood × impact cell (inherent scores, as rated by the rule or the team). */
export interface RiskMatrix {
  /** 25 cells, likelihood-major: likelihood 1 impact 1…5, likelihood 2 impact 1…5, … */
  cells: { likelihood: number; impact: number; total: number; open: number }[];
}

/** Cell fills by the severity a cell's score stands for: darker with severity. */
export const MATRIX_FILLS: Readonly<Record<Severity, { fill: string; text: string }>> = {
  low: { fill: '#dbe7f3', text: '#1f2430' },
  medium: { fill: '#f4cf73', text: '#1f2430' },
  high: { fill: '#e8590c', text: '#ffffff' },
  critical: { fill: '#8f1d1d', text: '#ffffff' },
};

/** Bar colours per status: open work warm, closed work cool or gray. */
export const STATUS_COLORS: Readonly<Record<ThreatStatus, string>> = {
  open: '#c2410c',
  investigating: '#e8a317',
  mitigated: '#2f9e44',
  accepted: '#3b5bdb',
  'not-applicable': '#868e96',
  transferred: '#7048e8',
};

const CELL_WIDTH = 76;
const CELL_HEIGHT = 48;
const MATRIX_LEFT = 96;
const MATRIX_TOP = 12;

/** Draws the risk matrix: impact across, likelihood up, each cell with its count and open count. */
export function renderRiskMatrixSvg(matrix: RiskMatrix, idPrefix = 'gh-matrix'): string {
  const titleId = `${idPrefix}-title`;
  const width = MATRIX_LEFT + CELL_WIDTH * 5 + 16;
  const gridBottom = MATRIX_TOP + CELL_HEIGHT * 5;
  const height = gridBottom + 86;
  const parts: string[] = [];
  for (const cell of matrix.cells) {
    const severity = severityOf(cell.likelihood * cell.impact);
    const colours = MATRIX_FILLS[severity];
    const x = MATRIX_LEFT + (cell.impact - 1) * CELL_WIDTH;
    const y = MATRIX_TOP + (5 - cell.likelihood) * CELL_HEIGHT;
    parts.push(
      `<g><title>${escapeXml(`likelihood ${cell.likelihood}, impact ${cell.impact} (${severity}): ${cell.total} threats, ${cell.open} open`)}</title>` +
        `<rect${attributes({ x, y, width: CELL_WIDTH, height: CELL_HEIGHT, fill: colours.fill, stroke: '#ffffff', 'stroke-width': 2 })}/>` +
        svgText(String(cell.total), {
          x: x + CELL_WIDTH / 2,
          y: y + 24,
          'text-anchor': 'middle',
          'font-size': 17,
          'font-weight': 700,
          fill: colours.text,
          'fill-opacity': cell.total === 0 ? 0.35 : 1,
        }) +
        (cell.total > 0
          ? svgText(`${cell.open} open`, {
              x: x + CELL_WIDTH / 2,
              y: y + 40,
              'text-anchor': 'middle',
              'font-size': 10,
              fill: colours.text,
            })
          : '') +
        `</g>`,
    );
  }
  for (let level = 1; level <= 5; level++) {
    parts.push(
      svgText(String(level), {
        x: MATRIX_LEFT - 10,
        y: MATRIX_TOP + (5 - level) * CELL_HEIGHT + 29,
        'text-anchor': 'end',
        'font-size': 12,
        fill: '#1f2430',
      }),
      svgText(String(level), {
        x: MATRIX_LEFT + (level - 1) * CELL_WIDTH + CELL_WIDTH / 2,
        y: gridBottom + 16,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: '#1f2430',
      }),
    );
  }
  parts.push(
    svgText('Likelihood', {
      x: 18,
      y: MATRIX_TOP + (CELL_HEIGHT * 5) / 2,
      transform: `rotate(-90 18 ${MATRIX_TOP + (CELL_HEIGHT * 5) / 2})`,
      'text-anchor': 'middle',
      'font-size': 12,
      'font-weight': 600,
      fill: '#1f2430',
    }),
    svgText('Impact', {
      x: MATRIX_LEFT + (CELL_WIDTH * 5) / 2,
      y: gridBottom + 34,
      'text-anchor': 'middle',
      'font-size': 12,
      'font-weight': 600,
      fill: '#1f2430',
    }),
  );
  let legendX = MATRIX_LEFT;
  for (const [severity, colours] of Object.entries(MATRIX_FILLS)) {
    parts.push(
      `<rect${attributes({ x: legendX, y: gridBottom + 52, width: 14, height: 14, fill: colours.fill, stroke: '#868e96', 'stroke-width': 0.5 })}/>`,
      svgText(severity, { x: legendX + 19, y: gridBottom + 63, 'font-size': 11, fill: '#1f2430' }),
    );
    legendX += 28 + estimateTextWidth(severity, 11) + 14;
  }
  return (
    svgOpen({ x: 0, y: 0, width, height }, titleId) +
    `<title id="${escapeXml(titleId)}">Risk matrix: threats by likelihood and impact</title>` +
    parts.join('') +
    `</svg>\n`
  );
}

/** One bar of the category chart. */
export interface CategoryBar {
  label: string;
  byStatus: Readonly<Record<ThreatStatus, number>>;
}

const BAR_LEFT = 160;
const BAR_AREA = 300;
const BAR_HEIGHT = 18;
const BAR_GAP = 10;

/** Draws one stacked horizontal bar per category, segmented by status, with a legend. */
export function renderCategoryChartSvg(
  bars: readonly CategoryBar[],
  idPrefix = 'gh-categories',
): string {
  const titleId = `${idPrefix}-title`;
  const totals = bars.map((bar) => THREAT_STATUSES.reduce((sum, s) => sum + bar.byStatus[s], 0));
  const largest = Math.max(1, ...totals);
  const width = BAR_LEFT + BAR_AREA + 56;
  const barsBottom = 8 + bars.length * (BAR_HEIGHT + BAR_GAP);
  const parts: string[] = [];
  bars.forEach((bar, index) => {
    const y = 8 + index * (BAR_HEIGHT + BAR_GAP);
    parts.push(
      svgText(bar.label, {
        x: BAR_LEFT - 10,
        y: y + 13,
        'text-anchor': 'end',
        'font-size': 12,
        fill: '#1f2430',
      }),
      `<rect${attributes({ x: BAR_LEFT, y, width: BAR_AREA, height: BAR_HEIGHT, fill: '#f1f3f5' })}/>`,
    );
    let x = BAR_LEFT;
    for (const status of THREAT_STATUSES) {
      const count = bar.byStatus[status];
      if (count === 0) continue;
      const segment = (count / largest) * BAR_AREA;
      parts.push(
        `<rect${attributes({ x, y, width: segment, height: BAR_HEIGHT, fill: STATUS_COLORS[status] })}><title>${escapeXml(`${bar.label}: ${count} ${status}`)}</title></rect>`,
      );
      x += segment;
    }
    parts.push(
      svgText(String(totals[index]), {
        x: x + 6,
        y: y + 13,
        'font-size': 12,
        'font-weight': 600,
        fill: '#1f2430',
      }),
    );
  });
  // The legend wraps onto as many rows as it needs within the chart's width.
  let legendX = 8;
  let legendY = barsBottom + 10;
  for (const status of THREAT_STATUSES) {
    const itemWidth = 22 + estimateTextWidth(status, 11) + 14;
    if (legendX + itemWidth > width) {
      legendX = 8;
      legendY += 20;
    }
    parts.push(
      `<rect${attributes({ x: legendX, y: legendY, width: 14, height: 14, fill: STATUS_COLORS[status] })}/>`,
      svgText(status, { x: legendX + 19, y: legendY + 11, 'font-size': 11, fill: '#1f2430' }),
    );
    legendX += itemWidth;
  }
  return (
    svgOpen({ x: 0, y: 0, width, height: legendY + 24 }, titleId) +
    `<title id="${escapeXml(titleId)}">Threats by STRIDE category and status</title>` +
    parts.join('') +
    `</svg>\n`
  );
}
