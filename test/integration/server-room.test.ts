import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { LONG_STAY_CONDITION } from '../../electron/core/ledgers/server-room/schema';

const vendor = { name: '高橋 誠', company: '株式会社ネクストシステムズ' };

describe('server-room entry book at the desk (SPEC §4.1, Art. 13(1))', () => {
  it('records a stay with a vendor and escort, an exit, an amendment and a void — all in the history, and the journal verifies', async () => {
    const { d, clerk, hq, yamada, sasaki, accountId } = await serverRoomFixture();
    const stay = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:40'), purpose: 'vendor_witness',
      companions: { employees: [{ personId: sasaki.id }], visitors: [{ ...vendor, escortPersonId: sasaki.id }] }, itemsIn: '交換用HDD 1台', itemsOut: '故障HDD 1台',
    });
    expect(stay).toMatchObject({
      siteName: '本社', personName: '山田 太郎', employeeNo: 'E1001', purpose: 'vendor_witness', purposeLabel: '業者作業立会い', status: 'valid',
      enteredAt: '2026-11-24T00:00:00.000Z', exitedAt: '2026-11-24T00:40:00.000Z', recordedAt: '2026-11-24T01:00:00.000Z',
      recordedBy: accountId('tanaka.clerk'), recordedByName: '田中 一郎', amendCount: 0, anomalies: [],
      companions: { employees: [{ personId: sasaki.id, name: '佐々木 次郎' }], visitors: [{ ...vendor, escortPersonId: sasaki.id, escortName: '佐々木 次郎' }] },
    });

    // An open entry, then its exit.
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:50'), purpose: 'backup_media' });
    expect(open.exitedAt).toBeNull();
    const closed = await clerk.ok('serverRoom.recordExit', { id: open.id, itemsOut: 'LTOテープ 2本' });
    expect(closed).toMatchObject({ exitedAt: '2026-11-24T01:00:00.000Z', exitRecordedAt: '2026-11-24T01:00:00.000Z', itemsOut: 'LTOテープ 2本' });
    expect(await clerk.call('serverRoom.recordExit', { id: open.id })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'serverRoom.errors.not_open' } });

    // Amend with a reason: both versions stay in the history.
    const amended = await clerk.ok('serverRoom.amend', { id: stay.id, changes: { purpose: 'equipment' }, reason: '目的の選択誤り（本人申告）' });
    expect(amended).toMatchObject({ purpose: 'equipment', amendCount: 1, amendedAt: '2026-11-24T01:00:00.000Z', itemsIn: '交換用HDD 1台' });
    expect(await clerk.call('serverRoom.amend', { id: stay.id, changes: { purpose: 'equipment' }, reason: '再訂正' })).toMatchObject({
      ok: false, error: { messageKey: 'errors.no_change' },
    });
    expect(await clerk.call('serverRoom.amend', { id: stay.id, changes: { notes: 'x' } } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });

    // Void with a reason: never deleted, hidden from the default list, struck through with includeVoid.
    const voided = await clerk.ok('serverRoom.void', { id: closed.id, reason: '二重登録' });
    expect(voided).toMatchObject({ status: 'void', voidReason: '二重登録', anomalies: [] });
    expect(await clerk.call('serverRoom.amend', { id: closed.id, changes: { notes: '追記' }, reason: '追記' })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'serverRoom.errors.voided' },
    });
    expect((await clerk.ok('serverRoom.list', {})).rows.map((r) => r.id)).toEqual([stay.id]);
    expect((await clerk.ok('serverRoom.list', { includeVoid: true })).rows.map((r) => r.id).sort()).toEqual([stay.id, closed.id].sort());

    const history = await clerk.ok('history.get', { entity: 'server_room_stays', id: stay.id });
    expect(history.map((h) => h.action)).toEqual(['serverRoom.record', 'serverRoom.amend']);
    expect(history[1]).toMatchObject({ reason: '目的の選択誤り（本人申告）', before: { purpose: 'vendor_witness' }, after: { purpose: 'equipment', amend_count: 1 }, actorName: '田中 一郎', actorLoginId: 'tanaka.clerk' });
    const voidHistory = await clerk.ok('history.get', { entity: 'server_room_stays', id: closed.id });
    expect(voidHistory.map((h) => [h.action, h.reason])).toEqual([['serverRoom.record', null], ['serverRoom.record_exit', null], ['serverRoom.void', '二重登録']]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('corrects a stay on the kit: a correction that closes or reopens it, companions compared as values, times not in the future', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const open = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance', companions: { employees: [], visitors: [{ ...vendor, escortPersonId: yamada.id }] },
    });
    expect(open.exitRecordedAt).toBeNull();
    // The exit typed as a correction: when it was recorded is kept, as for a recorded exit.
    const closed = await clerk.ok('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-24', '09:30') }, reason: '退室の記入漏れ' });
    expect(closed).toMatchObject({ exitedAt: '2026-11-24T00:30:00.000Z', exitRecordedAt: '2026-11-24T01:00:00.000Z', amendCount: 1 });
    // The same companions, keys in another order: no change (the stored text is of the record's own form).
    expect(await clerk.call('serverRoom.amend', { id: open.id, changes: { companions: { visitors: [{ escortPersonId: yamada.id, company: vendor.company, name: vendor.name }], employees: [] } }, reason: '再確認' })).toMatchObject({
      ok: false, error: { messageKey: 'errors.no_change' },
    });
    const withSasaki = await clerk.ok('serverRoom.amend', { id: open.id, changes: { companions: { employees: [{ personId: sasaki.id }], visitors: [{ ...vendor, escortPersonId: sasaki.id }] } }, reason: '同行者の追記' });
    expect(withSasaki.companions).toEqual({ employees: [{ personId: sasaki.id, name: '佐々木 次郎' }], visitors: [{ ...vendor, escortPersonId: sasaki.id, escortName: '佐々木 次郎' }] });
    // A rule of a whole stay still applies: the escort must be there.
    expect(await clerk.call('serverRoom.amend', { id: open.id, changes: { companions: { employees: [], visitors: [{ ...vendor, escortPersonId: sasaki.id }] } }, reason: '入力誤りのため' })).toMatchObject({
      ok: false, error: { field: 'companions.visitors.0.escortPersonId', messageKey: 'serverRoom.errors.escort_not_present' },
    });
    expect(await clerk.call('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-24', '11:00') }, reason: '入力誤りのため' })).toMatchObject({
      ok: false, error: { field: 'exitedAt', messageKey: 'serverRoom.errors.in_future' },
    });
    // Reopened by a correction: no exit, so no time it was recorded.
    const reopened = await clerk.ok('serverRoom.amend', { id: open.id, changes: { exitedAt: null }, reason: '退室は誤り' });
    expect(reopened).toMatchObject({ exitedAt: null, exitRecordedAt: null, amendCount: 3 });
    expect(await clerk.call('serverRoom.get', { id: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'serverRoom.errors.not_found' } });
    // An unknown site or person in a correction is named as when recording.
    expect(await clerk.call('serverRoom.amend', { id: open.id, changes: { siteId: randomUUID() }, reason: '入力誤りのため' })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'siteId', messageKey: 'serverRoom.errors.site' },
    });
    expect(await clerk.call('serverRoom.amend', { id: open.id, changes: { personId: randomUUID() }, reason: '入力誤りのため' })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'personId', messageKey: 'serverRoom.errors.person' },
    });
    expect(d.verify()).toMatchObject({ ok: true });
  });

  it('an exit recorded after the day ended keeps the day-end anomaly, however early its time (the book showed the stay open at midnight)', async () => {
    const { c, staff, clerk, hq, yamada } = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const open = await staff.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '10:00'), purpose: 'maintenance' });
    c.set(jst('2026-11-25', '03:00'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const closed = await staff.ok('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-11-24', '10:20') });
    // Inside on the book from 10:00 until the exit was recorded at 03:00: past the day's end, and 17 h against the 4-hour limit.
    expect(closed.anomalies).toEqual([
      { code: 'no_exit_by_end_of_day', params: { open: 0, recordedLate: 1 } },
      { code: 'over_max_stay', params: { minutes: 17 * 60, max: 240, open: 0, recordedLate: 1 } },
    ]);
    expect((await clerk.ok('serverRoom.get', { id: open.id })).anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay']);
    // A correction of the exit time does not clear them either: the exit was recorded when it was.
    const amended = await clerk.ok('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-24', '10:25') }, reason: '時刻の訂正' });
    expect(amended.anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay']);
  });

  it('what an exit says is added under what the entry said, never in its place: the clerk’s note stays whole; too long together is refused at the field (an insider probe)', async () => {
    const { clerk, staff, hq, yamada } = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const note = '未申告のUSBメモリを持込（総務確認）';
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:30'), purpose: 'maintenance', notes: note, itemsIn: 'USBメモリ1本' });
    // Too long together: refused before anything is stored, with what is left to write.
    expect(await staff.call('serverRoom.recordExit', { id: stay.id, notes: 'あ'.repeat(1000) })).toMatchObject({
      ok: false, error: { code: 'invalid_input', messageKey: 'serverRoom.errors.exit_notes_too_long', field: 'notes', params: { left: 1000 - note.length - 1 } },
    });
    expect((await clerk.ok('serverRoom.get', { id: stay.id })).exitedAt).toBeNull();
    // The person “tidies” the clerk's note at the exit: it is added under it, in one exit act.
    const closed = await staff.ok('serverRoom.recordExit', { id: stay.id, notes: '特記事項なし', itemsOut: 'なし' });
    expect(closed).toMatchObject({ notes: `${note}\n特記事項なし`, itemsOut: 'なし', amendCount: 0 });
    // An exit with nothing to say leaves the entry's words as they were.
    const other = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:50'), purpose: 'maintenance', notes: note });
    expect((await staff.ok('serverRoom.recordExit', { id: other.id })).notes).toBe(note);
  });

  it('lists stays that entered together in one order, reversed by desc', async () => {
    const { clerk, hq, sasaki, kimura, okada } = await serverRoomFixture();
    const ids = new Set<string>();
    for (const p of [sasaki, kimura, okada])
      ids.add((await clerk.ok('serverRoom.record', { siteId: hq.id, personId: p.id, enteredAt: jst('2026-11-24', '08:00'), exitedAt: jst('2026-11-24', '08:30'), purpose: 'maintenance' })).id);
    const order = async (desc: boolean) => (await clerk.ok('serverRoom.list', { month: '2026-11', sort: 'enteredAt', desc })).rows.map((r) => r.id).filter((id) => ids.has(id));
    const asc = await order(false);
    expect(asc).toHaveLength(3);
    expect(await order(true)).toEqual([...asc].reverse());
  });

  it('finds a stay overlapping another of the same person that began weeks before it, and its month list names it (one probe of the long stays)', async () => {
    const { d, clerk, hq, osaka, yamada, sasaki } = await serverRoomFixture();
    const rec = (siteId: string, personId: string, enter: string, exit: string) => clerk.ok('serverRoom.record', { siteId, personId, enteredAt: enter, exitedAt: exit, purpose: 'maintenance' });
    // Yamada "in" the server room from 2 to 20 November (a slip typed with the wrong exit date), and a
    // short stay of his on the 18th at another site: he cannot have been in both.
    const long = await rec(hq.id, yamada.id, jst('2026-11-02', '09:00'), jst('2026-11-20', '10:00'));
    const inside = await rec(osaka.id, yamada.id, jst('2026-11-18', '14:00'), jst('2026-11-18', '15:00'));
    // Someone else's stay at that time, and Yamada's after the long one ended, are no overlap.
    const other = await rec(hq.id, sasaki.id, jst('2026-11-18', '14:00'), jst('2026-11-18', '15:00'));
    const after = await rec(hq.id, yamada.id, jst('2026-11-20', '10:00'), jst('2026-11-20', '11:00'));
    const codes = async (id: string) => (await clerk.ok('serverRoom.get', { id })).anomalies.map((a) => a.code);
    expect(await codes(inside.id)).toContain('overlapping_stay');
    expect((await clerk.ok('serverRoom.get', { id: inside.id })).anomalies.find((a) => a.code === 'overlapping_stay')?.params).toEqual({ otherStayId: long.id });
    expect(await codes(long.id)).toContain('overlapping_stay');
    expect(await codes(other.id)).not.toContain('overlapping_stay');
    expect(await codes(after.id)).not.toContain('overlapping_stay');
    // The site's list judged alone (the long stay is not on its page) names it too.
    const osakaRows = (await clerk.ok('serverRoom.list', { month: '2026-11', siteId: osaka.id })).rows;
    expect(osakaRows.find((r) => r.id === inside.id)!.anomalies.map((a) => a.code)).toContain('overlapping_stay');
    // Corrected to its real exit, the long stay overlaps nothing any more.
    await clerk.ok('serverRoom.amend', { id: long.id, changes: { exitedAt: jst('2026-11-02', '10:00') }, reason: '退室日の誤記' });
    expect(await codes(inside.id)).not.toContain('overlapping_stay');
    const plan = d.store.db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM server_room_stays WHERE person_id = ? AND entered_at < ? AND exited_at > ? AND ${LONG_STAY_CONDITION}`)
      .all('p', 'a', 'b') as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('server_room_stays_over_a_day');
  });

  it('a month list judges its page against the person’s stays that end after its first began: one of days before still overlapping is named, one ended at its entry is not; counted by the site’s valid stays index', async () => {
    const { d, clerk, hq, osaka, yamada } = await serverRoomFixture();
    const rec = (siteId: string, enter: string, exit: string) => clerk.ok('serverRoom.record', { siteId, personId: yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'maintenance' });
    // Three days "in" at HQ (shorter than the long stays of migration 26), and before it one that ended as the Osaka stay began.
    await rec(hq.id, jst('2026-11-16', '09:00'), jst('2026-11-18', '09:00'));
    const three = await rec(hq.id, jst('2026-11-18', '09:30'), jst('2026-11-21', '10:00'));
    const inside = await rec(osaka.id, jst('2026-11-19', '14:00'), jst('2026-11-19', '15:00'));
    const touching = await rec(osaka.id, jst('2026-11-21', '10:00'), jst('2026-11-21', '11:00'));
    const osakaRows = (await clerk.ok('serverRoom.list', { month: '2026-11', siteId: osaka.id })).rows;
    expect(osakaRows.find((r) => r.id === inside.id)!.anomalies.find((a) => a.code === 'overlapping_stay')?.params).toEqual({ otherStayId: three.id });
    expect(osakaRows.find((r) => r.id === touching.id)!.anomalies.map((a) => a.code)).not.toContain('overlapping_stay');
    const plan = d.store.db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM server_room_stays WHERE site_id = ? AND entered_at >= ? AND entered_at < ? AND status = 'valid'").all('s', 'a', 'b') as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('COVERING INDEX server_room_stays_site_status_time');
    d.close();
  });

  it('refuses what breaks a rule, at the field, storing nothing', async () => {
    const { d, clerk, hq, yamada, sasaki, mori, fingerprint } = await serverRoomFixture();
    const base = { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' };
    const open = await clerk.ok('serverRoom.record', base);
    const before = fingerprint();
    const refused = async (input: Parameters<typeof clerk.call<'serverRoom.record'>>[1], field: string, messageKey: string) =>
      expect(await clerk.call('serverRoom.record', input)).toMatchObject({ ok: false, error: { field, messageKey } });

    // A stay cannot end before it starts.
    await refused({ ...base, personId: sasaki.id, exitedAt: jst('2026-11-24', '08:59') }, 'exitedAt', 'serverRoom.errors.exit_before_entry');
    expect(await clerk.call('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-11-24', '08:00') })).toMatchObject({
      ok: false, error: { field: 'exitedAt', messageKey: 'serverRoom.errors.exit_before_entry' },
    });
    // A person cannot have two open stays.
    await refused({ ...base, enteredAt: jst('2026-11-24', '09:30') }, 'personId', 'serverRoom.errors.already_inside');
    // A person who had left by then (森 left at the fixture's 10:00; a stay at 09:00 that day was still his to have).
    await refused({ ...base, personId: mori.id, enteredAt: jst('2026-11-24', '10:03') }, 'personId', 'serverRoom.errors.person_inactive');
    // The escort must be there: the person entering or an accompanying employee (Art. 8(2)).
    await refused(
      { ...base, personId: sasaki.id, companions: { visitors: [{ ...vendor, escortPersonId: mori.id }] } },
      'companions.visitors.0.escortPersonId',
      'serverRoom.errors.escort_not_present',
    );
    await refused({ ...base, personId: sasaki.id, companions: { employees: [{ personId: sasaki.id }] } }, 'companions.employees.0.personId', 'serverRoom.errors.companion_is_person');
    // A companion already inside on a stay of their own at that time (山田, since 09:00): not in the book twice at once.
    expect(await clerk.call('serverRoom.record', { ...base, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:10'), companions: { employees: [{ personId: yamada.id }] } })).toMatchObject({
      ok: false, error: { field: 'companions.employees.0.personId', messageKey: 'serverRoom.errors.companion_inside', params: { name: '山田 太郎', since: jst('2026-11-24', '09:00') } },
    });
    // Purposes: from the site list; その他 needs details.
    await refused({ ...base, personId: sasaki.id, purpose: 'other' }, 'purposeNote', 'serverRoom.errors.purpose_note_required');
    await refused({ ...base, personId: sasaki.id, purpose: 'picnic' }, 'purpose', 'serverRoom.errors.purpose_unknown');
    // Nothing in the future; malformed times and unknown keys.
    await refused({ ...base, personId: sasaki.id, enteredAt: jst('2026-11-24', '11:00') }, 'enteredAt', 'serverRoom.errors.in_future');
    await refused({ ...base, personId: sasaki.id, enteredAt: '2026-11-24 09:00' }, 'enteredAt', 'errors.field.invalid_datetime');
    expect(await clerk.raw('serverRoom.record', { ...base, personId: sasaki.id, color: 'red' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'color' } });
    expect(await clerk.raw('serverRoom.list', { month: '2026-13' })).toMatchObject({ ok: false, error: { field: 'month', messageKey: 'errors.field.invalid_month' } });
    expect(fingerprint()).toEqual(before);
    // Reopening a closed stay while the person is inside elsewhere.
    const closed = await clerk.ok('serverRoom.record', { ...base, enteredAt: jst('2026-11-23', '09:00'), exitedAt: jst('2026-11-23', '10:00') });
    const mid = fingerprint();
    expect(await clerk.call('serverRoom.amend', { id: closed.id, changes: { exitedAt: null }, reason: '退室は誤り' })).toMatchObject({
      ok: false, error: { field: 'personId', messageKey: 'serverRoom.errors.already_inside' },
    });
    expect(fingerprint()).toEqual(mid);
    expect(mid.stays).toBe(before.stays + 1);

    // At the desk, a visitor may be recorded without escort — flagged as an anomaly, not refused.
    const unescorted = await clerk.ok('serverRoom.record', {
      ...base, personId: sasaki.id, exitedAt: jst('2026-11-24', '09:30'), companions: { visitors: [{ ...vendor, escortPersonId: null }] },
    });
    expect(unescorted.anomalies).toEqual([{ code: 'visitor_without_escort', params: { count: 1 } }]);
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('lets staff record only their own stays, and keeps the book for clerks and reviewers', async () => {
    const { d, staff, admin, clerk, hq, yamada, sasaki, accountId } = await serverRoomFixture();
    const mine = await staff.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:55'), purpose: 'maintenance' });
    expect(mine).toMatchObject({ recordedBy: accountId('yamada.staff'), exitedAt: null });
    expect(await staff.call('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:55'), purpose: 'maintenance' })).toMatchObject({
      ok: false, error: { code: 'forbidden', field: 'personId', messageKey: 'serverRoom.errors.own_only' },
    });
    const me = await staff.ok('serverRoom.mine', {});
    expect(me).toMatchObject({ person: { id: yamada.id, name: '山田 太郎', serverRoomAuthorized: true }, pinSet: false, openStay: { id: mine.id } });
    expect((await staff.ok('serverRoom.recordExit', { id: mine.id })).exitedAt).toBe('2026-11-24T01:00:00.000Z');

    const other = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' });
    expect(await staff.call('serverRoom.recordExit', { id: other.id })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'serverRoom.errors.own_only' } });
    for (const m of ['serverRoom.list', 'serverRoom.inside'] as const) expect(await staff.call(m, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await staff.call('serverRoom.amend', { id: mine.id, changes: { notes: 'x' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // An account not linked to a person (the system administrator here) cannot record at all.
    expect(await admin.call('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'serverRoom.errors.no_linked_person' },
    });
    expect((await admin.ok('serverRoom.list', {})).total).toBe(2);
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('lists by Japan month, site, person and state, paged in the store, each row with its anomalies', async () => {
    const { d, clerk, sm, hq, osaka, yamada, sasaki, kimura, okada } = await serverRoomFixture();
    const rec = (personId: string, enter: string, exit: string | null, extra: Record<string, unknown> = {}) =>
      clerk.ok('serverRoom.record', { siteId: hq.id, personId, enteredAt: enter, exitedAt: exit, purpose: 'maintenance', ...extra });
    // 00:30 on 1 November in Japan is still 31 October in UTC: it belongs to November.
    const firstOfMonth = await rec(yamada.id, jst('2026-11-01', '00:30'), jst('2026-11-01', '00:50'));
    const october = await rec(yamada.id, jst('2026-10-30', '10:00'), jst('2026-10-30', '10:30'));
    const holiday = await rec(sasaki.id, jst('2026-11-23', '10:00'), jst('2026-11-23', '10:30'));
    const long = await rec(sasaki.id, jst('2026-11-19', '10:00'), jst('2026-11-19', '14:30'));
    const overlapA = await rec(yamada.id, jst('2026-11-20', '10:00'), jst('2026-11-20', '11:00'));
    const overlapB = await rec(yamada.id, jst('2026-11-20', '10:30'), jst('2026-11-20', '11:30'));
    const unauthorized = await rec(kimura.id, jst('2026-11-24', '09:00'), jst('2026-11-24', '09:30'), { companions: { employees: [{ personId: yamada.id }] } });
    const inside = await rec(sasaki.id, jst('2026-11-24', '09:45'), null);
    const inOsaka = await clerk.ok('serverRoom.record', { siteId: osaka.id, personId: okada.id, enteredAt: jst('2026-11-24', '09:15'), purpose: 'incident', companions: { visitors: [{ ...vendor, escortPersonId: okada.id }] } });

    const nov = await clerk.ok('serverRoom.list', { month: '2026-11', pageSize: 100 });
    expect(nov.total).toBe(8);
    expect(nov.rows.map((r) => r.id)).not.toContain(october.id);
    expect((await clerk.ok('serverRoom.list', { month: '2026-10' })).rows.map((r) => r.id)).toEqual([october.id]);
    const codes = (id: string) => nov.rows.find((r) => r.id === id)!.anomalies.map((a) => a.code);
    expect(codes(firstOfMonth.id)).toEqual(['outside_business_hours', 'late_record']); // a Sunday night, typed in weeks later
    expect(nov.rows.find((r) => r.id === holiday.id)!.anomalies).toContainEqual({ code: 'outside_business_hours', params: { day: 'national_holiday', holiday: '勤労感謝の日' } });
    expect(codes(long.id)).toEqual(['over_max_stay', 'late_record']);
    expect(codes(overlapA.id)).toEqual(['overlapping_stay', 'late_record']);
    expect(codes(overlapB.id)).toEqual(['overlapping_stay', 'late_record']);
    expect(codes(unauthorized.id)).toEqual(['not_authorized']);
    expect(codes(inside.id)).toEqual([]);

    // Amended: the anomaly is recomputed from the current values.
    await clerk.ok('serverRoom.amend', { id: overlapB.id, changes: { enteredAt: jst('2026-11-20', '11:00') }, reason: '入室時刻の誤記' });
    expect((await clerk.ok('serverRoom.get', { id: overlapA.id })).anomalies.map((a) => a.code)).toEqual(['late_record']);

    // Paging, sorting, filters, search.
    const page0 = await clerk.ok('serverRoom.list', { month: '2026-11', pageSize: 3, sort: 'enteredAt', desc: false });
    const page2 = await clerk.ok('serverRoom.list', { month: '2026-11', pageSize: 3, page: 2, sort: 'enteredAt', desc: false });
    expect(page0.rows.map((r) => r.id)).toEqual([firstOfMonth.id, long.id, overlapA.id]);
    expect(page2.rows.map((r) => r.id)).toEqual([inOsaka.id, inside.id]);
    expect((await clerk.ok('serverRoom.list', { siteId: osaka.id })).rows.map((r) => r.id)).toEqual([inOsaka.id]);
    expect((await clerk.ok('serverRoom.list', { personId: kimura.id })).rows.map((r) => r.id)).toEqual([unauthorized.id]);
    expect((await clerk.ok('serverRoom.list', { state: 'open' })).rows.map((r) => r.id).sort()).toEqual([inside.id, inOsaka.id].sort());
    expect((await clerk.ok('serverRoom.list', { search: 'ネクスト' })).rows.map((r) => r.id)).toEqual([inOsaka.id]);
    expect((await clerk.ok('serverRoom.list', { search: 'キムラ' })).rows.map((r) => r.id)).toEqual([unauthorized.id]);
    expect((await clerk.ok('serverRoom.list', { search: '100%' })).total).toBe(0);
    // The book's list on the kit (issue 8): closed stays, a person by employee number, a purpose code
    // not searched as text (the screens show its label), the sorts that are not a field's.
    expect((await clerk.ok('serverRoom.list', { state: 'closed', month: '2026-11' })).total).toBe(6);
    expect((await clerk.ok('serverRoom.list', { search: kimura.employeeNo })).rows.map((r) => r.id)).toEqual([unauthorized.id]);
    expect((await clerk.ok('serverRoom.list', { search: 'incident' })).total).toBe(0);
    const bySite = await clerk.ok('serverRoom.list', { month: '2026-11', sort: 'site', desc: true, pageSize: 100 });
    expect(bySite.rows[0].id).toBe(inOsaka.id); // 大阪拠点 comes after 本社 in the sites' order
    expect(bySite.rows.slice(1).map((r) => r.enteredAt)).toEqual(bySite.rows.slice(1).map((r) => r.enteredAt).sort().reverse()); // then newest first
    const byRecorded = await clerk.ok('serverRoom.list', { month: '2026-11', sort: 'recordedAt', desc: false, pageSize: 100 });
    expect(byRecorded.rows.map((r) => r.recordedAt)).toEqual(byRecorded.rows.map((r) => r.recordedAt).sort());

    // Who is inside now, per site — one glance for the desk.
    const now = await sm.ok('serverRoom.inside', {});
    expect(now.map((s) => [s.siteName, s.stays.map((x) => x.personName)])).toEqual([['本社', ['佐々木 次郎']], ['大阪拠点', ['岡田 五郎']]]);
    expect((await sm.ok('serverRoom.inside', { siteId: osaka.id }))[0].stays[0].companions.visitors[0].escortName).toBe('岡田 五郎');
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('keeps per-site settings with defaults, changed by elevated admins with history, and uses them in the rules', async () => {
    const { d, c, clerk, sm, admin, hq, osaka, yamada, sasaki } = await serverRoomFixture();
    const long = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '04:00'), exitedAt: jst('2026-11-24', '08:30'), purpose: 'incident' });
    expect(long.anomalies.map((a) => a.code)).toEqual(['over_max_stay', 'outside_business_hours']);
    const defaults = await admin.ok('serverRoom.getSettings', { siteId: hq.id });
    expect(defaults).toMatchObject({ isDefault: true, businessHours: { start: '08:00', end: '20:00' }, maxStayMinutes: 240, lateRecordHours: 24 });
    expect(defaults.purposes.map((p) => p.label)).toEqual(['保守点検', 'バックアップ媒体交換', '障害対応', '機器設置・撤去', '業者作業立会い', 'その他']);
    expect(await clerk.call('serverRoom.getSettings', { siteId: hq.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sm.call('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 300 }, reason: '夜間バッチ保守のため' })).toMatchObject({ ok: false, error: { code: 'reauth_required' } });

    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const bad = async (changes: Record<string, unknown>, field: string, messageKey: string) =>
      expect(await sm.raw('serverRoom.updateSettings', { siteId: hq.id, changes, reason: '夜間バッチ保守のため' })).toMatchObject({ ok: false, error: { field, messageKey } });
    await bad({ businessHours: { start: '08:00', end: '25:00' } }, 'changes.businessHours.end', 'serverRoom.errors.time_of_day');
    await bad({ businessHours: { start: '18:00', end: '09:00' } }, 'changes.businessHours.end', 'serverRoom.errors.hours_order');
    await bad({ maxStayMinutes: 5 }, 'changes.maxStayMinutes', 'serverRoom.errors.max_stay_range');
    await bad({ purposes: defaults.purposes.filter((p) => p.code !== 'incident') }, 'changes.purposes', 'serverRoom.errors.purpose_in_use');
    await bad({ purposes: defaults.purposes.map((p) => ({ ...p, active: false })) }, 'changes.purposes', 'serverRoom.errors.no_active_purpose');
    // Two purposes the door would show by one name (a bad-input probe), in any width: refused; a retired one may share it.
    const n = defaults.purposes.length;
    await bad({ purposes: [...defaults.purposes, { code: 'maint2', label: '保守点検', requiresNote: false, active: true }] }, `changes.purposes.${n}.label`, 'serverRoom.errors.purpose_label_twice');
    await bad({ purposes: [...defaults.purposes, { code: 'ups', label: 'UPS点検', requiresNote: false, active: true }, { code: 'ups2', label: 'ＵＰＳ点検', requiresNote: false, active: true }] }, `changes.purposes.${n + 1}.label`, 'serverRoom.errors.purpose_label_twice');

    const purposes = [...defaults.purposes.map((p) => (p.code === 'other' ? { ...p, active: false } : p)), { code: 'audit', label: '監査立会い', requiresNote: false, active: true }];
    const saved = await sm.ok('serverRoom.updateSettings', {
      siteId: hq.id, changes: { maxStayMinutes: 300, businessHours: { start: '04:00', end: '20:00' }, purposes }, reason: '夜間バッチ保守のため',
    });
    expect(saved).toMatchObject({ isDefault: false, maxStayMinutes: 300, businessHours: { start: '04:00', end: '20:00' } });
    // A stay is judged by the rules in force when it began (setting-versions.ts): the long night stay
    // before the change keeps both; the same stay a day later is within the new hours and limit.
    expect((await clerk.ok('serverRoom.get', { id: long.id })).anomalies.map((a) => a.code)).toEqual(['over_max_stay', 'outside_business_hours']);
    c.set(jst('2026-11-25', '12:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const later = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-25', '04:00'), exitedAt: jst('2026-11-25', '08:30'), purpose: 'incident' });
    expect(later.anomalies).toEqual([]);
    expect((await admin.ok('serverRoom.getSettings', { siteId: osaka.id })).isDefault).toBe(true);
    // A retired purpose cannot be chosen; a new one can, and old records keep their label.
    expect(await clerk.call('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'other', purposeNote: '見学' })).toMatchObject({
      ok: false, error: { field: 'purpose', messageKey: 'serverRoom.errors.purpose_retired' },
    });
    expect((await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'audit' })).purposeLabel).toBe('監査立会い');
    expect((await clerk.ok('serverRoom.purposes', { siteId: hq.id })).find((p) => p.code === 'other')).toMatchObject({ active: false });

    const history = await sm.ok('history.get', { entity: 'settings', id: `serverRoom.site.${hq.id}` });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'settings.set', reason: '夜間バッチ保守のため' });
    expect(d.verify().ok).toBe(true);
    d.close();
  });
});
