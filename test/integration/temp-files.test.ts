import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/store/database';
import { openReadConnection } from '../../electron/core/store/read-connection';
import { DoorQueue } from '../../electron/station/door-queue';
import { QUEUE_KEY } from './door-fixture';
import { openTemp, tempDir } from '../helpers/temp-daicho';

// SQLite's temporary files (a sort larger than the cache, a temporary index) are not encrypted by
// SQLite3 Multiple Ciphers, and this build writes them to the OS temp folder by default: a sort of
// people's names larger than the cache wrote them there in clear. Every connection the app opens on
// an encrypted file keeps them in memory (store/database.ts keepTempInMemory).

const SECRET = '山田秘密';

/**
 * Sorts ~4 MB of text holding SECRET on `db` and, while the sorted rows are read out, reads every
 * SQLite temporary file the process holds open (Linux: /proc/self/fd; SQLite unlinks them at once).
 */
function tempFilesDuringASort(db: Db): { files: number; secretInThem: boolean } {
  // The caches hold 16 MB (this build's SQLITE_DEFAULT_CACHE_SIZE; 64 MiB the app's own): made smaller
  // here, so that a sort of a few MB is larger.
  db.pragma('cache_size=-1024');
  let seen: { files: number; secretInThem: boolean } | null = null;
  db.function('peek_temp_files', (x: unknown) => {
    if (seen) return x;
    seen = { files: 0, secretInThem: false };
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        continue; // closed meanwhile
      }
      if (!link.includes('etilqs_')) continue; // SQLite's temporary file names
      seen.files++;
      if (fs.readFileSync(`/proc/self/fd/${fd}`).includes(Buffer.from(SECRET))) seen.secretInThem = true;
    }
    return x;
  });
  const rows = db
    .prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      SELECT peek_temp_files(v) AS v FROM (SELECT '${SECRET}' || ((i * 7919) % 60000) || printf('%040d', i) AS v FROM n ORDER BY v)`)
    .all() as { v: string }[];
  expect(rows).toHaveLength(60000);
  return seen!;
}

describe.skipIf(process.platform !== 'linux')('no temporary file in clear (SQLite3 Multiple Ciphers encrypts the database only)', () => {
  it('the app\'s connection, a worker\'s read connection and a door terminal\'s queue keep a sort larger than their cache in memory', async () => {
    const d = await openTemp();
    expect(tempFilesDuringASort(d.store.db)).toEqual({ files: 0, secretInThem: false });
    const key = Buffer.from(fs.readFileSync(d.keyFile, 'utf8').trim(), 'hex');
    const reader = openReadConnection(d.store.db.name, key);
    try {
      expect(tempFilesDuringASort(reader)).toEqual({ files: 0, secretInThem: false });
    } finally {
      reader.close();
    }
    d.close();
    const queue = new DoorQueue(tempDir('daicho-door-'), QUEUE_KEY);
    try {
      expect(tempFilesDuringASort((queue as unknown as { db: Db }).db)).toEqual({ files: 0, secretInThem: false });
    } finally {
      queue.close();
    }
  });

  it('the check itself sees such a file when a connection keeps them on disk (SQLite\'s default here)', async () => {
    const d = await openTemp();
    d.store.db.pragma('temp_store=DEFAULT');
    const seen = tempFilesDuringASort(d.store.db);
    expect(seen.files).toBeGreaterThan(0);
    expect(seen.secretInThem).toBe(true);
    d.close();
  });
});
