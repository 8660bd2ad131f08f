import type { TaskContext } from './worker';

/** The backup's tasks in the worker (see jobs/backup.ts). */
export const backupTasks: Record<string, (args: never, ctx: TaskContext) => unknown> = {};
