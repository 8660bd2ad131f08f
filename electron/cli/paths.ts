import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the daicho package (holds package.json and dist/), found from this file upwards. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'daicho') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the daicho package folder');
    dir = up;
  }
}

/** The built renderer served in browser mode. */
export function rendererDir(): string {
  return path.join(packageRoot(), 'dist', 'renderer');
}

/**
 * The data folder when --data is not given: $DAICHO_DATA, else ./.daicho-data (git-ignored in
 * a checkout). Always printed as an absolute path so nobody wonders where the data went.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DAICHO_DATA || '.daicho-data');
}
