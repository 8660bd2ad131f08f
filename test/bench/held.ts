import fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { Dataset } from './dataset';
import { openRawBaseline } from './raw-baseline';
import { quantile, since } from './stats';

// What held the process while the jobs ran, for the figures of test/bench/figures.ts.

/** Samples the process's resident memory while `run` runs; returns the peak above the level before. */
export async function peakMemory<T>(run: () => Promise<T>): Promise<{ value: T; peakMb: number; baseMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: (peak - base) / 1e6, baseMb: base / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The longest the main thread was held, and the longest API call, while `background` runs: saves
 * through the whole API in a loop (SPEC §10: no call blocks the process more than 50 ms). A save's
 * call is answered once its commit is on the disk; the app waits for that in libuv's thread pool
 * (store/wal-sync.ts), so on a busy disk the call takes long while the thread goes on. Beside each, the
 * raw baseline's one-row insert (its own file in the same folder, synchronous=FULL in this thread): when
 * the disk is busy — the OS writing back other files — the bare insert waits as long, which tells the
 * disk's share of the longest call from the app's; its time is not counted as the app's hold. `run`
 * tells this run's employee numbers apart from an earlier run's on reused data.
 */
export async function callsDuring(ds: Dataset, run: string, background: () => Promise<unknown>): Promise<{ calls: number; longestMs: number; over25: number; p999Ms: number; loopMaxMs: number; heldMaxMs: number; rawLongestMs: number; gcMaxMs: number; holds: string }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // Where the loop was held: a timer that should fire every 5 ms notes each late firing with what
  // the jobs were doing then, and the garbage collector's longest pause, so a long figure has a cause.
  let gcMax = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const heldAt = new Map<string, number>();
  let tick = performance.now();
  // The longest the app held the main thread: the timer's lateness, less the bench's own raw insert
  // beside each call (a synchronous commit that waits for the disk in this thread, as the app's did
  // before store/wal-sync.ts).
  let heldMax = 0;
  const lag = setInterval(() => {
    const now = performance.now();
    const held = now - tick - 5;
    tick = now;
    heldMax = Math.max(heldMax, held);
    if (held < 25) return;
    const phases = ds.daicho.jobs.list().filter((j) => j.state === 'running').map((j) => `${j.kind}:${j.progress.phase.replace('jobs.phases.', '')}`).join('+') || 'after the jobs';
    heldAt.set(phases, Math.max(heldAt.get(phases) ?? 0, held));
  }, 5);
  let done = false;
  let calls = 0;
  let longest = 0;
  let rawLongest = 0;
  const raw = openRawBaseline(ds.dir);
  const siteId = ds.sites[0].id;
  const addOne = (employeeNo: string) =>
    ds.caller.ok('people.add', { name: '並行 保存', kana: 'ヘイコウ ホゾン', employeeNo, department: '総務部', siteId, cardNo: null, serverRoomAuthorized: false });
  // After the open's read of the registers' codes into their index (kit/code-index.ts): a call made
  // before it waits for it in the event loop (the bench's own loops have grown the reused register far
  // past SPEC §10's 150 people: 434,000 on 2026-12-05, about a second of slices). The figure is of the
  // app at work, after its open.
  await ds.daicho.codesRead;
  const job = background().finally(() => (done = true));
  let longestCpu = 0;
  let longestSwitches = 0;
  const took: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const c0 = threadCpu();
    await addOne(`B${run}${calls}`);
    const ms = since(t0);
    took.push(ms);
    if (ms > longest) {
      const c1 = threadCpu();
      longestCpu = c1.ms - c0.ms;
      longestSwitches = c1.forced - c0.forced;
    }
    longest = Math.max(longest, ms);
    const rawMs = raw.timeOne();
    rawLongest = Math.max(rawLongest, rawMs);
    tick += rawMs;
    calls++;
    await new Promise((r) => setTimeout(r, 2)); // a clerk's pace is slower still; the loop also lets timers run
  }
  await job;
  clearInterval(lag);
  gc.disconnect();
  loop.disable();
  raw.close();
  const holds = [...heldAt].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([p, ms]) => `${p} ${ms.toFixed(0)} ms`).join(', ') || 'none ≥ 25 ms';
  return { calls, longestMs: longest, over25: took.filter((t) => t > 25).length, p999Ms: took.length ? quantile(took, 0.999) : 0, loopMaxMs: loop.max / 1e6, heldMaxMs: heldMax, rawLongestMs: rawLongest, gcMaxMs: gcMax, holds: `${holds}; the longest call used ${longestCpu} ms of the main thread's CPU (Linux, 10 ms ticks), preempted ${longestSwitches}×` };
}

/** The main thread's own CPU time (ms, in 10 ms ticks) and the times it was preempted, on Linux (zeros elsewhere). */
function threadCpu(): { ms: number; forced: number } {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    const forced = /nonvoluntary_ctxt_switches:\s+(\d+)/.exec(fs.readFileSync('/proc/thread-self/status', 'utf8'));
    return { ms: (Number(stat[11]) + Number(stat[12])) * 10, forced: Number(forced?.[1] ?? 0) };
  } catch {
    return { ms: 0, forced: 0 };
  }
}
