import type { HandlerContext } from '../../context';
import { GUESS_WINDOW_MS } from '../../auth/guessing';
import type { JournalAction } from '../../../../shared/domain/journal-actions';

// Guessing at the door waits longer and longer (terminal.ts, each door's waits in the host's sign-in
// throttle). Those waits live in the host's memory: a restart of the host gave a guesser at the door a
// fresh set of free tries. The journal keeps each refusal that counted, with its time and its door's
// station, so a door's waits are rebuilt from its refusals of the last window the first time it is
// asked after the host started (read by their columns: never the journal's JSON).

/** What counted as a guess, by the door's wait it counted in: a card read, or a number and PIN typed. */
const CARD_GUESSES: readonly JournalAction[] = ['terminal.refused_unknown_card'];
// A number with no PIN is answered and counted as a wrong PIN (pin.ts checkPin), so it is rebuilt as one.
const PIN_GUESSES: readonly JournalAction[] = ['terminal.refused_unknown_employee', 'terminal.pin_fail', 'terminal.refused_no_pin'];
/** How far back the journal is read for them: the newest rows only (the window is 15 minutes), so the first call after a start holds the process briefly. */
const LOOK_BACK_ROWS = 5_000;

const rebuilt = new WeakMap<object, Set<string>>();

export const cardDoorOf = (station: string): string => `door-card:${station}`;
export const pinDoorOf = (station: string): string => `door:${station}`;

/** The door's waits as its refusals of the last window left them, once per door and host run (before any of this run's own). */
export function rebuildDoorWaits(ctx: HandlerContext, station: string): void {
  const done = rebuilt.get(ctx.sessions) ?? new Set<string>();
  rebuilt.set(ctx.sessions, done);
  if (done.has(station)) return;
  done.add(station);
  const now = ctx.now.getTime();
  const actions = [...CARD_GUESSES, ...PIN_GUESSES];
  const rows = ctx.store
    .stmt(
      `SELECT at, action FROM journal WHERE seq > (SELECT coalesce(max(seq), 0) FROM journal) - ${LOOK_BACK_ROWS} AND station = ? AND action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq`,
    )
    .all(station, ...actions) as { at: string; action: JournalAction }[];
  for (const r of rows) {
    const t = Date.parse(r.at);
    if (!(t <= now && now - t < GUESS_WINDOW_MS)) continue;
    ctx.sessions.throttle.fail(CARD_GUESSES.includes(r.action) ? cardDoorOf(station) : pinDoorOf(station), t);
  }
}
