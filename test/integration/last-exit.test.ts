import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { disposeAll } from './review-fixture';

// SPEC §4.4 through the real dispatcher: a checklist with an NG item (a remark required), once per
// site and day, the warnings naming an open cabinet and someone in the server room, the days without
// a checklist by the site's calendar, and the journal verifies.

/** The site's items (the defaults), 出入口の施錠 NG when a remark is given. */
const ITEMS = (ngRemark: string | null) =>
  DEFAULT_CHECK_ITEMS.map((item) => (item === '出入口の施錠' ? { item, ok: ngRemark === null, remark: ngRemark } : { item, ok: true, remark: null }));

const ARISEN_ITEMS = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));

describe('last-exit checklist (SPEC §4.4, Art. 9)', () => {
  it('records a day once, NG with a remark, warns of what is open, and lists the days missing by the calendar', async () => {
    const { d, c, sm, clerk, staff, hq, osaka, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '19:00'));
    // Someone in the server room and a cabinet open at the head office.
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '18:30'), purpose: 'maintenance' });
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id });
    await staff.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '18:40'), openedBy: yamada.id, purpose: '確認' });
    const warnings = await staff.ok('lastExit.warnings', { siteId: hq.id });
    expect(warnings.openCabinets).toEqual([{ cabinet: 'C-01 人事書類庫', openedBy: '山田 太郎', since: jst('2026-11-24', '18:40') }]);
    expect(warnings.inServerRoom).toEqual([{ person: '佐々木 次郎', since: jst('2026-11-24', '18:30') }]);
    expect(warnings.visitorsInside).toEqual([]);

    // An NG item needs its remark: refused at the field, nothing stored.
    const bad = await staff.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: yamada.id, items: ITEMS(null).map((i) => (i.item === '出入口の施錠' ? { ...i, ok: false } : i)), notes: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'items.1.remark', messageKey: 'lastExit.errors.ng_remark' }] } });
    // Nor a remark that says nothing (「なし」「特になし」「-」: a probe's class of words that stand where something must be said).
    for (const remark of ['なし', '特に なし', '－'])
      expect(await staff.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: yamada.id, items: ITEMS(null).map((i) => (i.item === '出入口の施錠' ? { ...i, ok: false, remark } : i)), notes: null }), remark).toMatchObject({
        ok: false, error: { code: 'invalid_input', issues: [{ field: 'items.1.remark', messageKey: 'lastExit.errors.ng_remark' }] },
      });
    // Every item of the site's list, and no other (an insider probe: one made-up item went in, so an NG could be left out).
    const day = { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: yamada.id, notes: null };
    expect(await staff.call('lastExit.add', { ...day, items: [{ item: '適当な項目', ok: true, remark: null }] })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'items', messageKey: 'lastExit.errors.items_not_the_sites', params: { extra: '適当な項目' } },
    });
    expect(await staff.call('lastExit.add', { ...day, items: ITEMS(null).filter((i) => i.item !== '出入口の施錠') })).toMatchObject({
      ok: false, error: { field: 'items', messageKey: 'lastExit.errors.items_not_the_sites', params: { missing: '出入口の施錠', extra: '—' } },
    });
    // Staff record their own site's only (an insider probe filled Osaka's missing day from the head office).
    expect(await staff.call('lastExit.add', { ...day, siteId: osaka.id, items: ITEMS(null) })).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'siteId', messageKey: 'lastExit.errors.other_site' } });
    // Nor do they read what is still open there: its visitors (names, companies), who is in its server room (an insider probe).
    expect(await staff.call('lastExit.warnings', { siteId: osaka.id })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'lastExit.errors.other_site_warnings' } });
    expect(await staff.call('lastExit.warnings', { siteId: hq.id })).toMatchObject({ ok: true });
    expect(await clerk.call('lastExit.warnings', { siteId: osaka.id })).toMatchObject({ ok: true });
    const rec = await staff.ok('lastExit.add', { ...day, items: ITEMS('通用口の鍵が固い。守衛に連絡済') });
    // Sasaki still in the server room and the cabinet still open when the last person left: the book says so.
    expect(rec.anomalies).toEqual([
      { code: 'ng_items', params: { count: 1 }, facts: [{ term: 'ngItems', values: [{ text: '出入口の施錠', key: 'lastExit.defaultItems.doors', note: '通用口の鍵が固い。守衛に連絡済' }] }] },
      // Named under it, for the review and the printed checklist (a walk-through: a count alone).
      { code: 'left_open', params: { count: 2 }, facts: [{ term: 'inServerRoom', values: [{ text: '佐々木 次郎' }] }, { term: 'cabinetsOpen', values: [{ text: 'C-01 人事書類庫' }] }] },
    ]);
    expect(rec.items[1]).toEqual({ item: '出入口の施錠', ok: false, remark: '通用口の鍵が固い。守衛に連絡済' });
    // The review shows them under it, and the printed checklist names them in its state column (its NG items are in their own).
    const item = (await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-11' })).items.find((i) => i.recordId === rec.id && i.code === 'left_open');
    expect(item?.facts).toEqual([{ term: 'inServerRoom', values: [{ text: '佐々木 次郎' }] }, { term: 'cabinetsOpen', values: [{ text: 'C-01 人事書類庫' }] }]);
    const paper = await sm.ok('print.sheet', { ledger: 'lastExit', siteId: hq.id, month: '2026-11', format: 'print' });
    // Its items: the NG one with what was done, and how many others were OK (not a bare 「OK」).
    expect(paper.rows.find((r) => r.anomalies?.length)?.cells).toContain('NG：出入口の施錠（通用口の鍵が固い。守衛に連絡済）\nほか8項目OK');
    expect(paper.rows.find((r) => r.anomalies?.length)?.anomalies).toEqual(['NGの項目あり（1件）', '最終退出後も在室・未施錠・館内の来訪者あり（2件）\nサーバルームに在室：佐々木 次郎\n施錠されていないキャビネット：C-01 人事書類庫']);
    // Once per site and day, said as the day is chosen (its record) and at save; a day yet to come; an exit time on another day.
    const kept = await clerk.ok('lastExit.dayRecorded', { siteId: hq.id, day: '2026-11-24' });
    expect(kept).toEqual({ recordId: expect.any(String), own: false });
    expect(await clerk.ok('lastExit.dayRecorded', { siteId: hq.id, day: '2026-11-20' })).toBeNull();
    expect(await clerk.ok('lastExit.dayRecorded', { siteId: osaka.id, day: '2026-11-24' })).toBeNull();
    expect(await staff.call('lastExit.dayRecorded', { siteId: osaka.id, day: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'lastExit.errors.other_site' } });
    // (Yamada was the last person out: his own checklist, which another keeper corrects.)
    expect(await staff.ok('lastExit.dayRecorded', { siteId: hq.id, day: '2026-11-24' })).toEqual({ ...kept, own: true });
    expect(await clerk.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: sasaki.id, items: ITEMS(null) })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'businessDay', messageKey: 'lastExit.errors.already_recorded' },
    });
    expect(await clerk.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-25', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: sasaki.id, items: ITEMS(null) })).toMatchObject({ ok: false, error: { field: 'businessDay', messageKey: 'lastExit.errors.day_in_future' } });
    expect(await clerk.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-20', exitedAt: jst('2026-11-24', '08:00'), lastPersonId: sasaki.id, items: ITEMS(null) })).toMatchObject({ ok: false, error: { field: 'exitedAt', messageKey: 'lastExit.errors.exit_not_that_day' } });
    // A checklist typed in two days late.
    const late = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-20', exitedAt: jst('2026-11-20', '19:10'), lastPersonId: sasaki.id, items: ITEMS(null) });
    expect(late.anomalies).toEqual([{ code: 'recorded_late' }]);

    // The days missing this month at the head office: from the day the site was set up (the 24th, today): none yet.
    expect((await sm.ok('lastExit.missing', { siteId: hq.id })).map((m) => m.day)).toEqual([]);
    // Planned today: the 27th a company holiday, the 28th (Saturday) worked.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-11-27'], workedHolidays: ['2026-11-28'], reason: '棚卸のため土曜出勤' });
    // Next week: the 25th and 26th are missing, the 27th not, the 28th too.
    c.set(jst('2026-12-01', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    expect((await sm.ok('lastExit.missing', { siteId: hq.id, month: '2026-11' })).map((m) => m.day)).toEqual(['2026-11-25', '2026-11-26', '2026-11-28', '2026-11-30']);
    expect(await sm.call('calendar.update', { siteId: hq.id, companyHolidays: ['2026-11-27'], workedHolidays: ['2026-11-27'], reason: '創立記念日を休日にするため' })).toMatchObject({ ok: false, error: { field: 'workedHolidays' } });
    expect(await sm.ok('calendar.get', { siteId: hq.id })).toEqual({ siteId: hq.id, companyHolidays: ['2026-11-27'], workedHolidays: ['2026-11-28'] });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
  it('a second checklist of a day whose last person is the keeper herself is not offered as hers to correct (errors.own_record)', async () => {
    const { d, admin, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '19:00'));
    // A clerk who is also a person of the register: Sasaki, the last person out that day.
    const temporary = 'Kari-no-pass-8301';
    await admin.ok('accounts.create', { loginId: 'sasaki.clerk', displayName: '佐々木 次郎', personId: sasaki.id, roles: ['clerk'], password: temporary, approval: SM_APPROVAL });
    const sasakiClerk = new Caller(d);
    await sasakiClerk.ok('auth.signIn', { loginId: 'sasaki.clerk', password: temporary });
    await sasakiClerk.ok('auth.changePassword', { currentPassword: temporary, newPassword: 'Kumo-no-ue-6604' });
    const day = { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '18:50'), lastPersonId: sasaki.id, items: ITEMS(null), notes: null };
    const rec = await clerk.ok('lastExit.add', day);
    // Hers: said so as the day is chosen and at save, with no record to correct (its correction is refused: errors.own_record).
    expect(await sasakiClerk.ok('lastExit.dayRecorded', { siteId: hq.id, day: '2026-11-24' })).toEqual({ recordId: rec.id, own: true });
    const refused = await sasakiClerk.call('lastExit.add', { ...day, lastPersonId: sasaki.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'businessDay', messageKey: 'lastExit.errors.already_recorded_own', params: { day: '2026-11-24' } } });
    expect(refused.ok ? null : refused.error.params).not.toHaveProperty('recordId');
    expect(await sasakiClerk.call('lastExit.amend', { id: rec.id, changes: { notes: '守衛が確認' }, reason: '追記' })).toMatchObject({ ok: false, error: { messageKey: 'errors.own_record' } });
    // Another clerk is offered it to correct; staff (not its party) are told whom to ask.
    expect(await clerk.ok('lastExit.dayRecorded', { siteId: hq.id, day: '2026-11-24' })).toEqual({ recordId: rec.id, own: false });
    expect(await clerk.call('lastExit.add', day)).toMatchObject({ ok: false, error: { messageKey: 'lastExit.errors.already_recorded', params: { recordId: rec.id } } });
    expect(await staff.call('lastExit.add', { ...day, lastPersonId: yamada.id })).toMatchObject({ ok: false, error: { messageKey: 'lastExit.errors.already_recorded_untold' } });
    expect((d.store.db.prepare('SELECT count(*) AS n FROM last_exit_checks').get() as { n: number }).n).toBe(1);
    d.close();
  });
  it('a checklist typed in later answers the items as they were on its day; a correction of its notes keeps them', async () => {
    const { d, c, sm, clerk, hq, sasaki } = await serverRoomFixture(jst('2026-11-24', '19:00'));
    const day = { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: sasaki.id, notes: null };
    const rec = await clerk.ok('lastExit.add', { ...day, items: ITEMS(null) });
    // The next morning the site's list gets a new item.
    c.set(jst('2026-11-25', '08:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    // An item twice, in any width, would make a checklist no one can submit (a bad-input probe): refused.
    for (const items of [[...DEFAULT_CHECK_ITEMS, DEFAULT_CHECK_ITEMS[0]], ['PC の電源', 'ＰＣの電源']])
      expect(await sm.call('lastExit.updateSettings', { siteId: hq.id, changes: { items }, reason: '重複' })).toMatchObject({ ok: false, error: { field: `changes.items.${items.length - 1}`, messageKey: 'lastExit.errors.item_twice' } });
    await sm.ok('lastExit.updateSettings', { siteId: hq.id, changes: { items: [...DEFAULT_CHECK_ITEMS, '複合機の電源断'] }, reason: '複合機の追加' });
    expect(await clerk.ok('lastExit.items', { siteId: hq.id })).toContain('複合機の電源断');
    expect(await clerk.ok('lastExit.items', { siteId: hq.id, day: '2026-11-24' })).toEqual(DEFAULT_CHECK_ITEMS);
    // Yesterday's notes corrected: its items stand as they were.
    await clerk.ok('lastExit.amend', { id: rec.id, changes: { notes: '警備会社に連絡済' }, reason: '追記' });
    // The 23rd, typed in now from paper, answers that day's list — and the 25th today's.
    await clerk.ok('lastExit.add', { ...day, businessDay: '2026-11-23', exitedAt: jst('2026-11-23', '19:00'), items: ITEMS(null) });
    expect(await clerk.call('lastExit.add', { ...day, businessDay: '2026-11-25', exitedAt: jst('2026-11-25', '08:00'), items: ITEMS(null) })).toMatchObject({ ok: false, error: { field: 'items' } });
    // Nor is a day's last exit before the site opened that day (08:00, its business hours): an insider probe
    // filed the day's checklist at 06:18, all OK, and the one who left last that evening could file none.
    expect(await clerk.call('lastExit.add', { ...day, businessDay: '2026-11-25', exitedAt: jst('2026-11-25', '07:59'), items: ITEMS(null) })).toMatchObject({
      ok: false, error: { field: 'exitedAt', messageKey: 'lastExit.errors.exit_before_opening', params: { start: '08:00' } },
    });

    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});

describe('「still open」 on a checklist, taken away by an act on what was open (an insider probe)', () => {
  // Each way the thing left open can be closed or taken back afterwards, at a time before the last person left.
  for (const how of ['an exit recorded later', 'an exit corrected', 'a void', 'a cabinet locked later', 'a visitor signed out later'] as const)
    it(`is an item of the checklist’s review: ${how}`, async () => {
      const f = await serverRoomFixture(jst('2026-11-24', '19:00'));
      const { c, clerk, sm, hq, sasaki, yamada, d } = f;
      let close: () => Promise<unknown>;
      // What the checklist names as left open.
      let named = { term: 'inServerRoom', values: [{ text: '佐々木 次郎' }] } as { term: string; values: { text: string; note?: string }[] };
      if (how === 'a cabinet locked later') {
        named = { term: 'cabinetsOpen', values: [{ text: 'C-01 人事書類庫' }] };
        const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id });
        const ses = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '18:40'), openedBy: yamada.id, purpose: '確認' });
        close = () => clerk.ok('cabinetLog.lock', { id: ses.id, lockedAt: jst('2026-11-24', '19:05'), lockedBy: yamada.id });
      } else if (how === 'a visitor signed out later') {
        named = { term: 'visitorsInside', values: [{ text: '高橋 誠', note: 'ネクスト' }] };
        const vis = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '18:00') });
        close = () => clerk.ok('visitors.signOut', { id: vis.id, leftAt: jst('2026-11-24', '19:05'), cardReturned: false });
      } else {
        const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '18:30'), purpose: 'maintenance' });
        if (how === 'an exit recorded later') close = () => clerk.ok('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-11-24', '19:00') });
        else if (how === 'a void') close = () => clerk.ok('serverRoom.void', { id: stay.id, reason: '重複登録' });
        else
          close = async () => {
            await clerk.ok('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-11-24', '19:45') });
            await clerk.ok('serverRoom.amend', { id: stay.id, changes: { exitedAt: jst('2026-11-24', '19:10') }, reason: '時刻の誤記' });
          };
      }
      c.set(jst('2026-11-24', '19:30'));
      await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
      const check = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:30'), lastPersonId: yamada.id, items: ITEMS(null), notes: null });
      expect(check.anomalies).toEqual([{ code: 'left_open', params: { count: 1 }, facts: [named] }]);
      c.set(jst('2026-11-24', '19:50'));
      await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
      await close();
      // The checklist no longer says so (the book now has nothing open then) — and its review shows what took it away.
      expect((await clerk.ok('lastExit.get', { id: check.id })).anomalies).toEqual([]);
      c.set(jst('2026-12-02', '10:00'));
      await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
      const items = (await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'cleared');
      expect(items).toEqual([expect.objectContaining({ recordId: check.id, params: expect.objectContaining({ anomaly: 'lastExit.anomaly.left_open', count: 1 }) })]);
      expect(d.verify()).toMatchObject({ ok: true });
      d.close();
    });

  it('is not noted when what was open is closed after the last person left, as the terminal does', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '19:00'));
    const { c, clerk, sm, hq, sasaki, yamada, d } = f;
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '18:30'), purpose: 'maintenance' });
    c.set(jst('2026-11-24', '19:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const check = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:30'), lastPersonId: yamada.id, items: ITEMS(null), notes: null });
    c.set(jst('2026-11-24', '19:45'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-11-24', '19:40') });
    expect((await clerk.ok('lastExit.get', { id: check.id })).anomalies).toEqual([{ code: 'left_open', params: { count: 1 }, facts: [{ term: 'inServerRoom', values: [{ text: '佐々木 次郎' }] }] }]);
    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'cleared')).toEqual([]);
    d.close();
  });

  it('an exit time typed before something opened that day, and open when the checklist was recorded, does not clear it; the next morning’s openings are not its (an insider probe)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '19:30'));
    const { c, clerk, sm, staff, hq, yamada, d } = f;
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id });
    const ses = await staff.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '18:40'), openedBy: yamada.id, purpose: '確認' });
    expect((await staff.ok('lastExit.warnings', { siteId: hq.id })).openCabinets).toHaveLength(1);
    // All OK, the exit typed as 18:35 — before the cabinet was opened.
    const early = await staff.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '18:35'), lastPersonId: yamada.id, items: ITEMS(null), notes: null });
    // Said as opened after the last exit, not as left unlocked by it (a user probe: beside 全9項目OK it read as a false tick).
    expect(early.anomalies).toEqual([{ code: 'left_open', params: { count: 1 }, facts: [{ term: 'cabinetsOpenedAfter', values: [{ text: 'C-01 人事書類庫' }] }] }]);
    // Locked before the checklist was recorded, it was still used after the typed exit: still said.
    await clerk.ok('cabinetLog.lock', { id: ses.id, lockedAt: jst('2026-11-24', '19:20'), lockedBy: yamada.id });
    expect((await clerk.ok('lastExit.get', { id: early.id })).anomalies).toEqual([{ code: 'left_open', params: { count: 1 }, facts: [{ term: 'cabinetsOpenedAfter', values: [{ text: 'C-01 人事書類庫' }] }] }]);
    // Taken away by a void: noted for the review.
    c.set(jst('2026-11-24', '20:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('cabinetLog.void', { id: ses.id, reason: '重複登録' });
    expect((await clerk.ok('lastExit.get', { id: early.id })).anomalies).toEqual([]);

    // A checklist recorded the next morning answers for the rest of its own day only: a cabinet opened
    // that evening after its exit is its, one opened the next morning is not.
    const osakaCab = await clerk.ok('cabinets.add', { code: 'C-51', name: '大阪書類庫', location: '2F', siteId: f.osaka.id, contentClass: 'confidential', custodianId: f.okada.id });
    const evening = await clerk.ok('cabinetLog.add', { cabinetId: osakaCab.id, openedAt: jst('2026-11-24', '19:40'), openedBy: f.okada.id, purpose: '夕方の確認' });
    await clerk.ok('cabinetLog.lock', { id: evening.id, lockedAt: jst('2026-11-24', '19:50'), lockedBy: f.okada.id });
    c.set(jst('2026-11-25', '08:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('cabinetLog.add', { cabinetId: osakaCab.id, openedAt: jst('2026-11-25', '08:20'), openedBy: f.okada.id, purpose: '朝の確認' });
    c.set(jst('2026-11-25', '09:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const late = await clerk.ok('lastExit.add', { siteId: f.osaka.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: f.okada.id, items: ITEMS(null), notes: null });
    expect(late.anomalies.find((a) => a.code === 'left_open')).toEqual({ code: 'left_open', params: { count: 1 }, facts: [{ term: 'cabinetsOpenedAfter', values: [{ text: 'C-51 大阪書類庫' }] }] });

    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const items = (await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'cleared');
    expect(items).toEqual([expect.objectContaining({ recordId: early.id, params: expect.objectContaining({ anomaly: 'lastExit.anomaly.left_open' }) })]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  // A stay of a signed day typed in late, in the server room when the checklist said all was locked:
  // 「still open」 arises on the signed checklist. A probe found it printed under the same digest with
  // nothing said; it is a change after the seal now, shown on that paper and in the review of the month it was made.
  it('a checklist’s 「still open」 arising in a signed month from a stay typed in late is a change after the seal, in the open review of the month it was made (a probe)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '19:30'));
    const { d, c, sm, clerk, hq, yamada, sasaki } = f;
    const check = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-10-20', exitedAt: jst('2026-10-20', '19:00'), lastPersonId: yamada.id, items: ARISEN_ITEMS, notes: null });
    expect(check.anomalies).toEqual([]);
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const unit = { ledger: 'lastExit', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    expect((await sm.ok('review.get', unit)).items.every((i) => i.disposition)).toBe(true);

    // A stay of the 20th typed in now: in the server room when the checklist said all was locked.
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '18:30'), exitedAt: jst('2026-10-20', '20:00'), purpose: 'maintenance' });
    const octNow = await sm.ok('review.get', unit);
    const arisen = octNow.items.filter((i) => i.recordId === check.id && i.code === 'left_open');
    expect(arisen).toHaveLength(1); // the signed October now shows it, undisposed
    expect(arisen[0].disposition).toBeNull();

    const paper = await sm.ok('print.sheet', { ...unit, format: 'print' });
    // Some open review of the last-exit book must bring it up (November's, made in December).
    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const nov = await sm.ok('review.get', { ...unit, month: '2026-11' });
    expect(nov.items.filter((i) => i.recordId === check.id)).not.toEqual([]);
    // And the signed paper, which now prints the anomaly under the same digest, marks the row as changed since.
    expect(paper.rows[0]).toMatchObject({ anomalies: [expect.any(String)], sealedChange: true });
    d.close();
  });
});
