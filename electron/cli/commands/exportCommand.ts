/** `gatehouse export …`: reads the model, builds its stories, writes the export atomically. */
import { resolve } from 'node:path';
import { jiraSettingsOf } from '../../../shared/gate/policy';
import { parseModel } from '../../../shared/model/parseModel';
import { UsageError, type CliIo } from '../cliIo';
import { inFile, loadPacks } from '../loadInputs';
import { MAX_INPUT_BYTES, readTextFile, writeFileAtomic } from '../../services/textFiles';
import { storiesFor } from './stories';
import { loadPolicy, portablePath, today } from './gate';
import { exportJira, type JiraExportKind } from '../../../shared/jira/exportJira';

export interface ExportCommandOptions {
  out: string;
  stories: 'accepted' | 'all';
  project?: string;
  policy?: string;
  now?: string;
  rules?: string[];
}

export function runExport(
  io: CliIo,
  kind: JiraExportKind,
  file: string,
  options: ExportCommandOptions,
): string {
  if (kind !== 'jira-csv' && !options.project)
    throw new UsageError(`${kind} needs --project <KEY> (the Jira project the stories go to).`);
  const text = readTextFile(resolve(io.cwd, file), MAX_INPUT_BYTES, file);
  const model = inFile(file, () => parseModel(text).model);
  const { policy } = loadPolicy(io, options.policy);
  const stories = storiesFor(model, loadPacks(io.cwd, options.rules));
  const firstSeenByThreat = new Map<string, string>();
  for (const triage of model.threats)
    if (triage.firstSeen) firstSeenByThreat.set(triage.threatId, triage.firstSeen);
  const exported = exportJira(kind, {
    stories,
    features: model.features,
    settings: jiraSettingsOf(policy),
    projectKey: options.project ?? '',
    today: today(io, options.now),
    firstSeenByThreat,
    which: options.stories,
  });
  const out = resolve(io.cwd, options.out);
  const [fileOut] = exported.files;
  if (!fileOut) throw new Error('the export produced no file');
  writeFileAtomic(out, fileOut.text);
  const skipped =
    exported.alreadyInJira.length > 0
      ? ` (${exported.alreadyInJira.length} already in Jira, left out)`
      : '';
  return `Wrote ${portablePath(io.cwd, out)}: ${exported.exported} stories${skipped}.\n`;
}
