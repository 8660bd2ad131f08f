import { randomUUID } from 'node:crypto';
import { DaichoError, type ErrorCode } from '../../../shared/api/errors';
import type { JobInfo, JobKind, JobPhase, JobSummary, LastGoodRun } from '../../../shared/domain/jobs';
import type { MessageKey } from '../../../shared/i18n';
import { getAccount } from '../auth/accounts-repo';
import type { Settings } from '../settings';
import type { Actor, Store, Tx } from '../store/store';
import { JobCancelled, WorkerClient } from './worker-client';
import { dataFile } from '../store/data-folder';
import { PAGE_CACHE_KIB } from '../store/database';
import { readerFile } from './worker-file';
import { fromWorker } from './file-check';
import type { JournalAction } from '../../../shared/domain/journal-actions';

/** What every job may use: the open data (main thread), its folder and key (for the workers' own connections). */
export interface JobEnv {
  store: Store;
  settings: Settings;
  dataDir: string;
  key: Buffer;
}

/** A running job's handle on the runner: cancelled through the signal; reports progress. */
export interface JobControl {
  signal: AbortSignal;
  /** fraction 0..1 of the whole job (never goes back), and what it is doing. */
  progress(fraction: number, phase: JobPhase): void;
}

/** A job that ended well: its summary for everyone, and the full result for in-process callers (the CLI). */
export interface JobEnd {
  summary: JobSummary;
  detail?: unknown;
}

/** A job prepared to run: its checks passed, what it holds (a destination lock) is released by run(). */
export interface PreparedJob {
  to?: string | null;
  run(ctl: JobControl): Promise<JobEnd>;
  /** Called instead of run() when the job does not start after all. */
  abandon?(): void;
  /** Its own journal rows for its end, instead of the one row of def.action (an export journals each sheet it printed). */
  journal?(tx: Tx, info: JobInfo, detail: unknown): void;
  /** More written with its end, in the same act (a backup refused as the data went back: the safety managers are told). */
  alsoAtEnd?(tx: Tx, info: JobInfo): void;
}

/**
 * One kind of long job. The runner gives every kind the same life: one at a time, progress,
 * cancel, and its end journaled. The monthly review's heavy queries and the exports plug in here.
 */
export interface JobKindDef<A> {
  /** The journal action of the job's end (job.verify, data.backup), for success and failure alike. */
  action: JournalAction;
  /** The settings key that keeps its last good run (readable without the journal's JSON); none: nothing kept. */
  lastGoodKey?: 'verify.lastGood' | 'backup.lastGood';
  /** Checks that answer the caller at once (throw a DaichoError); returns the work. Runs on the caller's thread. */
  prepare(env: JobEnv, args: A): PreparedJob;
  /** How many of this kind may run at once, each by a different person (default 1 for everyone). */
  perPerson?: { max: number };
  /** Get ready for a run soon (an export's renderer started when the print view opens). */
  warm?: () => void;
  /** Let go of what the kind keeps between runs (the data is closing). */
  close?: () => Promise<void>;
}

/** A job that ran to its end but found the data wrong (a verify with problems, a copy that does not verify). */
export class JobFailure extends DaichoError {
  constructor(
    code: ErrorCode,
    messageKey: MessageKey,
    params: Record<string, string | number> | undefined,
    readonly summary: JobSummary | null = null,
    readonly detail?: unknown,
  ) {
    super(code, messageKey, undefined, params);
    this.name = 'JobFailure';
  }
}

interface Job {
  info: JobInfo;
  who: Actor;
  controller: AbortController;
  done: Promise<JobInfo>;
  /** The full result (JobEnd.detail or JobFailure.detail), for in-process callers. */
  detail?: unknown;
  /** Why it failed, as thrown (for in-process callers: the CLI prints it and picks its exit code). */
  failure?: unknown;
}

/** Ended jobs kept for jobs.list. */
const KEEP_ENDED = 20;
/** The reader worker's script is there (built beside the long jobs' worker). */
function readerAvailable(): boolean {
  try {
    readerFile();
    return true;
  } catch {
    return false;
  }
}

/**
 * How long the worker of read() waits for the next read before it stops. Every ledger list is read
 * there, and starting it again takes a few hundred milliseconds (its bundle, its connection, a cold
 * cache): it stays while the app is in use, and gives its memory back after a long pause.
 */
const READER_IDLE_MS = 30 * 60_000;
/** How long a stopping reader may finish the call it is in and close its connection before its thread is stopped anyway. */
const READER_CLOSE_WAIT_MS = 10_000;
/** How long an export's file waits to be taken. */
const HOLD_RESULT_MS = 15 * 60_000;

export interface StartOptions {
  /** Called on every progress report (the CLI's progress bar). */
  onProgress?: (info: JobInfo) => void;
}

/**
 * The one job runner of a Daicho instance (issue 7). One job of a kind at a time; each runs its
 * workers off the main thread; cancel stops them (JobCancelled). When a job ends, its end is
 * journaled through the one write path as the person who started it: a good end updates the kind's
 * last-good settings row (under the job's own action, so the journal row is the job's record), a
 * failure or a cancel is a journal event. Data opened to check only (`daicho verify`) journals nothing.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private closed = false;
  /** The worker of read() (its read connection open), started at the first read and stopped when idle. */
  private reader: { client: WorkerClient; ready: Promise<unknown> } | null = null;
  private readerIdle: NodeJS.Timeout | null = null;
  private reads = 0;

  constructor(
    private readonly env: JobEnv,
    private readonly kinds: { [K in JobKind]: JobKindDef<never> },
    private readonly clock: () => Date,
    private readonly log?: (err: unknown, what: string) => void,
  ) {}

  /** Start a job; a second of the same kind while one runs is a conflict. Returns at once. */
  start(kind: JobKind, args: unknown, who: Actor, opts: StartOptions = {}): JobInfo {
    if (this.closed) throw new DaichoError('conflict', 'jobs.errors.closing');
    const def = this.kinds[kind] as JobKindDef<unknown>;
    const running = [...this.jobs.values()].filter((j) => j.info.kind === kind && j.info.state === 'running');
    const busy = def.perPerson ? running.length >= def.perPerson.max || running.some((j) => j.who.actor === who.actor) : running.length > 0;
    if (busy) throw new DaichoError('conflict', 'jobs.errors.running', 'kind', { kind });
    const prepared = def.prepare(this.env, args);
    const info: JobInfo = {
      id: randomUUID(),
      kind,
      startedBy: who.actor,
      startedByName: this.nameOf(who.actor),
      startedAt: this.clock().toISOString(),
      endedAt: null,
      state: 'running',
      cancelling: false,
      progress: { fraction: 0, phase: 'jobs.phases.starting' },
      to: prepared.to ?? null,
      result: null,
      error: null,
    };
    const controller = new AbortController();
    const job: Job = { info, who, controller, done: Promise.resolve(info) };
    const ctl: JobControl = {
      signal: controller.signal,
      progress: (fraction, phase) => {
        if (info.state !== 'running') return;
        info.progress = { fraction: Math.max(info.progress.fraction, Math.min(1, Math.max(0, fraction))), phase: `jobs.phases.${phase}` };
        opts.onProgress?.(info);
      },
    };
    this.jobs.set(info.id, job);
    job.done = this.run(job, def, prepared, ctl);
    this.forgetOld();
    return info;
  }

  private async run(job: Job, def: JobKindDef<unknown>, prepared: PreparedJob, ctl: JobControl): Promise<JobInfo> {
    const { info } = job;
    try {
      const end = await prepared.run(ctl);
      info.state = 'succeeded';
      info.result = end.summary;
      info.progress = { fraction: 1, phase: 'jobs.phases.done' };
      job.detail = end.detail;
    } catch (err) {
      job.failure = err;
      if (err instanceof JobCancelled || job.controller.signal.aborted) {
        info.state = 'cancelled';
        job.failure = new JobCancelled();
      } else {
        info.state = 'failed';
        if (err instanceof JobFailure) {
          info.result = err.summary;
          job.detail = err.detail;
        }
        info.error = errorOf(err);
        if (!(err instanceof DaichoError)) this.log?.(err, `job ${info.kind}`);
      }
    }
    info.cancelling = false;
    info.endedAt = this.clock().toISOString();
    this.journalEnd(job, def, prepared);
    return info;
  }

  /** The job's end, journaled as whoever started it (not when the data is open to check only, nor after close). */
  private journalEnd(job: Job, def: JobKindDef<unknown>, prepared: PreparedJob): void {
    const { store, settings } = this.env;
    if (this.closed || store.readOnly) return;
    const { info } = job;
    try {
      store.write(job.who, (tx) => {
        info.endedAt = tx.now;
        if (prepared.journal) prepared.journal(tx, info, job.detail);
        else if (info.state === 'succeeded' && def.lastGoodKey) {
          const r = info.result ?? {};
          const run: LastGoodRun = { jobId: info.id, at: tx.now, by: info.startedBy, rows: r.rows ?? 0, headSeq: r.headSeq ?? 0, ...(r.to ? { to: r.to } : {}) };
          settings.set(tx, def.lastGoodKey, run, undefined, def.action);
        } else {
          tx.event(def.action, 'jobs', info.id, {
            kind: info.kind, outcome: info.state, startedAt: info.startedAt, ...(info.to ? { to: info.to } : {}),
            ...(info.result ?? {}), ...(info.error ? { error: info.error.messageKey, ...(info.error.params ? { params: info.error.params } : {}) } : {}),
          });
        }
        prepared.alsoAtEnd?.(tx, info);
      });
    } catch (err) {
      this.log?.(err, `journal the end of job ${info.kind}`);
    }
  }

  /**
   * Ask a running job to stop; it ends as cancelled once its workers have stopped and it has cleaned up.
   * Asked by someone (an account at the admin screen): journaled as theirs, beside the end the starter's
   * job journals (an insider probe: another administrator's cancel read as the starter's own act).
   */
  cancel(id: string, by?: Actor): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new DaichoError('not_found', 'errors.not_found', 'id');
    if (job.info.state !== 'running') throw new DaichoError('conflict', 'jobs.errors.not_running', 'id');
    if (by && !job.info.cancelling && !this.closed && !this.env.store.readOnly) this.env.store.write(by, (tx) => tx.event('jobs.cancel', 'jobs', id, { kind: job.info.kind, startedBy: job.info.startedBy }));
    job.info.cancelling = true;
    job.controller.abort();
    return { ...job.info };
  }

  /** Running jobs first, then the ended ones, newest first. */
  list(): JobInfo[] {
    const all = [...this.jobs.values()].map((j) => ({ ...j.info, progress: { ...j.info.progress } }));
    return all.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): JobInfo | null {
    const job = this.jobs.get(id);
    return job ? { ...job.info } : null;
  }

  /** When the job has ended: its info, its full result, and what it failed with (for in-process callers). */
  async wait(id: string): Promise<{ info: JobInfo; detail?: unknown; failure?: unknown }> {
    const job = this.jobs.get(id);
    if (!job) throw new DaichoError('not_found', 'errors.not_found', 'id');
    await job.done;
    return { info: { ...job.info }, detail: job.detail, failure: job.failure };
  }

  /**
   * An ended job's full result, once, for whoever started it (an export's file): it is let go here,
   * so a job's output does not stay in memory after it was taken.
   */
  take(id: string, actor: string): { info: JobInfo; detail: unknown } {
    this.forgetOld();
    const job = this.jobs.get(id);
    if (!job || job.who.actor !== actor) throw new DaichoError('not_found', 'errors.not_found', 'id');
    if (job.info.state === 'running') throw new DaichoError('conflict', 'jobs.errors.still_running', 'id');
    if (job.info.state !== 'succeeded' || job.detail === undefined) throw new DaichoError('conflict', 'jobs.errors.no_result', 'id');
    const detail = job.detail;
    job.detail = undefined;
    return { info: { ...job.info }, detail };
  }

  /** Who started a job (its account id), for handlers that let only them see it; null: no such job. */
  ownerOf(id: string): string | null {
    return this.jobs.get(id)?.who.actor ?? null;
  }

  /**
   * A heavy read for an API call (issue 7 point 5: no call holds the main thread more than 50 ms),
   * run by the reader worker on its own read connection (`task` of jobs/reader.ts: `call` runs an API
   * method's handler, jobs/reader-call.ts), which sees every write committed before the call. One
   * worker serves them one after another; it stops after half an hour without reads. Where workers cannot
   * run (a check-only open, no worker script), `inThread` answers on the caller's thread.
   */
  async read<T>(task: string, args: unknown, inThread: () => T): Promise<T> {
    if (this.closed || this.env.store.readOnly || !readerAvailable()) return inThread();
    // Damage found (here or by the reader): nothing more is started on that file.
    if (this.env.store.damage) throw this.env.store.damage;
    if (this.readerIdle) clearTimeout(this.readerIdle);
    this.readerIdle = null;
    this.reads++;
    // A worker that stopped (it failed, it could not open the file, it was killed) is replaced.
    if (this.reader?.client.stopped) this.reader = null;
    const reader = (this.reader ??= this.startReader());
    try {
      await reader.ready;
      return await reader.client.call<T>(task, args);
    } catch (err) {
      // As the main thread would have had it: a damaged file is a StoreError the dispatcher notes
      // (Store.noteFailure), so no save goes on writing to it (a helper's probe).
      throw fromWorker(err);
    } finally {
      if (--this.reads === 0 && !this.closed) {
        this.readerIdle = setTimeout(() => this.stopReader(), READER_IDLE_MS);
        this.readerIdle.unref();
      }
    }
  }

  private startReader(): { client: WorkerClient; ready: Promise<unknown> } {
    // At the normal priority: someone is waiting for its answer (a long job's worker yields to it).
    const client = new WorkerClient({ script: 'reader', priority: 'normal' });
    const ready = client.call('open', { file: dataFile(this.env.dataDir), key: this.env.key.toString('hex'), cacheKib: PAGE_CACHE_KIB }).catch(async (err: unknown) => {
      await client.terminate(err).catch(() => undefined); // a worker without its connection answers nothing
      throw err;
    });
    return { client, ready };
  }

  private stopReader(): void {
    if (this.readerIdle) clearTimeout(this.readerIdle);
    this.readerIdle = null;
    const r = this.reader;
    this.reader = null;
    if (!r) return;
    // Its connection closed first (after the call it is in, if any), then the thread stopped: a thread
    // terminated with a database open can crash the process (worker-serve.ts `close`).
    const closed = r.client.call('close').catch(() => undefined);
    const late = new Promise((resolve) => setTimeout(resolve, READER_CLOSE_WAIT_MS).unref());
    void Promise.race([closed, late]).then(() => r.client.terminate().catch(() => undefined));
  }

  /** A hint that a job of this kind may start soon: the kind gets ready (nothing when closing). */
  warm(kind: JobKind): void {
    if (!this.closed) (this.kinds[kind] as JobKindDef<unknown>).warm?.();
  }

  /** Stop every job (their ends are not journaled: the data is closing). Resolves once they have stopped and each kind has let go of what it keeps. */
  close(): Promise<void> {
    this.closed = true;
    this.stopReader();
    const running = [...this.jobs.values()].filter((j) => j.info.state === 'running');
    for (const j of running) j.controller.abort();
    return Promise.all(running.map((j) => j.done))
      .then(() => Promise.all(Object.values(this.kinds).map((k) => (k as JobKindDef<unknown>).close?.().catch(() => undefined))))
      .then(() => undefined);
  }

  private forgetOld(): void {
    // A result not taken within HOLD_RESULT_MS is let go (an export's file is not kept in memory for no one).
    const now = this.clock().getTime();
    for (const j of this.jobs.values()) if (j.info.endedAt && j.detail !== undefined && j.info.kind === 'export' && now - Date.parse(j.info.endedAt) > HOLD_RESULT_MS) j.detail = undefined;
    const ended = [...this.jobs.values()].filter((j) => j.info.state !== 'running').sort((a, b) => b.info.startedAt.localeCompare(a.info.startedAt));
    for (const j of ended.slice(KEEP_ENDED)) this.jobs.delete(j.info.id);
  }

  private nameOf(actor: string): string | null {
    try {
      return getAccount(this.env.store, actor)?.display_name ?? null;
    } catch {
      return null;
    }
  }
}

/** The error of a failed job as the screens show it: a catalog key, never a stack trace. */
function errorOf(err: unknown): JobInfo['error'] {
  if (err instanceof DaichoError) return { messageKey: err.messageKey, ...(err.params ? { params: err.params } : {}) };
  const code = (err as { code?: string })?.code ?? '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return { messageKey: 'errors.disk_full' };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { messageKey: 'errors.data_damaged' };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { messageKey: 'jobs.errors.not_writable' };
  return { messageKey: 'jobs.errors.failed', params: { detail: String((err as Error)?.message ?? err).slice(0, 300) } };
}
