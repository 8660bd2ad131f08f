import fs from 'node:fs';
import path from 'node:path';
import { checkWitness, keyLine, keysInUse, openDaicho, parseKeyList, unregisteredKeys, type VerifyJobDetail, type VerifyResult, type WitnessToCheck, JobFailure, StoreError } from '../../core';
import { CliError, EXIT } from '../errors';
import { runJob } from '../run-job';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/** How many problems verify prints (it counts them all). */
const PRINTED = 20;

/**
 * `daicho verify` (SPEC §8): SQLite's integrity check of the file, then the journal's hash chain
 * and every table against it, in worker threads (the core's verify job) with a progress bar. Exit 0
 * when intact; 1 naming the first bad sequence number and the number of problems found (it does
 * not stop at the first), or when the file is damaged. The chain alone cannot show rows cut from the
 * journal's end: the newest backup the data records is compared by default (--no-backup: not), and
 * the report says which witnesses were compared and up to which row, or that none was.
 */
export async function verifyCommand(args: UnlockArgs & { witness?: string[]; keys?: string; noBackup?: boolean }): Promise<number> {
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  // A folder given as a witness is a backup (jobs/backup-witness.ts); a file, a station's witness.json.
  const backups = (args.witness ?? []).filter(isFolder);
  const witnesses = (args.witness ?? []).filter((w) => !isFolder(w)).map(readWitnessFile);
  const registered = args.keys === undefined ? null : readKeyList(args.keys);
  const keyStore = await keyStoreToOpen(args);
  // Checking writes nothing: an older schema is verified as it is, not migrated, and the job is not journaled.
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore, checkOnly: true });
  try {
    const started = performance.now();
    const end = await runJob(daicho, 'verify', { skipBackup: args.noBackup === true }, 'verify');
    const detail = (end.failure instanceof JobFailure ? end.failure.detail : end.detail) as VerifyJobDetail | undefined;
    // The newest backup, compared by the job; a folder given again with --witness is not compared twice.
    const newest = detail?.backup;
    const compared = newest?.to && (newest.state === 'matched' || newest.state === 'mismatch') ? path.resolve(newest.to) : null;
    const seconds = (performance.now() - started) / 1000;
    // SPEC §11: what stations saw of the journal must still be in it (a cut or a rewrite is named).
    // A file verify found damaged may not answer these reads: what it found is the report then.
    const againstBackups = backups.filter((dir) => path.resolve(dir) !== compared).map((dir) => ({ dir, ...readOrSay(() => daicho.checkAgainstBackup(dir), (m) => ({ problems: [`the backup in ${dir} could not be compared: ${m}`], head: null })) }));
    const witnessProblems = [...(newest?.problems ?? []), ...witnesses.flatMap((w) => checkWitness(daicho.store, w)), ...againstBackups.flatMap((b) => b.problems)];
    for (const p of witnessProblems) console.error(`Witness: ${p}`);
    if (witnessProblems.length > 0) console.error(`端末またはバックアップの記録と一致しません（${witnessProblems.length} 件）。記録が削除または書き換えられた可能性があります。`);
    // SPEC §5, §8: every signature by a key on the list kept outside the data (review/registered-keys.ts).
    const read = readOrSay<{ keys: ReturnType<typeof keysInUse>; error: string | null }>(() => ({ keys: keysInUse(daicho.store), error: null }), (error) => ({ keys: [], error }));
    const keys = read.keys;
    const keyProblems = !registered ? [] : read.error ? [`the signing keys that signed could not be read: ${read.error}`] : unregisteredKeys(keys, registered);
    for (const p of keyProblems) console.error(`Keys: ${p}`);
    if (registered && read.error) console.error('署名に使われた鍵を読めませんでした。登録済みの鍵との照合はできていません。');
    else if (keyProblems.length > 0) console.error(`登録されていない署名鍵による署名があります（${keyProblems.length} 件の鍵）。台帳の外で鍵が作られ、署名された可能性があります。`);
    if (detail && !detail.ok) {
      printFailure(detail);
      return EXIT.verifyFailed;
    }
    if (witnessProblems.length > 0 || keyProblems.length > 0) return EXIT.verifyFailed;
    if (end.failure) throw end.failure;
    const result = end.detail as VerifyResult;
    const head = daicho.store.journalHead();
    console.log(`Journal intact / 検証OK: ${result.rows} rows, head #${head.seq} ${head.hash}${head.at ? ` (${head.at})` : ''}`);
    if (result.seals) console.log(`  ${result.seals} monthly seals hold (signatures, sealed records, the chain through their heads) / 月次の封印${result.seals}件を確認`);
    console.log(`  file integrity check passed; checked in ${seconds.toFixed(2)} s${seconds > 0 ? ` (${Math.round(result.rows / seconds).toLocaleString('en')} rows/s)` : ''}`);
    for (const w of witnesses) console.log(`  station ${w.stationName} (${w.stationId}) saw the journal up to #${w.head.seq}: it is there, unchanged / 端末の確認記録と一致`);
    for (const b of againstBackups)
      console.log(b.head ? `  the backup in ${b.dir} holds the journal up to #${b.head.seq}: it is there, unchanged / バックアップの記録と一致` : `  the backup in ${b.dir} holds no journal rows / バックアップに記録はありません`);
    printEndReach(head.seq, newest, [...witnesses.map((w) => w.head.seq), ...againstBackups.map((b) => b.head?.seq ?? 0)]);
    if (keys.length > 0) {
      console.log(
        registered
          ? `  every signature is by a key on ${args.keys} / すべての署名が登録済みの鍵によるものです:`
          : '  signing keys that signed (compare their fingerprints with the registered ones, or give them with --keys FILE) / 署名に使われた鍵（登録票の識別値と照合してください）:',
      );
      for (const k of keys) console.log(`    ${keyLine(k)}`);
    }
    printErased(result);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}

function readOrSay<T>(read: () => T, instead: (message: string) => T): T {
  try {
    return read();
  } catch (err) {
    return instead((err as Error).message);
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readKeyList(file: string): Set<string> {
  try {
    return parseKeyList(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`${file} is not a list of registered signing keys: ${(err as Error).message}. / 登録済み署名鍵の一覧として読めません。`);
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

/**
 * How far the evidence of the journal's end reaches (an insider probe: with the database key, rows cut
 * from the end, the tables fixed up to match, passed a verify that said only "intact"). The chain and
 * the tables show the journal agrees with itself; that none of its newest rows is gone only a witness
 * outside the data can show — a backup, or a station's witness file — and only up to the row it holds.
 */
function printEndReach(head: number, newest: VerifyJobDetail['backup'] | undefined, otherSeqs: number[]): void {
  if (newest?.state === 'matched') console.log(`  the newest backup, in ${newest.to} (as the data records it), holds the journal up to #${newest.seq}: it is there, unchanged / 最新のバックアップと一致（通番 ${newest.seq} まで）`);
  else if (newest?.state === 'unavailable') console.log(`  the newest backup, in ${newest.to} (as the data records it), is not there (a drive not connected?): not compared / 最新のバックアップ（${newest.to}）が見つからないため照合していません`);
  else if (newest?.state === 'none') console.log('  the data records no backup: none compared / バックアップの記録がないため照合していません');
  else if (newest?.state === 'skipped') console.log('  the newest backup was not compared (--no-backup) / バックアップとの照合は省略しました');
  const seqs = [...(newest?.state === 'matched' ? [newest.seq ?? 0] : []), ...otherSeqs];
  const reach = seqs.length > 0 ? Math.max(...seqs) : 0;
  if (seqs.length === 0) {
    console.log("  The journal's end is NOT witnessed: no backup or station witness file was compared, so its newest rows, removed with the database key, would not be noticed. Compare with a backup (made with `daicho backup`, compared by default) or give --witness FILE|DIR.");
    console.log('  記録の末尾は裏付けられていません。バックアップや端末の確認記録と照合していないため、データの鍵で最新の記録が削除されていても、この検証では分かりません。');
  } else if (reach >= head) {
    console.log(`  The journal's end is witnessed: the whole journal, up to #${head}, is held outside this data too. / 記録の末尾（通番 ${head}）まで、外部の記録で裏付けられています。`);
  } else {
    console.log(`  The journal's end is witnessed up to #${reach}; rows #${reach + 1}–#${head} rest on this PC's data alone: had some of them been removed with the database key, this verify could not tell.`);
    console.log(`  通番 ${reach} までは外部の記録で裏付けられています。通番 ${reach + 1}〜${head} の記録は、このPCのデータのほかに裏付けがなく、削除されていてもこの検証では分かりません。`);
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
