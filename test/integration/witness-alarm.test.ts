import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import type { SignedHead } from '../../shared/lan';
import { signHead } from '../../electron/core/lan/identity';
import { ACKNOWLEDGED_WITNESS, LATEST_WITNESS_ALARMS, REPORTED_WITNESS } from '../../electron/core/lan/witness-alarm';
import { Caller, openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';
import { Witness, WITNESS_FILE, type StationConfig } from '../../electron/station/station';

// SPEC §11 at run time: a station sends back the heads the host showed it, and the host checks them
// against its journal with every request. Data put back to an older copy (a folder copied back, no key
// needed) and a head whose row now has another hash raise the alarm on the dashboard of the
// administrator and the safety manager, journaled once; what this host did not sign, or does not parse,
// is ignored.

const header = (heads: SignedHead[]) => Buffer.from(JSON.stringify(heads)).toString('base64');

describe('a station’s heads checked as they arrive (SPEC §11)', () => {
  it('raises the alarm for data put back to an older copy and for a rewritten head, once each; ignores what the host did not sign', async () => {
    let now = new Date('2026-11-02T01:00:00Z');
    const clock = () => now;
    const dir = tempDir();
    let d = await openTemp({ dir, clock });
    await setUp(d);
    const identity = await d.lan.ensureIdentity({ actor: 'system', station: 'lan' });
    const station = 'lan:0a0b0c0d';
    const copy = path.join(tempDir(), 'copy');
    d.close();
    // A copy of the data folder as it is now, taken without the key.
    fs.cpSync(dir, copy, { recursive: true });

    d = await openTemp({ dir, clock });
    const before = d.lan.head();
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const seen = d.lan.head();
    expect(seen.seq).toBeGreaterThan(before.seq);
    // What the journal holds raises nothing.
    expect(d.lan.witness.check(station, header([seen, before]))).toEqual([]);
    expect(await sm.ok('lan.witnessAlarms', {})).toEqual([]);
    d.close();

    // The folder copied back over the data: it opens with its key as before, and verifies on its own.
    fs.rmSync(dir, { recursive: true });
    fs.cpSync(copy, dir, { recursive: true });
    d = await openTemp({ dir, clock });
    expect(d.verify()).toMatchObject({ ok: true });
    const endsAt = d.store.journalHead().seq;
    expect(d.lan.witness.check(station, header([seen, before]))).toEqual(['cut']);
    // Once: the same heads again write nothing more — nor after a restart, which forgets what it checked.
    expect(d.lan.witness.check(station, header([seen, before]))).toEqual([]);
    d.close();
    d = await openTemp({ dir, clock });
    expect(d.lan.witness.check(station, header([seen, before]))).toEqual([]);
    const sm2 = new Caller(d);
    await sm2.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const alarms = await sm2.ok('lan.witnessAlarms', {});
    expect(alarms).toEqual([expect.objectContaining({ kind: 'cut', stationId: station, seenSeq: seen.seq, seenAt: seen.at, journalSeq: endsAt, reportedAt: now.toISOString() })]);
    const admin2 = new Caller(d);
    await admin2.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    expect(await admin2.ok('lan.witnessAlarms', {})).toHaveLength(1);

    // A head whose row now has another hash: rewritten.
    const rewritten = signHead(identity, { seq: before.seq, hash: 'a'.repeat(64), at: before.at });
    expect(d.lan.witness.check(station, header([rewritten]))).toEqual(['rewritten']);
    // Not signed by this host, not a head, not base64 JSON, too long: ignored, nothing written.
    const other = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    const forged = signHead({ certPem: other.cert, keyPem: other.private, fingerprint: '' }, { seq: endsAt + 50, hash: 'b'.repeat(64), at: before.at });
    const head = d.store.journalHead().seq;
    for (const bad of [header([forged]), header([{ ...rewritten, seq: -1 }]), Buffer.from('{"seq":1}').toString('base64'), '%%%', header(Array(40).fill(forged))])
      expect(d.lan.witness.check(station, bad)).toEqual([]);
    expect(d.store.journalHead().seq).toBe(head);
    expect((await sm2.ok('lan.witnessAlarms', {})).map((a) => a.kind)).toEqual(['rewritten', 'cut']);
    // Read by the partial index of migration 29, never a scan of the journal.
    for (const [sql, params] of [[LATEST_WITNESS_ALARMS, []], [REPORTED_WITNESS, [station, 1, 'x']]] as const) {
      const plan = d.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('journal_witness_mismatches');
    }
    expect(d.verify()).toMatchObject({ ok: true });

    // The safety manager marks one as checked, saying what she found: journaled with her reason, no
    // longer shown to anyone. Not the administrator (whoever put the data back is who it is about).
    const [rewrittenAlarm, cutAlarm] = await sm2.ok('lan.witnessAlarms', {});
    expect(await admin2.call('lan.acknowledgeWitnessAlarm', { seq: cutAlarm.seq, reason: 'バックアップから戻した' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sm2.call('lan.acknowledgeWitnessAlarm', { seq: cutAlarm.seq, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    // What is no report (another row, one not there) is refused, and stores nothing.
    const at = d.store.journalHead().seq;
    for (const seq of [1, rewrittenAlarm.seq - 1, at + 100])
      expect(await sm2.call('lan.acknowledgeWitnessAlarm', { seq, reason: '復元の経緯を確認した' })).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'lan.errors.alarm_not_found' } });
    expect(d.store.journalHead().seq).toBe(at);
    await sm2.ok('lan.acknowledgeWitnessAlarm', { seq: cutAlarm.seq, reason: '11月1日に故障でバックアップから戻したもの（システム管理者に確認）' });
    const ack = d.store.stmt("SELECT actor, entity_id, reason FROM journal WHERE action = 'lan.witness_acknowledged'").all();
    expect(ack).toEqual([{ actor: expect.any(String), entity_id: station, reason: '11月1日に故障でバックアップから戻したもの（システム管理者に確認）' }]);
    expect((await sm2.ok('lan.witnessAlarms', {})).map((a) => a.seq)).toEqual([rewrittenAlarm.seq]);
    expect((await admin2.ok('lan.witnessAlarms', {})).map((a) => a.seq)).toEqual([rewrittenAlarm.seq]);
    expect(await sm2.call('lan.acknowledgeWitnessAlarm', { seq: cutAlarm.seq, reason: 'もう一度' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'lan.errors.alarm_acknowledged' } });
    // Read by the partial index of migration 31.
    const ackPlan = d.store.db.prepare(`EXPLAIN QUERY PLAN ${ACKNOWLEDGED_WITNESS}`).all() as { detail: string }[];
    expect(ackPlan.map((p) => p.detail).join(' ')).toContain('journal_witness_acknowledged');
    expect(d.verify()).toMatchObject({ ok: true });
    // 90 days on, the dashboard no longer shows them (the journal keeps them).
    now = new Date(now.getTime() + 91 * 86_400_000);
    await sm2.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await sm2.ok('lan.witnessAlarms', {})).toEqual([]);
    d.close();
  });

  it('a station whose witness file is of the older form (no history) still sends its head, and every request goes on', () => {
    const dir = tempDir();
    const head = { seq: 5, hash: 'a'.repeat(64), at: '2026-11-02T01:00:00.000Z', signature: 'c2ln' };
    fs.writeFileSync(path.join(dir, WITNESS_FILE), JSON.stringify({ format: 1, stationId: 'lan:0a0b0c0d', head, seenAt: head.at, conflicts: [] }));
    const header = new Witness(dir, {} as StationConfig).header();
    expect(JSON.parse(Buffer.from(header!, 'base64').toString('utf8'))).toEqual([head]);
  });

  it('two calls in flight answered in either order are no cut; an older head asked for after the newest came, or written after it, is one', async () => {
    const pems = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    const identity = { certPem: pems.cert, keyPem: pems.private, fingerprint: '' };
    const config = { stationId: 'lan:0a0b0c0d', name: '総務課の事務PC', host: 'https://127.0.0.1:1', certPem: pems.cert, fingerprint: '' } as StationConfig;
    const head = (seq: number, minute: number, hash = 'a') => signHead(identity, { seq, hash: hash.repeat(64), at: `2026-11-02T01:${String(minute).padStart(2, '0')}:00.000Z` });
    const dir = tempDir();
    const w = new Witness(dir, config);
    expect(w.see(head(10, 0))).toBe(true);
    // Two requests sent at once; the second one's answer (the newer head) comes back first.
    const first = w.sent();
    const second = w.sent();
    expect(w.see(head(12, 2), second)).toBe(true);
    expect(w.see(head(11, 1), first)).toBe(true);
    const file = () => JSON.parse(fs.readFileSync(path.join(dir, WITNESS_FILE), 'utf8')) as { head: SignedHead; conflicts: unknown[] };
    expect(file()).toMatchObject({ head: { seq: 12 }, conflicts: [] });
    // Asked for after the newest came: nothing in flight explains an older head.
    const after = w.sent();
    expect(w.see(head(11, 1), after)).toBe(false);
    expect(file().conflicts).toHaveLength(1);
    // In flight, but written after the newest was: the host wrote again from an older journal.
    const inFlight = w.sent();
    expect(w.see(head(13, 3), w.sent())).toBe(true);
    expect(w.see(head(11, 4, 'b'), inFlight)).toBe(false);
    // The same seq with another hash is a rewrite, in flight or not; a head no one signed is not taken.
    const again = w.sent();
    expect(w.see(head(14, 5), w.sent())).toBe(true);
    expect(w.see(head(14, 5, 'c'), again)).toBe(false);
    expect(w.see({ ...head(15, 6), seq: 16 })).toBe(false);
    expect(file()).toMatchObject({ head: { seq: 14 }, conflicts: [{ head: { seq: 11 } }, { head: { seq: 11 } }, { head: { seq: 14 } }] });
    // A new process (the file read back) judges an old answer by the file's head: without its mark, a cut.
    expect(new Witness(dir, config).see(head(13, 3), undefined)).toBe(false);
  });
});
