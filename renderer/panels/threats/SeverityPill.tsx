/** A severity written as a word on a coloured pill (the colour is secondary). */
import type { Severity } from '../../../shared/model/schema';
import { SEVERITY_NAMES } from './threatList';

export function SeverityPill({ severity }: { severity: Severity }) {
  return (
    <span className={`gh-threat-severity gh-threat-severity--${severity}`}>
      {SEVERITY_NAMES[severity]}
    </span>
  );
}
