import { openDaicho } from '../../core/daicho';
import { StoreError } from '../../core/store/errors';
import { CliError, EXIT } from '../errors';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/**
 * `daicho verify` (SPEC §8): recompute the journal's hash chain and check that every table equals
 * what the journal says. Exit 0 when intact; 1 naming the first bad sequence number.
 */
export async function verifyCommand(args: UnlockArgs): Promise<number> {
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  const keyStore = await keyStoreToOpen(args);
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore });
  try {
    const started = performance.now();
    const result = daicho.verify();
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) {
      console.error(`Journal verify FAILED at sequence #${result.firstBadSeq}: ${result.problem}`);
      console.error(`検証に失敗しました: 通番 ${result.firstBadSeq} — 台帳の外で変更された可能性があります。`);
      return EXIT.verifyFailed;
    }
    const head = daicho.store.journalHead();
    console.log(`Journal intact / 検証OK: ${result.rows} rows, head #${head.seq} ${head.hash}${head.at ? ` (${head.at})` : ''}`);
    console.log(`  checked in ${seconds.toFixed(2)} s${seconds > 0 ? ` (${Math.round(result.rows / seconds).toLocaleString('en')} rows/s)` : ''}`);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}
