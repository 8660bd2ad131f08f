import fs from 'node:fs';
import path from 'node:path';
import {
  assertNoVisibleDamage, folderState, lockDataFolder, PASSPHRASE_KEY_FILE, PassphraseKeyStore, RawKeyFileStore, RECOVERY_FILE, RecoveryKeyStore, SAFE_STORAGE_KEY_FILE, StoreError, type KeyStore,
} from '../core';
import { CliError } from './errors';
import { canPrompt, promptHidden } from './prompt';
import { passwordProblem } from '../../shared/domain/password-policy';

/** How the command line says to unlock the data (SPEC §8, §9). */
export interface UnlockArgs {
  dataDir: string;
  /** --raw-key-file FILE: 64 hex characters. */
  rawKeyFile?: string;
  /** --recovery-code CODE (warned: visible to every local user), or DAICHO_RECOVERY_CODE. */
  recoveryCode?: string;
  /** --recovery-code-file FILE ("-": standard input). */
  recoveryCodeFile?: string;
  /** --recovery-code-prompt: asked on the terminal without echo. */
  recoveryCodePrompt?: boolean;
}

export const MIN_PASSPHRASE = 10;

const NO_PASSPHRASE =
  'No passphrase: there is no terminal to ask on, so set DAICHO_PASSPHRASE in the environment ' +
  '(e.g. DAICHO_PASSPHRASE="…" daicho serve), or pass --raw-key-file FILE. / ' +
  'パスフレーズがありません。環境変数 DAICHO_PASSPHRASE を設定するか --raw-key-file を指定してください。';

/** True when the folder holds, or once held, Daicho data (a database, a key file or the data mark). */
export function hasData(dataDir: string): boolean {
  // A file where the data folder should be is said as one (a probe: "run daicho init first", which then failed on it).
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) throw new CliError(`${dataDir} is a file, not a data folder. / データのフォルダではなくファイルです。`);
  let up = path.dirname(path.resolve(dataDir));
  while (!fs.existsSync(up) && path.dirname(up) !== up) up = path.dirname(up);
  if (!fs.statSync(up).isDirectory()) throw new CliError(`${dataDir} is inside ${up}, which is a file, not a folder. / 指定の場所はファイルの中です。`);
  return folderState(dataDir).heldData;
}

/** The recovery code from the flag, a file, the terminal or the environment (issue 6: never only from argv). */
async function recoveryCodeOf(args: UnlockArgs, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (args.recoveryCodeFile !== undefined) {
    try {
      const text = args.recoveryCodeFile === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(args.recoveryCodeFile, 'utf8');
      // An empty file is no code (a probe: it was passed over, and the passphrase used instead).
      if (text.trim() !== '') return text.trim();
    } catch {
      throw new CliError(`Cannot read the recovery code from ${args.recoveryCodeFile}. / 復旧コードのファイルを読めません。`);
    }
    throw new CliError(`The recovery code file ${args.recoveryCodeFile} is empty. / 復旧コードのファイルが空です。`);
  }
  if (args.recoveryCodePrompt) {
    if (!canPrompt()) throw new CliError('--recovery-code-prompt needs a terminal; use --recovery-code-file FILE or DAICHO_RECOVERY_CODE. / 端末がありません。');
    return promptHidden('Recovery code / 復旧コード: ');
  }
  return args.recoveryCode ?? (env.DAICHO_RECOVERY_CODE || undefined);
}

/** The key store that opens data that already exists. */
export async function keyStoreToOpen(args: UnlockArgs, env: NodeJS.ProcessEnv = process.env): Promise<KeyStore> {
  // A missing or empty database is said as such, before asking for a key it could not use.
  assertNoVisibleDamage(args.dataDir);
  await refuseInUse(args.dataDir);
  if (args.rawKeyFile) {
    if (!fs.existsSync(args.rawKeyFile)) throw new CliError(`Raw key file not found: ${args.rawKeyFile} / 鍵ファイルがありません。`);
    if (fs.statSync(args.rawKeyFile).isDirectory()) throw new CliError(`${args.rawKeyFile} is a folder, not a raw key file. / 鍵ファイルではなくフォルダです。`);
    return new RawKeyFileStore(args.rawKeyFile);
  }
  const code = await recoveryCodeOf(args, env);
  if (code) {
    if (!fs.existsSync(path.join(args.dataDir, RECOVERY_FILE)))
      throw new CliError(`No recovery code was issued for the data in ${args.dataDir} (setup not finished). / このデータには復旧コードがありません。`);
    return new RecoveryKeyStore(args.dataDir, code);
  }
  if (!fs.existsSync(path.join(args.dataDir, PASSPHRASE_KEY_FILE))) {
    throw new CliError(
      `The data in ${args.dataDir} is not protected by a passphrase (no ${PASSPHRASE_KEY_FILE}): open it with --raw-key-file FILE or --recovery-code CODE. / ` +
        'パスフレーズの鍵ファイルがありません。--raw-key-file か --recovery-code を指定してください。',
    );
  }
  return new PassphraseKeyStore(args.dataDir, await passphrase(env, false));
}

/**
 * Data open in another instance is said before a passphrase is asked for (a probe: typed in, then
 * refused). Only that: a folder the lock cannot be taken in for another reason is left to the open,
 * which says why.
 */
async function refuseInUse(dataDir: string): Promise<void> {
  try {
    // Patient, as the open is: two starting at once may each see the other's look at the lock (folder-lock.ts).
    (await lockDataFolder(dataDir, { patient: true })).release({ removeIfMade: true });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'in_use') throw err;
  }
}

/** The key store that keeps the key of new data. */
export async function keyStoreToCreate(args: UnlockArgs, env: NodeJS.ProcessEnv = process.env): Promise<KeyStore> {
  if (args.recoveryCode || args.recoveryCodeFile || args.recoveryCodePrompt)
    throw new CliError('A recovery code opens existing data; new data gets its code at setup. / 復旧コードは既存のデータ用です。');
  if (args.rawKeyFile) return new RawKeyFileStore(args.rawKeyFile);
  return new PassphraseKeyStore(args.dataDir, await passphrase(env, true));
}

/**
 * The key store of a station's folder (its signing key and door queue key, station-vault.ts): a
 * raw key file when given, else the folder's passphrase — asked once, as new, the first time (at
 * enrollment, or to take in the clear keys of a station enrolled before).
 */
export async function stationKeyStore(dir: string, rawKeyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<KeyStore> {
  if (rawKeyFile) return new RawKeyFileStore(rawKeyFile);
  const wrapped = fs.existsSync(path.join(dir, PASSPHRASE_KEY_FILE));
  if (!wrapped && fs.existsSync(path.join(dir, SAFE_STORAGE_KEY_FILE)))
    throw new CliError(
      `The station in ${dir} keeps its keys in the desktop app's OS key store: start it with the app, not with daicho station. / ` +
        'この端末の鍵はデスクトップアプリ（OSの鍵ストア）が保管しています。アプリから起動してください。',
    );
  return new PassphraseKeyStore(dir, await passphrase(env, !wrapped));
}

/** The passphrase: DAICHO_PASSPHRASE when set (unattended), else asked on the terminal. */
async function passphrase(env: NodeJS.ProcessEnv, isNew: boolean): Promise<string> {
  let value = env.DAICHO_PASSPHRASE;
  if (value === undefined || value === '') {
    if (!canPrompt()) throw new CliError(NO_PASSPHRASE);
    value = await promptHidden(isNew ? 'New passphrase / 新しいパスフレーズ: ' : 'Passphrase / パスフレーズ: ');
    if (isNew && value.length >= MIN_PASSPHRASE) {
      const again = await promptHidden('Repeat it / もう一度: ');
      if (again !== value) throw new CliError('The two passphrases differ; nothing was created. / パスフレーズが一致しません。');
    }
  }
  if (isNew) {
    // The key file travels with every backup: its passphrase follows the password rules (SPEC §2).
    const problem = passwordProblem(value);
    if (problem === 'auth.errors.password_short')
      throw new CliError(`The passphrase must be at least ${MIN_PASSPHRASE} characters. / パスフレーズは${MIN_PASSPHRASE}文字以上にしてください。`);
    if (problem)
      throw new CliError('The passphrase is too common or too simple (a listed password, a run or a repeat); nothing was created. / よく使われる、または単純すぎるパスフレーズは使えません。');
  }
  return value;
}
