import fs from 'node:fs';
import path from 'node:path';

// Long jobs (verify, backup) run in worker threads (issue 7): the bundle that starts them says
// where the worker script is (dist/node/worker.mjs beside the CLI, dist/electron/worker.cjs beside
// the Electron main process); tests point DAICHO_WORKER_FILE at one built for them. The reader
// worker's script (jobs/reader.ts: API calls' heavy reads) is beside it: reader.mjs, reader.cjs.

let configured: string | null = null;

/** Called once by each entry point (CLI, Electron main, bench) with the worker script beside it. */
export function setWorkerFile(file: string): void {
  // In a packaged app the script is unpacked from the asar archive (see electron-builder.yml).
  configured = file.replace(`${'app.asar'}${file.includes('\\') ? '\\' : '/'}`, `app.asar.unpacked${file.includes('\\') ? '\\' : '/'}`);
}

export function workerFile(): string {
  const file = process.env.DAICHO_WORKER_FILE || configured;
  if (!file) throw new Error('the worker script is not configured (setWorkerFile or DAICHO_WORKER_FILE)');
  if (!fs.existsSync(file)) throw new Error(`the worker script is missing: ${file} (run npm run build)`);
  return file;
}

/** The reader worker's script (jobs/reader.ts), beside the long jobs' one. */
export function readerFile(): string {
  const jobs = workerFile();
  const name = path.basename(jobs);
  // Beside a script named otherwise there is no reader to find: the reads are answered on the main thread.
  if (!/^worker\.[cm]?js$/.test(name)) throw new Error(`no reader worker script beside ${jobs}`);
  const file = path.join(path.dirname(jobs), name.replace(/^worker\./, 'reader.'));
  if (!fs.existsSync(file)) throw new Error(`the reader worker script is missing: ${file} (run npm run build)`);
  return file;
}
