#!/usr/bin/env node
// Bundles the compiled server (dist/src/main.js) into one ES module, dist/novum.mjs: Node then
// reads one file instead of resolving and compiling some six hundred modules at start-up, which
// halves the cold start. Native and optional packages stay outside: better-sqlite3 (a native
// addon), pg (loaded only with --database-url) and pino (its transports load files by path).
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/novum.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'pino'],
  // CommonJS dependencies inside an ES module bundle call require(): give them one.
  banner: { js: "import { createRequire as __novumRequire } from 'node:module'; const require = __novumRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
