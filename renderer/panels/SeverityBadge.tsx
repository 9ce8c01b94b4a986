/** A severity written out, coloured by the badge palette (darker is worse, also in grayscale). */
import type { Severity } from '../../shared/model/schema';

export function SeverityBadge({ severity, label }: { severity: Severity; label?: string }) {
  return (
    <span className={`gh-pill gh-badge--${severity}`}>
      {severity}
      {label ? ` · ${label}` : ''}
    </span>
  );
}
