import type { HandlerContext } from '../../context';
import { CARD_GUESS_LIMITS } from '../../auth/sessions';

// A card number refused as someone else's makes the account wait after a few a day (handlers.ts
// checkFieldsCounted, SessionStore.cardGuesses). The waits live in the host's memory: a restart of the
// desk PC gave a guesser a fresh set of free tries. Each refusal past the day's free ones (one that
// makes the account wait) is journaled as an event of the account (its time only: never the number
// typed; a slip of the hand within the free ones stores nothing), so an account's waits are rebuilt
// from its refusals of the last day the first time it is judged after the host started — as a door's
// are (server-room/door-waits.ts): the free ones counted as spent before the first of them. Read by
// their columns through the journal's events index, never its JSON.

/** The account's wait, as the throttle counts it. */
export const cardLaneOf = (account: string): string => `people-card:${account}`;

/** The newest refusals read back: the throttle keeps no more than these (auth/guessing.ts). */
const READ_BACK = 64;

const rebuilt = new WeakMap<object, Set<string>>();

/** The account's wait as its refusals of the last day left it, once per account and host run (before any of this run's own). */
export function rebuildCardWaits(ctx: HandlerContext, account: string): void {
  const done = rebuilt.get(ctx.sessions) ?? new Set<string>();
  rebuilt.set(ctx.sessions, done);
  if (done.has(account)) return;
  done.add(account);
  const now = ctx.now.getTime();
  const ats = ctx.store
    .stmt("SELECT at FROM journal WHERE kind = 'event' AND entity = 'accounts' AND entity_id = ? AND seq >= 1 AND action = 'people.card_no_refused' ORDER BY seq DESC LIMIT ?")
    .pluck()
    .all(account, READ_BACK) as string[];
  const within = ats
    .reverse()
    .map((at) => Date.parse(at))
    .filter((t) => t <= now && now - t < CARD_GUESS_LIMITS.windowMs);
  if (within.length === 0) return;
  // The day's free refusals came before the first one kept (they are not journaled).
  for (let i = 0; i < CARD_GUESS_LIMITS.freeFailures; i++) ctx.sessions.cardGuesses.fail(cardLaneOf(account), within[0]);
  for (const t of within) ctx.sessions.cardGuesses.fail(cardLaneOf(account), t);
}

/** A refusal past the free ones journaled as the account's event, in its own act (the save it refused writes nothing). */
export function journalCardRefusal(ctx: HandlerContext, account: string): void {
  ctx.store.write(ctx.actor(), (tx) => tx.event('people.card_no_refused', 'accounts', account));
}
