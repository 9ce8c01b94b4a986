/**
 * Every way an IPC call can fail, with the sentence a person reads when the handler has nothing
 * more specific to say. Errors cross IPC as data (`{ code, message }`), never as exceptions
 * (ARCHITECTURE.md, "IPC").
 */
export const IPC_ERROR_MESSAGES = {
  'invalid-request': 'The request was malformed and was not carried out.',
  'invalid-response': 'The desktop shell answered with something unexpected.',
  'forbidden-sender': 'The request came from a page that may not make it.',
  'unknown-channel': 'The desktop shell does not know this request.',
  'not-granted': 'That file was not opened or saved in this session; choose it again.',
  'too-large': 'The file is too large to open.',
  unreadable: 'The file could not be read.',
  'write-failed': 'The file could not be written; the previous version is unchanged.',
  'changed-on-disk': 'The file changed on disk since it was opened.',
  'secrets-unavailable':
    'This computer offers no encrypted storage for secrets, so the token cannot be kept.',
  'jira-not-configured': 'No Jira connection is set up yet.',
  'jira-unauthorized': 'Jira refused the credentials (401 or 403).',
  'jira-unreachable': 'Jira could not be reached.',
  'jira-rejected': 'Jira rejected the request.',
  'jira-rate-limited': 'Jira kept asking to slow down (429); try again in a few minutes.',
  'jira-unexpected-answer': 'Jira answered with something Gatehouse does not understand.',
  'jira-busy': 'A Jira push is already running; wait for it to finish.',
  internal: 'Something went wrong in the desktop shell.',
} as const;

/** The code of an IPC failure (a key of `IPC_ERROR_MESSAGES`). */
export type IpcErrorCode = keyof typeof IPC_ERROR_MESSAGES;

/** All error codes, in a stable order (for schemas). */
export const IPC_ERROR_CODES = Object.keys(IPC_ERROR_MESSAGES) as [IpcErrorCode, ...IpcErrorCode[]];

/** Whether `code` names a known IPC failure. */
export function isIpcErrorCode(code: unknown): code is IpcErrorCode {
  return typeof code === 'string' && Object.hasOwn(IPC_ERROR_MESSAGES, code);
}
