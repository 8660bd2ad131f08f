import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

// Vitest global setup: the worker thread of long jobs runs as a script of its own, so the tests
// build it from the sources once (the same way build/bundle-node.mjs does) and point
// DAICHO_WORKER_FILE at it.
export default async function setup(): Promise<() => void> {
  // Inside the project, so that the bundle finds the native database module in node_modules.
  fs.mkdirSync(path.resolve('node_modules/.cache'), { recursive: true });
  const dir = fs.mkdtempSync(path.resolve('node_modules/.cache/daicho-worker-'));
  const outfile = path.join(dir, 'worker.mjs');
  await build({
    entryPoints: ['electron/core/jobs/worker.ts'], outfile, bundle: true, platform: 'node', target: 'node22', format: 'esm',
    external: ['better-sqlite3-multiple-ciphers'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  process.env.DAICHO_WORKER_FILE = outfile;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
