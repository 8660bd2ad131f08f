import type { HistoryEntry } from '../../shared/domain/session';
import type { HandlerContext } from './context';
import type { JournaledTable } from './store/migrations';
import type { Store } from './store/store';
import type { JournalRow } from './journal/journal';
import { resolveHistory } from './journal/history';
import { getAccount } from './auth/accounts-repo';
import { stationNamer } from './stations';
import { personHistory } from './ledgers/people/history';
import { shownCard } from './ledgers/people/handlers';

// A record's history as every history screen shows it (history.get, accounts.history, a kit
// ledger's <key>.history): from the journal, with the writers' and stations' names, secrets hidden.

const SECRET_COLUMNS = new Set(['password_hash', 'pin_hash']);

function redact(obj: Record<string, unknown> | null): Record<string, unknown> | null {
  if (obj === null) return null;
  for (const k of Object.keys(obj)) if (SECRET_COLUMNS.has(k)) obj[k] = obj[k] ? '••••' : null;
  // A card number by its last four only (people/handlers.ts shownCard).
  if (typeof obj.card_no === 'string') obj.card_no = shownCard(obj.card_no);
  return obj;
}

/** A lookup of the journal's actors for one answer: an account's display name and login id, or at the door the identified person's name ("person:<id>"). */
export function actorLookup(store: Store): (actor: string) => { name: string | null; loginId: string | null } {
  const known = new Map<string, { name: string | null; loginId: string | null }>();
  return (actor) => {
    let found = known.get(actor);
    if (!found) {
      const person = actor.startsWith('person:') ? (store.rowById('people', actor.slice('person:'.length))?.name as string | undefined) : undefined;
      const account = person === undefined ? getAccount(store, actor) : undefined;
      known.set(actor, (found = { name: (person ?? account?.display_name) || null, loginId: account?.login_id ?? null }));
    }
    return found;
  };
}

/** A lookup of the names of the journal's actors for one answer: an account's, or at the door the identified person's ("person:<id>"). */
export function actorNamer(store: Store): (actor: string) => string | null {
  const lookup = actorLookup(store);
  return (actor) => lookup(actor).name;
}

/** A record's history from the journal (SPEC §3), with the writers' names and secrets hidden. */
export function historyOf(ctx: HandlerContext, entity: JournaledTable, id: string, rows?: JournalRow[]): HistoryEntry[] {
  // With the login id, one of a kind (auth/account-rules.ts): a display name is the administrator's to type, and
  // one can be made to read as someone's (an insider probe: 鈴木 陽孑, 孑 for 子, correcting records as the safety manager).
  const actorOf = actorLookup(ctx.store);
  const stationName = stationNamer(ctx.store);
  // A person is shown whole: their card, PIN and server-room authorization are records of their own (ledgers/people/history.ts).
  const resolved = rows ? resolveHistory(ctx.store, rows) : entity === 'people' ? personHistory(ctx.store, id) : resolveHistory(ctx.store, ctx.store.history(entity, id));
  return resolved.map(
    ({ row: r, before, after, erased }): HistoryEntry => ({
      seq: r.seq, at: r.at, actor: r.actor, actorName: actorOf(r.actor).name, actorLoginId: actorOf(r.actor).loginId, station: r.station, stationName: stationName(r.station, r.at, r.seq), action: r.action,
      before: redact(before), after: redact(after), erased, reason: r.reason,
    }),
  );
}

