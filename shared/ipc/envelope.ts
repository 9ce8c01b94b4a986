/**
 * The result envelope every IPC call returns: `{ ok: true, value }` or
 * `{ ok: false, error: { code, message } }`. Main never throws across IPC; the renderer validates
 * the envelope and the value before using either.
 */
import * as z from 'zod';
import { IPC_ERROR_CODES, IPC_ERROR_MESSAGES, type IpcErrorCode } from './errors';

/** An error as it crosses IPC. */
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/** What an IPC call resolves to. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The longest error message main sends (a message names a file at most). */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;

export const IpcErrorSchema = z.strictObject({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
});

/** The schema of the envelope around `value`. */
export function ipcResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: IpcErrorSchema }),
  ]);
}

/** A successful result. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** A failed result; the message defaults to the code's sentence. */
export function fail(
  code: IpcErrorCode,
  message: string = IPC_ERROR_MESSAGES[code],
): IpcResult<never> {
  return { ok: false, error: { code, message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) } };
}

/**
 * A failure a handler throws on purpose so the IPC server returns it as data (any other thrown
 * error becomes `internal`, with its details kept out of the renderer).
 */
export class IpcFailure extends Error {
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string = IPC_ERROR_MESSAGES[code]) {
    super(message);
    this.name = 'IpcFailure';
    this.code = code;
  }
}
