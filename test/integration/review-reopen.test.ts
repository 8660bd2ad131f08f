import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// Found by an insider probe (the safety manager acting alone): October at the head office confirmed by
// the site head and approved by the safety manager. She reopened both seals, voided the unauthorized
// stay, disposed of what the void took away and signed again: no 封印後修正, nothing in November's
// review, the site head's 確認 gone from paper without a trace, and the site head never told.

describe('a month reopened is still a month once signed', () => {
  it('a change made after reopening is a 封印後修正 in the next review, the signer is told, and the paper shows the reopening', async () => {
    const { d, c, sm, head, bad, unit } = await october();
    await disposeAll(head, unit);
    await head.ok('review.sign', { ...unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(head, unit) });
    const signed = await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    for (const seal of signed.unit.seals) await sm.ok('review.reopen', { sealId: seal.id, reason: '再確認のため', password: SETUP.safetyManager.password });
    await sm.ok('serverRoom.void', { id: bad.id, reason: '誤記録' });
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });

    // In October's lists and on its paper: the voided stay is a 封印後修正; the paper names both reopened seals.
    const octoberNow = await sm.ok('review.get', unit);
    expect(octoberNow.records.find((r) => r.id === bad.id)).toMatchObject({ sealedChange: true });
    const sheet = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(sheet.reopened).toEqual([
      expect.stringMatching(/^確認（本社 拠点長、.+）— .+ が再開（理由：再確認のため）$/),
      expect.stringMatching(new RegExp(`^承認（${SETUP.safetyManager.displayName}、.+）— .+ ${SETUP.safetyManager.displayName} が再開（理由：再確認のため）$`)),
    ]);
    expect(sheet.rows.find((r) => r.void && r.sealedChange)).toBeDefined();

    // November's review (made in December) has the void to dispose of.
    c.set(jst('2026-12-02', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = await sm.ok('review.get', { ...unit, month: '2026-11' });
    expect(november.items).toContainEqual(expect.objectContaining({ kind: 'sealed_change', recordId: bad.id, params: expect.objectContaining({ action: 'serverRoom.void', month: '2026-10' }) }));

    // The site head whose 確認 was taken back is told, by whom, of which month; the safety manager is not told of her own act.
    const session = await head.ok('auth.unlock', { password: HEAD_PASSWORD });
    expect(session.notices).toEqual([
      expect.objectContaining({ kind: 'seal_reopened', byName: SETUP.safetyManager.displayName, reason: '再確認のため', detail: { ledger: 'serverRoom', siteName: '本社', month: '2026-10', meaning: 'confirm' } }),
    ]);
    expect((await sm.ok('auth.session', {}))!.notices.filter((n) => n.kind === 'seal_reopened')).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});

// Found by an insider probe (a system administrator acting alone): the sites a site head signs for are
// the safety manager's to set, but they outlived the role: the administrator took site_head away and
// gave it back (no approval needed for it), and the account signed the head office's months again.
describe('a site head’s sites go with the role', () => {
  it('taking site_head away clears the sites; given back, the account signs nothing until the safety manager sets them', async () => {
    const { d, admin, sm, head, unit, accountId } = await october();
    const id = accountId('kyoten.hq');
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.setRoles', { id, roles: ['staff'], reason: '異動' });
    expect(d.store.db.prepare('SELECT site_ids FROM accounts WHERE id = ?').get(id)).toEqual({ site_ids: '[]' });
    await admin.ok('accounts.setRoles', { id, roles: ['site_head'], reason: '復帰' });
    await head.ok('auth.signIn', { loginId: 'kyoten.hq', password: HEAD_PASSWORD });
    expect(await head.call('review.get', unit)).toMatchObject({ ok: false, error: { messageKey: 'review.errors.not_reviewer' } });
    // The safety manager sets the site again: the head reviews it.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setSites', { id, siteIds: [unit.siteId], reason: '本社の拠点長に復帰' });
    await head.ok('auth.signIn', { loginId: 'kyoten.hq', password: HEAD_PASSWORD });
    expect(await head.call('review.get', unit)).toMatchObject({ ok: true });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});

// Found by an insider probe: a safety manager disposed of the items her own acts caused (a change to a
// signed month), though another safety manager could. A lone one still may: nobody else could.
describe('a safety manager’s own items go to another safety manager when there is one', () => {
  it('her own 封印後修正 is hers to dispose of alone, and the other’s once there are two', async () => {
    const { d, c, sm, admin, ok, unit } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    await sm.ok('serverRoom.amend', { id: ok.id, reason: '退室時刻の誤り', changes: { exitedAt: jst('2026-10-20', '08:52') } });
    c.set(jst('2026-12-02', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = { ...unit, month: '2026-11' };
    const own = (await sm.ok('review.get', november)).items.find((i) => i.kind === 'sealed_change' && i.recordId === ok.id)!;
    expect(own.aboutReviewer).toBeFalsy(); // alone: hers
    // A second safety manager.
    const TEMP = 'Kari-no-pass-8301';
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.create', { loginId: 'ito.sm', displayName: '伊藤 真理', roles: ['safety_manager'], password: TEMP, approval: SM_APPROVAL });
    const ito = new Caller(d);
    await ito.ok('auth.signIn', { loginId: 'ito.sm', password: TEMP });
    await ito.ok('auth.changePassword', { currentPassword: TEMP, newPassword: 'Minato-no-hi-4416' });
    const mine = (await sm.ok('review.get', november)).items.find((i) => i.subject === own.subject)!;
    expect(mine.aboutReviewer).toBe(true);
    const NO_ISSUE = { disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null } as const;
    expect(await sm.call('review.dispose', { ...november, subject: own.subject, code: own.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    await ito.ok('review.dispose', { ...november, subject: own.subject, code: own.code, ...NO_ISSUE });
    d.close();
  });
});
