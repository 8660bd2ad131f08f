import { DATA_DAMAGE, StoreError, storeErrorFromSqlite } from '../core';
import { DaichoError } from '../../shared/api/errors';
import { translate, type MessageKey } from '../../shared/i18n';

/** Exit codes of the `daicho` command. */
export const EXIT = {
  ok: 0,
  /** verify found a problem, or the data is damaged (corrupt, truncated, empty or missing database) */
  verifyFailed: 1,
  /** bad usage, or the data could not be unlocked or opened */
  usage: 2,
  /** Ctrl+C at a prompt */
  cancelled: 130,
} as const;

/** A failure with a one-line message for the user and the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code for an error: damaged data exits like a failed verify, other refusals with 2. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  // The core's own refusals; data that does not verify (a job's check) exits like a failed verify.
  if (err instanceof DaichoError) return err.code === 'data_damaged' ? EXIT.verifyFailed : EXIT.usage;
  const store = err instanceof StoreError ? err : storeErrorFromSqlite(err);
  return store && DATA_DAMAGE.includes(store.code) ? EXIT.verifyFailed : EXIT.usage;
}

/** The one line to print for an error: our own and the store's messages are already bilingual. */
export function oneLine(err: unknown): string {
  if (err instanceof CliError || err instanceof StoreError) return err.message;
  if (err instanceof DaichoError) return bilingual(err.messageKey, err.params);
  const fromSqlite = storeErrorFromSqlite(err);
  if (fromSqlite) return fromSqlite.message;
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') return new StoreError('disk_full').message;
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') return new StoreError('read_only', e.message).message;
  return `Unexpected error / 予期しないエラー: ${e?.message ?? String(err)}`;
}

/** A catalog message in English and Japanese, as the command line says everything. */
export function bilingual(messageKey: MessageKey, params?: Record<string, string | number>): string {
  return `${translate('en', messageKey, params)} / ${translate('ja', messageKey, params)}`;
}
