import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { october } from './review-fixture';

// Two probes (an insider, a bad-input one): the Osaka site head read and printed the head office's
// server-room book, cabinet log and visitors. A site head reads the ledgers of their own sites, and
// of the sites they are designated to review that ledger at; the roles that span the sites read them
// all. The registers stay readable, and a site head's own record at another site is still theirs.

describe('a site head reads their own sites’ ledgers', () => {
  it('is refused another site, by name or by id; gets their own when none is named; another once designated for that ledger only', async () => {
    const f = await october();
    const { head, sm, clerk, hq, osaka, sasaki } = f;
    const forbidden = { ok: false, error: { code: 'forbidden', messageKey: 'errors.site_not_yours', field: 'siteId' } };
    // The head office's head: not Osaka's book, nor its paper, nor its visitors.
    expect(await head.call('serverRoom.list', { siteId: osaka.id })).toMatchObject(forbidden);
    expect(await head.call('print.sheet', { ledger: 'serverRoom', siteId: osaka.id, month: '2026-10', format: 'print' })).toMatchObject(forbidden);
    expect(await head.call('visitors.list', { siteId: osaka.id })).toMatchObject(forbidden);
    // None named: their own site's only.
    const mine = await head.ok('serverRoom.list', {});
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(new Set(mine.rows.map((r) => r.siteId))).toEqual(new Set([hq.id]));
    expect((await head.ok('serverRoom.inside', {})).every((s) => s.siteId === hq.id)).toBe(true);
    // Nor by an id: another site's stay is not found, nor its history.
    const theirs = (await clerk.ok('serverRoom.list', { siteId: osaka.id })).rows[0];
    expect(await head.call('serverRoom.get', { id: theirs.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.call('history.get', { entity: 'server_room_stays', id: theirs.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.call('serverRoom.get', { id: mine.rows[0].id })).toMatchObject({ ok: true });
    // The registers stay readable; their own stay at another site is still theirs to record.
    expect((await head.ok('sites.list', {})).length).toBe(2);
    expect((await head.ok('people.list', { siteId: osaka.id })).rows.length).toBeGreaterThan(0);
    expect(await head.call('serverRoom.record', { siteId: osaka.id, personId: sasaki.id, enteredAt: jst('2026-11-05', '08:00'), exitedAt: jst('2026-11-05', '08:30'), purpose: 'maintenance' })).toMatchObject({ ok: true });
    // The roles that span the sites read every site.
    expect((await clerk.ok('serverRoom.list', {})).rows.map((r) => r.siteId)).toContain(osaka.id);
    // Designated to review Osaka's server-room book: that book of Osaka is theirs to read — not Osaka's visitors.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: f.accountId('kyoten.hq'), ledgers: ['serverRoom'], siteIds: [osaka.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    expect((await head.ok('serverRoom.list', { siteId: osaka.id })).rows.map((r) => r.siteId)).toContain(osaka.id);
    expect(new Set((await head.ok('serverRoom.list', {})).rows.map((r) => r.siteId))).toEqual(new Set([hq.id, osaka.id]));
    expect(await head.call('visitors.list', { siteId: osaka.id })).toMatchObject(forbidden);
    // A month's bundle of every ledger is one of their own sites'.
    expect(await head.call('print.export', { bundle: true, siteId: osaka.id, month: '2026-10' })).toMatchObject(forbidden);
    f.d.close();
  });
});
