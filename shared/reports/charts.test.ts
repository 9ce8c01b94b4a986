import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { THREAT_STATUSES } from '../model/schema';
import {
  MATRIX_FILLS,
  renderCategoryChartSvg,
  renderRiskMatrixSvg,
  STATUS_COLORS,
  type RiskMatrix,
} from './charts';

function matrixWith(
  counts: Record<string, { total: number; open: number }>,
): RiskMatrix {
  const cells: RiskMatrix['cells'] = [];
  for (let likelihood = 1; likelihood <= 5; likelihood++)
    for (let impact = 1; impact <= 5; impact++)
      cells.push({ likelihood, impact, ...(counts[`${likelihood}x${impact}`] ?? { total: 0, open: 0 }) });
  return { cells };
}

/** The first fill of the group whose title starts with `title`, and the group's text. */
function cell(svg: string, title: string): { fill: string; group: string } {
  const start = svg.indexOf(`<title>${title}`);
  expect(start).toBeGreaterThan(-1);
  const group = svg.slice(start, svg.indexOf('</g>', start));
  return { fill: /fill="([^"]+)"/.exec(group)![1]!, group };
}

/** The width of the first rectangle filled with `colour`. */
function widthOf(svg: string, colour: string): number {
  const rectangle = svg.split('<rect').find((part) => part.includes(`fill="${colour}"`))!;
  return Number(/width="([\d.]+)"/.exec(rectangle)![1]);
}

describe('renderRiskMatrixSvg', () => {
  const svg = renderRiskMatrixSvg(
    matrixWith({ '5x5': { total: 4, open: 3 }, '1x2': { total: 2, open: 0 } }),
  );

  it('colours each cell by the severity of likelihood × impact and writes its counts', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const critical = cell(svg, 'likelihood 5, impact 5 (critical): 4 threats, 3 open');
    expect(critical.fill).toBe(MATRIX_FILLS.critical.fill);
    expect(critical.group).toContain('>3 open</text>');
    expect(cell(svg, 'likelihood 1, impact 2 (low): 2 threats, 0 open').fill).toBe(
      MATRIX_FILLS.low.fill,
    );
    expect(cell(svg, 'likelihood 2, impact 5 (high)').fill).toBe(MATRIX_FILLS.high.fill);
    expect(cell(svg, 'likelihood 3, impact 3 (medium)').fill).toBe(MATRIX_FILLS.medium.fill);
    expect(svg.match(/<title>likelihood/g)).toHaveLength(25);
  });
});

describe('renderCategoryChartSvg', () => {
  it('stacks one segment per status with a count, scaled to the largest bar, and escapes labels', () => {
    const none = Object.fromEntries(THREAT_STATUSES.map((s) => [s, 0])) as Record<
      (typeof THREAT_STATUSES)[number],
      number
    >;
    const svg = renderCategoryChartSvg([
      { label: 'Spoofing <b>', byStatus: { ...none, open: 2, mitigated: 2 } },
      { label: 'Tampering', byStatus: { ...none, accepted: 1 } },
    ]);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('Spoofing &lt;b&gt;');
    expect(widthOf(svg, STATUS_COLORS.open)).toBe(150);
    expect(widthOf(svg, STATUS_COLORS.accepted)).toBe(75);
    expect(svg).toContain('>4</text>');
  });
});
