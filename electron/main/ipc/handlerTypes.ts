/**
 * What an IPC handler is: a function of the parsed request (already validated against the
 * channel's schema by `ipcServer.ts`) and the calling window's context. Expected failures are
 * thrown as `IpcFailure` (they reach the renderer as `{ code, message }`); anything else becomes
 * `internal`, with its details logged in main and kept from the renderer.
 */
import type * as z from 'zod';
import type { EventChannel, InvokeChannel } from '../../../shared/ipc/channelNames';
import type { EventOf, INVOKE_CONTRACT, ResponseOf } from '../../../shared/ipc/channels';

/** The request as the handler receives it: parsed, so defaults applied and types exact. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<
  (typeof INVOKE_CONTRACT)[C]['request']
>;

/** The window a request came from, as handlers may use it. */
export interface HandlerContext {
  /** Sends a validated-shape event to the calling window only. */
  send<C extends EventChannel>(channel: C, payload: EventOf<C>): void;
  /** An opaque ID of the calling window (granted files and dialogs are per window). */
  readonly windowId: number;
}

export type InvokeHandler<C extends InvokeChannel> = (
  request: ParsedRequestOf<C>,
  context: HandlerContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** Exactly one handler per invoke channel. */
export type HandlerTable = { [C in InvokeChannel]: InvokeHandler<C> };

/** The handlers of one domain, e.g. `HandlersOf<'jira:push' | 'jira:preview'>`. */
export type HandlersOf<C extends InvokeChannel> = { [K in C]: InvokeHandler<K> };
