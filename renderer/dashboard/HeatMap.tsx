/**
 * The likelihood × impact heat map as a grid of buttons (likelihood up, impact across, as in the
 * report's risk matrix). A cell's button names its coordinates and count; pressing it filters the
 * dashboard's threat list to that cell, pressing it again clears the filter.
 */
import { MATRIX_FILLS, type RiskMatrix } from '../../shared/reports/charts';
import { severityOf } from '../../shared/rules/scoring';

/** A heat-map cell, by its coordinates. */
export interface HeatCellKey {
  likelihood: number;
  impact: number;
}

/** The accessible name of a cell, e.g. "Likelihood 4, impact 5: 3 threats". */
export function heatCellName(cell: RiskMatrix['cells'][number]): string {
  return `Likelihood ${cell.likelihood}, impact ${cell.impact}: ${cell.total} ${cell.total === 1 ? 'threat' : 'threats'}`;
}

export function HeatMap({
  matrix,
  selected,
  onSelect,
}: {
  matrix: RiskMatrix;
  selected: HeatCellKey | null;
  onSelect(cell: HeatCellKey | null): void;
}) {
  // Rows from likelihood 5 down to 1, so the worst corner is at the top right.
  const rows = [5, 4, 3, 2, 1].map((likelihood) =>
    matrix.cells.filter((cell) => cell.likelihood === likelihood),
  );
  return (
    <div className="gh-heatmap">
      <span className="gh-heatmap-axis gh-heatmap-axis--likelihood" aria-hidden="true">
        Likelihood
      </span>
      <div className="gh-heatmap-grid" role="group" aria-label="Heat map: likelihood by impact">
        {rows.map((cells) => (
          <div className="gh-heatmap-row" key={cells[0]!.likelihood}>
            <span className="gh-heatmap-label" aria-hidden="true">
              {cells[0]!.likelihood}
            </span>
            {cells.map((cell) => {
              const colours = MATRIX_FILLS[severityOf(cell.likelihood * cell.impact)];
              const isSelected =
                selected?.likelihood === cell.likelihood && selected.impact === cell.impact;
              return (
                <button
                  key={cell.impact}
                  type="button"
                  className="gh-heatmap-cell"
                  aria-pressed={isSelected}
                  aria-label={heatCellName(cell)}
                  title={`${heatCellName(cell)}, ${cell.open} open`}
                  style={{ background: colours.fill, color: colours.text }}
                  disabled={cell.total === 0 && !isSelected}
                  onClick={() =>
                    onSelect(
                      isSelected ? null : { likelihood: cell.likelihood, impact: cell.impact },
                    )
                  }
                >
                  <span className="gh-heatmap-total">{cell.total}</span>
                  {cell.total > 0 && <span className="gh-heatmap-open">{cell.open} open</span>}
                </button>
              );
            })}
          </div>
        ))}
        <div className="gh-heatmap-row" aria-hidden="true">
          <span className="gh-heatmap-label" />
          {[1, 2, 3, 4, 5].map((impact) => (
            <span key={impact} className="gh-heatmap-label gh-heatmap-label--impact">
              {impact}
            </span>
          ))}
        </div>
      </div>
      <span className="gh-heatmap-axis gh-heatmap-axis--impact" aria-hidden="true">
        Impact
      </span>
    </div>
  );
}
