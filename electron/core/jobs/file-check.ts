import { quickCheckResult } from '../store/database';
import { STORE_ERROR_CODES, StoreError, storeErrorFromSqlite, type StoreErrorCode } from '../store/errors';
import { WorkerClient } from './worker-client';
import { workerFile } from './worker-file';

/** True when long work can go to a worker thread (the entry point said where the worker script is). */
export function workersAvailable(): boolean {
  try {
    workerFile();
    return true;
  } catch {
    return false;
  }
}

/** An error from a worker thread as the error the main thread would have had. */
export function fromWorker(err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: string })?.code;
  if (code && (STORE_ERROR_CODES as readonly string[]).includes(code)) {
    const e = new StoreError(code as StoreErrorCode);
    e.message = (err as Error).message;
    return e;
  }
  return storeErrorFromSqlite(err, { keyConfirmed: true }) ?? err;
}

/**
 * SQLite's quick check of the whole file (every page read, every page's MAC checked), in a worker
 * thread with its own read connection: opening large data does not hold the process (issue 7).
 */
export async function quickCheckInWorker(file: string, key: Buffer): Promise<void> {
  const worker = new WorkerClient();
  try {
    await worker.call('open', { file, key: key.toString('hex') });
    quickCheckResult(await worker.call<string>('quick'));
  } catch (err) {
    throw fromWorker(err);
  } finally {
    await worker.terminate();
  }
}

/**
 * The pending migrations of data being opened, in a worker thread with a write connection of its
 * own (jobs/worker.ts `migrate`): the open waits, the process stays free. `at` is the time on the
 * migrations' journal rows (null: the time as each runs). Resolves with the data's version afterwards.
 */
export async function migrateInWorker(file: string, key: Buffer, at: Date | null): Promise<number> {
  // The normal priority: the open waits for it.
  const worker = new WorkerClient({ priority: 'normal' });
  try {
    return await worker.call<number>('migrate', { file, key: key.toString('hex'), at: at?.toISOString() ?? null });
  } catch (err) {
    throw fromWorker(err);
  } finally {
    await worker.terminate();
  }
}
