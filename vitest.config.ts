import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

export default defineConfig({
  // The CLI bundle gets the version the same way (scripts/buildCli.mjs).
  define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'scripts/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
    ],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
