#!/usr/bin/env node
// The `gatehouse` command: runs the bundled CLI (built by `npm install` / `npm run build:cli`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/gatehouse.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'gatehouse: the CLI bundle is missing (dist/cli/gatehouse.mjs). Run `npm run build:cli` in the Gatehouse repository.\n',
  );
  process.exit(3);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
