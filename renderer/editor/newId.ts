/** Fresh record IDs for new elements, flows, zones and diagrams: `<prefix>-` + 10 hex digits. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
