/**
 * The open-threat count and worst severity of an element, from the live analysis. Severity is
 * written out (for screen readers and grayscale), not only coloured.
 */
import { useAnalysis } from '../analysis/AnalysisContext';

export function ThreatBadge({ targetId }: { targetId: string }) {
  const summary = useAnalysis((s) => s.snapshot?.byTarget.get(targetId));
  if (!summary || summary.open === 0) return null;
  const worst = summary.worst ?? 'low';
  return (
    <span
      className={`gh-badge gh-badge--${worst}`}
      title={`${summary.open} open threat${summary.open === 1 ? '' : 's'}, worst ${worst}`}
      aria-label={`${summary.open} open threats, worst ${worst}`}
      data-testid={`badge-${targetId}`}
    >
      {summary.open}
      <span className="gh-badge-severity">{worst.charAt(0).toUpperCase()}</span>
    </span>
  );
}
