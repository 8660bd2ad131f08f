import { describe, expect, it } from 'vitest';
import { deliverDoorEntry, type DoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS } from './server-room-fixture';
import { HEAD_PASSWORD, october } from './review-fixture';

// Art. 9: nobody reviews themselves — also where their act was made without their account (an insider
// probe): a door terminal's refused entry of their own person, an anomaly their exit at the door took
// away (the journal says `person:<id>`), and a clock anomaly of their own write.

const NO_ISSUE = { disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null } as const;

describe('a reviewer does not dispose of what their own person did at the door, nor of their own clock anomaly', () => {
  it('a door terminal’s conflict about the site head’s own person is theirs; another person’s is not', async () => {
    const { d, c, hq, sasaki, yamada, head, unit } = await october();
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    const deliver = (e: DoorEntry) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0d', e, c.clock());
    // 佐々木 (the site head's person) and 山田 go in twice, without going out between: each second entry is a conflict.
    for (const [n, person] of [[1, sasaki], [2, yamada]] as const) {
      deliver({ id: `a${n}`, kind: 'enter', personId: person.id, occurredAt: jst('2026-10-21', '09:00'), purpose: 'maintenance' });
      expect(deliver({ id: `b${n}`, kind: 'enter', personId: person.id, occurredAt: jst('2026-10-21', '09:10'), purpose: 'maintenance' })).toMatchObject({ outcome: 'conflict' });
    }
    const items = (await head.ok('review.get', unit)).items.filter((i) => i.code === 'door_already_inside');
    expect(items.map((i) => [i.params?.name, i.aboutReviewer ?? false])).toEqual([
      [sasaki.name, true],
      [yamada.name, false],
    ]);
    const own = items.find((i) => i.params?.name === sasaki.name)!;
    expect(await head.call('review.dispose', { ...unit, subject: own.subject, code: own.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' } });
    const other = items.find((i) => i.params?.name === yamada.name)!;
    await head.ok('review.dispose', { ...unit, subject: other.subject, code: other.code, ...NO_ISSUE });
    d.close();
  });

  it('an anomaly their exit at the door took away is theirs', async () => {
    const { d, c, clerk, hq, sasaki, yamada, head } = await october();
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    const deliver = (e: DoorEntry) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0d', e, c.clock());
    c.set(jst('2026-11-24', '17:00'));
    deliver({ id: 'in', kind: 'enter', personId: sasaki.id, occurredAt: jst('2026-11-24', '17:00'), purpose: 'maintenance' });
    c.set(jst('2026-11-24', '19:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const check = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: yamada.id, items: DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null })), notes: null });
    expect(check.anomalies.map((a) => a.code)).toEqual(['left_open']);
    // His exit reaches the host later, dated before the last person left: the checklist's 「still open」 goes.
    c.set(jst('2026-11-24', '20:00'));
    deliver({ id: 'out', kind: 'exit', personId: sasaki.id, occurredAt: jst('2026-11-24', '18:30') });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await clerk.ok('lastExit.get', { id: check.id })).anomalies).toEqual([]);
    c.set(jst('2026-12-02', '10:00'));
    await head.ok('auth.unlock', { password: HEAD_PASSWORD });
    const unit = { ledger: 'lastExit', siteId: hq.id, month: '2026-11' };
    const item = (await head.ok('review.get', unit)).items.find((i) => i.kind === 'cleared')!;
    expect(item).toMatchObject({ recordId: check.id, aboutReviewer: true });
    // The change was made at the door, by the person identified there: the item names them.
    expect(item.params?.by).toBe(sasaki.name);
    expect(await head.call('review.dispose', { ...unit, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    d.close();
  });

  it('a clock anomaly of a designated reviewer’s own write is theirs', async () => {
    const { d, c, clerk, sm, hq, yamada, accountId } = await october();
    c.set(jst('2026-11-20', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-20', '09:00'), exitedAt: jst('2026-11-20', '09:30'), purpose: 'maintenance' });
    // The clerk's PC set back five days: the write goes ahead, and the journal keeps a clock anomaly with the clerk as its actor.
    c.set(jst('2026-11-15', '10:00'));
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-15', '09:00'), exitedAt: jst('2026-11-15', '09:30'), purpose: 'maintenance' });
    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: accountId('tanaka.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-12-01', validTo: '2026-12-31' });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' };
    const item = (await clerk.ok('review.get', unit)).items.find((i) => i.code === 'clock_anomaly')!;
    expect(item.aboutReviewer).toBe(true);
    expect(await clerk.call('review.dispose', { ...unit, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    // The safety manager disposes of it.
    await sm.ok('review.dispose', { ...unit, subject: item.subject, code: item.code, ...NO_ISSUE });
    d.close();
  });
});
