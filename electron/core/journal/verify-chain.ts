import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import type { Db } from '../store/database';
import { GENESIS_HASH, hashJournalFields } from './journal';
import { BATCH_ROWS, ENTRY_STRIDE, ProblemList, recordKey, REF_STRIDE, type Snapshot, type VerifyProblem } from './verify-parts';

// The chain part of SPEC §8 verify (issue 7): every journal row's hash recomputed and linked to the
// one before it, over one range of sequence numbers (a worker's share, verify-workers.ts), and an
// entry per row change for the index of records (verify-parts.ts RecordIndex).
//
// Speed (SPEC §10, docs/verify-speed.md): the rows are read BATCH_ROWS at a time, in one SQL call
// that hands over their hash inputs as one blob, instead of a call per row (which cost more than the
// hashing). A batch is accepted only when everything in it holds: every row there, every hash equal,
// every link in place, nothing out of the ordinary. Anything else (a gap, a changed row, a row of
// other types) and the batch is checked again row by row, the exact way, which names the problem.

/** The result of checking the chain over one range of sequence numbers. */
export interface ChainPart {
  from: number;
  to: number;
  firstSeq: number | null;
  firstPrev: string | null;
  /** Whether the first row's own hash holds. */
  firstHashOk: boolean;
  /** Whether the last row's own hash holds. */
  lastHashOk: boolean;
  lastSeq: number | null;
  lastHash: string | null;
  rows: number;
  problems: VerifyProblem[];
  problemCount: number;
  /** One entry per row change of a journaled table, in sequence order (ENTRY_STRIDE numbers each). */
  entries: Uint32Array;
  entryCount: number;
  /** Every personal-value digest the rows commit to: 64 bits of it and the row's seq (REF_STRIDE numbers each). */
  refs: Uint32Array;
  refCount: number;
}

const COMMITMENT = /"\$p":"([0-9a-f]{64})"/g;

const TYPES_OK = `typeof(at) = 'text' AND typeof(actor) = 'text' AND typeof(station) = 'text' AND typeof(kind) = 'text' AND typeof(action) = 'text'
  AND typeof(entity) = 'text' AND typeof(entity_id) IN ('text', 'null') AND typeof(before) IN ('text', 'null') AND typeof(after) IN ('text', 'null')
  AND typeof(reason) IN ('text', 'null') AND typeof(prev_hash) = 'text'`;

/** Fields longer than this together are hashed in JS (json_array could pass SQLite's length limit: a review). */
const SQL_INPUT_BYTES = 10_000_000;

/** The hash input of a row as JSON of its fields, built by SQLite (json_array escapes text exactly as JSON.stringify does); null for a row of other types, or a huge one. */
const HASH_INPUT = `CASE WHEN ${TYPES_OK} AND octet_length(coalesce(before, '')) + octet_length(coalesce(after, '')) + octet_length(coalesce(reason, '')) < ${SQL_INPUT_BYTES}
  THEN json_array(seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash) END`;

/** A row change the index of records takes: its record and its `after`. */
const ENTRY_ROW = `kind = 'row' AND entity_id IS NOT NULL AND after IS NOT NULL`;

const NL = 10;
const COMMITMENT_MARK = Buffer.from('"$p":"');

/**
 * Recompute the hash of every row in [from, to] and the links between them (the link into `from`
 * is checked by whoever stitches the parts).
 */
export function checkChain(db: Db, snap: Snapshot, from: number, to: number, onProgress?: (rows: number) => void): ChainPart {
  const walk = new ChainWalk(db, snap);
  // A gap (rows deleted, or one row given a sequence number far ahead) is stepped over to the next
  // row there is, not batch by empty batch (an insider probe: seq 2^62 kept verify busy for ever).
  const next = db.prepare('SELECT min(seq) FROM journal WHERE seq > ? AND seq <= ?').pluck();
  let reported = 0;
  for (let lo = from; lo <= to; ) {
    const hi = Math.min(to, lo + BATCH_ROWS - 1);
    if (!walk.batch(lo, hi) && walk.exactly(lo, hi) === 0) {
      const after = next.get(hi, to) as number | null;
      if (after === null) break;
      lo = after;
    } else lo = hi + 1;
    if (onProgress && walk.rows - reported >= 20_000) {
      reported = walk.rows;
      onProgress(walk.rows);
    }
  }
  return walk.part(from, to);
}

class ChainWalk {
  private readonly journaled: Set<string>;
  private readonly format2: number;
  private readonly problems = new ProblemList();
  private readonly batchStmt;
  private readonly rowsStmt;
  private readonly rawRow;
  private capacity = 1024;
  private entries = new Uint32Array(this.capacity * ENTRY_STRIDE);
  private entryCount = 0;
  private refCapacity = 256;
  private refs = new Uint32Array(this.refCapacity * REF_STRIDE);
  private refCount = 0;
  /** Where each `after` of a batch ends. */
  private readonly ends = new Int32Array(BATCH_ROWS);
  private firstSeq: number | null = null;
  private firstPrev: string | null = null;
  /** Whether the first row's own hash holds (a link into it that breaks is then the row before's, or its previous hash's). */
  private firstHashOk = true;
  /** Whether the last row's own hash held (a link after a row whose stored hash was changed breaks because of it: that row is named already). */
  private lastHashOk = true;
  private prev: string | null = null;
  private seq: number | null = null;
  rows = 0;

  constructor(db: Db, snap: Snapshot) {
    this.journaled = new Set(snap.tables);
    this.format2 = snap.format2Seq ?? Number.MAX_SAFE_INTEGER;
    // Per batch: how many rows; their hashes and previous hashes (64 hex digits each, in seq order);
    // their hash inputs as json_array builds them, one a line (JSON text has no raw line break); per
    // row change its record (entity TAB id) and its `after`, a line each (empty for other rows); and
    // how many rows are out of the ordinary: a format 2 row holding a "before", a hash or previous
    // hash not 64 characters (joined, two rows could share their characters: a review), or a field stored
    // as a blob (json_array takes a blob of SQLite's binary JSON for the text it encodes, so one
    // could stand in for a text, same hash, and hide the row from every lookup by that field; the
    // columns are TEXT, so a blob is the one other type a value can have, and the greatest of them).
    this.batchStmt = db
      .prepare(
        `SELECT count(*), group_concat(hash, ''), group_concat(prev_hash, ''),
           CAST(group_concat(json_array(seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash), char(10)) AS BLOB),
           group_concat(CASE WHEN ${ENTRY_ROW} THEN entity || char(9) || entity_id ELSE '' END, char(10)),
           CAST(group_concat(CASE WHEN ${ENTRY_ROW} THEN after ELSE '' END, char(10)) AS BLOB),
           sum((before IS NOT NULL AND seq > @format2)
             OR kind NOT IN ('row', 'event') OR (kind = 'row' AND (entity_id IS NULL OR after IS NULL))
             OR typeof(max(at, actor, station, kind, action, entity, prev_hash, hash, coalesce(entity_id, ''), coalesce(before, ''), coalesce(after, ''), coalesce(reason, ''))) != 'text'
             OR length(hash) != 64 OR length(prev_hash) != 64)
         FROM (SELECT * FROM journal WHERE seq BETWEEN @lo AND @hi ORDER BY seq)`,
      )
      .raw(true);
    this.rowsStmt = db.prepare(`SELECT seq, prev_hash, hash, kind, entity, entity_id, after, before IS NOT NULL, ${HASH_INPUT} FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq`).raw(true);
    this.rawRow = db.prepare('SELECT seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash FROM journal WHERE seq = ?').raw(true);
  }

  /** The rows lo..hi in one call; false (and nothing taken) unless every one of them holds. */
  batch(lo: number, hi: number): boolean {
    if (this.seq !== null && this.seq !== lo - 1) return false;
    const n = hi - lo + 1;
    let got: [number, string | null, string | null, Buffer | null, string | null, Buffer | null, number | null];
    try {
      got = this.batchStmt.get({ lo, hi, format2: this.format2 }) as typeof got;
    } catch {
      return false; // a blob where json_array takes none: row by row, it is named
    }
    const [count, hashes, prevs, inputs, keys, afters, odd] = got;
    if (count !== n || odd !== 0 || hashes?.length !== 64 * n || prevs?.length !== 64 * n || !inputs || keys === null || !afters) return false;
    // Bytes that are not UTF-8 are hashed as they are here, but as JS decodes them row by row: there.
    if (!isUtf8(inputs)) return false;
    // The links inside the batch, and into it.
    if (prevs.slice(64) !== hashes.slice(0, -64)) return false;
    if (this.prev !== null && !prevs.startsWith(this.prev)) return false;
    const records = keys.split('\n');
    // One record a row, each split at its one tab (a tab inside an entity or an id: row by row).
    if (records.length !== n || records.some((r) => r.indexOf('\t') !== r.lastIndexOf('\t'))) return false;
    // Every hash, and the segments line up (one a row).
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const end = i === n - 1 ? inputs.length : inputs.indexOf(NL, pos);
      if (end <= pos || !hashes.startsWith(hash('sha256', inputs.subarray(pos, end)), i * 64)) return false;
      pos = end + 1;
    }
    if (pos !== inputs.length + 1) return false;
    const ends = this.ends;
    let apos = 0;
    for (let i = 0; i < n - 1; i++) {
      ends[i] = afters.indexOf(NL, apos);
      if (ends[i] < 0) return false;
      apos = ends[i] + 1;
    }
    if (afters.indexOf(NL, apos) >= 0) return false;
    ends[n - 1] = afters.length;
    // All good: the row changes go to the index.
    apos = 0;
    for (let i = 0; i < n; i++) {
      const record = records[i];
      if (record !== '') {
        const tab = record.indexOf('\t');
        const entity = record.slice(0, tab);
        if (this.journaled.has(entity)) this.entry(lo + i, entity, record.slice(tab + 1), afters.subarray(apos, ends[i]));
      }
      apos = ends[i] + 1;
    }
    if (this.firstSeq === null) {
      this.firstSeq = lo;
      this.firstPrev = prevs.slice(0, 64);
    }
    this.prev = hashes.slice(-64);
    this.lastHashOk = true;
    this.seq = hi;
    this.rows += n;
    return true;
  }

  /** The rows lo..hi one by one, each problem named; how many there were. */
  exactly(lo: number, hi: number): number {
    let n = 0;
    for (const r of this.rowsStmt.iterate(lo, hi) as IterableIterator<unknown[]>) {
      const rSeq = r[0] as number;
      const rowPrev = r[1] as string;
      const rowHash = r[2] as string;
      const encoded = r[8] as string | null;
      const hashOk = (encoded !== null && hash('sha256', encoded) === rowHash) || hashJournalFields(this.rawRow.get(rSeq) as unknown[]) === rowHash;
      if (this.firstSeq === null) {
        this.firstSeq = rSeq;
        this.firstPrev = rowPrev;
        this.firstHashOk = hashOk;
      } else if (this.seq !== null && rSeq !== this.seq + 1)
        this.problems.note(this.seq + 1, `journal rows ${this.seq + 1}–${rSeq - 1} are missing (the sequence jumps from ${this.seq} to ${rSeq})`);
      else if (rowPrev !== this.prev) noteBrokenLink(this.problems, this.seq ?? rSeq - 1, rSeq, hashOk, this.lastHashOk);
      if (!hashOk) this.problems.note(rSeq, `journal row ${rSeq} was changed after it was written (hash differs)`);
      this.lastHashOk = hashOk;
      if (rSeq > this.format2 && r[7] === 1) this.problems.note(rSeq, `journal row ${rSeq} holds a "before" (format 2 rows never do)`);
      // Daicho writes a row change with its record and its values, never one that takes a record away
      // (SPEC §3: nothing is deleted; an insider probe deleted a record behind one), nor a row of another kind.
      const entity = r[4] as string;
      if (r[3] !== 'row' && r[3] !== 'event') this.problems.note(rSeq, `journal row ${rSeq} is of a kind Daicho does not write (${String(r[3])})`);
      else if (r[3] === 'row' && (typeof r[5] !== 'string' || typeof r[6] !== 'string'))
        this.problems.note(rSeq, `journal row ${rSeq} is a row change of ${entity} ${String(r[5] ?? '(no record)')} without its values (Daicho never writes one: a record taken away outside Daicho)`);
      if (r[3] === 'row' && typeof r[5] === 'string' && this.journaled.has(entity) && typeof r[6] === 'string') this.entry(rSeq, entity, r[5], r[6]);
      this.prev = rowHash;
      this.seq = rSeq;
      this.rows++;
      n++;
    }
    return n;
  }

  /** A row change of a record: its index entry, and the personal-value digests its `after` commits to. */
  private entry(seq: number, entity: string, id: string, after: string | Buffer): void {
    if (this.entryCount === this.capacity) {
      this.capacity *= 2;
      const grown = new Uint32Array(this.capacity * ENTRY_STRIDE);
      grown.set(this.entries);
      this.entries = grown;
    }
    const [k1, k2] = recordKey(entity, id);
    const o = this.entryCount * ENTRY_STRIDE;
    this.entries[o] = k1;
    this.entries[o + 1] = k2;
    this.entries[o + 2] = seq;
    this.entryCount++;
    if (typeof after === 'string') {
      if (after.includes('"$p":"')) for (const m of after.matchAll(COMMITMENT)) this.ref(seq, parseInt(m[1].slice(0, 8), 16), parseInt(m[1].slice(8, 16), 16));
      return;
    }
    for (let p = after.indexOf(COMMITMENT_MARK); p >= 0; p = after.indexOf(COMMITMENT_MARK, p + 1)) {
      const at = p + COMMITMENT_MARK.length;
      if (isCommitmentAt(after, at)) this.ref(seq, hexWord(after, at), hexWord(after, at + 8));
    }
  }

  /** A personal-value digest (its first 64 bits) a row commits to. */
  private ref(seq: number, d1: number, d2: number): void {
    if (this.refCount === this.refCapacity) {
      this.refCapacity *= 2;
      const grown = new Uint32Array(this.refCapacity * REF_STRIDE);
      grown.set(this.refs);
      this.refs = grown;
    }
    const r = this.refCount * REF_STRIDE;
    this.refs[r] = d1;
    this.refs[r + 1] = d2;
    this.refs[r + 2] = seq;
    this.refCount++;
  }

  part(from: number, to: number): ChainPart {
    return {
      from, to, firstSeq: this.firstSeq, firstPrev: this.firstPrev, firstHashOk: this.firstHashOk, lastHashOk: this.lastHashOk, lastSeq: this.seq, lastHash: this.prev, rows: this.rows,
      problems: this.problems.lowest(), problemCount: this.problems.count,
      entries: this.entries.subarray(0, this.entryCount * ENTRY_STRIDE), entryCount: this.entryCount,
      refs: this.refs.subarray(0, this.refCount * REF_STRIDE), refCount: this.refCount,
    };
  }
}

/** Lowercase hex digit values by byte (-1: none). */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;
const QUOTE = 0x22;

/** 64 lowercase hex digits and a closing quote at `at`: a commitment, as COMMITMENT matches it in text. */
function isCommitmentAt(b: Buffer, at: number): boolean {
  if (at + 64 >= b.length || b[at + 64] !== QUOTE) return false;
  for (let i = at; i < at + 64; i++) if (HEX[b[i]] < 0) return false;
  return true;
}

/** The 32-bit number of 8 hex digits at `at`. */
function hexWord(b: Buffer, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) v = v * 16 + HEX[b[i]];
  return v;
}

/** Join the parts (in order): each must begin where the one before it ended. */
export function stitchChain(parts: readonly ChainPart[], problems: ProblemList): { rows: number; headSeq: number } {
  let prevHash = GENESIS_HASH;
  let prevHashOk = true;
  let prevSeq = 0;
  let rows = 0;
  for (const p of [...parts].sort((a, b) => a.from - b.from)) {
    problems.add(p.problems, p.problemCount);
    rows += p.rows;
    if (p.firstSeq === null) continue; // an empty part: the next one names the gap
    if (p.firstSeq !== prevSeq + 1) problems.note(prevSeq + 1, `journal rows ${prevSeq + 1}–${p.firstSeq - 1} are missing (the sequence jumps from ${prevSeq} to ${p.firstSeq})`);
    else if (p.firstPrev !== prevHash) noteBrokenLink(problems, prevSeq, p.firstSeq, p.firstHashOk, prevHashOk);
    prevHash = p.lastHash!;
    prevHashOk = p.lastHashOk;
    prevSeq = p.lastSeq!;
  }
  return { rows, headSeq: prevSeq };
}

/**
 * Row `seq` does not link to row `prev` (its previous hash is not that row's hash). A row whose own
 * hash does not hold is the changed one, and named. One whose hash holds was rewritten with a fresh
 * hash, or the row before it was — which breaks the link after it alone (an insider probe: a row
 * rewritten at #389 was named at #390): named at the earlier of them, the first row that may be bad.
 * The first row follows no row: named at itself.
 */
function noteBrokenLink(problems: ProblemList, prev: number, seq: number, hashOk: boolean, prevHashOk: boolean): void {
  // The row before's own hash does not hold (its stored hash changed): it is named, and this link breaks because of it.
  if (prev >= 1 && !prevHashOk && hashOk) return;
  if (prev < 1) problems.note(seq, `journal row ${seq} does not begin the chain (its previous hash is not the chain's start)`);
  else if (!hashOk) problems.note(seq, `journal row ${seq} does not follow row ${prev} (previous hash differs)`);
  else problems.note(prev, `journal rows ${prev} and ${seq} do not link (row ${seq}'s previous hash is not row ${prev}'s hash): one of them was rewritten with a fresh hash after it was written`);
}
