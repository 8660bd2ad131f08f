import { openDaicho, type KeyStore, checkBackupDestination, StoreError } from '../../core';
import type { JobSummary } from '../../../shared/domain/jobs';
import { CliError, EXIT } from '../errors';
import { runJob } from '../run-job';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/** The key, unwrapped once (a passphrase costs a scrypt), for both opening the data and checking the copy. */
function keyOnce(key: Buffer, from: KeyStore): KeyStore {
  return { kind: from.kind, authenticated: from.authenticated, exists: () => true, load: async () => key, save: async () => undefined };
}

/**
 * `daicho backup` (SPEC §8, Art. 13(7)): the core's backup job (jobs/backup.ts) run from the command
 * line with a progress bar. The copy is checked before it replaces the previous backup, file by
 * file, so a backup stopped at any moment leaves a complete backup in the destination; the backup
 * is journaled in the data it was taken from.
 */
export async function backupCommand(args: UnlockArgs & { to: string | undefined }): Promise<number> {
  if (!args.to) throw new CliError('Where to? Give the backup folder with --to DIR. / --to でバックアップ先を指定してください。');
  const to = args.to;
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  // What needs no key is refused before the passphrase is asked (the job checks it all again).
  checkBackupDestination(args.dataDir, to);

  const keyStore = await keyStoreToOpen(args);
  const key = await keyStore.load();
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore: keyOnce(key, keyStore) });
  try {
    const end = await runJob(daicho, 'backup', { to }, 'backup');
    if (end.failure) throw end.failure;
    const copy = end.info.result as Required<Pick<JobSummary, 'rows' | 'headSeq'>>;
    console.log(`Backup written / バックアップしました: ${to}`);
    console.log(`  ${copy.rows} journal rows up to #${copy.headSeq}; integrity check and journal verify passed`);
    console.log(
      keyStore.kind === 'raw-key-file'
        ? '  It opens with the same raw key file (kept where you keep it) or the recovery code.'
        : '  It opens with the same passphrase or the recovery code.',
    );
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}
