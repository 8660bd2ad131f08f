import type { HandlerContext } from '../context';
import type { Actor, Row } from '../store/store';
import type { JournalAction } from '../../../shared/domain/journal-actions';

/** Where a secret's failure count and lock live, and how its attempts are journaled. */
export interface AttemptGuard {
  table: 'accounts' | 'door_credentials' | 'known_device_guards';
  id: string;
  failedColumn: 'failed_count' | 'pin_failed_count';
  lockedColumn: 'locked_until' | 'pin_locked_until';
  maxFailures: number;
  lockMs: number;
  actions: { fail: JournalAction; lock: JournalAction; reset: JournalAction; refusedLocked: JournalAction };
  /** The guard's row when it does not exist yet (made at the first failure), for tables of guards only, and the action it is made under. */
  create?: { row: Row; action: JournalAction };
}

export type AttemptResult = 'ok' | 'failed' | 'locked' | 'refused_locked';

/**
 * Check a secret (password or PIN) with lockout (SPEC §2, §7): N failures lock it for a while,
 * and every failure, lock and refusal is a journaled write. The count is read again inside the
 * write, after the slow hash check, so attempts made at the same time cannot all see the same
 * count and slip past the limit.
 */
export async function checkWithLockout(ctx: HandlerContext, who: Actor, g: AttemptGuard, verify: () => Promise<boolean>): Promise<AttemptResult> {
  const lockedAt = (now: Date) => {
    const until = ctx.store.rowById(g.table, g.id)?.[g.lockedColumn];
    return typeof until === 'string' && new Date(until) > now;
  };
  if (lockedAt(ctx.now)) {
    ctx.store.write(who, (tx) => tx.event(g.actions.refusedLocked, g.table, g.id));
    return 'refused_locked';
  }
  const ok = await verify();
  return ctx.store.write(who, (tx): AttemptResult => {
    const now = new Date(tx.now);
    // A lock set by another attempt while this one was hashing wins, even over a right secret.
    if (lockedAt(now)) {
      tx.event(g.actions.refusedLocked, g.table, g.id);
      return 'refused_locked';
    }
    let row = ctx.store.rowById(g.table, g.id);
    if (ok) {
      if (row && (Number(row[g.failedColumn]) > 0 || row[g.lockedColumn])) tx.update(g.table, g.id, { [g.failedColumn]: 0, [g.lockedColumn]: null }, { action: g.actions.reset });
      return 'ok';
    }
    if (!row && g.create) row = tx.insert(g.table, g.create.row, { action: g.create.action });
    const failures = Number(row[g.failedColumn]) + 1;
    const lock = failures >= g.maxFailures;
    tx.update(
      g.table,
      g.id,
      lock ? { [g.failedColumn]: 0, [g.lockedColumn]: new Date(now.getTime() + g.lockMs).toISOString() } : { [g.failedColumn]: failures },
      { action: lock ? g.actions.lock : g.actions.fail },
    );
    return lock ? 'locked' : 'failed';
  });
}
