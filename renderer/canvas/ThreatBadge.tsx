/** The open-threat count and worst severity of an element; filled in by live analysis. */
export function ThreatBadge(_props: { targetId: string }) {
  return null;
}
