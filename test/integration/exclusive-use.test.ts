import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import type { JournaledTable } from '../../electron/core/store/migrations';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// An insider probe: "already out" and "one open session" looked only at the state now, so a record
// typed in with an earlier date, or corrected into another's time, put one asset, guest card or
// cabinet in two places at once, and nothing showed it. Each is in one record at a time; touching
// end to start is no overlap. Refused at the field, nothing stored.

const overlap = (field: string, messageKey: string) => ({ ok: false, error: { code: 'conflict', field, messageKey } });

describe('one asset, guest card or cabinet in one record at a time', () => {
  it('a checkout typed in with an earlier date, or a return corrected into the next checkout, is refused; a return by correction says the condition', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const out = (borrowerId: string, from: string, due: string) => clerk.call('checkouts.add', { assetId: card.id, borrowerId, purpose: '説明', destination: '顧客先', checkedOutAt: from, dueAt: due, notes: null });
    const a = await out(yamada.id, jst('2026-11-20', '09:00'), jst('2026-11-23', '18:00'));
    if (!a.ok) throw new Error('checkout A');
    await clerk.ok('checkouts.return', { id: a.value.id, returnedAt: jst('2026-11-23', '10:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    const head = d.store.journalHead().seq;
    // Inside A's period, and across its start.
    expect(await out(sasaki.id, jst('2026-11-21', '09:00'), jst('2026-11-22', '18:00'))).toMatchObject(overlap('checkedOutAt', 'assets.errors.period_overlaps'));
    expect(d.store.journalHead().seq).toBe(head);
    // From its return on: fine.
    const b = await out(sasaki.id, jst('2026-11-23', '10:00'), jst('2026-11-23', '18:00'));
    if (!b.ok) throw new Error(JSON.stringify(b.error));
    await clerk.ok('checkouts.return', { id: b.value.id, returnedAt: jst('2026-11-23', '17:00'), receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null });
    // A's return corrected to after B went out.
    expect(await clerk.call('checkouts.amend', { id: a.value.id, changes: { returnedAt: jst('2026-11-23', '12:00') }, reason: '返却時刻の誤記' })).toMatchObject(overlap('returnedAt', 'assets.errors.period_overlaps'));
    // A checkout still out "returned" by a correction, without saying in what condition.
    const c = await out(yamada.id, jst('2026-11-24', '09:00'), jst('2026-11-25', '18:00'));
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    expect(await clerk.call('checkouts.amend', { id: c.value.id, changes: { returnedAt: jst('2026-11-24', '09:30'), receivedBy: sasaki.id }, reason: '返却の記入漏れ' })).toMatchObject({
      ok: false, error: { field: 'condition', messageKey: 'errors.field.required_choice' },
    });
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a visit holding a guest card while another visitor had it is refused, typed in or corrected', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office' as const, guestCardId: card.id, escortId: sasaki.id };
    const a = await clerk.ok('visitors.add', { ...base, name: '高橋 誠', arrivedAt: jst('2026-11-24', '08:00') });
    await clerk.ok('visitors.signOut', { id: a.id, leftAt: jst('2026-11-24', '09:50'), cardReturned: true });
    expect(await clerk.call('visitors.add', { ...base, name: '伊藤 裕子', arrivedAt: jst('2026-11-24', '09:00') })).toMatchObject(overlap('arrivedAt', 'visitors.errors.card_period_overlaps'));
    const b = await clerk.ok('visitors.add', { ...base, name: '伊藤 裕子', arrivedAt: jst('2026-11-24', '09:55') });
    await clerk.ok('visitors.signOut', { id: b.id, leftAt: jst('2026-11-24', '09:58'), cardReturned: true });
    // B's arrival corrected into A's visit.
    expect(await clerk.call('visitors.amend', { id: b.id, changes: { arrivedAt: jst('2026-11-24', '09:30') }, reason: '時刻の誤記' })).toMatchObject(overlap('arrivedAt', 'visitors.errors.card_period_overlaps'));
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a paper slip from before a later record goes in, and its return, sign-out or lock is asked against the records after it (the review)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const tue = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-11-24', '09:30'), dueAt: jst('2026-11-24', '18:00'), notes: null });
    await clerk.ok('checkouts.return', { id: tue.id, returnedAt: jst('2026-11-24', '09:50'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    // Friday's paper slip: out at 09:00, back at 12:00 — typed in after Tuesday's.
    const fri = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: sasaki.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-11-20', '09:00'), dueAt: jst('2026-11-20', '18:00'), notes: null });
    expect(await clerk.call('checkouts.return', { id: fri.id, returnedAt: jst('2026-11-24', '09:40'), receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject(overlap('returnedAt', 'assets.errors.period_overlaps'));
    await clerk.ok('checkouts.return', { id: fri.id, returnedAt: jst('2026-11-20', '12:00'), receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null });
    // A visitor signed out at the click (10:00), the time corrected to 09:50: the card came back then, and the next visitor at 09:55 holds it.
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office' as const, guestCardId: card.id, escortId: sasaki.id };
    const a = await clerk.ok('visitors.add', { ...base, name: '高橋 誠', arrivedAt: jst('2026-11-24', '09:00') });
    await clerk.ok('visitors.signOut', { id: a.id, cardReturned: true });
    const corrected = await clerk.ok('visitors.amend', { id: a.id, changes: { leftAt: jst('2026-11-24', '09:50') }, reason: '退館時刻の誤記' });
    expect(corrected.cardReturnedAt).toBe(jst('2026-11-24', '09:50'));
    await clerk.ok('visitors.add', { ...base, name: '伊藤 裕子', arrivedAt: jst('2026-11-24', '09:55') });
    // A cabinet session typed in open, then locked into the next one's time.
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:00'), openedBy: sasaki.id, purpose: '整理', lockedAt: jst('2026-11-24', '09:30'), lockedBy: sasaki.id });
    const early = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '08:00'), openedBy: sasaki.id, purpose: '整理' });
    expect(await clerk.call('cabinetLog.lock', { id: early.id, lockedAt: jst('2026-11-24', '09:10'), lockedBy: sasaki.id })).toMatchObject(overlap('lockedAt', 'cabinets.errors.period_overlaps'));
    await clerk.ok('cabinetLog.lock', { id: early.id, lockedAt: jst('2026-11-24', '08:30'), lockedBy: sasaki.id });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a correction of when a visitor left, which moves the card back with it, is asked against the next visit (a probe)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office' as const, guestCardId: card.id, escortId: sasaki.id };
    const a = await clerk.ok('visitors.add', { ...base, name: '高橋 誠', arrivedAt: jst('2026-11-24', '08:00') });
    await clerk.ok('visitors.signOut', { id: a.id, leftAt: jst('2026-11-24', '08:30'), cardReturned: true });
    const b = await clerk.ok('visitors.add', { ...base, name: '伊藤 裕子', arrivedAt: jst('2026-11-24', '09:00') });
    await clerk.ok('visitors.signOut', { id: b.id, leftAt: jst('2026-11-24', '09:30'), cardReturned: true });
    expect(await clerk.call('visitors.amend', { id: a.id, changes: { leftAt: jst('2026-11-24', '09:45') }, reason: '退館時刻の誤記' })).toMatchObject(overlap('leftAt', 'visitors.errors.card_period_overlaps'));
    d.close();
  });

  it('a record written before these rules keeps its corrections of other fields: only a change of the card or the times is asked again', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office' as const, guestCardId: card.id, escortId: sasaki.id };
    const a = await clerk.ok('visitors.add', { ...base, name: '高橋 誠', arrivedAt: jst('2026-11-24', '08:00') });
    await clerk.ok('visitors.signOut', { id: a.id, leftAt: jst('2026-11-24', '09:00'), cardReturned: true });
    const b = await clerk.ok('visitors.add', { ...base, name: '伊藤 裕子', arrivedAt: jst('2026-11-24', '09:10') });
    // As an older version let it be: B's arrival inside A's visit (written through the store, journaled).
    d.store.write({ actor: 'system', station: 'test' }, (tx) => tx.update('visitor_visits' as JournaledTable, b.id, { arrived_at: jst('2026-11-24', '08:30') }, { action: 'visitors.amend', reason: '旧版での訂正' }));
    expect((await clerk.ok('visitors.amend', { id: b.id, changes: { purpose: '打合せ（見積）' }, reason: '目的の追記' })).purpose).toBe('打合せ（見積）');
    expect(await clerk.call('visitors.amend', { id: b.id, changes: { arrivedAt: jst('2026-11-24', '08:40') }, reason: '時刻の誤記' })).toMatchObject(overlap('arrivedAt', 'visitors.errors.card_period_overlaps'));
    d.close();
  });

  it('a cabinet session inside another, typed in or corrected, is refused', async () => {
    const { d, clerk, hq, sasaki } = await serverRoomFixture();
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const session = (from: string, to: string | null) =>
      clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: from, openedBy: sasaki.id, purpose: '書類整理', ...(to ? { lockedAt: to, lockedBy: sasaki.id } : {}) });
    const open = await session(jst('2026-11-24', '09:00'), null);
    if (!open.ok) throw new Error('open');
    // A locked session inside the open one, and one that began before it and ends inside it.
    expect(await session(jst('2026-11-24', '09:10'), jst('2026-11-24', '09:40'))).toMatchObject(overlap('openedAt', 'cabinets.errors.period_overlaps'));
    expect(await session(jst('2026-11-24', '08:30'), jst('2026-11-24', '09:10'))).toMatchObject(overlap('openedAt', 'cabinets.errors.period_overlaps'));
    const before = await session(jst('2026-11-24', '08:00'), jst('2026-11-24', '09:00'));
    if (!before.ok) throw new Error('before');
    // Its lock corrected to after the open one began.
    // Said at the lock time, the field corrected (a probe: at the open time, untouched, which took the focus).
    expect(await clerk.call('cabinetLog.amend', { id: before.value.id, changes: { lockedAt: jst('2026-11-24', '09:20') }, reason: '施錠時刻の誤記' })).toMatchObject(overlap('lockedAt', 'cabinets.errors.period_overlaps'));
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});

// An insider probe: a record dated back into a time it was allowed showed nothing. A checkout needs
// the approval today's policy asks for; an opening or a checkout typed in a day late says so.
describe('records dated back', () => {
  it('a checkout dated before approval was required still needs it; one typed in a day late, and a cabinet opening, say "recorded late"', async () => {
    const { d, c, clerk, sm, admin, staff, hq, yamada, sasaki } = await serverRoomFixture();
    // The clerk who approves says which person he is (田中 一郎, linked by the fixture: server-room-fixture.ts).
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-009', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('checkouts.updateSettings', { siteId: hq.id, changes: { approvalKinds: ['laptop', 'usb_memory', 'external_disk', 'sd_card'] }, reason: 'SDカードも承認制に' });
    c.set(jst('2026-11-27', '10:00'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const backDated = { assetId: sd.id, borrowerId: yamada.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-28', '18:00'), notes: null };
    expect(await staff.call('checkouts.add', backDated)).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approval_required' } });
    // The form asks for it too (the review: it asked by the policy then only, and hid the approver's fields).
    expect(await staff.ok('checkouts.policy', { assetId: sd.id, at: backDated.checkedOutAt })).toEqual({ approvalRequired: true });
    // Approved, it goes in, and says it was typed in days after it happened.
    const out = await staff.ok('checkouts.add', { ...backDated, approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk } });
    expect(out.anomalies.map((a) => a.code)).toContain('recorded_late');
    // A cabinet opening typed in three days late too; one typed in the next day is not late.
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const late = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '10:00'), openedBy: sasaki.id, purpose: '整理', lockedAt: jst('2026-11-24', '10:20'), lockedBy: sasaki.id });
    expect(late.anomalies.map((a) => a.code)).toEqual(['recorded_late']);
    const nextDay = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-26', '10:00'), openedBy: sasaki.id, purpose: '整理', lockedAt: jst('2026-11-26', '10:20'), lockedBy: sasaki.id });
    expect(nextDay.anomalies).toEqual([]);
    d.close();
  });
});

// An insider probe: a visitor's host and escort were a suspended person, accepted without a word.
describe('people named in a record', () => {
  it('are active at the time of a return or a lock too, the acts of the ledgers’ own (a probe)', async () => {
    const { d, c, clerk, sm, hq, yamada, sasaki, kimura } = await serverRoomFixture();
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-24', '18:00'), notes: null });
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const session = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:30'), openedBy: sasaki.id, purpose: '整理' });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('people.setActive', { id: kimura.id, active: false, reason: '退職' });
    c.advance(20 * 60_000);
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.call('checkouts.return', { id: out.id, returnedAt: jst('2026-11-24', '10:10'), receivedBy: kimura.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { field: 'receivedBy', messageKey: 'errors.person_inactive' },
    });
    expect(await clerk.call('cabinetLog.lock', { id: session.id, lockedAt: jst('2026-11-24', '10:08'), lockedBy: kimura.id })).toMatchObject({ ok: false, error: { field: 'lockedBy', messageKey: 'errors.person_inactive' } });
    // Before he left, he could.
    await clerk.ok('cabinetLog.lock', { id: session.id, lockedAt: jst('2026-11-24', '09:50'), lockedBy: kimura.id });
    d.close();
  });

  it('are active at the record’s time: a suspended host or escort is refused at the field; a slip from before they left is not', async () => {
    const { d, c, clerk, sm, hq, kimura, sasaki } = await serverRoomFixture();
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('people.setActive', { id: kimura.id, active: false, reason: '退職' });
    c.advance(60 * 60_000);
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const base = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', area: 'reception' as const };
    const head = d.store.journalHead().seq;
    expect(await clerk.call('visitors.add', { ...base, hostId: kimura.id, arrivedAt: jst('2026-11-24', '10:30') })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'hostId', messageKey: 'errors.person_inactive', params: { name: '木村 三郎' } },
    });
    expect(await clerk.call('visitors.add', { ...base, hostId: sasaki.id, escortId: kimura.id, arrivedAt: jst('2026-11-24', '10:30') })).toMatchObject({ ok: false, error: { field: 'escortId', messageKey: 'errors.person_inactive' } });
    expect(d.store.journalHead().seq).toBe(head);
    // A slip from the morning, when he was still here.
    const slip = await clerk.ok('visitors.add', { ...base, hostId: kimura.id, arrivedAt: jst('2026-11-24', '09:00') });
    // Corrected to after he left: refused too.
    expect(await clerk.call('visitors.amend', { id: slip.id, changes: { arrivedAt: jst('2026-11-24', '10:40') }, reason: '時刻の誤記' })).toMatchObject({ ok: false, error: { field: 'hostId', messageKey: 'errors.person_inactive' } });
    d.close();
  });
});

// An insider probe: SD-001, ＳＤ－００１ and sd-001 were registered as three assets; G-01 and Ｇ-01 as two guest cards.
describe('register codes', () => {
  it('read the same whatever their width, case or hyphen: one code, one entry in use, in every register', async () => {
    const { d, clerk, admin, hq, sasaki } = await serverRoomFixture();
    await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    // …and whatever mark it is written with (a bad-input probe: SD_001 and SD.001 were new codes).
    for (const tag of ['ＳＤ－００１', 'sd-001', ' SD‐001 ', 'SD001', 'SD_001', 'SD.001', 'SD/001', 'SD・001'])
      expect(await clerk.call('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null }), tag).toMatchObject({
        ok: false, error: { code: 'conflict', field: 'assetTag', messageKey: 'assets.errors.tag_taken' },
      });
    await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    expect(await clerk.call('guestCards.add', { number: 'Ｇ-01', siteId: hq.id })).toMatchObject({ ok: false, error: { field: 'number', messageKey: 'visitors.cards.errors.number_taken' } });
    await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    expect(await clerk.call('cabinets.add', { code: 'c－01', name: '別', location: '別', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id, notes: null })).toMatchObject({ ok: false, error: { field: 'code', messageKey: 'cabinets.errors.code_taken' } });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    expect(await admin.call('systems.add', { code: 'ｓｖ-01', name: '重複', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null })).toMatchObject({ ok: false, error: { field: 'code', messageKey: 'accessLog.systems.errors.code_taken' } });
    // Another code is another entry.
    await clerk.ok('assets.add', { assetTag: 'SD-0010', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    d.close();
  });
  it('an asset out, a card lent or a cabinet open keeps its tag, serial, number or code until it is back (an insider probe: renamed, the old code registered again and used too)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const laptop = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: 'SD-0001', siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: laptop.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:00') });
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const open = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:00'), openedBy: sasaki.id, purpose: '整理' });
    const head = d.store.journalHead().seq;
    const held = (field: string, messageKey: string) => ({ ok: false, error: { code: 'conflict', field, messageKey } });
    expect(await clerk.call('assets.amend', { id: laptop.id, changes: { assetTag: 'SD-999' }, reason: '管理番号の付け替え' })).toMatchObject(held('assetTag', 'assets.errors.in_use'));
    expect(await clerk.call('assets.amend', { id: laptop.id, changes: { serial: 'SD-9999' }, reason: '製造番号の誤記' })).toMatchObject(held('serial', 'assets.errors.in_use'));
    expect(await clerk.call('guestCards.amend', { id: card.id, changes: { number: 'G-99' }, reason: '番号の付け替え' })).toMatchObject(held('number', 'visitors.cards.errors.in_use'));
    expect(await clerk.call('cabinets.amend', { id: cab.id, changes: { code: 'C-99' }, reason: '番号の付け替え' })).toMatchObject(held('code', 'cabinets.errors.in_use'));
    // The log names a cabinet by its name: held too (a review: renamed while open, a new one under its old name opened).
    expect(await clerk.call('cabinets.amend', { id: cab.id, changes: { name: '経理書類庫' }, reason: '名称変更' })).toMatchObject(held('name', 'cabinets.errors.in_use'));
    expect(d.store.journalHead().seq).toBe(head);
    // What does not say which thing it is may change meanwhile; so may a missing serial be filled in.
    await clerk.ok('assets.amend', { id: laptop.id, changes: { storagePlace: '総務部キャビネットC' }, reason: '保管場所の変更' });
    const noSerial = await clerk.ok('assets.add', { assetTag: 'SD-002', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    await clerk.ok('checkouts.add', { assetId: noSerial.id, borrowerId: sasaki.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
    expect((await clerk.ok('assets.amend', { id: noSerial.id, changes: { serial: 'SD-0002' }, reason: '製造番号の記入漏れ' })).serial).toBe('SD-0002');
    expect(await clerk.call('assets.amend', { id: noSerial.id, changes: { serial: 'SD-0003' }, reason: '製造番号の変更' })).toMatchObject(held('serial', 'assets.errors.in_use'));
    await clerk.ok('cabinets.amend', { id: cab.id, changes: { location: '本社4F' }, reason: '移設' });

    // Back, locked, returned: renamed freely.
    await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-11-24', '10:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2026-11-24', '10:00'), cardReturned: true });
    await clerk.ok('cabinetLog.amend', { id: open.id, changes: { lockedAt: jst('2026-11-24', '10:00'), lockedBy: sasaki.id }, reason: '施錠の記入漏れ' });
    expect((await clerk.ok('assets.amend', { id: laptop.id, changes: { assetTag: 'SD-999' }, reason: '管理番号の付け替え' })).assetTag).toBe('SD-999');
    expect((await clerk.ok('guestCards.amend', { id: card.id, changes: { number: 'G-99' }, reason: '番号の付け替え' })).number).toBe('G-99');
    expect((await clerk.ok('cabinets.amend', { id: cab.id, changes: { code: 'C-99' }, reason: '番号の付け替え' })).code).toBe('C-99');
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
