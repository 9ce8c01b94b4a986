export interface ElectronegativityRow {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
}
export interface AllowlistEntry {
  check: string;
  file: string;
  reason: string;
}
export interface SourceFile {
  path: string;
  text: string;
}
export interface CycloneDxComponent {
  name: string;
  group?: string;
  version: string;
  'bom-ref'?: string;
}
export interface CycloneDx {
  bomFormat?: string;
  metadata?: { component?: { 'bom-ref'?: string } };
  components?: CycloneDxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}
export interface NpmTree {
  version?: string;
  dependencies?: Record<string, NpmTree>;
}

export const ALLOWLIST_FILE: string;
export const SANDBOX_DISABLERS: RegExp;
export const APP_CODE: readonly string[];
export interface ElectronegativityIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number; column: number };
  sample?: string | null;
  description?: string | null;
}
export function electronegativityCsv(issues: readonly ElectronegativityIssue[]): string;
export function parseElectronegativityCsv(text: string, scannedDir: string): ElectronegativityRow[];
export function parseAllowlist(json: unknown): AllowlistEntry[];
export function gateElectronegativity(
  rows: Pick<ElectronegativityRow, 'check' | 'severity' | 'file' | 'location'>[],
  allowlist: AllowlistEntry[],
  parseErrors: { file: string; message: string }[],
): { failures: string[]; notes: string[] };
export function findInlineSuppressions(files: SourceFile[]): string[];
export function isAppCode(file: string): boolean;
export function findSandboxDisablers(files: SourceFile[]): string[];
export function checkSbomComponents(
  sbom: CycloneDx,
  dependencies: Record<string, string>,
): string[];
export function packagesOfTree(tree: NpmTree): Set<string>;
export function pruneSbom(
  sbom: CycloneDx,
  packages: Set<string>,
): CycloneDx & { components: CycloneDxComponent[] };
