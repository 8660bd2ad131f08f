import { jstMonth, jstMonthRange } from '../../shared/calendar';
import { openDaicho } from '../../electron/core/daicho';
import { PassphraseKeyStore, RawKeyFileStore } from '../../electron/core/keys/keystore';
import { quickCheck } from '../../electron/core/store/database';
import { verifyJournal } from '../../electron/core/journal/verify';
import { dataFile } from '../../electron/core/store/data-folder';
import fs from 'node:fs';
import { BENCH_PASSPHRASE, dataDirOf, signInNow, type Dataset } from './dataset';
import { fmtInt, median, since } from './stats';

/** The database file's size in MB. */
function mb(ds: Dataset): number {
  return Math.round(fs.statSync(dataFile(dataDirOf(ds))).size / 1e6);
}

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

const MIN = 60_000;

/**
 * SPEC §4.1 / §10: a clerk records one whole stay at the desk (serverRoom.record: validate,
 * authorize, rules, journal, commit, and the stay read back with its anomalies): a 35-minute
 * vendor visit with items, for the people of one site in turn, going back 10 minutes a call from
 * two days ago (so each person's figure stays are hours apart).
 */
export const saveOneStay: Figure = {
  name: 'save one server-room stay through the API',
  async measure(ds) {
    const siteId = ds.sites[0].id;
    // The register's server-room crew of the site (not the people the figure above has just added).
    const register = new Set(ds.personIds);
    const crew = (
      ds.daicho.store.stmt('SELECT id FROM people WHERE site_id = ? AND active = 1 AND server_room_authorized = 1 ORDER BY employee_no').all(siteId) as { id: string }[]
    )
      .map((p) => p.id)
      .filter((id) => register.has(id));
    if (crew.length === 0) throw new Error('no server-room crew at the first site');
    const base = Date.now() - 2 * 24 * 60 * MIN;
    const samples = await sampleLatency(ds.opts.samples, (i) => {
      const personId = crew[i % crew.length];
      const enter = base - i * 10 * MIN;
      return ds.caller.ok('serverRoom.record', {
        siteId, personId, enteredAt: new Date(enter).toISOString(), exitedAt: new Date(enter + 35 * MIN).toISOString(), purpose: 'vendor_witness',
        companions: { employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: personId }] },
        itemsIn: '交換用HDD 1台', itemsOut: '故障HDD 1台（データ消去後返却）', notes: 'RAIDディスク交換の立会い',
      });
    });
    return [{ name: 'save one server-room stay through the API (serverRoom.record)', target: 'p99 ≤ 2 ms and ≤ 5× raw', samples, vsRaw: true }];
  },
};

/** Every Japan month "YYYY-MM" from one to another, inclusive. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = jstMonth(jstMonthRange(m).end)) out.push(m);
  return out;
}

/**
 * SPEC §3 / §10: the first page (50 rows, newest first, with their anomalies) of the server-room
 * list filtered to one month and one site — months and sites spread over the whole history.
 */
export const firstPageOfMonthList: Figure = {
  name: 'first page of a filtered month list',
  async measure(ds) {
    const combos = monthsBetween(jstMonth(ds.from), jstMonth(ds.to)).flatMap((month) => ds.sites.map((s) => ({ month, siteId: s.id })));
    let calls = 0;
    let rows = 0;
    const samples = await sampleLatency(ds.opts.samples, async (i) => {
      const { month, siteId } = combos[(i * 7919) % combos.length];
      const page = await ds.caller.ok('serverRoom.list', { month, siteId, pageSize: 50 });
      calls++;
      rows += page.total;
    });
    return [{
      name: `first page of a filtered month list (serverRoom.list: month + site, 50 of ~${fmtInt(rows / calls)})`,
      target: 'p99 ≤ 20 ms', samples, vsRaw: false,
    }];
  },
};

export const journalVerify: Figure = {
  name: 'journal verify',
  async measure(ds) {
    const t0 = performance.now();
    const r = ds.daicho.verify();
    const s = since(t0) / 1000;
    if (!r.ok) throw new Error(`the bench data does not verify: #${r.firstBadSeq} ${r.problem}`);
    // The two parts apart: SQLite's integrity check of the file, and the chain with the tables.
    const t1 = performance.now();
    const integrity = ds.daicho.store.db.pragma('integrity_check', { simple: true });
    const sIntegrity = since(t1) / 1000;
    const t2 = performance.now();
    verifyJournal(ds.daicho.store.db);
    const sChain = since(t2) / 1000;
    if (integrity !== 'ok') throw new Error(`the bench data fails the integrity check: ${String(integrity)}`);
    return [
      { name: `verify, whole (${fmtInt(r.rows)} journal rows, ${mb(ds)} MB file)`, target: '≥ 200,000 rows/s', value: `${fmtInt(r.rows / s)} rows/s` },
      { name: '  of which: SQLite integrity check of the file', target: '', value: `${sIntegrity.toFixed(2)} s (${(mb(ds) / sIntegrity).toFixed(0)} MB/s)` },
      { name: '  of which: journal chain and tables', target: '≥ 200,000 rows/s', value: `${fmtInt(r.rows / sChain)} rows/s` },
    ];
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
    // Opening runs SQLite's quick check of the whole file (issue 6: a damaged file is refused at open).
    const checks: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      quickCheck(ds.daicho.store.db);
      checks.push(since(t0));
    }
    const f = (ms: number) => `${ms.toFixed(1)} ms (median)`;
    return [
      { name: 'unlock and open (raw key file; quick check included)', target: '≤ 100 ms', value: f(raw) },
      { name: 'unlock and open (passphrase: scrypt N=2^17, then open)', target: '≤ 100 ms (open part)', value: f(pass) },
      { name: `  of which: SQLite quick check of the ${mb(ds)} MB file`, target: '', value: f(median(checks)) },
    ];
  },
};

/**
 * The figures, in the order they are measured. Each ledger adds its own with one line, e.g.
 *   monthlyReview (≤ 100 ms), monthPdf (≤ 3 s).
 */
export const FIGURES: Figure[] = [saveOnePerson, saveOneStay, firstPageOfMonthList, journalVerify, unlockAndOpen];
