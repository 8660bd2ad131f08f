import type { JournalAction } from '../../shared/domain/journal-actions';

/**
 * A journal action the core never writes, for a test that writes through the store directly (a
 * filler row, a probe, a migration of a later version). The core's own actions are typed
 * (shared/domain/journal-actions.ts); this is the one way around that list, and only tests take it.
 */
export function testAction(name: string): JournalAction {
  return name as JournalAction;
}
