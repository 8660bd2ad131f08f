import fs from 'node:fs';
import path from 'node:path';
import { openDaicho, type Daicho } from '../../core';
import { CliError, EXIT } from '../errors';
import { keyStoreToCreate, type UnlockArgs } from '../unlock';
import { DEMO_ACCOUNTS, DEMO_COMPANY_NAME, DEMO_STAFF_PIN } from '../demo/company';
import { createDemoContext, DemoClock } from '../demo/context';
import { DEMO_STEPS } from '../demo/steps';
import { demoStart } from '../demo/time';

/** How many months of history the demo company has. */
export const DEMO_MONTHS = 4;

function isEmptyOrMissing(dir: string): boolean {
  return !fs.existsSync(dir) || (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length === 0);
}

/**
 * `daicho demo` (SPEC §9): a realistic demo company with a few months of history, made through
 * setup.run and the real API methods as the right people, so everything is journaled.
 */
export async function demoCommand(args: UnlockArgs): Promise<number> {
  if (!isEmptyOrMissing(args.dataDir))
    throw new CliError(`The demo needs an empty folder, and ${args.dataDir} is not empty; nothing was changed. / 空のフォルダを指定してください。`);
  const rawKeyExisted = args.rawKeyFile ? fs.existsSync(args.rawKeyFile) : false;
  // An empty folder given (a mount point, a folder made for it) stays, emptied, if the demo fails; one this run made goes.
  const folderExisted = fs.existsSync(args.dataDir);
  const keyStore = await keyStoreToCreate(args);
  const end = new Date();
  const start = demoStart(end, DEMO_MONTHS);
  const clock = new DemoClock(start);
  let daicho: Daicho | null = null;
  try {
    daicho = await openDaicho({ dataDir: args.dataDir, keyStore, create: true, clock: clock.now });
    const ctx = createDemoContext(daicho, clock, { start, end, seed: 20_240_401, log: (line) => console.log(`    ${line}`) });
    console.log(`Creating the demo company ${DEMO_COMPANY_NAME} in ${args.dataDir} / デモ会社を作成しています`);
    for (const step of DEMO_STEPS) {
      const t0 = performance.now();
      await step.run(ctx);
      console.log(`  ✓ ${step.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    clock.set(end);
    await ctx.signOutAll();

    // On the disk before it is said to be ready (its saves were synced in the thread pool, store/wal-sync.ts).
    await daicho.store.durable();
    const check = daicho.verify();
    if (!check.ok) throw new Error(`the demo data does not verify: #${check.firstBadSeq} ${check.problem}`);
    const head = daicho.store.journalHead();
    const authorized = ctx.people.filter((p) => p.serverRoomAuthorized && p.active).length;

    console.log('');
    console.log(`Demo company ready / デモ会社を作成しました: ${DEMO_COMPANY_NAME}`);
    console.log(`  data:   ${args.dataDir}`);
    console.log(`  sites / 拠点: ${ctx.sites.map((s) => `${s.code} ${s.name}`).join(', ')}`);
    console.log(`  people / 人員: ${ctx.people.length} (${authorized} authorized for the server room / サーバルーム入室許可)`);
    console.log(`  journal: ${check.rows} rows, head #${head.seq}, verified`);
    console.log('');
    console.log('Sign-ins / サインイン:');
    const w = Math.max(...DEMO_ACCOUNTS.map((a) => a.loginId.length));
    const pw = Math.max(...DEMO_ACCOUNTS.map((a) => a.password.length));
    for (const a of DEMO_ACCOUNTS)
      console.log(`  ${a.role.padEnd(15)} ${a.loginId.padEnd(w)}  ${a.password.padEnd(pw)}  ${a.name} (${a.siteCode} ${a.department})`);
    console.log('');
    const staff = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;
    const staffPerson = ctx.people.find((p) => p.name === staff.name)!;
    console.log('Door terminal / 入退室端末 (http://127.0.0.1:8470/#/terminal, started by the clerk or the administrator):');
    console.log(`  card ${staff.cardNo} (${staff.name}, authorized), or employee number ${staffPerson.employeeNo} with PIN ${DEMO_STAFF_PIN}`);
    console.log(`  card ${DEMO_ACCOUNTS.find((a) => a.role === 'clerk')!.cardNo} (${DEMO_ACCOUNTS.find((a) => a.role === 'clerk')!.name}) is refused: not authorized for the server room`);
    console.log('');
    console.log('Recovery code / 復旧コード (opens this data on another PC; shown once — keep it safe):');
    console.log(`  ${ctx.recoveryCode}`);
    console.log('');
    const unlockHint = args.rawKeyFile ? ` --raw-key-file ${args.rawKeyFile}` : '';
    console.log(`Start it / 起動: daicho serve --data ${args.dataDir}${unlockHint}`);
    return EXIT.ok;
  } catch (err) {
    // A half-made demo is useless: remove what this run created so the command can simply be run again.
    daicho?.close();
    daicho = null;
    if (folderExisted) for (const f of fs.readdirSync(args.dataDir)) fs.rmSync(path.join(args.dataDir, f), { recursive: true, force: true });
    else fs.rmSync(args.dataDir, { recursive: true, force: true });
    if (args.rawKeyFile && !rawKeyExisted && !path.resolve(args.rawKeyFile).startsWith(args.dataDir + path.sep)) fs.rmSync(args.rawKeyFile, { force: true });
    throw err;
  } finally {
    daicho?.close();
  }
}
