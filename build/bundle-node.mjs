// Bundles everything that runs in Node (CLI, browser-mode host, bench) and the thin Electron
// shell with esbuild. The native database module and Electron stay external.
import { build } from 'esbuild';
import fs from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  external: ['better-sqlite3-multiple-ciphers', 'electron', 'playwright-core'],
  logLevel: 'warning',
  // The root tsconfig.json only lists the per-runtime configs; this is the one for electron/.
  tsconfig: 'tsconfig.node.json',
};

const targets = [
  { entryPoints: { cli: 'electron/cli/main.ts' }, outdir: 'dist/node', format: 'esm', outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } },
  // The worker thread of long jobs (verify, backup), beside each bundle that starts it.
  // …and the reader worker (API calls' heavy reads, with the app's handlers), beside it.
  { entryPoints: { worker: 'electron/core/jobs/worker.ts', reader: 'electron/core/jobs/reader.ts' }, outdir: 'dist/node', format: 'esm', outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } },
  { entryPoints: { main: 'electron/main/main.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' } },
  { entryPoints: { worker: 'electron/core/jobs/worker.ts', reader: 'electron/core/jobs/reader.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' } },
  { entryPoints: { preload: 'electron/preload/preload.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' } },
];
if (fs.existsSync('test/bench/bench.ts')) {
  targets.push({ entryPoints: { bench: 'test/bench/bench.ts' }, outdir: 'dist/node', format: 'esm', outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
}

await Promise.all(targets.filter((t) => Object.values(t.entryPoints).every((e) => fs.existsSync(e))).map((t) => build({ ...common, ...t })));
