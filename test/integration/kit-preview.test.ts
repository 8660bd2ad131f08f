import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { lookup } from '../../shared/i18n';
import { assetFixture } from './assets-fixture';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// A kit ledger's new-record form asks what the record as typed would be marked with (`<key>.preview`),
// as the server-room book's does (a user probe: a cabinet opened at 22:00 by someone not authorized was
// said only after it was saved). Through the real dispatcher on a real store: the same anomalies the
// save then gives, nothing stored, no second person's password asked or checked, and an employee who
// keeps only their own records previews only their own.

const head = (d: { store: { db: { prepare(sql: string): { get(): unknown } } } }) => (d.store.db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;

describe('kit ledgers preview a new record’s anomalies', () => {
  it('cabinets, visitors, the last-exit checklist: what the save gives, and nothing stored', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture();
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const before = head(d);

    // Opened last night at 22:00 by someone not authorized, locked at 22:10, typed now (the next morning).
    const session = { cabinetId: cabinet.id, openedAt: jst('2026-11-23', '22:00'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-11-23', '22:10'), lockedBy: yamada.id, notes: null };
    const preview = await clerk.ok('cabinetLog.preview', session);
    expect(preview.anomalies.map((a) => a.code).sort()).toEqual(['not_authorized', 'outside_business_hours']);
    // A visitor arrived at 21:30 (after the site's hours) and still inside.
    const visit = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-23', '21:30') };
    expect((await clerk.ok('visitors.preview', visit)).anomalies.map((a) => a.code)).toEqual(expect.arrayContaining(['inside_after_hours']));
    // Yesterday's checklist with an NG item.
    const items = DEFAULT_CHECK_ITEMS.map((item, i) => (i === 0 ? { item, ok: false, remark: '鍵が壊れていた' } : { item, ok: true, remark: null }));
    const checklist = { siteId: hq.id, businessDay: '2026-11-20', exitedAt: jst('2026-11-20', '19:00'), lastPersonId: yamada.id, items, notes: null };
    const late = await clerk.ok('lastExit.preview', checklist);
    expect(late.anomalies.map((a) => a.code).sort()).toEqual(['ng_items', 'recorded_late']);
    // Nothing was written by any of them.
    expect(head(d)).toBe(before);
    expect((await clerk.ok('cabinetLog.list', {})).total).toBe(0);

    // The saves give the same (the preview judged the record as the save writes it).
    expect((await clerk.ok('cabinetLog.add', session)).anomalies.map((a) => a.code).sort()).toEqual(preview.anomalies.map((a) => a.code).sort());
    expect((await clerk.ok('lastExit.add', checklist)).anomalies).toEqual(late.anomalies);

    // A refused record is refused by the preview too, with the save's message (nothing to preview).
    expect(await clerk.call('visitors.preview', { ...visit, area: 'office' })).toMatchObject({ ok: false, error: { messageKey: 'visitors.errors.card_required' } });
    expect(await clerk.call('cabinetLog.preview', { ...session, openedAt: jst('2026-11-25', '10:00') })).toMatchObject({ ok: false, error: { field: 'openedAt', messageKey: 'errors.field.future' } });
    // Someone who keeps only their own sessions previews only their own.
    c.advance(60_000);
    expect(await staff.call('cabinetLog.preview', { ...session, openedBy: sasaki.id, lockedBy: sasaki.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a checkout: the approval the save will ask for is taken as given, its password neither needed nor checked', async () => {
    const { d, clerk, laptop, card, base, yamada } = await assetFixture();
    const before = head(d);
    // Typed three days late (out on Friday the 20th): recorded late; no approval typed yet, and none asked of a preview.
    const late = { ...base(laptop.id, yamada.id), checkedOutAt: jst('2026-11-20', '10:00'), dueAt: jst('2026-11-20', '18:00') };
    const preview = await clerk.ok('checkouts.preview', late);
    // (No missing_approval among them: the list is exactly these two.)
    expect(preview.anomalies.map((a) => a.code)).toEqual(['overdue', 'recorded_late']);
    // A wrong password in a preview is not checked, and counts as no failed attempt: the real approval then goes through.
    const wrong = { approverLoginId: 'tanaka.clerk', approverPassword: 'not-the-password' };
    for (let i = 0; i < 10; i++) expect((await clerk.ok('checkouts.preview', { ...base(laptop.id, yamada.id), approval: wrong })).anomalies).toEqual([]);
    expect((await clerk.ok('checkouts.preview', base(card.id, yamada.id))).anomalies).toEqual([]);
    expect(head(d)).toBe(before);
    expect((await clerk.ok('checkouts.list', {})).total).toBe(0);
    const out = await clerk.ok('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk } });
    expect(out).toMatchObject({ approvedBy: expect.any(String), anomalies: [] });
    d.close();
  });

  it('a form left open, asking again each minute, does not keep the desk from its idle lock (Art. 11(4)): every preview is passive', async () => {
    const { d, c, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const session = { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '09:00'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: null, lockedBy: null, notes: null };
    const stay = { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00') };
    const answers: string[] = [];
    for (let minute = 1; minute <= 11; minute++) {
      c.advance(60_000);
      for (const r of [await clerk.call('cabinetLog.preview', session), await clerk.call('serverRoom.preview', stay)]) answers.push(r.ok ? 'ok' : r.error.code);
    }
    expect(answers.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(answers.slice(-2)).toEqual(['session_locked', 'session_locked']);
    d.close();
  });

  it('someone who keeps only their own records is not told through a preview who else was in (a review: a staff member listed every visitor of any day)', async () => {
    const { d, c, clerk, staff, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-23', '14:00') });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-23', '15:00'), cardReturned: false });
    c.advance(60_000);
    const items = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));
    const checklist = { siteId: hq.id, businessDay: '2026-11-23', exitedAt: jst('2026-11-23', '09:00'), lastPersonId: yamada.id, items, notes: null };
    const named = JSON.stringify((await clerk.ok('lastExit.preview', checklist)).anomalies);
    expect(named).toContain('高橋 誠');
    const own = (await staff.ok('lastExit.preview', checklist)).anomalies;
    expect(own.map((a) => a.code)).toContain('left_open');
    expect(JSON.stringify(own)).not.toContain('高橋 誠');
    expect(own.every((a) => a.facts === undefined)).toBe(true);
    d.close();
  });

  it('a correction as typed is judged as the amend leaves the record (previewAmend), and nothing is written', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture();
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    // Opened and locked by its custodian last Friday within the hours and the limit, typed in today: only recorded late.
    const session = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-20', '08:30'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-11-20', '09:00'), lockedBy: sasaki.id, notes: null });
    expect(session.anomalies.map((a) => a.code)).toEqual(['recorded_late']);
    c.advance(60_000);
    const before = head(d);
    // The lock time corrected to three hours later (past the 120 minutes), and locked by another.
    const changes = { lockedAt: jst('2026-11-20', '11:30'), lockedBy: yamada.id };
    const preview = await clerk.ok('cabinetLog.previewAmend', { id: session.id, changes });
    expect(preview.anomalies.map((a) => a.code).sort()).toEqual(['locked_by_other', 'open_too_long', 'recorded_late']);
    expect(head(d)).toBe(before);
    expect((await clerk.ok('cabinetLog.get', { id: session.id })).anomalies).toEqual(session.anomalies);
    // The correction then gives the same.
    const amended = await clerk.ok('cabinetLog.amend', { id: session.id, changes, reason: '施錠時刻の記入誤り' });
    expect(amended.anomalies).toEqual(preview.anomalies);
    // Nothing changed is refused as the correction would be; a time ahead of now too.
    expect(await clerk.call('cabinetLog.previewAmend', { id: session.id, changes })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    expect(await clerk.call('cabinetLog.previewAmend', { id: session.id, changes: { lockedAt: jst('2026-11-25', '10:00') } })).toMatchObject({ ok: false, error: { field: 'lockedAt', messageKey: 'errors.field.future' } });
    // Not by someone who may not correct it.
    expect(await staff.call('cabinetLog.previewAmend', { id: session.id, changes: { lockedAt: jst('2026-11-20', '10:00') } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a checkout correction previews as its amend: the borrower may not preview one of their own, and no approval is checked', async () => {
    const { d, clerk, laptop, card, base, yamada, tanaka } = await assetFixture();
    const out = await clerk.ok('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk } });
    const before = head(d);
    // Out since the 20th (typed four days later) and due back the 21st: overdue now. The approval stands as given; none is asked again.
    const preview = await clerk.ok('checkouts.previewAmend', { id: out.id, changes: { checkedOutAt: jst('2026-11-20', '10:00'), dueAt: jst('2026-11-21', '18:00') } });
    expect(preview.anomalies.map((a) => a.code)).toEqual(['overdue', 'recorded_late']);
    expect(head(d)).toBe(before);
    // The clerk's own checkout is corrected by someone else: nor does the clerk preview a correction of it.
    const own = await clerk.ok('checkouts.add', base(card.id, tanaka.id));
    expect(await clerk.call('checkouts.previewAmend', { id: own.id, changes: { notes: '訂正' } })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'assets.errors.own_checkout' } });
    d.close();
  });

  it('a staff member is not told another record\'s times or id in a refusal (an insider probe read a cabinet\'s every opening from them)', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture();
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    // Sasaki's session of this morning, 08:30–09:10.
    await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '08:30'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-11-24', '09:10'), lockedBy: sasaki.id, notes: null });
    c.advance(60_000);
    // The staff member (Yamada) tries a session of his own within it.
    const mine = { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '09:00'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-11-24', '09:01'), lockedBy: yamada.id, notes: null };
    for (const method of ['cabinetLog.preview', 'cabinetLog.add'] as const) {
      const r = await staff.call(method, mine);
      expect(r, method).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'cabinets.errors.period_overlaps_untold' } });
      expect(JSON.stringify(r), method).not.toContain('since');
      expect(JSON.stringify(r), method).not.toContain(jst('2026-11-24', '08:30'));
    }
    // The clerk, who reads every session, is told when it began.
    expect(await clerk.call('cabinetLog.preview', mine)).toMatchObject({ ok: false, error: { messageKey: 'cabinets.errors.period_overlaps', params: { since: jst('2026-11-24', '08:30') } } });
    // Every wording without the other record's time says no time.
    for (const key of ['cabinets.errors.period_overlaps_untold', 'assets.errors.period_overlaps_untold', 'visitors.errors.card_period_overlaps_untold', 'visitors.errors.card_lent_before_sign_out_untold', 'lastExit.errors.already_recorded_untold'] as const)
      for (const lang of ['ja', 'en'] as const) expect(lookup(lang, key), `${lang} ${key}`).not.toMatch(/\{\{(since|recordId)\}\}/);
    d.close();
  });
});
