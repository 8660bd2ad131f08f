import { describe, expect, it } from 'vitest';
import { SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { assetFixture } from './assets-fixture';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §4.3 through the real dispatcher on a real encrypted store: the assets register, checkouts
// with a second person's approval, one checkout at a time, the asset's state in step in the same
// act, return and loss report, own records for staff, the anomalies, and the journal verifies.

describe('assets register and checkout record (SPEC §4.3, Art. 11(5))', () => {
  it('checks out with an approval, keeps the asset out once, returns it, and the asset is in storage again; history and verify', async () => {
    const { d, clerk, sm, staff, yamada, sasaki, laptop, base, tanaka, osaka } = await assetFixture();
    expect(laptop).toMatchObject({ state: 'in_storage', names: { siteId: '本社' } });
    expect(await clerk.ok('checkouts.policy', { assetId: laptop.id })).toEqual({ approvalRequired: true });

    // A laptop needs a second person's approval: refused without one, with a wrong password, and by the borrower.
    expect(await staff.call('checkouts.add', base(laptop.id, yamada.id))).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approval_required' } });
    // A due date before it goes out is said with the missing approval, each at its field (a walk-through:
    // the due date only on the next try).
    const dueBefore = { ...base(laptop.id, yamada.id), dueAt: jst('2026-11-24', '09:00') };
    expect(await staff.call('checkouts.add', dueBefore)).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId', issues: [{ field: 'approval.approverLoginId', messageKey: 'assets.errors.approval_required' }, { field: 'dueAt', messageKey: 'assets.errors.due_before_out' }] },
    });
    expect(await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: 'wrong-password-1' } })).toMatchObject({
      ok: false, error: { messageKey: 'auth.errors.bad_credentials', field: 'approval.approverPassword' },
    });
    expect(await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'yamada.staff', approverPassword: PASSWORDS.staff } })).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approver_not_allowed' },
    });
    // An unknown login id says the same as a wrong password (who may approve is not for probing).
    const unknown = await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'no.such.clerk', approverPassword: 'whatever-1234' } });
    const wrong = await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: 'wrong-password-2' } });
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({ ok: false, error: { field: 'approval.approverPassword' } });

    // Due in 9999 (a bad-input probe: never overdue, and printed as 12/31 with no year): more than a year is refused.
    const approval = { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk };
    expect(await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), dueAt: '9999-12-31T00:00:00.000Z', approval })).toMatchObject({ ok: false, error: { field: 'dueAt', messageKey: 'errors.field.too_late' } });
    expect(await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), dueAt: jst('2027-11-26', '10:00'), approval })).toMatchObject({ ok: false, error: { field: 'dueAt', messageKey: 'assets.errors.due_too_far', params: { days: 366 } } });
    expect((await clerk.ok('assets.get', { id: laptop.id })).state).toBe('in_storage'); // nothing stored
    const out = await staff.ok('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk } });
    expect(out).toMatchObject({ siteId: laptop.siteId, names: { assetId: 'PC-001', borrowerId: '山田 太郎', approvedBy: '田中 一郎' }, returnedAt: null, anomalies: [] });
    expect((await clerk.ok('assets.get', { id: laptop.id })).state).toBe('out');

    // Out once at a time; the register cannot mark it otherwise meanwhile.
    expect(await sm.call('checkouts.add', { ...base(laptop.id, sasaki.id), approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'assetId', messageKey: 'assets.errors.already_out', params: { name: '山田 太郎' } },
    });
    // Someone who reads no checkout but their own is told it is out, not whose nor until when (an insider
    // probe: the refusals told a staff member who had each laptop out, and when it was due).
    const refused = await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), approval });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetId', messageKey: 'assets.errors.already_out_unnamed' } });
    expect(JSON.stringify(refused)).not.toMatch(/山田|due/);
    expect(await clerk.call('assets.amend', { id: laptop.id, changes: { state: 'repair' }, reason: '故障' })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.state_while_out' } });
    expect(await clerk.call('assets.void', { id: laptop.id, reason: '廃棄' })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.in_use' } });
    expect(await clerk.call('assets.amend', { id: laptop.id, changes: { siteId: osaka.id }, reason: '移管' })).toMatchObject({ ok: false, error: { field: 'siteId', messageKey: 'assets.errors.in_use' } });
    const now = await staff.ok('checkouts.now', {});
    expect(now.out.map((c) => c.id)).toEqual([out.id]);

    // The borrower records their own return at the desk only with the receiver's confirmation (a
    // clerk's own login and password): naming a receiver is not enough, and the borrower cannot be it.
    expect(await staff.call('checkouts.return', { id: out.id, receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'receiver.loginId', messageKey: 'assets.errors.receiver_confirmation_required' },
    });
    expect(await staff.call('checkouts.return', { id: out.id, receiver: { loginId: 'yamada.staff', password: PASSWORDS.staff }, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { field: 'receiver.loginId', messageKey: 'assets.errors.receiver_not_allowed' },
    });
    // A receiver's wrong password, or a login id that names no one, is said at the receiver's password (the same words for both).
    for (const receiver of [{ loginId: 'tanaka.clerk', password: 'wrong-password-3' }, { loginId: 'no.such.clerk', password: 'whatever-5678' }])
      expect(await staff.call('checkouts.return', { id: out.id, receiver, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
        ok: false, error: { field: 'receiver.password', messageKey: 'auth.errors.bad_credentials' },
      });
    expect(await clerk.call('checkouts.return', { id: out.id, returnedAt: '2099-01-01T00:00:00Z', receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: 'errors.field.future' } });
    const back = await staff.ok('checkouts.return', { id: out.id, receiver: { loginId: 'tanaka.clerk', password: PASSWORDS.clerk }, condition: 'good', dataHandling: '不要データ消去済', notes: null });
    expect(back).toMatchObject({ returnedAt: expect.any(String), receivedBy: tanaka.id, condition: 'good', anomalies: [] });
    expect((await clerk.ok('assets.get', { id: laptop.id })).state).toBe('in_storage');
    expect(await clerk.call('checkouts.return', { id: out.id, receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.not_out' } });
    const history = await clerk.ok('checkouts.history', { id: out.id });
    expect(history.map((h) => h.action)).toEqual(['checkouts.add', 'checkouts.return']);
    const assetHistory = await clerk.ok('assets.history', { id: laptop.id });
    expect(assetHistory.map((h) => h.action)).toEqual(['assets.add', 'checkouts.add', 'checkouts.return']);
    // Came back damaged (a walk-through: only its history said so): an anomaly, in the list and the review; its condition on paper.
    // (Damaged, its notes say what is wrong: a correction of the condition alone is refused at them.)
    expect(await clerk.call('checkouts.amend', { id: out.id, changes: { condition: 'damaged' }, reason: '返却時の確認漏れ' })).toMatchObject({ ok: false, error: { field: 'notes', messageKey: 'assets.errors.condition_needs_notes' } });
    const broken = await clerk.ok('checkouts.amend', { id: out.id, changes: { condition: 'damaged', notes: '画面割れ' }, reason: '返却時の確認漏れ' });
    // Under it, when it came back, what was done with its data and what is wrong (a user probe: the review said nothing more).
    const returned = { term: 'returnedAt', values: [{ at: back.returnedAt }] };
    expect(broken.anomalies).toEqual([{ code: 'returned_damaged', facts: [returned, { term: 'dataHandling', values: [{ text: '不要データ消去済' }] }, { term: 'notes', values: [{ text: '画面割れ' }] }] }]);
    const faulty = await clerk.ok('checkouts.amend', { id: out.id, changes: { condition: 'faulty', dataHandling: null, notes: '起動時に表示が乱れる' }, reason: '画面割れではなく表示不良' });
    expect(faulty.anomalies).toEqual([{ code: 'returned_faulty', facts: [returned, { term: 'notes', values: [{ text: '起動時に表示が乱れる' }] }] }]);
    const review = await sm.ok('review.get', { ledger: 'checkouts', siteId: broken.siteId, month: broken.checkedOutAt.slice(0, 7) });
    expect(review.items.find((i) => i.code === 'returned_faulty')?.facts).toEqual(faulty.anomalies[0].facts);
    const paper = await sm.ok('print.sheet', { ledger: 'checkouts', siteId: broken.siteId, month: broken.checkedOutAt.slice(0, 7), format: 'print' });
    expect(paper.columns.map((col) => col.label)).toContain('返却時の状態');
    expect(paper.rows[0].cells).toContain('不具合あり');
    expect(paper.rows[0].anomalies).toEqual(['返却時に不具合あり']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a return waiting on its receiver’s password, and another act on the checkout meanwhile: the second is refused and nothing is stored (an insider probe)', async () => {
    const { d, c, clerk, sm, staff, yamada, sasaki, laptop, card, base } = await assetFixture();
    const approval = { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk };
    // Each round goes out now, minutes after the one before came back (within the idle lock).
    const goesOut = () => {
      c.advance(MIN);
      const at = c.clock().getTime();
      return { checkedOutAt: new Date(at - MIN / 2).toISOString(), dueAt: new Date(at + 24 * 60 * MIN).toISOString() };
    };
    const receiver = { loginId: 'tanaka.clerk', password: PASSWORDS.clerk };
    const ownReturn = (id: string) => staff.call('checkouts.return', { id, receiver, condition: 'good', dataHandling: null, notes: null });
    // Against each act a clerk may record while the borrower's receiver types their password.
    const others: [string, (id: string) => Promise<unknown>][] = [
      ['a loss report', (id) => clerk.call('checkouts.reportLoss', { id, reason: '紛失' })],
      ['a void', (id) => clerk.call('checkouts.void', { id, reason: '記入誤り' })],
      ['a clerk’s return', (id) => clerk.call('checkouts.return', { id, receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null })],
      ['a correction', (id) => sm.call('checkouts.amend', { id, changes: { destination: '大阪支店' }, reason: '行き先の訂正' })],
    ];
    for (const [what, other] of others) {
      const out = await staff.ok('checkouts.add', { ...base(laptop.id, yamada.id), ...goesOut(), approval });
      const [mine, theirs] = await Promise.all([ownReturn(out.id), other(out.id)]);
      expect(theirs, `${what}: ${JSON.stringify(theirs)}`).toMatchObject({ ok: true });
      expect(mine, what).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const history = (await clerk.ok('checkouts.history', { id: out.id })).map((h) => h.action);
      expect(history.filter((a) => a === 'checkouts.return').length, what).toBeLessThanOrEqual(1);
      const row = d.store.db.prepare('SELECT returned_at, lost_at, received_by FROM asset_checkouts WHERE id = ?').get(out.id) as { returned_at: string | null; lost_at: string | null; received_by: string | null };
      expect(row.returned_at !== null && row.lost_at !== null, what).toBe(false);
      // Put the laptop back in storage for the next round.
      const asset = await clerk.ok('assets.get', { id: laptop.id });
      if (asset.state === 'out') await clerk.ok('checkouts.return', { id: out.id, receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
      if (asset.state === 'lost') await clerk.ok('checkouts.void', { id: out.id, reason: '見つかった' });
    }
    // Two corrections at once, each on what it read: the second is refused, not written over the first.
    const out = await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), ...goesOut() });
    const [a, b] = await Promise.all([
      clerk.call('checkouts.amend', { id: out.id, changes: { destination: '大阪支店' }, reason: '行き先の訂正' }),
      sm.call('checkouts.amend', { id: out.id, changes: { purpose: '展示会' }, reason: '目的の訂正' }),
    ]);
    expect([a, b].filter((r) => (r as { ok: boolean }).ok)).toHaveLength(1);
    expect([a, b].find((r) => !(r as { ok: boolean }).ok)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.changed_meanwhile' } });
    expect((await clerk.ok('checkouts.get', { id: out.id })).amendCount).toBe(1);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a clerk returning their own checkout has the receiver confirm, as any borrower does (an insider probe)', async () => {
    const { d, admin, clerk, sasaki, card, base, tanaka, accountId } = await assetFixture();
    const out = await clerk.ok('checkouts.add', base(card.id, tanaka.id));
    const head = d.store.journalHead().seq;
    // Naming a colleague is not enough: the colleague never said they received it.
    expect(await clerk.call('checkouts.return', { id: out.id, receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'receiver.loginId', messageKey: 'assets.errors.receiver_confirmation_required' },
    });
    // Nor can they confirm it themselves.
    expect(await clerk.call('checkouts.return', { id: out.id, receiver: { loginId: 'tanaka.clerk', password: PASSWORDS.clerk }, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { field: 'receiver.loginId', messageKey: 'assets.errors.receiver_is_borrower' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // The safety manager (linked to her person) receives it and confirms with her own password.
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.setPerson', { id: accountId(SETUP.safetyManager.loginId), personId: sasaki.id, reason: '名簿の登録に合わせて', approval: SM_APPROVAL });
    const back = await clerk.ok('checkouts.return', { id: out.id, receiver: { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password }, condition: 'good', dataHandling: null, notes: null });
    expect(back).toMatchObject({ receivedBy: sasaki.id, anomalies: [] });
    d.close();
  });

  it('nobody corrects or voids a checkout of their own, nor approves one after leaving the company (an insider probe)', async () => {
    const { d, admin, clerk, sm, sasaki, yamada, laptop, card, base, tanaka, accountId } = await assetFixture();
    const out = await clerk.ok('checkouts.add', base(card.id, tanaka.id));
    const head = d.store.journalHead().seq;
    // The borrower (a clerk) closes it by a correction naming a colleague, pushes the due date, or voids it: refused, nothing stored.
    for (const changes of [{ returnedAt: jst('2026-11-24', '17:00'), receivedBy: sasaki.id, condition: 'good' }, { dueAt: jst('2026-12-20', '18:00') }, { notes: '書き直し' }])
      expect(await clerk.call('checkouts.amend', { id: out.id, changes, reason: '返却記入' })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'assets.errors.own_checkout' } });
    expect(await clerk.call('checkouts.void', { id: out.id, reason: '記入誤り' })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'assets.errors.own_checkout' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    // Another clerk (the safety manager here) corrects it as any record.
    expect(await sm.ok('checkouts.amend', { id: out.id, changes: { notes: '客先で使用' }, reason: '備考の追記' })).toMatchObject({ notes: '客先で使用' });

    // An approver whose person has left cannot approve (their account can no longer sign in either).
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.setPerson', { id: accountId(SETUP.safetyManager.loginId), personId: sasaki.id, reason: '名簿の登録に合わせて', approval: SM_APPROVAL });
    await clerk.ok('people.setActive', { id: sasaki.id, active: false, reason: '退職' });
    const before = d.store.journalHead().seq;
    const r = await clerk.call('checkouts.add', { ...base(laptop.id, yamada.id), approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
    expect(r).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId', messageKey: 'errors.person_inactive', params: { name: sasaki.name } } });
    expect((await clerk.ok('assets.get', { id: laptop.id })).state).toBe('in_storage');
    // Only the password check's own row was written (as for any approval tried).
    expect(d.store.stmt("SELECT count(*) AS n FROM journal WHERE seq > ? AND entity IN ('checkouts', 'assets')").get(before)).toEqual({ n: 0 });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a return or a loss typed in the minute of a checkout kept to the second is at its time, not refused as before it', async () => {
    const { d, c, clerk, yamada, card, base } = await assetFixture();
    const second = await clerk.ok('assets.add', { assetTag: 'SD-002', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: card.siteId, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
    // Out at hh:mm:42 (an instant the API takes to the millisecond), typed back at hh:mm (a dialog's time is to the minute).
    const minute = Math.floor(c.clock().getTime() / 60_000) * 60_000 + 60_000;
    const at = (plus: number) => new Date(minute + plus).toISOString();
    c.set(at(42_123));
    const outNow = (assetId: string) => clerk.ok('checkouts.add', { ...base(assetId, yamada.id), checkedOutAt: at(42_123) });
    const lostOne = await outNow(card.id);
    expect(lostOne.checkedOutAt).toBe(c.clock().toISOString());
    expect(await clerk.ok('checkouts.reportLoss', { id: lostOne.id, lostAt: at(0), reason: '移動中に紛失' })).toMatchObject({ lostAt: lostOne.checkedOutAt });
    const back = await outNow(second.id);
    // A minute earlier is before it: said for a loss in its own words.
    expect(await clerk.call('checkouts.reportLoss', { id: back.id, lostAt: at(-60_000), reason: '移動中に紛失' })).toMatchObject({ ok: false, error: { field: 'lostAt', messageKey: 'assets.errors.lost_before_out' } });
    expect(await clerk.ok('checkouts.return', { id: back.id, returnedAt: at(0), receivedBy: yamada.id, condition: 'good', dataHandling: null })).toMatchObject({ returnedAt: back.checkedOutAt });
    // Its checkout corrected to after its return: said at the time corrected (a probe: it was said at the untouched return).
    expect(await clerk.call('checkouts.amend', { id: back.id, changes: { checkedOutAt: at(5 * 60_000) }, reason: '記入誤り' })).toMatchObject({ ok: false, error: { field: 'checkedOutAt', messageKey: 'assets.errors.out_after_return' } });
    expect(await clerk.call('checkouts.amend', { id: back.id, changes: { returnedAt: at(-5 * 60_000) }, reason: '記入誤り' })).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: 'assets.errors.return_before_out' } });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a lost asset cannot go out; repair and disposal from the register; staff see only their own checkouts', async () => {
    const { d, admin, clerk, staff, yamada, sasaki, kimura, card, base } = await assetFixture();
    // An SD card needs no approval by default.
    const mine = await staff.ok('checkouts.add', base(card.id, yamada.id));
    expect(mine.approvedBy).toBeNull();
    expect(await staff.call('checkouts.add', base(card.id, kimura.id))).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'borrowerId' } });
    const lost = await staff.ok('checkouts.reportLoss', { id: mine.id, reason: '電車内で紛失' });
    // Staff see the register, not an asset's history: it holds the checkouts' acts, whose borrower and loss reason are not theirs to read (an insider probe).
    expect((await staff.ok('assets.get', { id: card.id })).state).toBe('lost');
    expect(await staff.call('assets.history', { id: card.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await clerk.ok('assets.history', { id: card.id })).map((h) => h.reason)).toContain('電車内で紛失');
    expect(lost.anomalies.map((a) => a.code)).toEqual(['lost']);
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('lost');
    expect(await clerk.call('checkouts.add', base(card.id, sasaki.id))).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetId', messageKey: 'assets.errors.not_available', params: { state: 'assets.values.state.lost' } } });
    expect(await clerk.call('assets.amend', { id: card.id, changes: { state: 'out' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.state_by_checkout' } });
    // Nor is it "returned" by a correction, before or after its loss (an insider probe: returned at 09:50, lost at 10:00, the asset still 紛失).
    const head = d.store.journalHead().seq;
    for (const returnedAt of [new Date(Date.parse(lost.lostAt!) - MIN).toISOString(), lost.lostAt!])
      expect(await clerk.call('checkouts.amend', { id: mine.id, changes: { returnedAt, receivedBy: sasaki.id, condition: 'good' }, reason: '発見され返却' })).toMatchObject({
        ok: false, error: { field: 'returnedAt', messageKey: 'assets.errors.lost_not_returned' },
      });
    expect(d.store.journalHead().seq).toBe(head);
    // Found, it is put back in storage by a correction with its reason (a walk-through: a lost asset
    // stayed 紛失 for ever, told it was out); its checkout still says it was lost.
    expect(await clerk.ok('assets.amend', { id: card.id, changes: { state: 'in_storage' }, reason: '遺失物として届けられた' })).toMatchObject({ state: 'in_storage' });
    expect((await clerk.ok('checkouts.get', { id: mine.id })).anomalies.map((a) => a.code)).toEqual(['lost']);
    expect((await clerk.ok('assets.history', { id: card.id })).map((h) => h.reason)).toContain('遺失物として届けられた');

    const other = await clerk.ok('assets.add', { assetTag: 'USB-001', kind: 'usb_memory', model: 'BUFFALO 32GB', serial: null, siteId: card.siteId, storagePlace: '総務部', encrypted: true });
    expect(await clerk.call('assets.amend', { id: other.id, changes: { state: 'out' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.state_by_checkout' } });
    await clerk.ok('assets.amend', { id: other.id, changes: { state: 'repair' }, reason: '端子の不良' });
    expect(await clerk.call('checkouts.add', base(other.id, sasaki.id))).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.not_available' } });
    await clerk.ok('assets.amend', { id: other.id, changes: { state: 'in_storage' }, reason: '修理完了' });
    // The borrower cannot approve their own checkout, even as a clerk; a password someone else set approves nothing.
    await admin.ok('accounts.create', { loginId: 'sasaki.clerk', displayName: '佐々木 次郎', personId: sasaki.id, roles: ['clerk'], password: 'Kari-no-pass-8301', approval: SM_APPROVAL });
    expect(await clerk.call('checkouts.add', { ...base(other.id, sasaki.id), approval: { approverLoginId: 'sasaki.clerk', approverPassword: 'Kari-no-pass-8301' } })).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approver_is_borrower' },
    });
    expect(await clerk.call('checkouts.add', { ...base(other.id, yamada.id), approval: { approverLoginId: 'sasaki.clerk', approverPassword: 'Kari-no-pass-8301' } })).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approver_temporary_password' },
    });
    // Approval by a clerk other than the borrower, recorded by the clerk for someone else.
    const theirs = await clerk.ok('checkouts.add', { ...base(other.id, sasaki.id), approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk } });
    expect((await staff.ok('checkouts.list', { month: '2026-11' })).rows.map((r) => r.id)).toEqual([mine.id]);
    expect(await staff.call('checkouts.get', { id: theirs.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await staff.call('checkouts.return', { id: theirs.id, receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Voiding the checkout holding the asset puts it back in storage.
    await clerk.ok('checkouts.void', { id: theirs.id, reason: '記入誤り' });
    expect((await clerk.ok('assets.get', { id: other.id })).state).toBe('in_storage');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('judges overdue, out at month end, receiver is the borrower, and a borrower no longer active', async () => {
    const { d, c, clerk, sm, yamada, sasaki, kimura, card, base } = await assetFixture();
    // Due yesterday, still out: overdue.
    const late = await clerk.ok('checkouts.add', { ...base(card.id, kimura.id), checkedOutAt: jst('2026-11-20', '10:00'), dueAt: jst('2026-11-23', '18:00') });
    expect(late.anomalies.map((a) => a.code)).toEqual(['overdue', 'recorded_late']); // typed in four days after it went out
    await sm.ok('people.setActive', { id: kimura.id, active: false, reason: '退職' });
    expect((await clerk.ok('checkouts.get', { id: late.id })).anomalies.map((a) => a.code)).toEqual(['overdue', 'borrower_inactive', 'recorded_late']);
    // Received by someone no longer active: refused (whoever receives it is on the staff then).
    c.set(jst('2026-12-01', '09:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.call('checkouts.return', { id: late.id, receivedBy: kimura.id, condition: 'damaged', dataHandling: null, notes: '画面割れ' })).toMatchObject({ ok: false, error: { messageKey: 'errors.person_inactive' } });
    // Back on the register, then returned to the borrower themselves, after the due time and after the end of its month.
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('people.setActive', { id: kimura.id, active: true, reason: '再雇用' });
    // Damaged or faulty, the notes say what is wrong: nothing, or words that say nothing, are refused at them (a user probe).
    for (const [condition, notes] of [['damaged', null], ['faulty', ''], ['damaged', '特になし']] as const)
      expect(await clerk.call('checkouts.return', { id: late.id, receivedBy: kimura.id, condition, dataHandling: null, notes }), `${condition} ${notes}`).toMatchObject({ ok: false, error: { field: 'notes', messageKey: 'assets.errors.condition_needs_notes' } });
    const back = await clerk.ok('checkouts.return', { id: late.id, receivedBy: kimura.id, condition: 'damaged', dataHandling: null, notes: '画面割れ' });
    // The borrower was suspended while it was out: a past fact the return does not take away, nor their return to the register.
    expect(back.anomalies.map((a) => a.code)).toEqual(['overdue', 'out_at_month_end', 'receiver_is_borrower', 'borrower_inactive', 'recorded_late', 'returned_damaged']);
    expect((await clerk.ok('checkouts.get', { id: late.id })).anomalies.map((a) => a.code)).toContain('borrower_inactive');
    void yamada;
    void sasaki;
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a correction of an old checkout leaves the asset as it is now; un-returning needs it back in storage; the site stays', async () => {
    const { d, c, clerk, sm, yamada, sasaki, kimura, card, base, osaka } = await assetFixture();
    const a = await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), checkedOutAt: jst('2026-11-20', '10:00'), dueAt: jst('2026-11-21', '18:00') });
    await clerk.ok('checkouts.return', { id: a.id, returnedAt: jst('2026-11-21', '17:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    const b = await clerk.ok('checkouts.add', base(card.id, kimura.id));
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    // Correcting the old, returned checkout's notes: the asset stays out with B.
    await clerk.ok('checkouts.amend', { id: a.id, changes: { notes: '返却時に清掃済' }, reason: '追記' });
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    // Making the old one out again while B has the asset is refused.
    expect(await clerk.call('checkouts.amend', { id: a.id, changes: { returnedAt: null }, reason: '返却の記録誤り' })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'returnedAt', messageKey: 'assets.errors.already_out_unnamed' } });
    // B reported lost; the register cannot put the asset back in storage by a correction of A either.
    await clerk.ok('checkouts.reportLoss', { id: b.id, reason: '紛失' });
    await clerk.ok('checkouts.amend', { id: a.id, changes: { notes: '再追記' }, reason: '追記' });
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('lost');
    expect(await clerk.call('checkouts.amend', { id: a.id, changes: { returnedAt: null }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.not_available' } });
    // The asset moves to 大阪: its old checkout keeps its site when corrected.
    await clerk.ok('assets.amend', { id: card.id, changes: { siteId: osaka.id }, reason: '移管' });
    const corrected = await clerk.ok('checkouts.amend', { id: a.id, changes: { purpose: '顧客先での説明（補足）' }, reason: '補足' });
    expect(corrected.siteId).toBe(card.siteId);
    // A checkout cannot start in the future.
    expect(await clerk.call('checkouts.add', { ...base(card.id, kimura.id), checkedOutAt: '2099-01-01T00:00:00Z', dueAt: '2099-01-02T00:00:00Z' })).toMatchObject({ ok: false, error: { field: 'checkedOutAt', messageKey: 'errors.field.future' } });
    void c;
    void sm;
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('lists what is overdue, and what is due later today, as the dashboard counts them', async () => {
    // The fixture's clock: 2026-11-24 10:00 in Japan.
    const { d, clerk, yamada, sasaki, card, hq } = await assetFixture();
    const add = (tag: string) => clerk.ok('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const [b, c2] = [await add('SD-002'), await add('SD-003')];
    const out = (assetId: string, dueAt: string) => clerk.ok('checkouts.add', { assetId, borrowerId: yamada.id, purpose: '説明会', destination: '大阪', checkedOutAt: jst('2026-11-24', '08:00'), dueAt, notes: null });
    const late = await out(card.id, jst('2026-11-24', '09:00'));
    const today = await out(b.id, jst('2026-11-24', '17:00'));
    await out(c2.id, jst('2026-11-25', '09:00'));
    const listed = async (due: string) => (await clerk.ok('checkouts.list', { due } as never)).rows.map((r) => r.id);
    // One returned before its due time (this morning) is neither overdue nor due today.
    const back = await out((await add('SD-004')).id, jst('2026-11-24', '09:30'));
    await clerk.ok('checkouts.return', { id: back.id, returnedAt: jst('2026-11-24', '09:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    expect(await listed('overdue')).toEqual([late.id]);
    expect(await listed('today')).toEqual([today.id]);
    expect(await clerk.ok('checkouts.now', {})).toMatchObject({ overdue: 1, dueToday: 1 });
    expect(await clerk.call('checkouts.list', { due: 'yesterday' } as never)).toMatchObject({ ok: false, error: { field: 'due', messageKey: 'errors.field.invalid' } });
    d.close();
  });

  it('a return’s note is added under the note written at checkout, never in its place; too long together, it is refused before anything is asked (an insider probe)', async () => {
    const f = await serverRoomFixture();
    const { d, clerk, staff, hq, yamada } = f;
    const laptop = await clerk.ok('assets.add', { assetTag: 'PC-001', kind: 'laptop', model: 'Panasonic CF-SV1', serial: 'SV1-0001', siteId: hq.id, storagePlace: '総務部', encrypted: true, notes: null });
    const clerkNote = '貸出時点で天板に傷・ACアダプタ付属';
    const out = await clerk.ok('checkouts.add', {
      assetId: laptop.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-25', '18:00'), notes: clerkNote,
      approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk },
    });
    const receiver = { loginId: 'tanaka.clerk', password: PASSWORDS.clerk };
    const head = d.store.journalHead().seq;
    const left = 500 - clerkNote.length - 1;
    expect(await staff.call('checkouts.return', { id: out.id, receiver, condition: 'good', dataHandling: null, notes: 'あ'.repeat(left + 1) })).toMatchObject({
      ok: false, error: { field: 'notes', messageKey: 'assets.errors.return_notes_too_long', params: { left } },
    });
    expect(d.store.journalHead().seq).toBe(head);
    const back = await staff.ok('checkouts.return', { id: out.id, receiver, condition: 'good', dataHandling: '不要データ消去済', notes: '問題なし' });
    expect(back).toMatchObject({ notes: `${clerkNote}\n問題なし`, amendCount: 0, returnedAt: expect.any(String) });
    d.close();
  });

  it('the receiver is judged at the return’s own time: a return written as a correction does not name a person who had left by then (a probe)', async () => {
    const { d, c, clerk, hq, sasaki, mori } = await serverRoomFixture(); // 森 (mori) suspended at 2026-11-24 10:00
    c.set(jst('2026-11-24', '15:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: 'B', encrypted: false, notes: null });
    const co = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: sasaki.id, purpose: '撮影', destination: '工場', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-24', '18:00'), notes: null });
    expect(await clerk.call('checkouts.return', { id: co.id, returnedAt: jst('2026-11-24', '11:00'), receivedBy: mori.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({
      ok: false, error: { field: 'receivedBy', messageKey: 'errors.person_inactive' },
    });
    const head = d.store.journalHead().seq;
    expect(await clerk.call('checkouts.amend', { id: co.id, changes: { returnedAt: jst('2026-11-24', '11:00'), receivedBy: mori.id, condition: 'good' }, reason: '返却の記入' })).toMatchObject({
      ok: false, error: { field: 'receivedBy', messageKey: 'errors.person_inactive' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    expect((await clerk.ok('assets.get', { id: sd.id })).state).toBe('out');
    // Received by him before he left: stands; the return time moved to after it, refused at the receiver.
    await clerk.ok('checkouts.return', { id: co.id, returnedAt: jst('2026-11-24', '09:45'), receivedBy: mori.id, condition: 'good', dataHandling: null, notes: null });
    expect(await clerk.call('checkouts.amend', { id: co.id, changes: { returnedAt: jst('2026-11-24', '10:15') }, reason: '時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'receivedBy', messageKey: 'errors.person_inactive' },
    });
    d.close();
  });

  it('one device, one entry: a serial number already registered for an asset of that kind is refused on a second tag, naming the first (a probe: one card out to two people at once)', async () => {
    const { d, clerk, hq } = await serverRoomFixture();
    const sd = (assetTag: string, serial: string | null, kind = 'sd_card') => ({ assetTag, kind, model: 'SanDisk 64GB', serial, siteId: hq.id, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
    const first = await clerk.ok('assets.add', sd('SD-001', 'SN-4711'));
    const head = d.store.journalHead().seq;
    for (const serial of ['SN-4711', 'ＳＮ－４７１１', 'sn 4711'])
      expect(await clerk.call('assets.add', sd('SD-099', serial)), serial).toMatchObject({ ok: false, error: { code: 'conflict', field: 'serial', messageKey: 'assets.errors.serial_taken', params: { tag: 'SD-001' } } });
    expect(d.store.journalHead().seq).toBe(head);
    // Nor by a correction; a device of another kind may share the number, and assets without one are many.
    const other = await clerk.ok('assets.add', sd('SD-002', null));
    await clerk.ok('assets.add', sd('SD-003', null));
    expect(await clerk.call('assets.amend', { id: other.id, changes: { serial: 'SN-4711' }, reason: '記入漏れ' })).toMatchObject({ ok: false, error: { field: 'serial', messageKey: 'assets.errors.serial_taken' } });
    await clerk.ok('assets.add', sd('USB-001', 'SN-4711', 'usb_memory'));
    // A retired device's number is free again.
    await clerk.ok('assets.void', { id: first.id, reason: '廃棄' });
    expect(await clerk.ok('assets.amend', { id: other.id, changes: { serial: 'SN-4711' }, reason: '記入漏れ' })).toMatchObject({ serial: 'SN-4711' });
    d.close();
  });
  it('a lost checkout cannot be corrected to go out after its loss; a return taken back takes its receiver, condition and data with it (an insider probe)', async () => {
    const { d, clerk, yamada, sasaki, kimura, card, base } = await assetFixture();
    const lost = await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), checkedOutAt: jst('2026-11-20', '08:00'), dueAt: jst('2026-11-20', '18:00') });
    await clerk.ok('checkouts.reportLoss', { id: lost.id, lostAt: jst('2026-11-20', '09:00'), reason: '電車内で紛失' });
    const head = d.store.journalHead().seq;
    expect(await clerk.call('checkouts.amend', { id: lost.id, changes: { checkedOutAt: jst('2026-11-20', '09:30') }, reason: '持出時刻の誤記' })).toMatchObject({
      ok: false, error: { field: 'checkedOutAt', messageKey: 'assets.errors.out_after_loss' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    await clerk.ok('checkouts.amend', { id: lost.id, changes: { checkedOutAt: jst('2026-11-20', '08:30') }, reason: '持出時刻の誤記' });

    // Returned damaged, received by its borrower; then the return is taken back (it never came back).
    await clerk.ok('checkouts.void', { id: lost.id, reason: '紛失の届出は誤り（別の資産）' });
    const out = await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), checkedOutAt: jst('2026-11-21', '08:00'), dueAt: jst('2026-11-22', '18:00') });
    await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-11-21', '17:00'), receivedBy: yamada.id, condition: 'damaged', dataHandling: '消去済', notes: '画面割れ' });
    // Back damaged, it is 修理中 (a user probe: lent again at once); the return taken back takes that with it.
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('repair');
    expect(await clerk.call('checkouts.add', { ...base(card.id, sasaki.id), checkedOutAt: jst('2026-11-22', '09:00'), dueAt: jst('2026-11-22', '18:00') })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.not_available' } });
    const reopened = await clerk.ok('checkouts.amend', { id: out.id, changes: { returnedAt: null }, reason: '返却の記録は別の持ち出しのもの' });
    expect(reopened).toMatchObject({ returnedAt: null, receivedBy: null, condition: null, dataHandling: null });
    expect(reopened.anomalies.map((a) => a.code)).not.toContain('receiver_is_borrower');
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    // A return's details are not written on a checkout still out.
    for (const [field, value] of [['receivedBy', sasaki.id], ['condition', 'good'], ['dataHandling', '消去済']] as const)
      expect(await clerk.call('checkouts.amend', { id: out.id, changes: { [field]: value }, reason: '追記' }), field).toMatchObject({ ok: false, error: { field, messageKey: 'assets.errors.not_returned_yet' } });
    // The history keeps the return as it was recorded.
    const history = await clerk.ok('checkouts.history', { id: out.id });
    expect(history.some((h) => (h.after as Record<string, unknown> | null)?.condition === 'damaged')).toBe(true);
    await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-11-22', '10:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    void kimura;
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a field that must be filled in is not filled by a word that says nothing: -, なし, ・ (an insider probe)', async () => {
    const { d, clerk, staff, admin, yamada, sasaki, card, base, hq } = await assetFixture();
    const head = d.store.journalHead().seq;
    const placeholder = (field: string) => ({ ok: false, error: { code: 'invalid_input', issues: expect.arrayContaining([{ field, messageKey: 'errors.field.placeholder' }]) } });
    expect(await clerk.call('checkouts.add', { ...base(card.id, yamada.id), purpose: '-', destination: 'なし' })).toMatchObject(placeholder('purpose'));
    expect(await clerk.call('checkouts.add', { ...base(card.id, yamada.id), destination: '特になし' })).toMatchObject(placeholder('destination'));
    expect(await staff.call('checkouts.add', { ...base(card.id, yamada.id), purpose: '－' })).toMatchObject(placeholder('purpose'));
    expect(await clerk.call('visitors.add', { siteId: hq.id, name: '・', company: '-', purpose: 'なし', hostId: yamada.id, area: 'office', guestCardId: null, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:00') })).toMatchObject(placeholder('name'));
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    expect(await clerk.call('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:00'), openedBy: sasaki.id, purpose: '-' })).toMatchObject(placeholder('purpose'));
    expect(await admin.call('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: '-', retentionMonths: 12, notes: null })).toMatchObject(placeholder('logLocation'));
    expect(d.store.journalHead().seq).toBe(head + 2); // only the cabinet (and its custodian's authorization)
    // Nor by a ditto mark or 同上, as on paper.
    expect(await clerk.call('checkouts.add', { ...base(card.id, yamada.id), destination: '〃' })).toMatchObject(placeholder('destination'));
    expect(await clerk.call('checkouts.add', { ...base(card.id, yamada.id), purpose: '同上' })).toMatchObject(placeholder('purpose'));
    // A word in a real value is fine: 「なし」 inside a sentence, a code with a hyphen; and names that are
    // words elsewhere (a review of the change: OK, Nothing, NA were refused as saying nothing).
    await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), purpose: '資料なしでの説明会', destination: 'A-1 会議室' });
    for (const [name, company] of [['Na Mi-rae', 'OK'], ['Nil Yılmaz', 'Nothing'], ['NA', 'N/A']])
      await clerk.ok('visitors.add', { siteId: hq.id, name, company, purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:00') });
    d.close();
  });
  it('every field refused is said at once: a checkout ahead of now, due before it goes out, without its approver (a walk-through: three saves to hear of the three)', async () => {
    const { d, staff, clerk, yamada, laptop, base, card } = await assetFixture();
    const head = d.store.journalHead().seq;
    const r = await staff.call('checkouts.add', { ...base(laptop.id, yamada.id), checkedOutAt: jst('2026-11-25', '10:00'), dueAt: jst('2026-11-25', '09:00') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues?.map((i) => [i.field, i.messageKey])).toEqual(
      expect.arrayContaining([
        ['checkedOutAt', 'errors.field.future'],
        ['approval.approverLoginId', 'assets.errors.approval_required'],
        ['dueAt', 'assets.errors.due_before_out'],
      ]),
    );
    // A correction too: a return ahead of now and before it went out.
    const out = await clerk.ok('checkouts.add', base(card.id, yamada.id));
    const amended = await clerk.call('checkouts.amend', { id: out.id, changes: { checkedOutAt: jst('2026-11-24', '11:00'), dueAt: jst('2026-11-24', '10:30') }, reason: '時刻の誤記' });
    expect(amended.ok ? [] : amended.error.issues?.map((i) => [i.field, i.messageKey])).toEqual(
      expect.arrayContaining([
        ['checkedOutAt', 'errors.field.future'],
        ['dueAt', 'assets.errors.due_before_out'],
      ]),
    );
    expect(d.store.journalHead().seq).toBe(head + 2); // the one good checkout only (and its asset's state)
    // The card out already, and a time ahead of now: both said, each at its field.
    const again = await clerk.call('checkouts.add', { ...base(card.id, yamada.id), checkedOutAt: jst('2026-11-25', '10:00'), dueAt: jst('2026-11-26', '10:00') });
    expect(again.ok ? [] : again.error.issues?.map((i) => [i.field, i.messageKey])).toEqual(
      expect.arrayContaining([
        ['checkedOutAt', 'errors.field.future'],
        ['assetId', 'assets.errors.already_out'],
      ]),
    );
    expect(d.store.journalHead().seq).toBe(head + 2);
    d.close();
  });
});
