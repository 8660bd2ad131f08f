import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastKdfWarning, setWorkerFile } from '../core';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT, exitCodeOf, oneLine } from './errors';
import { lanAddressProblem } from '../../shared/api/lan-contract';
import { defaultDataDir } from './paths';
import type { UnlockArgs } from './unlock';
import { initCommand } from './commands/init';
import { serveCommand, DEFAULT_PORT } from './commands/serve';
import { demoCommand } from './commands/demo';
import { verifyCommand } from './commands/verify';
import { stationCommand, DEFAULT_STATION_PORT } from './commands/station';
import { backupCommand } from './commands/backup';
import { exportCommand } from './commands/export';

const HELP = `daicho — Daicho (台帳) security ledgers, command line

Usage: daicho <command> [options]

Commands:
  init    --data DIR               create new, empty data (a new key and an encrypted database)
  serve   --data DIR [--port N]    browser mode: the app on http://127.0.0.1:N/ (default ${DEFAULT_PORT});
                                   creates the data on first run, then setup runs in the browser
  demo    --data DIR               a demo company with a few months of history (needs an empty folder)
  serve   ... --lan ADDRESS:PORT   also serve stations on the office LAN (HTTPS) on that address of
                                   this PC ("--lan off" turns it off); the setting is kept
  station --data DIR --host https://ADDRESS:PORT --pair CODE [--fingerprint HEX] [--port N]
                                   enroll this PC as a station of a ledger host (the code shown on
                                   the host), then serve the app on http://127.0.0.1:N/ (default
                                   ${DEFAULT_STATION_PORT}) with every call going to the host;
                                   its keys are kept under a passphrase (DAICHO_PASSPHRASE, or
                                   asked) or --raw-key-file; later: daicho station --data DIR
  verify  --data DIR [--witness FILE]... [--keys FILE] [--no-backup]
                                   check the journal's hash chain and that every table matches it;
                                   the chain cannot show rows cut from the journal's end: the newest
                                   backup the data records is compared with it (--no-backup: not),
                                   and so is each --witness (a station's witness.json, or a backup
                                   folder): what the station saw, or the backup holds, of the
                                   journal must still be there, uncut and unchanged; the report says
                                   up to which row the journal's end is witnessed;
                                   --keys (the signing keys' fingerprints registered outside the
                                   data, one a line): that every seal, reopening and approval was
                                   signed by one of them
  backup  --data DIR --to DIR2     an encrypted, verified copy of the data folder (replaces DIR2
                                   only once the new copy has verified)
  export  --data DIR --ledger L --site CODE --month YYYY-MM --format pdf|csv --out FILE
                                   one ledger of one site and month as a PDF (the printed form) or a
                                   CSV; L is server-room, cabinet, checkout, last-exit, visitors or
                                   access-log-check; --bundle (PDF): every ledger of the site and
                                   month after a cover of the seals; --seireki: years as 2026, not 令和

Options:
  --data DIR                the data folder (default: $DAICHO_DATA, else ./.daicho-data)
  --raw-key-file FILE       unlock with a raw key file (64 hex characters) instead of a passphrase
  --recovery-code-file FILE unlock with the recovery code shown at setup, read from FILE ("-": stdin)
  --recovery-code-prompt    unlock with the recovery code, asked on the terminal (not echoed)
                            (or set DAICHO_RECOVERY_CODE; --recovery-code CODE works too, but every
                            local user can read a command line: it prints a warning)
  -h, --help                this help

Unlocking: the passphrase is asked on the terminal, or read from DAICHO_PASSPHRASE when set
(needed when there is no terminal, e.g. a service). New data needs a passphrase of 10+ characters.

Exit codes: 0 ok, 1 verify (or a backup's check) found a problem, or the database is damaged or
missing, 2 usage or unlock error.
`;

type Options = NonNullable<ParseArgsConfig['options']>;
const DATA: Options = { data: { type: 'string', short: 'd' }, help: { type: 'boolean', short: 'h' } };
const RAW: Options = { 'raw-key-file': { type: 'string' } };
const RECOVERY: Options = { 'recovery-code': { type: 'string' }, 'recovery-code-file': { type: 'string' }, 'recovery-code-prompt': { type: 'boolean' } };

const COMMANDS: Record<string, { options: Options; run: (args: UnlockArgs, values: Record<string, unknown>) => Promise<number> }> = {
  init: { options: { ...DATA, ...RAW }, run: (a) => initCommand(a) },
  serve: {
    options: { ...DATA, ...RAW, ...RECOVERY, port: { type: 'string', short: 'p' }, lan: { type: 'string' } },
    run: (a, v) => serveCommand({ ...a, port: parsePort(v.port), lan: parseLan(v.lan) }),
  },
  station: {
    options: { ...DATA, ...RAW, host: { type: 'string' }, pair: { type: 'string' }, fingerprint: { type: 'string' }, port: { type: 'string', short: 'p' }, 'heartbeat-seconds': { type: 'string' } },
    run: (a, v) =>
      stationCommand({
        dataDir: a.dataDir, rawKeyFile: a.rawKeyFile, host: v.host as string | undefined, pair: v.pair as string | undefined, fingerprint: v.fingerprint as string | undefined,
        port: v.port === undefined ? DEFAULT_STATION_PORT : parsePort(v.port),
        heartbeatMs: v['heartbeat-seconds'] === undefined ? undefined : Math.max(1, Number(v['heartbeat-seconds'])) * 1000,
      }),
  },
  demo: { options: { ...DATA, ...RAW }, run: (a) => demoCommand(a) },
  verify: {
    options: { ...DATA, ...RAW, ...RECOVERY, witness: { type: 'string', multiple: true }, keys: { type: 'string' }, 'no-backup': { type: 'boolean' } },
    run: (a, v) => verifyCommand({ ...a, witness: v.witness as string[] | undefined, keys: v.keys as string | undefined, noBackup: v['no-backup'] === true }),
  },
  export: {
    options: {
      ...DATA, ...RAW, ...RECOVERY, ledger: { type: 'string' }, site: { type: 'string' }, month: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      bundle: { type: 'boolean' }, seireki: { type: 'boolean' },
    },
    run: (a, v) =>
      exportCommand({
        ...a, ledger: v.ledger as string | undefined, site: v.site as string | undefined, month: v.month as string | undefined, format: v.format as string | undefined,
        out: v.out as string | undefined, bundle: v.bundle === true, seireki: v.seireki === true,
      }),
  },
  backup: {
    options: { ...DATA, ...RAW, ...RECOVERY, to: { type: 'string' } },
    run: (a, v) => backupCommand({ ...a, to: v.to ? path.resolve(String(v.to)) : undefined }),
  },
};

/** --lan ADDRESS:PORT (an IP address of this PC) or --lan off. */
function parseLan(value: unknown): { address: string; port: number } | 'off' | undefined {
  if (value === undefined) return undefined;
  const v = String(value);
  if (v === 'off') return 'off';
  const m = /^(\[[0-9a-fA-F:]+\]|[0-9.]+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  const address = m ? m[1].replace(/^\[|\]$/g, '') : '';
  if (!m || port < 1024 || port > 65535 || lanAddressProblem(address) !== null)
    throw new CliError(`--lan needs ADDRESS:PORT (one IP address of this PC on the office network, not 0.0.0.0 or ::; a port from 1024 to 65535) or "off", not "${v}". / --lan の指定が正しくありません。`);
  return { address, port };
}

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n > 65535) throw new CliError(`--port needs a number from 0 to 65535, not "${String(value)}". / ポート番号が正しくありません。`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  // Loud, whatever the command: the test suites' cheap scrypt must never go unnoticed on real data.
  const weakKdf = fastKdfWarning();
  if (weakKdf) process.stderr.write(`${weakKdf}\n`);
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  const spec = COMMANDS[command];
  if (!spec) throw new CliError(`Unknown command "${command}"; see "daicho --help". / 不明なコマンドです。`);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: rest, options: spec.options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new CliError(`${(err as Error).message} — see "daicho --help". / 引数が正しくありません。`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const args: UnlockArgs = {
    dataDir: values.data ? path.resolve(String(values.data)) : defaultDataDir(),
    rawKeyFile: values['raw-key-file'] ? path.resolve(String(values['raw-key-file'])) : undefined,
    recoveryCode: values['recovery-code'] ? String(values['recovery-code']) : undefined,
    recoveryCodeFile: values['recovery-code-file'] ? String(values['recovery-code-file']) : undefined,
    recoveryCodePrompt: values['recovery-code-prompt'] === true,
  };
  if (args.recoveryCode !== undefined)
    process.stderr.write(
      'daicho: warning: a recovery code on the command line can be read by every user of this computer (process list, shell history); ' +
        'use --recovery-code-file FILE, --recovery-code-prompt or DAICHO_RECOVERY_CODE instead. / ' +
        '警告: コマンドラインの復旧コードは他の利用者から見える可能性があります。--recovery-code-file か --recovery-code-prompt を使ってください。\n',
    );
  return spec.run(args, values);
}

// The worker script of long jobs is bundled beside this one (dist/node/worker.mjs).
setWorkerFile(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.mjs'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`daicho: ${oneLine(err)}`);
    if (process.env.DAICHO_DEBUG) console.error(err);
    process.exitCode = exitCodeOf(err);
  },
);
