import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One temp folder for a whole test run: every data folder, key file and station the tests make goes
 * under it (TMPDIR, which os.tmpdir() and the commands the tests start read), and it is removed when
 * the run ends, also after a failure or a test that killed its process mid-write. Set
 * DAICHO_KEEP_TEST_TMP=1 to keep it for a look (its path is printed).
 */
export function runTemp(name: string): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `daicho-${name}-run-`));
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.DAICHO_KEEP_TEST_TMP === '1') {
      console.log(`test files kept in ${dir}`);
      return;
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
