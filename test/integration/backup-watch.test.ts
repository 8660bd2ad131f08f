import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchCopy } from '../../electron/core/jobs/backup';
import { tempDir } from '../helpers/temp-daicho';

// The backup's copy is watched as it grows (jobs/backup.ts watchCopy): its size for the progress bar,
// and a flush of what was written since the last look, all off the main thread; stopped, it leaves
// no file open (a handle left open would keep the copy from being renamed or removed on Windows).

/** The process's open files that are `file` (Linux: /proc/self/fd). */
function openHandlesTo(file: string): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

async function until(ok: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(process.platform !== 'linux')('the backup copy\'s watch', () => {
  it('reports the size as the copy grows, keeps one handle for its flushes, and closes it when stopped, also with a look in flight', async () => {
    const file = path.join(fs.realpathSync(tempDir('daicho-watch-')), 'daicho.db.tmp');
    const sizes: number[] = [];
    const watch = watchCopy(file, (n) => sizes.push(n));
    await new Promise((r) => setTimeout(r, 150));
    expect(sizes).toEqual([]); // not there yet: nothing said, nothing opened
    fs.writeFileSync(file, Buffer.alloc(4096));
    await until(() => sizes.includes(4096), 'the first size');
    await until(() => openHandlesTo(file) === 1, 'the handle for the flushes');
    fs.appendFileSync(file, Buffer.alloc(4096));
    await until(() => sizes.includes(8192), 'the grown size');
    expect(openHandlesTo(file)).toBe(1); // the same handle, not one per look
    watch.stop();
    await until(() => openHandlesTo(file) === 0, 'the handle closed');
    const said = sizes.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(sizes.length).toBe(said); // nothing after the stop

    // Stopped as soon as the file is seen, its open and flush still to come: the handle is closed all the same.
    const second = path.join(path.dirname(file), 'second.tmp');
    fs.writeFileSync(second, Buffer.alloc(4096));
    let stopSecond = (): void => undefined;
    const w2 = watchCopy(second, () => stopSecond());
    stopSecond = () => w2.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(openHandlesTo(second)).toBe(0);
  });
});
