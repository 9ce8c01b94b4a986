// The renderer build (web mode and, later, the desktop shell's app:// content).
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import {
  precomputedBuiltinPackModule,
  precomputedBuiltinPackVitePlugin,
} from './scripts/builtinPackModule.mjs';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './shared/security/contentSecurityPolicy';

/** Puts the app's Content-Security-Policy into index.html, so every host serves it. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'gatehouse-content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

export default defineConfig(async ({ command }) => ({
  root: 'renderer',
  // The same version the CLI bundle carries: a plan gate written in the app equals `gate write`.
  define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
  base: './',
  // The dev server's hot reload needs an inline script, so only built output carries the CSP;
  // `npm run web` and the e2e tests serve the built output.
  // Built output also carries the built-in rule pack validated at build time (≈ 25 ms of zod at
  // the first analysis otherwise); the dev server runs the source module.
  plugins: [
    react(),
    ...(command === 'build'
      ? [
          contentSecurityPolicy(),
          precomputedBuiltinPackVitePlugin(await precomputedBuiltinPackModule()),
        ]
      : []),
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { ...SECURITY_HEADERS } },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
}));
