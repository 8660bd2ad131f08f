import type { SignedHead } from '../../../shared/lan';
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
}

/** What is wrong between the journal and one station's witness (empty: the journal holds what the station saw). */
export function checkWitness(store: Store, w: WitnessToCheck): string[] {
  const who = `station ${w.stationName} (${w.stationId})`;
  if (!w.head || typeof w.head.seq !== 'number' || typeof w.head.hash !== 'string' || !headSignedBy(w.certPem, w.head))
    return [`the witness file of ${who} is not signed by the host certificate it names: not a file a station wrote`];
  const problems: string[] = [];
  const here = readHostIdentity(store);
  const fingerprint = certFingerprint(w.certPem);
  if (here && here.fingerprint !== fingerprint) problems.push(`${who} was enrolled with another host (certificate ${fingerprint.slice(0, 16)}…), not this one (${here.fingerprint.slice(0, 16)}…)`);
  const last = store.journalHead();
  if (last.seq < w.head.seq) {
    problems.push(`CUT: the journal ends at #${last.seq}, but ${who} saw it reach #${w.head.seq} (hash ${w.head.hash.slice(0, 16)}…, shown ${w.head.at}, seen ${w.seenAt}): ${w.head.seq - last.seq} row(s) are gone`);
    return problems;
  }
  const row = store.stmt('SELECT hash FROM journal WHERE seq = ?').get(w.head.seq) as { hash: string } | undefined;
  if (!row) problems.push(`CUT: journal row #${w.head.seq}, which ${who} saw, is gone`);
  else if (row.hash !== w.head.hash)
    problems.push(`REWRITTEN: journal row #${w.head.seq} has hash ${row.hash.slice(0, 16)}…, but ${who} saw ${w.head.hash.slice(0, 16)}… there (shown ${w.head.at}): history up to it was changed`);
  return problems;
}
