/**
 * The main side of the IPC contract: one `ipcMain.handle` per invoke channel, each of which
 * checks the sender, parses the request with the channel's schema, runs the handler and returns a
 * result envelope — never an exception (ARCHITECTURE.md, "IPC"; the VS Code pattern).
 */
import {
  INVOKE_CHANNELS,
  type EventChannel,
  type InvokeChannel,
} from '../../../shared/ipc/channelNames';
import { EVENT_CONTRACT, INVOKE_CONTRACT, type EventOf } from '../../../shared/ipc/channels';
import { fail, IpcFailure, ok, type IpcResult } from '../../../shared/ipc/envelope';
import type { HandlerContext, HandlerTable } from './handlerTypes';

/** The parts of Electron's `IpcMainInvokeEvent` the server reads. */
export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  /** The frame that sent the message; null when it navigated away or was destroyed meanwhile. */
  readonly senderFrame: FrameLike | null;
}

export interface FrameLike {
  readonly url: string;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** The parts of `ipcMain` the server uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, request: unknown) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcServerOptions {
  /** Whether `sender` is one of the app's own windows (unknown web contents are refused). */
  isAppWindow(sender: WebContentsLike): boolean;
  /** The only origin allowed to call, `app://gatehouse`. */
  origin: string;
  /** Where unexpected handler errors are written (never to the renderer). */
  logError(message: string, error: unknown): void;
}

/**
 * Whether a message comes from the top frame of one of the app's windows, showing the app's own
 * origin. A subframe, a page that navigated elsewhere, or a destroyed frame may not call: the
 * check runs on every message, since the sender's URL can change after the window was created.
 */
export function isTrustedSender(event: InvokeEventLike, options: IpcServerOptions): boolean {
  const frame = event.senderFrame;
  if (!frame || !options.isAppWindow(event.sender)) return false;
  if (frame !== event.sender.mainFrame) return false;
  return originOf(frame.url) === options.origin;
}

/**
 * `scheme://host[:port]` of a URL, or null. Spelled out because Node's URL gives the origin
 * `"null"` for schemes it does not know as special, such as `app:` (Chromium knows it as standard
 * once registered as privileged).
 */
export function originOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** A short, value-free description of why a request did not parse (paths only, no input echo). */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const first = issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.') || '(request)';
    return `${path}: ${issue.message}`;
  });
  return `The request was malformed and was not carried out (${first.join('; ')}).`;
}

/** The context a handler gets for the window that called. */
function contextFor(sender: WebContentsLike): HandlerContext {
  return {
    windowId: sender.id,
    send: (channel, payload) => sendEvent(sender, channel, payload),
  };
}

/**
 * Runs one request through the checks and its handler. Exported so tests drive exactly what
 * `ipcMain` runs.
 */
export async function handleInvoke(
  channel: InvokeChannel,
  handlers: HandlerTable,
  event: InvokeEventLike,
  request: unknown,
  options: IpcServerOptions,
): Promise<IpcResult<unknown>> {
  if (!Object.hasOwn(INVOKE_CONTRACT, channel)) return fail('unknown-channel');
  if (!isTrustedSender(event, options)) return fail('forbidden-sender');
  const contract = INVOKE_CONTRACT[channel];
  const parsed = contract.request.safeParse(request);
  if (!parsed.success) return fail('invalid-request', describeIssues(parsed.error.issues));
  try {
    const handler = handlers[channel] as (request: unknown, context: HandlerContext) => unknown;
    const value = await handler(parsed.data, contextFor(event.sender));
    // Main checks its own answers too: a handler bug must not send the renderer bad data.
    const checked = contract.response.safeParse(value);
    if (!checked.success) {
      options.logError(`${channel}: the handler's answer does not fit the contract`, checked.error);
      return fail('internal');
    }
    return ok(checked.data);
  } catch (error) {
    if (error instanceof IpcFailure) return fail(error.code, error.message);
    options.logError(`${channel}: the handler failed`, error);
    return fail('internal');
  }
}

/** Registers one handler per channel; returns a function that removes them all. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: HandlerTable,
  options: IpcServerOptions,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, request) =>
      handleInvoke(channel, handlers, event, request, options),
    );
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Sends an event to one window after checking the payload against the contract (an invalid
 * payload is a bug in main: it throws rather than reaching the renderer).
 */
export function sendEvent<C extends EventChannel>(
  target: WebContentsLike,
  channel: C,
  payload: EventOf<C>,
): void {
  const checked = EVENT_CONTRACT[channel].parse(payload);
  if (!target.isDestroyed()) target.send(channel, checked);
}
