import type { SignedHead } from '../../../shared/lan';
import { headProblem } from '../store/head-check';
import type { Store } from '../store/store';
import { certFingerprint, headSignedBy, readHostIdentity } from './identity';

// SPEC §11 (issue 13), `daicho verify --witness FILE`: a station's witness file holds the newest
// journal head the host showed it, signed with the host's certificate. The host's hash chain makes
// that one head a commitment to the whole journal up to it: if the journal now ends before it, or
// its row there has another hash, history the station saw was cut or rewritten — whoever held
// the database key, and however carefully the rest was re-hashed.

export interface WitnessToCheck {
  stationId: string;
  stationName: string;
  certPem: string;
  head: SignedHead;
  seenAt: string;
  /** Earlier heads the station saw (each checked like the newest). */
  history?: { head: SignedHead; seenAt: string }[];
  /** Heads the host showed that went back on an earlier one: each is a problem in itself. */
  conflicts?: { head: SignedHead; seenAt: string }[];
}

const signed = (certPem: string, h: SignedHead | undefined): h is SignedHead =>
  !!h && typeof h.seq === 'number' && typeof h.hash === 'string' && headSignedBy(certPem, h);

/** What is wrong between the journal and one station's witness (empty: the journal holds what the station saw). */
export function checkWitness(store: Store, w: WitnessToCheck): string[] {
  const who = `station ${w.stationName} (${w.stationId})`;
  const earlier = w.history ?? [];
  const conflicts = w.conflicts ?? [];
  if (!signed(w.certPem, w.head) || !earlier.every((e) => signed(w.certPem, e.head)) || !conflicts.every((c) => signed(w.certPem, c.head)))
    return [`the witness file of ${who} is not signed by the host certificate it names: not a file a station wrote`];
  const problems: string[] = [];
  const here = readHostIdentity(store);
  const fingerprint = certFingerprint(w.certPem);
  if (here && here.fingerprint !== fingerprint) problems.push(`${who} was enrolled with another host (certificate ${fingerprint.slice(0, 16)}…), not this one (${here.fingerprint.slice(0, 16)}…)`);
  // The host itself once went back on what it had shown this station (it saw an older or another head
  // after a newer one). One the journal holds as shown was a true earlier head: two answers crossed
  // on the way (a witness of before that knew no better kept them), or a copy put back and then
  // undone before it wrote anything — nothing of the journal is missing by it.
  for (const c of conflicts.filter((c) => headProblem(store, c.head, { who, verb: 'saw', when: c.seenAt }) !== null))
    problems.push(`the host showed ${who} head #${c.head.seq} (${c.head.hash.slice(0, 16)}…) on ${c.seenAt}, after it had shown a later or another one: history was cut or rewritten then`);
  // The newest head first: if the journal ends before it, the earlier ones say nothing more.
  const newest = headProblem(store, w.head, { who, verb: 'saw', when: `shown ${w.head.at}, seen ${w.seenAt}` });
  if (newest) problems.push(newest);
  if (store.journalHead().seq < w.head.seq) return problems;
  // Then the earlier ones: the first that does not match names where history was changed.
  for (const { head } of [...earlier].reverse()) {
    const problem = headProblem(store, head, { who, verb: 'saw', when: `shown ${head.at}` });
    if (problem) problems.push(problem);
  }
  return problems;
}
