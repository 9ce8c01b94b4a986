/**
 * The renderer's side of the IPC contract: calls the preload bridge and trusts nothing it gets
 * back. Every answer is parsed with the channel's response schema (and every event with its
 * payload schema) before a component sees it; failures arrive as `DesktopError` with the code
 * main chose, or `invalid-response` when the answer does not fit the contract.
 */
import type { DesktopBridge } from '../../shared/ipc/bridge';
import { BRIDGE_NAME, type EventChannel, type InvokeChannel } from '../../shared/ipc/channelNames';
import {
  EVENT_CONTRACT,
  INVOKE_CONTRACT,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/channels';
import { ipcResultSchema } from '../../shared/ipc/envelope';
import { IPC_ERROR_MESSAGES, type IpcErrorCode } from '../../shared/ipc/errors';

/** An IPC call failed; `code` is main's (or `invalid-response`), `message` is for the person. */
export class DesktopError extends Error {
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string = IPC_ERROR_MESSAGES[code]) {
    super(message);
    this.name = 'DesktopError';
    this.code = code;
  }
}

/** Typed, validated access to the desktop shell. */
export interface DesktopApi {
  /** Sends a request; resolves with the validated answer or rejects with a `DesktopError`. */
  call<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Listens to a main-process event; malformed payloads are dropped. Returns the removal. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void;
}

/** The bridge the preload exposed, or `null` in a plain browser. */
export function findDesktopBridge(scope: object = globalThis): DesktopBridge | null {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_NAME];
  return typeof bridge === 'object' && bridge !== null ? (bridge as DesktopBridge) : null;
}

/** Wraps the raw bridge in validation. */
export function createDesktopApi(bridge: DesktopBridge): DesktopApi {
  const resultSchemas = new Map<InvokeChannel, ReturnType<typeof ipcResultSchema>>();
  const resultSchemaOf = (channel: InvokeChannel) => {
    let schema = resultSchemas.get(channel);
    if (!schema) {
      schema = ipcResultSchema(INVOKE_CONTRACT[channel].response);
      resultSchemas.set(channel, schema);
    }
    return schema;
  };
  return {
    async call(channel, request) {
      const send = bridge[channel] as (request: unknown) => Promise<unknown>;
      if (typeof send !== 'function') throw new DesktopError('unknown-channel');
      const parsed = resultSchemaOf(channel).safeParse(await send(request));
      if (!parsed.success) throw new DesktopError('invalid-response');
      const result = parsed.data as
        | { ok: true; value: unknown }
        | { ok: false; error: { code: IpcErrorCode; message: string } };
      if (!result.ok) throw new DesktopError(result.error.code, result.error.message);
      return result.value as ResponseOf<typeof channel>;
    },
    on(channel, listener) {
      const subscribe = bridge[channel] as (listener: (payload: unknown) => void) => () => void;
      if (typeof subscribe !== 'function') throw new DesktopError('unknown-channel');
      return subscribe((payload) => {
        const parsed = EVENT_CONTRACT[channel].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventOf<typeof channel>);
      });
    },
  };
}
