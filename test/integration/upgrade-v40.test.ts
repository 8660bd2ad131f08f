import { describe, expect, it } from 'vitest';
import { ACTS_RULE_MIGRATION, retentionCutoff } from '../../electron/core/retention-rules';
import { Caller } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';

// Migration 41 on data written by schema v40 (test/fixtures/v40-data, commit b3fa31b, made by
// make-v40-data.ts.txt): on 20 November 2026 the safety manager voided visitor slip A and server-room
// stay S (both of March 2019) and reopened April 2019's signed slips; the administrator then erased
// the slips past the period — A (voided that day) and C (its month reopened) — as that version let
// him. From migration 41 a retention erasure waits for every act on its record and for a reopened
// month's review, and verify holds erasures to that: the erasures made before it still verify, the
// stay voided that day is kept now, and the same erasure made after it with the key is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2285' };
const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7492' };

describe('upgrade from schema v40 (migration 41)', () => {
  it('erasures made by the older rule still verify; a record acted on within the period is kept; the same erasure made after the upgrade is named', async () => {
    const { d } = await openFixture('v40-data', jst('2026-11-25', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(ACTS_RULE_MIGRATION);
    // The upgrade's own row marks where the rule begins: journaled, verified.
    expect(d.store.db.prepare("SELECT json_extract(after, '$.to') AS 'to', actor FROM journal WHERE action = 'schema.migrate' AND json_extract(after, '$.to') = ?").all(ACTS_RULE_MIGRATION)).toEqual([{ to: ACTS_RULE_MIGRATION, actor: 'migration' }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

    const admin = new Caller(d);
    await admin.ok('auth.signIn', ADMIN);
    const erasedSlips = d.store.db.prepare('SELECT name, personal_erased_at AS erasedAt FROM visitor_visits ORDER BY arrived_at').all();
    expect(erasedSlips).toEqual([
      { name: null, erasedAt: '2026-11-20T01:00:00.000Z' },
      { name: null, erasedAt: '2026-11-20T01:00:00.000Z' },
    ]);
    // Stay S, voided on 20 November: erasable by the older rule (the fixture script saw 1), kept now.
    const status = await admin.ok('retention.status', {});
    expect(status.find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, erased: 0 });

    // The erasure the older version would have made, written with the key after the upgrade: named.
    const stay = d.store.db.prepare('SELECT id FROM server_room_stays').get() as { id: string };
    const actor = { actor: (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(ADMIN.loginId) as { id: string }).id, station: 'test' };
    const approvedBy = (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(SM.loginId) as { id: string }).id;
    const now = new Date(jst('2026-11-25', '09:00'));
    d.store.write(actor, (tx) => {
      tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy }, '保存期間経過');
      tx.erasePersonal('server_room_stays', stay.id, { action: 'personal.erase', reason: '保存期間経過' });
      tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 1 }, '保存期間経過');
    });
    const erasure = (d.store.db.prepare("SELECT max(seq) AS seq FROM journal WHERE action = 'personal.erase'").get() as { seq: number }).seq;
    const r = d.verify();
    // After migration 45 an act's approval is signed with the safety manager's key as well: this one, written
    // as v40 wrote its acts (her name only), is named for that too; the acts made by v40 before the upgrade are not.
    expect(r).toMatchObject({ ok: false, problemCount: 2 });
    expect(r.problems).toEqual([
      { seq: erasure - 1, problem: `a retention erasure whose approval by ${approvedBy} carries no signature of hers (not written by Daicho)` },
      { seq: erasure, problem: `an erasure of server_room_stays ${stay.id} last acted on at 2026-11-20T01:00:00.000Z, within the period` },
    ]);
    d.close();
  });
});
