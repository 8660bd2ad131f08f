import fs from 'node:fs';
import { checkWitness, openDaicho, type VerifyResult, type WitnessToCheck, JobFailure, StoreError } from '../../core';
import { CliError, EXIT } from '../errors';
import { runJob } from '../run-job';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/** How many problems verify prints (it counts them all). */
const PRINTED = 20;

/**
 * `daicho verify` (SPEC §8): SQLite's integrity check of the file, then the journal's hash chain
 * and every table against it, in worker threads (the core's verify job) with a progress bar. Exit 0
 * when intact; 1 naming the first bad sequence number and the number of problems found (it does
 * not stop at the first), or when the file is damaged.
 */
export async function verifyCommand(args: UnlockArgs & { witness?: string[] }): Promise<number> {
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  const witnesses = (args.witness ?? []).map(readWitnessFile);
  const keyStore = await keyStoreToOpen(args);
  // Checking writes nothing: an older schema is verified as it is, not migrated, and the job is not journaled.
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore, checkOnly: true });
  try {
    const started = performance.now();
    const end = await runJob(daicho, 'verify', {}, 'verify');
    const seconds = (performance.now() - started) / 1000;
    // SPEC §11: what stations saw of the journal must still be in it (a cut or a rewrite is named).
    const witnessProblems = witnesses.flatMap((w) => checkWitness(daicho.store, w));
    for (const p of witnessProblems) console.error(`Witness: ${p}`);
    if (witnessProblems.length > 0) console.error(`端末が確認した記録と一致しません（${witnessProblems.length} 件）。記録が削除または書き換えられた可能性があります。`);
    if (end.failure instanceof JobFailure && end.failure.detail) {
      printFailure(end.failure.detail as VerifyResult);
      return EXIT.verifyFailed;
    }
    if (witnessProblems.length > 0) return EXIT.verifyFailed;
    if (end.failure) throw end.failure;
    const result = end.detail as VerifyResult;
    const head = daicho.store.journalHead();
    console.log(`Journal intact / 検証OK: ${result.rows} rows, head #${head.seq} ${head.hash}${head.at ? ` (${head.at})` : ''}`);
    if (result.seals) console.log(`  ${result.seals} monthly seals hold (signatures, sealed records, the chain through their heads) / 月次の封印${result.seals}件を確認`);
    console.log(`  file integrity check passed; checked in ${seconds.toFixed(2)} s${seconds > 0 ? ` (${Math.round(result.rows / seconds).toLocaleString('en')} rows/s)` : ''}`);
    for (const w of witnesses) console.log(`  station ${w.stationName} (${w.stationId}) saw the journal up to #${w.head.seq}: it is there, unchanged / 端末の確認記録と一致`);
    printErased(result);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}

function readWitnessFile(file: string): WitnessToCheck {
  try {
    const w = JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessToCheck;
    if (typeof w?.certPem !== 'string' || typeof w.head !== 'object') throw new Error('not a witness file');
    return w;
  } catch (err) {
    throw new CliError(`${file} is not a station's witness file (${(err as Error).message}). / 端末の確認記録ファイルではありません。`);
  }
}

/** Records whose personal data was erased after the retention period: reported, never a problem (SPEC §8). */
function printErased(r: VerifyResult): void {
  for (const [table, n] of Object.entries(r.erased ?? {}))
    if (n > 0) console.log(`  ${table}: personal data of ${n} record(s) erased after the retention period / 保存期間経過により個人情報を消去済: ${n} 件`);
}

function printFailure(r: VerifyResult): void {
  printErased(r);
  const total = r.problemCount + r.fileProblems.length;
  if (r.fileProblems.length > 0) {
    console.error(`Database file DAMAGED: SQLite's integrity check found ${r.fileProblems.length} problem(s). / データベースファイルが破損しています。`);
    for (const p of r.fileProblems.slice(0, PRINTED)) console.error(`  file: ${p}`);
  }
  if (r.problemCount > 0) {
    console.error(`Journal verify FAILED at sequence #${r.firstBadSeq}: ${r.problem}`);
    console.error(`検証に失敗しました: 最初の問題は通番 ${r.firstBadSeq} — 台帳の外で変更された可能性があります。`);
    for (const p of r.problems.slice(0, PRINTED)) console.error(`  #${p.seq}: ${p.problem}`);
    if (r.problemCount > PRINTED) console.error(`  … and ${r.problemCount - PRINTED} more`);
  }
  console.error(`${total} problem(s) found in all (${r.rows} journal rows checked). / 問題は全部で ${total} 件です。`);
}
