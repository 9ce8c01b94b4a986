/** Searching the rule library: by text (ID, title, description, references) and category. */
import type { StrideCategory } from '../../shared/model/schema';
import type { Rule, RulePack } from '../../shared/rules/packSchema';

/** A rule with the pack it belongs to. */
export interface LibraryRule {
  packId: string;
  rule: Rule;
}

/** Every rule of `packs` that matches `text` (case-insensitive) and `category` (null: any). */
export function filterRules(
  packs: readonly RulePack[],
  text: string,
  category: StrideCategory | null,
): LibraryRule[] {
  const needle = text.trim().toLowerCase();
  const result: LibraryRule[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (category !== null && rule.category !== category) continue;
      if (needle !== '' && !searchText(pack.id, rule).includes(needle)) continue;
      result.push({ packId: pack.id, rule });
    }
  }
  return result;
}

function searchText(packId: string, rule: Rule): string {
  return [
    packId,
    rule.id,
    rule.title,
    rule.description,
    ...rule.mitigations,
    ...rule.cwe.map((cwe) => `cwe-${cwe}`),
    ...rule.capec.map((capec) => `capec-${capec}`),
  ]
    .join('\n')
    .toLowerCase();
}

/** The web page of a CWE weakness. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** The web page of a CAPEC attack pattern. */
export function capecUrl(capec: number): string {
  return `https://capec.mitre.org/data/definitions/${capec}.html`;
}

/** OWASP ASVS 5.0.0 on GitHub (requirements are cited as `v5.0.0-12.1.1`). */
export const ASVS_URL = 'https://github.com/OWASP/ASVS/tree/v5.0.0';
