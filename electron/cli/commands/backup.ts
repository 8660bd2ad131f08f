import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDaicho } from '../../core/daicho';
import { DB_FILE, PASSPHRASE_KEY_FILE, RECOVERY_FILE, type KeyStore } from '../../core/keys/keystore';
import { verifyJournal } from '../../core/journal/verify';
import { StoreError } from '../../core/store/errors';
import { CliError, EXIT } from '../errors';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/** The key, unwrapped once (a passphrase costs a scrypt), for both opening the data and checking the copy. */
function keyOnce(key: Buffer, kind: KeyStore['kind']): KeyStore {
  return { kind, exists: () => true, load: async () => key, save: async () => undefined };
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Open the copy read-only with the key; it must pass SQLite's integrity check and the journal verify. */
function checkCopy(file: string, key: Buffer): { rows: number; headSeq: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new CliError(`The copy failed SQLite's integrity check (${String(integrity)}); the last good backup was kept.`, EXIT.verifyFailed);
    const v = verifyJournal(db);
    if (!v.ok) throw new CliError(`The copy does not verify at sequence #${v.firstBadSeq}: ${v.problem}; the last good backup was kept.`, EXIT.verifyFailed);
    return { rows: v.rows, headSeq: v.headSeq };
  } finally {
    db.close();
  }
}

/**
 * `daicho backup` (SPEC §8, Art. 13(7)): an encrypted copy of the data folder, written to a
 * temporary folder, flushed, checked (opens with the key, integrity check, journal verify), and only
 * then renamed into place — a failed backup never replaces the last good one. The copy holds the
 * wrapped keys, so it opens with the same passphrase or the recovery code (a raw key file is kept
 * wherever you keep it). The backup is journaled in the data it was taken from.
 */
export async function backupCommand(args: UnlockArgs & { to: string | undefined }): Promise<number> {
  if (!args.to) throw new CliError('Where to? Give the backup folder with --to DIR. / --to でバックアップ先を指定してください。');
  const to = args.to;
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  const rel = path.relative(args.dataDir, to);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)))
    throw new CliError('The backup must go outside the data folder. / バックアップ先はデータフォルダの外にしてください。');
  if (fs.existsSync(to) && fs.readdirSync(to).length > 0 && !fs.existsSync(path.join(to, DB_FILE)))
    throw new CliError(`${to} is neither empty nor a Daicho backup; nothing was changed. / バックアップ先が空ではありません。`);

  const keyStore = await keyStoreToOpen(args);
  const key = await keyStore.load();
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore: keyOnce(key, keyStore.kind) });
  const tmp = `${to}.tmp-${process.pid}`;
  try {
    const source = daicho.verify();
    if (!source.ok)
      throw new CliError(`The data does not verify (sequence #${source.firstBadSeq}: ${source.problem}); no backup was made. / データの検証に失敗したため、バックアップしませんでした。`, EXIT.verifyFailed);

    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    // VACUUM INTO writes a consistent, compacted copy encrypted with the same key.
    daicho.store.db.prepare('VACUUM INTO ?').run(path.join(tmp, DB_FILE));
    for (const f of [PASSPHRASE_KEY_FILE, RECOVERY_FILE]) {
      if (fs.existsSync(path.join(args.dataDir, f))) fs.copyFileSync(path.join(args.dataDir, f), path.join(tmp, f));
    }
    for (const f of fs.readdirSync(tmp)) fsyncPath(path.join(tmp, f));
    fsyncPath(tmp);

    const copy = checkCopy(path.join(tmp, DB_FILE), key);
    if (copy.headSeq !== source.headSeq) throw new CliError(`The copy ends at #${copy.headSeq}, the data at #${source.headSeq}; the last good backup was kept.`, EXIT.verifyFailed);

    // Swap in: the previous backup is removed only once the new one is in its place.
    const old = `${to}.old-${process.pid}`;
    const hadOld = fs.existsSync(to);
    if (hadOld) fs.renameSync(to, old);
    fs.renameSync(tmp, to);
    fsyncPath(path.dirname(to));
    if (hadOld) fs.rmSync(old, { recursive: true, force: true });

    daicho.store.write({ actor: 'cli', station: `cli:${os.hostname()}` }, (tx) =>
      tx.event('data.backup', 'settings', null, { to, rows: copy.rows, headSeq: copy.headSeq }),
    );
    console.log(`Backup written / バックアップしました: ${to}`);
    console.log(`  ${copy.rows} journal rows up to #${copy.headSeq}; integrity check and journal verify passed`);
    console.log(
      keyStore.kind === 'raw-key-file'
        ? '  It opens with the same raw key file (kept where you keep it) or the recovery code.'
        : '  It opens with the same passphrase or the recovery code.',
    );
    return EXIT.ok;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    daicho.close();
  }
}

