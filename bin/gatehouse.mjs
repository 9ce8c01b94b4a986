#!/usr/bin/env node
// The `gatehouse` command: runs the bundled CLI (built by `npm install` / `npm run build:cli`).
let cli;
try {
  cli = await import('../dist/cli/gatehouse.mjs');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(
    'gatehouse: the CLI bundle is missing (dist/cli/gatehouse.mjs). Run `npm run build:cli` in the Gatehouse repository.\n',
  );
  process.exit(3);
}
process.exitCode = await cli.main(process.argv.slice(2));
