/**
 * `gatehouse export otm <model> --out <file>`: the model (or a foreign file, imported on the fly)
 * as Open Threat Model 0.2.0 (docs/otm-export.md), written atomically.
 */
import { resolve } from 'node:path';
import { exportOtm, serializeOtm, type OtmFormat } from '../../../shared/export/otmExport';
import { writeFileAtomic } from '../../services/textFiles';
import { UsageError, type CliIo } from '../cliIo';
import { loadModelFile, loadPacks } from '../loadInputs';
import { oneLine } from '../textTable';
import { portablePath } from './gate';

/** The text formats `--format` accepts. */
export const OTM_FORMATS: readonly OtmFormat[] = ['json', 'yaml'];

export interface ExportOtmOptions {
  /** The file to write. */
  out: string;
  /** `json` (the default) or `yaml`. */
  format?: string;
  /** The OTM `project.id` (default: from the model name). */
  projectId?: string;
  /** Additional rule-pack files: their threats and mitigations are exported too. */
  rules?: string[];
}

function isOtmFormat(format: string): format is OtmFormat {
  return (OTM_FORMATS as readonly string[]).includes(format);
}

/**
 * Writes the OTM export of `file` (relative to `io.cwd`) to `options.out`; returns what to print:
 * what was written, and what OTM could not carry as such.
 */
export async function exportOtmCommand(
  io: CliIo,
  file: string,
  options: ExportOtmOptions,
): Promise<string> {
  const format = options.format ?? 'json';
  if (!isOtmFormat(format))
    throw new UsageError(`--format must be ${OTM_FORMATS.join(' or ')}, not "${format}".`);
  const { model } = await loadModelFile(io.cwd, file);
  const packs = loadPacks(io.cwd, options.rules);
  const { document, notes } = exportOtm(model, packs.compiled, {
    ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
  });
  const out = resolve(io.cwd, options.out);
  writeFileAtomic(out, serializeOtm(document, format));
  const instances = [...document.components, ...document.dataflows].reduce(
    (sum, item) => sum + (item.threats?.length ?? 0),
    0,
  );
  const lines = [
    `Wrote ${portablePath(io.cwd, out)} (Open Threat Model ${document.otmVersion}, ${format.toUpperCase()}): ${document.trustZones.length} trust zones, ${document.components.length} components, ${document.dataflows.length} dataflows, ${document.threats.length} threats (${instances} on components and dataflows), ${document.mitigations.length} mitigations.`,
    ...notes.map((note) => `  note: ${oneLine(note, 400)}`),
  ];
  return `${lines.join('\n')}\n`;
}
