import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { runTemp } from './run-temp';

// Vitest global setup: one temp folder for the run (run-temp.ts); and the worker threads (long jobs,
// the reader) run as scripts of their own, so the tests build them from the sources once (the same
// way build/bundle-node.mjs does) and point DAICHO_WORKER_FILE at it.
export default async function setup(): Promise<() => void> {
  // Inside the project, so that the bundle finds the native database module in node_modules.
  fs.mkdirSync(path.resolve('node_modules/.cache'), { recursive: true });
  const dir = fs.mkdtempSync(path.resolve('node_modules/.cache/daicho-worker-'));
  const outfile = path.join(dir, 'worker.mjs');
  // The reader worker (jobs/reader.ts) beside it, as reader.mjs (jobs/worker-file.ts readerFile).
  await build({
    entryPoints: { worker: 'electron/core/jobs/worker.ts', reader: 'electron/core/jobs/reader.ts' }, outdir: dir, outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', target: 'node22', format: 'esm',
    external: ['better-sqlite3-multiple-ciphers'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  process.env.DAICHO_WORKER_FILE = outfile;
  const removeTemp = runTemp('vitest');
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    removeTemp();
  };
}
