// SPEC §8: clear, specific errors when opening the data. None of them changes the file.
export type StoreErrorCode =
  | 'wrong_key' // wrong passphrase, recovery code or raw key
  | 'not_daicho' // a file that is not a Daicho database
  | 'in_use' // already open in another instance
  | 'read_only' // the folder (or file) cannot be written
  | 'disk_full'
  | 'newer_version' // written by a newer Daicho
  | 'version_changed' // its version number (user_version) is not the one its journal records
  | 'not_found' // no data at that place
  | 'bad_key_file' // a key file that is not what it should be
  | 'damaged' // the database file is corrupt, truncated or empty
  | 'missing' // the folder held data, but its database file is gone
  | 'weak_passphrase' // a new key file's passphrase breaks the password rules
  | 'door_queue_missing'; // a door terminal's queue of records not yet delivered is gone

const MESSAGES: Record<StoreErrorCode, string> = {
  wrong_key: 'The passphrase, recovery code or key is wrong. / パスフレーズ、復旧コードまたは鍵が違います。',
  not_daicho: 'This file is not a Daicho database. / このファイルは台帳のデータベースではありません。',
  in_use:
    'The data is already open in another Daicho window or process. Close it (quit the app, or stop its daicho serve) and run this again; while it runs, a system administrator can start a verify or a backup on its "Backup and verify" screen. / ' +
    'データは別の台帳（アプリまたは daicho serve）で使用中です。それを終了してから、もう一度実行してください。起動したままの場合は、システム管理者が「バックアップと検証」画面から検証やバックアップを実行できます。',
  read_only: 'The data folder cannot be written (read-only). / データフォルダに書き込めません（読み取り専用）。',
  disk_full: 'The disk is full; nothing was changed. / ディスクがいっぱいです。変更は保存されていません。',
  newer_version: 'This data was written by a newer version of Daicho; update the app. / 新しい版の台帳で作成されたデータです。アプリを更新してください。',
  version_changed:
    'This data’s version number was changed outside Daicho; nothing was changed. Restore it from a backup, and have it looked into. / ' +
    'データのバージョン番号が台帳の外で変更されています。何も変更していません。バックアップから復元し、原因を調べてください。',
  not_found: 'No Daicho data here; run "daicho init" first. / データがありません。先に初期化してください。',
  bad_key_file: 'The key file is damaged or not a Daicho key file. / 鍵ファイルが壊れているか、台帳の鍵ファイルではありません。',
  damaged:
    'The database file is damaged (corrupt, truncated or empty); nothing was changed. Restore it from a backup: copy the backup folder\'s files over this folder\'s (daicho verify --data BACKUP checks the backup first). / ' +
    'データベースファイルが破損しています（壊れている・切り詰められている・空）。何も変更していません。バックアップのフォルダのファイルをこのフォルダにコピーして復元してください（先に daicho verify --data バックアップ で確認できます）。',
  weak_passphrase:
    'The passphrase is too short, too common or too simple (10+ characters, not a listed password, run or repeat); nothing was created. / ' +
    'パスフレーズが短すぎるか、よく使われる・単純すぎるものです（10文字以上、よくあるパスワードや並び・繰り返しは不可）。作成していません。',
  door_queue_missing:
    'This door terminal’s queue of records not yet delivered (door-queue.db) is missing: what it recorded while the ledger host could not be reached would be lost unseen. Nothing was created. Put the file back; or enroll the terminal again in a new folder (a new pairing, which the host records). / ' +
    '入退室端末の送信待ちの記録（door-queue.db）がありません。台帳ホストに接続できない間の記録が、誰にも知られずに失われるおそれがあります。新しく作成していません。ファイルを元に戻すか、新しいフォルダで端末を登録し直してください（ホストに記録されます）。',
  missing:
    'This folder held Daicho data, but its database file is missing; nothing was created. Restore it from a backup, or, if its first start never finished, move its files away. / ' +
    'このフォルダにはデータがありましたが、データベースファイルがありません。新しく作成していません。バックアップから復元してください。',
};

/** Every code a StoreError has (one from a worker thread is made again from its code, jobs/file-check.ts). */
export const STORE_ERROR_CODES = Object.keys(MESSAGES) as StoreErrorCode[];

/** Errors that say the data itself is damaged (the CLI exits 1 for them, like a failed verify). */
export const DATA_DAMAGE: readonly StoreErrorCode[] = ['damaged', 'missing', 'version_changed'];

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, detail?: string) {
    super(MESSAGES[code] + (detail ? ` (${detail})` : ''));
    this.name = 'StoreError';
  }
}

/**
 * Map a SQLite error from better-sqlite3 to a StoreError where one fits. SQLITE_NOTADB (page 1
 * does not decrypt) means a wrong key only while opening with a key that nothing confirmed;
 * with a confirmed key, or once open, it means the file is damaged.
 */
export function storeErrorFromSqlite(err: unknown, opening: { keyConfirmed: boolean } | null = null): StoreError | null {
  const code = (err as { code?: string })?.code ?? '';
  if (code === 'SQLITE_NOTADB') return opening && !opening.keyConfirmed ? new StoreError('wrong_key') : new StoreError('damaged', 'a page cannot be decrypted');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return new StoreError('damaged', (err as Error).message);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreError('in_use');
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM')
    return new StoreError('read_only', code);
  // The shared-memory file could not grow: SQLite says so for a full disk (the folder lock no longer fails first there).
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || (err as { code?: string })?.code === 'ENOSPC') return new StoreError('disk_full');
  return null;
}

/**
 * The file's lock held by another connection longer than a write waits for it (SQLITE_BUSY), as
 * opposed to the folder taken by another instance (Store.stopWriting, `failed`): the write was rolled
 * back, and the same act goes through when tried again.
 */
export function isBusy(err: unknown, failed: StoreError | null): boolean {
  if (err instanceof StoreError) return err.code === 'in_use' && err !== failed;
  // Not SQLITE_LOCKED: within one connection that is a fault of the code, said as one (and logged).
  return ((err as { code?: unknown })?.code ?? '').toString().startsWith('SQLITE_BUSY');
}
