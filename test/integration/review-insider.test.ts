import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS } from './server-room-fixture';
import { accountFor, disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// The monthly review and sign-off as an insider tried it (SPEC §5; Art. 4(3), 9, 13(1), 14(3)): an insider probe of 2026-12-03.

const NO_ISSUE = { disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null } as const;

describe('nobody confirms their own act by signing the month', () => {
  it('a system administrator designated for the access-log ledger does not seal a month of his own checks; the safety manager does', async () => {
    const { d, admin, sm, hq, accountId } = await october();
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'NAS', retentionMonths: 12, notes: null });
    await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-05', '10:00'), logsComplete: true, storedSafely: true, anomalyFound: null, actionTaken: null });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: accountId(SETUP.sysadmin.loginId), ledgers: ['accessLog'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' });
    const unit = { ledger: 'accessLog', siteId: hq.id, month: '2026-10' };
    // Not his to sign, so not in his list of what is due; in hers.
    const dueOf = async (who: typeof admin) => (await who.ok('review.list', { due: true })).filter((u) => u.ledger === 'accessLog' && u.month === '2026-10').map((u) => u.siteId);
    expect(await dueOf(admin)).toEqual([]);
    expect(await dueOf(sm)).toContain(hq.id);
    const detail = await admin.ok('review.get', unit);
    // Nothing to dispose of: the month's one record is his own check, and the screen says another signs.
    expect(detail.items.filter((i) => !i.disposition)).toEqual([]);
    expect(detail.ownRecords).toBe(1);
    const heads = () => d.store.journalHead().seq;
    const before = heads();
    expect(await admin.call('review.sign', { ...unit, password: SETUP.sysadmin.password, meaning: 'confirm', shownHead: detail.shownHead })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_records_sign', params: { count: 1 } },
    });
    expect(heads()).toBe(before);
    // The safety manager, who did not make the check, signs it.
    const smDetail = await sm.ok('review.get', unit);
    expect(smDetail.ownRecords).toBe(0);
    expect((await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: smDetail.shownHead })).unit.state).toBe('sealed');
    d.close();
  });
});

describe('the person link that decides what is a reviewer’s own', () => {
  it('an administrator unlinks a site head from their person only with a safety manager’s approval: alone, their own stay stays theirs', async () => {
    const f = await october();
    const { d, clerk, head, admin, hq, sasaki, unit, accountId } = f;
    // The site head's own person (佐々木) went in at 06:00, outside business hours: an anomaly of their own.
    const own = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-21', '06:00'), exitedAt: jst('2026-10-21', '06:30'), purpose: 'maintenance' });
    const item = () => head.ok('review.get', unit).then((dt) => dt.items.find((i) => i.recordId === own.id)!);
    expect((await item()).aboutReviewer).toBe(true);
    expect(await head.call('review.dispose', { ...unit, subject: (await item()).subject, code: (await item()).code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });

    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const unlink = { id: accountId('kyoten.hq'), personId: null, reason: '人事データ整理のため' };
    expect(await admin.call('accounts.setPerson', unlink)).toMatchObject({ ok: false, error: { field: 'approval', messageKey: 'accounts.errors.link_approval_required' } });
    expect((await item()).aboutReviewer).toBe(true);
    expect(await head.call('review.dispose', { ...unit, subject: (await item()).subject, code: (await item()).code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    // Not the safety manager's own account on her own approval (a review of the change): her records would stop being hers.
    const smId = accountId(SETUP.safetyManager.loginId);
    const smApproval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    const herself = await f.sm.ok('people.add', { name: '安全 花子', kana: 'アンゼン ハナコ', employeeNo: 'E7001', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    await admin.ok('accounts.setPerson', { id: smId, personId: herself.id, reason: '名簿の登録に合わせて', approval: smApproval });
    expect(await admin.call('accounts.setPerson', { id: smId, personId: null, reason: '人事データ整理のため', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } })).toMatchObject({
      ok: false, error: { messageKey: 'accounts.errors.approver_is_target' },
    });
    // With the safety manager's approval, typed by her, it is unlinked.
    await admin.ok('accounts.setPerson', { ...unlink, approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
    expect(d.store.rowById('accounts', accountId('kyoten.hq'))?.person_id).toBeNull();
    d.close();
  });
});

describe('what else an insider tried in the review', () => {
  it('refuses a month not over, a second seal, a disposition after the seal, another site, 承認 by a site head, a designation outside its ledger, site or dates', async () => {
    const f = await october();
    const { d, c, sm, head, clerk, osaka, hq, unit, accountId } = f;
    // Not a month not yet over (November, now).
    expect(await sm.call('review.sign', { ...unit, month: '2026-11', password: SETUP.safetyManager.password, meaning: 'approve', shownHead: 0 })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.month_not_ended' } });
    expect(await sm.call('review.dispose', { ...unit, month: '2026-12', subject: 'x', code: 'y', ...NO_ISSUE })).toMatchObject({ ok: false });
    // Nor offered: the month is read, with the day its review opens, and nothing to answer or sign (a probe: typed in, then refused).
    expect(await sm.ok('review.get', { ...unit, month: '2026-11' })).toMatchObject({ signAs: null, opensOn: '2026-12-01' });
    expect(await sm.ok('review.get', unit)).toMatchObject({ signAs: { role: 'safety_manager' }, opensOn: null });
    // A site head reviews no other site.
    expect(await head.call('review.get', { ...unit, siteId: osaka.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A site head signs 確認 only.
    await disposeAll(sm, unit);
    expect(await head.call('review.sign', { ...unit, password: HEAD_PASSWORD, meaning: 'approve', shownHead: await shown(head, unit) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.meaning_not_allowed' } });
    // Wrong password, then right; then twice.
    expect(await sm.call('review.sign', { ...unit, password: 'Machigai-pass-0000', meaning: 'approve', shownHead: await shown(sm, unit) })).toMatchObject({ ok: false });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    expect(await sm.call('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.already_signed' } });
    // No disposition once sealed.
    const it0 = (await sm.ok('review.get', unit)).items[0];
    expect(await sm.call('review.dispose', { ...unit, subject: it0.subject, code: it0.code, disposition: 'corrected', explanation: null, cause: '許可漏れ', action: '許可を更新' })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.sealed' } });
    // A designated clerk for the cabinet log at Osaka reviews nothing of the head office's server room.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: accountId('tanaka.clerk'), ledgers: ['cabinetLog'], siteIds: [osaka.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    // Not a second one over it for the same ledger and site, nor herself (an insider probe, 2026-12-06); nothing stored.
    const designations = () => d.store.db.prepare('SELECT count(*) AS n FROM reviewer_designations').get();
    const stored = designations();
    expect(await sm.call('designations.add', { accountId: accountId('tanaka.clerk'), ledgers: ['serverRoom', 'cabinetLog'], siteIds: [hq.id, osaka.id], validFrom: '2026-11-20', validTo: '2027-03-31' })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'review.errors.designation_overlap', field: 'validFrom', params: { from: '2026-11-01', to: '2026-11-30' } },
    });
    expect(await sm.call('designations.add', { accountId: accountId(SETUP.safetyManager.loginId), ledgers: ['cabinetLog'], siteIds: [osaka.id], validFrom: '2026-11-01', validTo: '2026-11-30' })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'review.errors.designation_self' },
    });
    expect(designations()).toEqual(stored);
    expect(await clerk.call('review.get', unit)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('review.get', { ledger: 'serverRoom', siteId: osaka.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('review.get', { ledger: 'cabinetLog', siteId: osaka.id, month: '2026-10' })).toMatchObject({ ok: true });
    // Past its dates the designation allows nothing.
    c.set(jst('2026-12-02', '09:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.call('review.get', { ledger: 'cabinetLog', siteId: osaka.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The sealed month's change is marked and comes up in December's review.
    await clerk.ok('serverRoom.amend', { id: f.ok.id, changes: { exitedAt: jst('2026-10-20', '08:55') }, reason: '退室時刻の誤記' });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const dec = await sm.ok('review.get', { ...unit, month: '2026-12' });
    expect(dec.items.some((i) => i.kind === 'sealed_change' && i.recordId === f.ok.id)).toBe(true);
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('a reset revokes the key: the temporary password signs nothing; a suspended reviewer’s session is gone', async () => {
    const f = await october();
    const { d, sm, admin, head, unit, accountId } = f;
    await disposeAll(sm, unit);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const TEMP = 'Kari-no-pass-9911';
    await admin.ok('accounts.resetPassword', { id: accountId('kyoten.hq'), temporaryPassword: TEMP, reason: '本人から失念の連絡', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
    const h2 = new (head.constructor as typeof import('../helpers/temp-daicho').Caller)(d);
    await h2.ok('auth.signIn', { loginId: 'kyoten.hq', password: TEMP });
    expect(await h2.call('review.sign', { ...unit, password: TEMP, meaning: 'confirm', shownHead: 1 })).toMatchObject({ ok: false });
    const other = await accountFor(f, 'kyoten.osk', '大阪 拠点長', ['site_head'], null, 'Osaka-kyoten-7720');
    await admin.ok('accounts.suspend', { id: accountId('kyoten.osk'), reason: '退職', plannedDeletionOn: '2027-01-31' });
    expect(await other.call('review.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    d.close();
  });
});

describe('an answer recorded by another reviewer is theirs (an insider probe, 2026-12-06)', () => {
  it("a site head does not replace the safety manager's 要対応; she and its author may change it; one outdated by a correction is decided again", async () => {
    const f = await october();
    // A second anomaly of the month, for the site head to answer (a stay after hours).
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-10-21', '21:00'), exitedAt: jst('2026-10-21', '21:20'), purpose: 'maintenance' });
    const item = (await f.sm.ok('review.get', f.unit)).items.find((i) => i.recordId === f.bad.id)!;
    const followUp = { disposition: 'follow_up', explanation: null, cause: '入室許可の更新漏れ', action: '許可を見直す' } as const;
    const by = { ...f.unit, subject: item.subject, code: item.code };
    expect(await f.sm.call('review.dispose', { ...by, ...followUp })).toMatchObject({ ok: true });
    // The site head is shown it as hers, not his to change.
    const shownToHead = (await f.head.ok('review.get', f.unit)).items.find((i) => i.subject === item.subject && i.code === item.code)!;
    expect(shownToHead).toMatchObject({ answeredByOther: true, disposition: { disposition: 'follow_up' } });
    expect((await f.sm.ok('review.get', f.unit)).items.some((i) => i.answeredByOther)).toBe(false);
    const rows = () => f.d.store.db.prepare('SELECT disposition, decided_by FROM review_dispositions').all();
    const before = rows();
    const headSeq = f.d.store.journalHead().seq;
    expect(await f.head.call('review.dispose', { ...by, ...NO_ISSUE })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'review.errors.answered_by_other', field: 'disposition', params: { name: SETUP.safetyManager.displayName } },
    });
    expect(rows()).toEqual(before);
    expect(f.d.store.journalHead().seq).toBe(headSeq);
    // He answers the others; she changes her own answer; he still cannot.
    for (const it of (await f.head.ok('review.get', f.unit)).items.filter((i) => !i.disposition)) expect(await f.head.call('review.dispose', { ...f.unit, subject: it.subject, code: it.code, ...NO_ISSUE })).toMatchObject({ ok: true });
    const headsAnswer = (await f.head.ok('review.get', f.unit)).items.find((i) => i.disposition && !i.answeredByOther)!;
    expect(headsAnswer.code).not.toBe(item.code);
    expect(await f.sm.call('review.dispose', { ...by, ...followUp, action: '許可を見直し、更新の手順を決める' })).toMatchObject({ ok: true });
    expect(await f.head.call('review.dispose', { ...by, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.answered_by_other' } });
    // He changes his own answer again (its author, not a safety manager)…
    expect(await f.head.call('review.dispose', { ...f.unit, subject: headsAnswer.subject, code: headsAnswer.code, ...NO_ISSUE, explanation: '作業報告と照合済み' })).toMatchObject({ ok: true });
    // …and the safety manager, the approver, may change the site head's answer.
    expect(await f.sm.call('review.dispose', { ...f.unit, subject: headsAnswer.subject, code: headsAnswer.code, ...NO_ISSUE, explanation: '立会いの記録を確認済み' })).toMatchObject({ ok: true });
    // Now hers: no longer his to change.
    expect(await f.head.call('review.dispose', { ...f.unit, subject: headsAnswer.subject, code: headsAnswer.code, ...NO_ISSUE, explanation: '入退室の記録と作業報告を照合済み' })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.answered_by_other' } });
    // Corrected since (by a clerk): her answer is outdated, and still hers to decide again — a correction
    // does not hand it to him (a review); she decides it again.
    f.c.set(jst('2026-11-05', '10:05'));
    await f.clerk.ok('serverRoom.amend', { id: f.bad.id, changes: { exitedAt: jst('2026-10-20', '08:56') }, reason: '退室時刻の転記誤り', version: (await f.clerk.ok('serverRoom.get', { id: f.bad.id })).version });
    const outdated = (await f.head.ok('review.get', f.unit)).items.find((i) => i.subject === item.subject && i.code === item.code)!;
    expect(outdated).toMatchObject({ disposition: null, outdated: { disposition: 'follow_up' }, answeredByOther: true });
    expect(await f.head.call('review.dispose', { ...by, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.answered_by_other' } });
    // His list counts it as another's to answer; hers says that it waits on her.
    const unitIn = <U extends { ledger: string; siteId: string; month: string }>(list: U[]) => list.find((u) => u.ledger === f.unit.ledger && u.siteId === f.unit.siteId && u.month === f.unit.month);
    expect(unitIn(await f.head.ok('review.list', { month: f.unit.month }))).toMatchObject({ undisposed: 1, byOthers: 1 });
    expect(unitIn(await f.sm.ok('review.list', { due: true }))).toMatchObject({ waitsOnYou: 1 });
    expect((await f.sm.ok('review.get', f.unit)).items.find((i) => i.subject === item.subject && i.code === item.code)).toMatchObject({ waitsOnYou: true });
    expect(await f.sm.call('review.dispose', { ...by, ...followUp })).toMatchObject({ ok: true });
    f.d.close();
  });
});
