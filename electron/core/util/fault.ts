/**
 * Fault injection for the tests of steps that must survive a crash (the backup job, jobs/backup.ts): with
 * DAICHO_FAULT_AT=kill:<point> the process is killed (SIGKILL, no cleanup) when it reaches that
 * point; with DAICHO_FAULT_AT=fail:<point> the step fails there with an error. Unset, it does nothing.
 */
export function faultPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  const at = env.DAICHO_FAULT_AT;
  if (!at) return;
  if (at === `kill:${point}`) process.kill(process.pid, 'SIGKILL');
  if (at === `fail:${point}`) throw new Error(`injected failure at ${point}`);
}

/** A point where only a kill can be injected: inside a callback, where a failure would have nowhere to go. */
export function killPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.DAICHO_FAULT_AT === `kill:${point}`) process.kill(process.pid, 'SIGKILL');
}
