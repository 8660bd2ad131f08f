import { accessLogGenerator, cabinetLogGenerator, checkoutGenerator, lastExitGenerator, visitorGenerator } from './kit-generators';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { setWorkerFile } from '../../electron/core/jobs/worker-file';
import { FAST_KDF_SWITCH } from '../../electron/core/keys/cost';
import { dbSizeBytes, openDataset, reopenDataset, runGenerators, signInNow, type BenchOptions, type Generator } from './dataset';
import { FIGURES, type FigureRow } from './figures';
import { journalFiller, peopleGenerator, serverRoomGenerator } from './generators';
import { measureRawInsert } from './raw-baseline';
import { fmtInt, fmtMs, quantile, since } from './stats';

// `npm run bench` (SPEC §10). Times are printed, never asserted: compare each figure with the raw
// baseline measured in the same run on the same machine.

/** Generators run in this order; a ledger adds its own before the stand-in filler. */
const GENERATORS: Generator[] = [peopleGenerator, serverRoomGenerator, cabinetLogGenerator, checkoutGenerator, accessLogGenerator, lastExitGenerator, visitorGenerator, journalFiller];

const USAGE = `npm run bench [-- options]
  --years N      years of history (default 1; SPEC §10 uses 10)
  --records N    ledger records over those years (default 150,000 per year)
  --full         the SPEC §10 data set: 10 years, about 1,500,000 records
  --people N     people in the register (default 150)
  --samples N    samples per latency figure (default 1000)
  --dir DIR      where to build the data (default: a temp folder, removed afterwards)
  --keep         keep the data folder
  --reuse        measure again on the data an earlier run kept in --dir (no generation)
  --only A,B     only the figures whose names contain one of these (e.g. --only verify,open)
`;

function options(): BenchOptions {
  const { values } = parseArgs({
    options: {
      years: { type: 'string' }, records: { type: 'string' }, full: { type: 'boolean' }, people: { type: 'string' },
      samples: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean' }, reuse: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const num = (v: string | undefined, d: number) => {
    const n = v === undefined ? d : Number(v.replace(/[_,]/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${v}\n${USAGE}`);
    return n;
  };
  const years = num(values.years, values.full ? 10 : 1);
  return {
    years,
    records: Math.round(num(values.records, years * 150_000)),
    people: num(values.people, 150),
    samples: num(values.samples, 1000),
    dir: values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-bench-')),
    keep: Boolean(values.keep || values.dir),
    reuse: Boolean(values.reuse),
    only: values.only ? values.only.split(',').map((x) => x.trim()).filter(Boolean) : null,
  };
}

function hasKeptData(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'data', 'daicho.db')) && fs.existsSync(path.join(dir, 'raw.key'));
}

function table(rows: FigureRow[], raw: number[]): string {
  const rawP50 = quantile(raw, 0.5);
  const rawP99 = quantile(raw, 0.99);
  const lines: string[][] = [['figure', 'p50 (or value)', 'p99', '× raw (p50 / p99)', 'target (SPEC §10)']];
  lines.push(['raw encrypted single-row insert (baseline)', fmtMs(rawP50), fmtMs(rawP99), '1×', '']);
  for (const r of rows) {
    if (r.samples) {
      const p50 = quantile(r.samples, 0.5);
      const p99 = quantile(r.samples, 0.99);
      lines.push([r.name, fmtMs(p50), fmtMs(p99), r.vsRaw ? `${(p50 / rawP50).toFixed(1)}× / ${(p99 / rawP99).toFixed(1)}×` : '', r.target]);
    } else lines.push([r.name, r.value ?? '', '', '', r.target]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => [...l[c]].length)));
  const fmt = (l: string[]) => l.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join('  ').trimEnd();
  return [fmt(lines[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(fmt)].join('\n');
}

async function main(): Promise<void> {
  // The bench measures what the product does: SPEC's scrypt cost, never the test suites' cheap one
  // (electron/core/keys/cost.ts), even when the shell it runs in has the switch set.
  if (process.env[FAST_KDF_SWITCH] !== undefined) {
    console.log(`  (${FAST_KDF_SWITCH} ignored: the bench makes its hashes and key file at SPEC's cost)`);
    delete process.env[FAST_KDF_SWITCH];
  }
  setWorkerFile(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.mjs'));
  const opts = options();
  console.log(`Daicho bench — ${opts.years} years, 3 sites, ${opts.people} people, ${fmtInt(opts.records)} ledger records`);
  console.log(`  data: ${opts.dir}${opts.keep ? ' (kept)' : ''}; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);

  const t0 = performance.now();
  if (opts.reuse && !hasKeptData(opts.dir)) throw new Error(`--reuse: no kept data in ${opts.dir}`);
  const ds = opts.reuse ? await reopenDataset(opts) : await openDataset(opts);
  const generated = opts.reuse ? [] : await runGenerators(ds, GENERATORS);
  if (!opts.reuse) await signInNow(ds);
  const head = ds.daicho.store.journalHead();
  for (const g of generated) console.log(`  generated ${g.name}: ${fmtInt(g.records)} records in ${(g.ms / 1000).toFixed(1)} s`);
  console.log(`  data set ready in ${(since(t0) / 1000).toFixed(1)} s: journal ${fmtInt(head.seq)} rows, database ${fmtInt(dbSizeBytes(ds) / 1e6)} MB`);
  console.log('');

  const raw = measureRawInsert(opts.dir, opts.samples);
  const rows: FigureRow[] = [];
  for (const f of FIGURES.filter((f) => !opts.only || opts.only.some((o) => f.name.includes(o)))) {
    const measured = await f.measure(ds);
    rows.push(...measured);
    // As they come, so a long run that fails later still shows what it measured.
    for (const r of measured)
      console.log(`  measured: ${r.name.trim()}: ${r.samples ? `p50 ${fmtMs(quantile(r.samples, 0.5))}, p99 ${fmtMs(quantile(r.samples, 0.99))}` : r.value}`);
  }
  console.log('');
  ds.daicho.close();

  console.log(table(rows, raw));
  if (!opts.keep) fs.rmSync(opts.dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  // Jobs still running in worker threads would keep the process alive: a failed run ends here.
  process.exit(1);
});
