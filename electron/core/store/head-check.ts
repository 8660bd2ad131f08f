import type { Store } from './store';

// One anchor outside the data — a station's witness file (lan/witness-check.ts) or a backup kept
// apart (jobs/backup-witness.ts) — holds a journal head: a sequence number and its hash. The hash
// chain makes that head a commitment to the whole journal up to it, so the journal must still end at
// or after it, with the same hash there. This is that one comparison, said once for both anchors.

export interface AnchoredHead {
  seq: number;
  hash: string;
}

/** Who holds the head, and how it is said: `saw` (a station saw it shown) or `holds` (a backup keeps it); `when` is its date as a phrase. */
export interface HeadAnchor {
  who: string;
  verb: 'saw' | 'holds';
  when: string;
}

const short = (hash: string) => `${hash.slice(0, 16)}…`;

/** CUT or REWRITTEN when the journal no longer holds `head` as it was; null when it does. */
export function headProblem(store: Store, head: AnchoredHead, anchor: HeadAnchor): string | null {
  const { who, verb, when } = anchor;
  const last = store.journalHead();
  if (last.seq < head.seq)
    return `CUT: the journal ends at #${last.seq}, but ${who} ${verb === 'saw' ? 'saw it reach' : 'holds it up to'} #${head.seq} (hash ${short(head.hash)}, ${when}): ${head.seq - last.seq} row(s) are gone`;
  const here = store.stmt('SELECT hash FROM journal WHERE seq = ?').pluck().get(head.seq) as string | undefined;
  if (here === undefined) return `CUT: journal row #${head.seq}, which ${who} ${verb}, is gone`;
  if (here !== head.hash) return `REWRITTEN: journal row #${head.seq} has hash ${short(here)}, but ${who} ${verb} ${short(head.hash)} there (${when}): history up to it was changed`;
  return null;
}
