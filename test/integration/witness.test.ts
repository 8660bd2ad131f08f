import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import type { JournalRow } from '../../electron/core/journal/journal';
import { ensureHostIdentity, signHead } from '../../electron/core/lan/identity';
import { checkWitness } from '../../electron/core/lan/witness-check';
import { Store } from '../../electron/core/store/store';
import { openRaw, openTemp, rehashFrom, setUp } from '../helpers/temp-daicho';

// Issue 13 (SPEC §11), `verify --witness` against the journal itself: a head a station saw names a
// rewrite that was re-hashed all the way to the end (the chain is whole again, the hash at the
// station's sequence number is not), a cut, a witness of another host, and a forged witness file.

describe("a station's witness against the journal (issue 13)", () => {
  it('names a rewrite re-hashed to the end, a cut, another host, and a witness not signed by its certificate', async () => {
    const d = await openTemp();
    await setUp(d);
    const identity = await ensureHostIdentity(d.store, { actor: 'system', station: 'lan' }, new Date());
    const h = d.store.journalHead();
    const witness = { stationId: 'lan:0a0b0c0d', stationName: '総務課の事務PC', certPem: identity.certPem, head: signHead(identity, { seq: h.seq, hash: h.hash, at: h.at! }), seenAt: new Date().toISOString() };
    expect(checkWitness(d.store, witness)).toEqual([]);
    // An older head kept as a conflict that the journal holds as shown (two answers crossed, kept by a
    // station of before): a true earlier head, nothing missing by it.
    const earlier = d.store.stmt('SELECT seq, hash, at FROM journal WHERE seq = ?').get(h.seq - 3) as { seq: number; hash: string; at: string };
    expect(checkWitness(d.store, { ...witness, conflicts: [{ head: signHead(identity, earlier), seenAt: witness.seenAt }] })).toEqual([]);
    d.close();

    const db = openRaw(path.join(d.dataDir, 'daicho.db'), fs.readFileSync(d.keyFile, 'utf8').trim());
    const check = () => checkWitness(new Store(db), witness);
    db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
    // An early row rewritten, every later row re-hashed: the chain holds, the station's head does not.
    const early = db.prepare("SELECT * FROM journal WHERE kind = 'row' ORDER BY seq LIMIT 1 OFFSET 3").get() as JournalRow;
    db.prepare('UPDATE journal SET reason = ? WHERE seq = ?').run('書き換え', early.seq);
    rehashFrom(db, early.seq);
    expect(check()).toEqual([expect.stringMatching(new RegExp(`^REWRITTEN: journal row #${h.seq} has hash .* but station 総務課の事務PC \\(lan:0a0b0c0d\\) saw ${h.hash.slice(0, 16)}`))]);
    // The station then accepted the re-hashed head as its newest (the host signs what it shows): the
    // head it saw before, kept in its history, still names the rewrite.
    const after = db.prepare('SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string; at: string };
    const carried = { ...witness, head: signHead(identity, after), history: [{ head: witness.head, seenAt: witness.seenAt }] };
    expect(checkWitness(new Store(db), carried)).toEqual([expect.stringMatching(new RegExp(`^REWRITTEN: journal row #${h.seq} .* saw ${h.hash.slice(0, 16)}`))]);
    // A head the host showed after a later one is itself a problem (kept by the station as a conflict).
    const wentBack = { ...witness, conflicts: [{ head: signHead(identity, { seq: 2, hash: 'x'.repeat(64), at: after.at }), seenAt: after.at }] };
    expect(checkWitness(new Store(db), wentBack)).toContainEqual(expect.stringMatching(/the host showed station 総務課の事務PC \(lan:0a0b0c0d\) head #2/));
    // The newest rows cut.
    db.prepare('DELETE FROM journal WHERE seq > ?').run(h.seq - 2);
    expect(check()).toEqual([expect.stringMatching(new RegExp(`^CUT: the journal ends at #${h.seq - 2}, but station 総務課の事務PC \\(lan:0a0b0c0d\\) saw it reach #${h.seq}`))]);
    // A witness file whose head another key signed (made up, not written by a station of this host).
    const other = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    const forged = { ...witness, head: { ...witness.head, signature: signHead({ certPem: other.cert, keyPem: other.private, fingerprint: '' }, witness.head).signature } };
    expect(checkWitness(new Store(db), forged)).toEqual([expect.stringMatching(/is not signed by the host certificate it names/)]);
    // A witness of another host: its own certificate, its own signature.
    const elsewhere = { ...witness, certPem: other.cert, head: signHead({ certPem: other.cert, keyPem: other.private, fingerprint: '' }, { seq: 1, hash: 'x', at: witness.head.at }) };
    expect(checkWitness(new Store(db), elsewhere)[0]).toMatch(/was enrolled with another host/);
    db.close();
  });
});
