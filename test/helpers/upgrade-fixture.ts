import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDaicho, type Daicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { manualClock } from '../integration/server-room-fixture';
import { tempDir } from './temp-daicho';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/**
 * An upgrade test's data (test/fixtures/<name>, written by an older version): a copy in a temp
 * folder, opened — and so migrated — by today's code on a clock set to `at`. Its raw key is given
 * for the checks made outside the app (openRaw), and the folder for opening it again.
 */
export async function openFixture(name: string, at: string): Promise<{ dir: string; key: string; dbFile: string; c: ReturnType<typeof manualClock>; d: Daicho }> {
  const dir = tempDir(`daicho-upgrade-${name}-`);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const c = manualClock(at);
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: c.clock });
  return { dir, key, dbFile: path.join(dir, 'daicho.db'), c, d };
}
