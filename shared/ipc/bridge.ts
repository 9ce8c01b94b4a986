/**
 * The shape of the object the preload exposes on `window` (`BRIDGE_NAME`): exactly one function
 * per channel. Invoke functions resolve to the raw result envelope, which the renderer validates
 * (a compromised or buggy main must not be trusted blindly either); event functions register a
 * listener and return its removal.
 */
import type { EventChannel, InvokeChannel } from './channelNames';
import type { EventOf, RequestOf, ResponseOf } from './channels';
import type { IpcResult } from './envelope';

export type DesktopBridge = {
  readonly [C in InvokeChannel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  readonly [C in EventChannel]: (listener: (payload: EventOf<C>) => void) => () => void;
};
