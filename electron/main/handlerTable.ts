/**
 * The complete handler table, assembled from each domain's handlers. The compiler checks that
 * every invoke channel has exactly one handler; `handlerTable.test.ts` checks it at run time on
 * the real factories.
 */
import type { AppChannel } from './appHandlers';
import type { HandlersOf, HandlerTable } from './ipc/handlerTypes';

export type FileChannel =
  'file:open' | 'file:openRecent' | 'file:listRecent' | 'file:save' | 'file:import' | 'file:export';

export type JiraChannel =
  | 'jira:getConnection'
  | 'jira:saveConnection'
  | 'jira:forgetConnection'
  | 'jira:testConnection'
  | 'jira:preview'
  | 'jira:push';

export function createHandlerTable(parts: {
  app: HandlersOf<AppChannel>;
  files: HandlersOf<FileChannel>;
  jira: HandlersOf<JiraChannel>;
  report: HandlersOf<'report:renderPdf'>;
}): HandlerTable {
  return { ...parts.app, ...parts.files, ...parts.jira, ...parts.report };
}
