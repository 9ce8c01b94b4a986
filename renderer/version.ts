/** Gatehouse's version (package.json), defined at build time like the CLI's. */
declare const __GATEHOUSE_VERSION__: string;

export const GATEHOUSE_VERSION: string = __GATEHOUSE_VERSION__;
