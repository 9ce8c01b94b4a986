/**
 * Where a finding points in the repository, for the outputs that need a file and a line (SARIF,
 * GitHub annotations). PRODUCT.md: "the model file, at the element's line where found, or the
 * manifest".
 */
import type { GateFinding, GateResult } from '../gateResult';

export interface FindingLocation {
  /**
   * The file as a path relative to the working directory, `/` separated, exactly as in
   * `GateResult.files`. Despite the name (kept from SARIF's `artifactLocation.uri`), a plain
   * path, not percent-encoded: the SARIF renderer encodes it, GitHub annotations take it as is.
   */
  uri: string;
  /** 1-based. */
  startLine: number;
}

export type LocateFinding = (finding: GateFinding) => FindingLocation;

/** Lines start at 1; a locator that knows no usable line means the top of the file. */
export function usableStartLine(line: number): number {
  return Number.isSafeInteger(line) && line >= 1 ? line : 1;
}

/**
 * The usual locator: model findings at the line of the first record among the element, the
 * threat (its triage record), the story and the feature that the model has, else line 1;
 * manifest findings at the top of the manifest; policy findings at the top of the policy, or of
 * the manifest when the built-in policy was used (there is no policy file to point at, and the
 * manifest is the file the gate checks).
 *
 * `modelIdLines` is `idLines(modelText)` from `./modelLines`.
 */
export function createFindingLocator(
  files: GateResult['files'],
  modelIdLines: ReadonlyMap<string, number>,
): LocateFinding {
  return (finding) => {
    switch (finding.location.file) {
      case 'manifest':
        return { uri: files.manifest, startLine: 1 };
      case 'policy':
        return { uri: files.policy ?? files.manifest, startLine: 1 };
      case 'model': {
        const candidates = [
          finding.location.elementId,
          finding.threat,
          finding.story,
          finding.feature,
        ];
        for (const id of candidates) {
          const line = id === null ? undefined : modelIdLines.get(id);
          if (line !== undefined) return { uri: files.model, startLine: line };
        }
        return { uri: files.model, startLine: 1 };
      }
    }
  };
}
