import { openDaicho } from '../../electron/core/daicho';
import { PassphraseKeyStore, RawKeyFileStore } from '../../electron/core/keys/keystore';
import { BENCH_PASSPHRASE, dataDirOf, signInNow, type Dataset } from './dataset';
import { fmtInt, median, since } from './stats';

/** One printed line of the results table. */
export interface FigureRow {
  name: string;
  target: string;
  /** Latency samples in ms (p50/p99 printed, and the ratio to the raw insert when vsRaw). */
  samples?: number[];
  vsRaw?: boolean;
  /** Or a single value, already formatted. */
  value?: string;
}

/** A figure of SPEC §10. Add one to FIGURES (e.g. "save one stay", "first page of a filtered month list"). */
export interface Figure {
  name: string;
  measure(ds: Dataset): Promise<FigureRow[]>;
}

/** Time `op` `n` times after a short warm-up; returns ms per call. */
export async function sampleLatency(n: number, op: (i: number) => Promise<unknown> | unknown, warmup = 50): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n + warmup; i++) {
    const t0 = performance.now();
    await op(i);
    if (i >= warmup) out.push(since(t0));
  }
  return out;
}

/** Save one record through the whole API: validate, authorize, journal, commit. */
export const saveOnePerson: Figure = {
  name: 'save one record through the API',
  async measure(ds) {
    const siteId = ds.sites[0].id;
    const samples = await sampleLatency(ds.opts.samples, (i) =>
      ds.caller.ok('people.add', {
        name: '山田 太郎', kana: 'ヤマダ タロウ', employeeNo: `API${i}`, department: '総務部', siteId, cardNo: `APIC${i}`, serverRoomAuthorized: true,
      }),
    );
    return [{ name: 'save one record through the API (people.add)', target: 'p99 ≤ 2 ms and ≤ 5× raw', samples, vsRaw: true }];
  },
};

export const journalVerify: Figure = {
  name: 'journal verify',
  async measure(ds) {
    const t0 = performance.now();
    const r = ds.daicho.verify();
    const s = since(t0) / 1000;
    if (!r.ok) throw new Error(`the bench data does not verify: #${r.firstBadSeq} ${r.problem}`);
    return [{ name: `journal verify (${fmtInt(r.rows)} rows)`, target: '≥ 200,000 rows/s', value: `${fmtInt(r.rows / s)} rows/s` }];
  },
};

/** Unlock and open: close the data and open it again, with the raw key and with the passphrase. */
export const unlockAndOpen: Figure = {
  name: 'unlock and open',
  async measure(ds) {
    const dataDir = dataDirOf(ds);
    const time = async (makeStore: () => RawKeyFileStore | PassphraseKeyStore, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        ds.daicho.close();
        const t0 = performance.now();
        ds.daicho = await openDaicho({ dataDir, keyStore: makeStore(), clock: ds.clock.now });
        ms.push(since(t0));
      }
      return median(ms);
    };
    const raw = await time(() => new RawKeyFileStore(ds.keyFile), 5);
    const pass = await time(() => new PassphraseKeyStore(dataDir, BENCH_PASSPHRASE), 3);
    await signInNow(ds); // sessions live in memory: sign in again on the reopened data
    const f = (ms: number) => `${ms.toFixed(1)} ms (median)`;
    return [
      { name: 'unlock and open (raw key file)', target: '≤ 100 ms', value: f(raw) },
      { name: 'unlock and open (passphrase: scrypt N=2^17, then open)', target: '≤ 100 ms (open part)', value: f(pass) },
    ];
  },
};

/**
 * The figures, in the order they are measured. Each ledger adds its own with one line, e.g.
 *   saveOneStay (serverRoom.enter), firstPageOfMonthList (filtered month list, p99 ≤ 20 ms),
 *   monthlyReview (≤ 100 ms), monthPdf (≤ 3 s).
 */
export const FIGURES: Figure[] = [saveOnePerson, journalVerify, unlockAndOpen];
