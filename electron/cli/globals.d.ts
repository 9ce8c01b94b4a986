/** Injected by the CLI bundler (scripts/buildCli.mjs) from package.json. */
declare const __GATEHOUSE_VERSION__: string | undefined;
