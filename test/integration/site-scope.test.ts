import { describe, expect, it } from 'vitest';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { accountFor, october } from './review-fixture';

// Two probes (an insider, a bad-input one): the Osaka site head read and printed the head office's
// server-room book, cabinet log and visitors. A site head reads the ledgers of their own sites, and
// of the sites they are designated to review that ledger at; the roles that span the sites read them
// all. The registers stay readable, and a site head's own record at another site is still theirs.
// A register's history holds its ledger's acts: read under that ledger's scope, and only for what
// happened while the register was at their sites (a probe: a card moved to Osaka brought the head
// office visit's loss report with it).

/** The Osaka site head, and a head-office guest card lost by a visitor (the reason names them). */
async function cardLostAtHeadOffice() {
  const f = await serverRoomFixture(jst('2026-11-24', '12:00'));
  const { clerk, hq, osaka, yamada, sasaki, okada, sm } = f;
  const head = await accountFor(f, 'kyoten.osk', '大阪 拠点長', ['site_head'], okada.id, 'Kyoten-cho-oosaka-4410');
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  await sm.ok('accounts.setSites', { id: f.accountId('kyoten.osk'), siteIds: [osaka.id], reason: '大阪の拠点長' });
  const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
  const v = await clerk.ok('visitors.add', {
    siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:40'),
  });
  await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '11:00'), cardReturned: false });
  await clerk.ok('visitors.reportCardLost', { id: v.id, reason: '高橋 誠様（株式会社ネクスト）に問い合わせたが見つからない' });
  return { f, head, card, v };
}

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
    // A card number lets its holder in at the door: shown to no one whole once stored, only its last four — in the
    // list, a person, and their history (a walk-through: a site head read every site's; an insider probe: a clerk
    // identified at the door as anyone, with the numbers the register showed them).
    const card = (f.d.store.stmt('SELECT card_no FROM door_credentials WHERE person_id = ?').get(sasaki.id) as { card_no: string }).card_no;
    expect(card.length).toBeGreaterThan(4);
    const masked = `••••${card.slice(-4)}`;
    for (const reader of [head, clerk, sm]) {
      expect((await reader.ok('people.get', { id: sasaki.id })).cardNo).toBe(masked);
      expect((await reader.ok('people.list', {})).rows.find((p) => p.id === sasaki.id)!.cardNo).toBe(masked);
      const history = JSON.stringify(await reader.ok('history.get', { entity: 'people', id: sasaki.id }));
      expect(history).not.toContain(card);
      expect(history).toContain(masked);
    }
    // Nor does a search by a whole card number confirm a guess to them (a review), nor to the clerk (an
    // insider probe): the clerk finds a card's holder by what the register shows of it, its last four.
    expect((await head.ok('people.list', { search: card, active: 'all' })).rows).toEqual([]);
    expect((await clerk.ok('people.list', { search: card, active: 'all' })).rows).toEqual([]);
    expect((await clerk.ok('people.list', { search: card.slice(-4), active: 'all' })).rows.map((p) => p.id)).toContain(sasaki.id);
    expect(await head.call('serverRoom.record', { siteId: osaka.id, personId: sasaki.id, enteredAt: jst('2026-11-05', '08:00'), exitedAt: jst('2026-11-05', '08:30'), purpose: 'maintenance' })).toMatchObject({ ok: true });
    // The roles that span the sites read every site.
    expect((await clerk.ok('serverRoom.list', {})).rows.map((r) => r.siteId)).toContain(osaka.id);
    // Designated to review Osaka's server-room book: that book of Osaka is theirs to read — not Osaka's visitors.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: f.accountId('kyoten.hq'), ledgers: ['serverRoom'], siteIds: [osaka.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    expect((await head.ok('serverRoom.list', { siteId: osaka.id })).rows.map((r) => r.siteId)).toContain(osaka.id);
    expect(new Set((await head.ok('serverRoom.list', {})).rows.map((r) => r.siteId))).toEqual(new Set([hq.id, osaka.id]));
    expect(await head.call('visitors.list', { siteId: osaka.id })).toMatchObject(forbidden);
    // A list's site filter offers the sites whose records of that ledger they may read (a walk-through: the others, each answered with an error).
    const readable = async (ledger: string) => (await head.ok('sites.list', { readableFor: ledger })).map((s) => s.id);
    expect(await readable('serverRoom')).toEqual([hq.id, osaka.id]);
    expect(await readable('visitors')).toEqual([hq.id]);
    expect(await readable('assets')).toEqual([hq.id, osaka.id]); // a register: read at every site
    expect((await clerk.ok('sites.list', { readableFor: 'visitors' })).map((s) => s.id)).toEqual([hq.id, osaka.id]);
    // A month's bundle of every ledger is one of their own sites'.
    expect(await head.call('print.export', { bundle: true, siteId: osaka.id, month: '2026-10' })).toMatchObject(forbidden);
    f.d.close();
  });

  it('reads the guest card and asset histories (which hold the visits’ and checkouts’ acts) of their own sites only; the registers themselves stay readable', async () => {
    const { f, head, card, v } = await cardLostAtHeadOffice();
    const { d, clerk, hq, osaka, yamada } = f;
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const co = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '10:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
    await clerk.ok('checkouts.reportLoss', { id: co.id, reason: '山田が電車内で紛失' });
    const osakaCard = await clerk.ok('guestCards.add', { number: 'G-51', siteId: osaka.id });

    // The ledgers are closed to them, and so are the register histories that hold their acts.
    expect(await head.call('visitors.get', { id: v.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.call('guestCards.history', { id: card.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.call('assets.history', { id: sd.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Their own site's history, and the registers themselves, they read.
    expect((await head.ok('guestCards.history', { id: osakaCard.id })).map((h) => h.action)).toEqual(['guestCards.add']);
    expect(await head.ok('guestCards.get', { id: card.id })).toMatchObject({ number: 'G-01', state: 'lost' });
    expect(await head.ok('assets.get', { id: sd.id })).toMatchObject({ assetTag: 'SD-001' });
    // A role that spans the sites reads them all.
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toContain('visitors.report_card_lost');
    d.close();
  });

  it('after a guest card moved to their site, shows them what happened there only, not the head office visit’s loss report (a probe)', async () => {
    const { f, head, card } = await cardLostAtHeadOffice();
    const { d, clerk, osaka } = f;
    expect(await head.call('guestCards.history', { id: card.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The card is moved to Osaka.
    await clerk.ok('guestCards.amend', { id: card.id, changes: { siteId: osaka.id }, reason: '大阪拠点へ移管' });
    const r = await head.call('guestCards.history', { id: card.id });
    const text = JSON.stringify(r);
    expect(text).not.toContain('高橋');
    expect(text).not.toContain('visitors.report_card_lost');
    expect(r).toMatchObject({ ok: true, value: [{ action: 'guestCards.amend', reason: '大阪拠点へ移管' }] });
    // The head office's clerk still reads it all.
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toEqual(['guestCards.add', 'visitors.add', 'visitors.report_card_lost', 'guestCards.amend']);
    d.close();
  });

  it("reads a person's refusals at the doors of their own sites only (an insider probe: the Osaka head read the head office's)", async () => {
    const f = await october();
    const { head, clerk, hq, osaka, kimura } = f;
    // 木村, not authorized, refused at the Osaka door and at the head office's.
    for (const [station, site] of [['door-osk', osaka.id], ['door-hq', hq.id]] as const) {
      const door = new Caller(f.d, station);
      await door.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
      await door.ok('terminal.start', { siteId: site, password: PASSWORDS.clerk });
      expect(await door.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
      // His employee number with a PIN he never set: its act names no site but its door's station (a review).
      expect(await door.call('terminal.identify', { employeeNo: 'E1003', pin: '4827' })).toMatchObject({ ok: false });
    }
    const refusals = (h: { action: string; after: Record<string, unknown> | null }[]) => h.filter((e) => e.action === 'terminal.refused_not_authorized').map((e) => e.after?.siteId);
    expect(refusals(await clerk.ok('history.get', { entity: 'people', id: kimura.id }))).toEqual([osaka.id, hq.id]);
    // The head office's head: his own site's refusal, and the register's own acts, not Osaka's door.
    const his = await head.ok('history.get', { entity: 'people', id: kimura.id });
    expect(refusals(his)).toEqual([hq.id]);
    expect(his.map((e) => e.action)).toContain('people.add');
    const doorActs = (h: { action: string; station: string }[]) => h.filter((e) => e.action.startsWith('terminal.')).map((e) => e.station.split(':')[1]);
    const everyDoor = doorActs(await clerk.ok('history.get', { entity: 'people', id: kimura.id }));
    expect(everyDoor.filter((c) => c === 'OSK').length).toBeGreaterThanOrEqual(2);
    expect(new Set(doorActs(his))).toEqual(new Set(['HQ']));
    expect(doorActs(his).length).toBe(everyDoor.filter((c) => c === 'HQ').length);
    f.d.close();
  });
});
