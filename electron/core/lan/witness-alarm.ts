import { WITNESS_HEADER_HEADS, WITNESS_HEADER_MAX, type SignedHead } from '../../../shared/lan';
import type { WitnessAlarm } from '../../../shared/api/lan-contract';
import { DaichoError } from '../../../shared/api/errors';
import type { Actor, Store } from '../store/store';
import { stationNamer } from '../stations';
import { headSignedBy } from './identity';

// SPEC §11 at run time: every station keeps the newest journal head the host showed it, and sends it
// back with each request (with the one before it). `daicho verify --witness` checks those heads after
// the fact; here the host checks them as they arrive. A head the journal no longer holds — it ends
// before it, or has another hash at its sequence number — means this data was put back to an older
// copy (a restored backup, a folder copied back) or its history was rewritten. It is journaled once
// per station and head (the journal that was put back now says so itself) and the dashboard of the
// administrator and the safety manager shows it (`lan.witnessAlarms`) until it is 90 days old, or until
// the safety manager acknowledges it with what she found (journaled with her reason).

export type WitnessMismatch = 'cut' | 'rewritten';

const SYSTEM: Actor = { actor: 'system', station: 'lan' };
/** Heads already checked, per station; forgotten in bulk past this many (a restart forgets them too). */
const REMEMBERED = 2000;
const SHOWN = 20;
const SHOWN_DAYS = 90;

/** The latest reports (the partial index of migration 29: never a scan of the journal). */
export const LATEST_WITNESS_ALARMS = `SELECT seq, at, entity_id AS station, json_extract(after, '$.kind') AS mismatch, json_extract(after, '$.seq') AS seen_seq,
  json_extract(after, '$.at') AS seen_at, json_extract(after, '$.journalSeq') AS journal_seq FROM journal
  WHERE action = 'lan.witness_mismatch' AND kind = 'event' ORDER BY seq DESC LIMIT ${SHOWN}`;

/** The reports the safety manager acknowledged (the partial index of migration 31). */
export const ACKNOWLEDGED_WITNESS = `SELECT json_extract(after, '$.alarmSeq') AS alarm FROM journal WHERE action = 'lan.witness_acknowledged' AND kind = 'event'`;

/** A report of this station and head already journaled (the partial index of migration 29). */
export const REPORTED_WITNESS = `SELECT 1 FROM journal WHERE action = 'lan.witness_mismatch' AND kind = 'event' AND entity_id = ?
  AND json_extract(after, '$.seq') = ? AND json_extract(after, '$.hash') = ? LIMIT 1`;

function isHead(h: unknown): h is SignedHead {
  const o = h as Partial<SignedHead> | null;
  return (
    typeof o === 'object' && o !== null && Number.isSafeInteger(o.seq) && o.seq! > 0 && typeof o.hash === 'string' && /^[0-9a-f]{64}$/.test(o.hash) &&
    typeof o.at === 'string' && o.at.length <= 40 && typeof o.signature === 'string' && o.signature.length <= 200
  );
}

/** Where the journal goes back on a head it once showed, or null when it holds it. */
export function witnessMismatch(store: Store, head: { seq: number; hash: string }): WitnessMismatch | null {
  if (head.seq > store.journalHead().seq) return 'cut';
  const row = store.stmt('SELECT hash FROM journal WHERE seq = ?').get(head.seq) as { hash: string } | undefined;
  if (!row) return 'cut';
  return row.hash === head.hash ? null : 'rewritten';
}

export class WitnessWatch {
  private readonly checked = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly certPem: () => string | null,
  ) {}

  /**
   * A station's witness header, after its request was authenticated. What does not parse, or was not
   * signed by this host's certificate, is ignored: a header never stops a station's request.
   */
  check(stationId: string, header: string): WitnessMismatch[] {
    const certPem = this.certPem();
    if (!header || header.length > WITNESS_HEADER_MAX || !certPem) return [];
    let heads: unknown;
    try {
      heads = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    } catch {
      return [];
    }
    if (!Array.isArray(heads)) return [];
    const found: WitnessMismatch[] = [];
    for (const head of heads.slice(0, WITNESS_HEADER_HEADS)) {
      if (!isHead(head)) continue;
      const key = `${stationId}|${head.seq}|${head.hash}`;
      if (this.checked.has(key)) continue;
      // Remembered as checked only once its signature holds (an insider probe: a request with the
      // station's heads and a junk signature, refused, marked them checked, and the station's own
      // signed report of a rolled-back journal raised no alarm).
      if (!headSignedBy(certPem, head)) continue;
      if (this.checked.size >= REMEMBERED) this.checked.clear();
      this.checked.add(key);
      const mismatch = witnessMismatch(this.store, head);
      if (!mismatch) continue;
      // Once in the journal, not once a run: a restart forgets what it checked, the journal does not (a review).
      if (this.store.stmt(REPORTED_WITNESS).get(stationId, head.seq, head.hash)) continue;
      found.push(mismatch);
      const journalSeq = this.store.journalHead().seq;
      try {
        this.store.write(SYSTEM, (tx) => tx.event('lan.witness_mismatch', 'lan_stations', stationId, { kind: mismatch, seq: head.seq, hash: head.hash, at: head.at, journalSeq }));
      } catch {
        // Data closing: the station reports it again at its next request after a restart.
        this.checked.delete(key);
      }
    }
    return found;
  }

  /** The reports of the last 90 days not acknowledged, newest first. */
  alarms(now: Date): WitnessAlarm[] {
    const since = new Date(now.getTime() - SHOWN_DAYS * 86_400_000).toISOString();
    const rows = this.store.stmt(LATEST_WITNESS_ALARMS).all() as {
      seq: number; at: string; station: string; mismatch: string; seen_seq: number; seen_at: string | null; journal_seq: number;
    }[];
    const acknowledged = this.acknowledged();
    const name = stationNamer(this.store);
    return rows
      .filter((r) => r.at >= since && (r.mismatch === 'cut' || r.mismatch === 'rewritten') && !acknowledged.has(r.seq))
      .map((r) => ({
        seq: r.seq, reportedAt: r.at, stationId: r.station, stationName: name(r.station), kind: r.mismatch as WitnessMismatch,
        seenSeq: r.seen_seq, seenAt: r.seen_at, journalSeq: r.journal_seq,
      }));
  }

  /**
   * The safety manager's acknowledgement of one report, with her reason: journaled, and the report is
   * no longer shown. Refused for what is no report, and for one acknowledged already (once is the record).
   */
  acknowledge(who: Actor, seq: number, reason: string): void {
    this.store.write(who, (tx) => {
      const report = this.store.stmt("SELECT entity_id FROM journal WHERE seq = ? AND action = 'lan.witness_mismatch' AND kind = 'event'").get(seq) as { entity_id: string } | undefined;
      if (!report) throw new DaichoError('not_found', 'lan.errors.alarm_not_found', 'seq');
      if (this.acknowledged().has(seq)) throw new DaichoError('conflict', 'lan.errors.alarm_acknowledged', 'seq');
      tx.event('lan.witness_acknowledged', 'lan_stations', report.entity_id, { alarmSeq: seq }, reason);
    });
  }

  private acknowledged(): Set<number> {
    return new Set((this.store.stmt(ACKNOWLEDGED_WITNESS).all() as { alarm: number }[]).map((r) => r.alarm));
  }
}
