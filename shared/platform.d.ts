/**
 * The few globals that exist alike in Node, browsers and Electron. `shared/` compiles with
 * `lib: ES2023` and no ambient types so that `window`, `document` or `process` cannot creep in;
 * these declarations admit only what every runtime provides.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class URL {
  constructor(url: string, base?: string);
  static canParse(url: string, base?: string): boolean;
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly username: string;
  readonly password: string;
}
