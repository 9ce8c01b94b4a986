/**
 * The Jira connection kept in the settings file (`jira`): the Jira store's own schema checks it
 * on the way in and out, so a hand-edited or hostile entry reads as "no connection".
 */
import type { JiraConnectionStore } from '../jira/connectionStore';
import { parseStoredJiraConnection } from '../jira/connectionStore';
import type { SettingsStore } from './settingsFile';

export function jiraConnectionsInSettings(settings: SettingsStore): JiraConnectionStore {
  return {
    load: () => Promise.resolve(parseStoredJiraConnection(settings.get().jira)),
    save: (connection) => {
      settings.update((current) => ({ ...current, jira: { ...connection } }));
      return Promise.resolve();
    },
    clear: () => {
      settings.update((current) => ({ ...current, jira: null }));
      return Promise.resolve();
    },
  };
}
