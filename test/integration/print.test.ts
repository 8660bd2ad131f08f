import { describe, expect, it } from 'vitest';
import { parseCsv, sheetCsv } from '../../shared/print/csv';
import { sheetHtml } from '../../shared/print/html';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Issue 12 (SPEC §6), first part: a ledger × site × month as paper holds it, through the real
// dispatcher — every record of the month (voided ones struck, corrections marked), the stamp boxes
// filled from the month's seals or 未確認, the CSV that Excel opens, and every print journaled.

describe('printed ledgers and CSV (issue 12)', () => {
  it('a month of the server-room book: its records, the seal in the 責任者 box, a CSV that round-trips, journaled', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, d, sm, clerk, hq, osaka, yamada, sasaki } = f;
    const tricky = '配線の変更, "ラックA" の確認\n2行目';
    const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance', notes: tricky });
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '08:40'), exitedAt: jst('2026-10-20', '08:55'), purpose: 'maintenance' });
    await clerk.ok('serverRoom.void', { id: b.id, reason: '二重登録' });
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { purpose: 'equipment' }, reason: '目的の選択誤り' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });

    const sheet = await sm.ok('print.sheet', { ...unit, format: 'csv' });
    expect(sheet).toMatchObject({ title: 'サーバルーム入退記録簿', company: SETUP.companyName, site: hq.name, period: '令和8年10月' });
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows.find((r) => r.void)!.cells).toContain('二重登録');
    expect(sheet.rows.find((r) => !r.void)).toMatchObject({ amended: true, sealedChange: false });
    expect(sheet.stamps.map((s) => [s.label, s.seal?.familyName ?? null])).toEqual([['担当', null], ['確認', null], ['責任者', '鈴木']]);
    expect(sheet.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(sheet.printedBy).toBe(SETUP.safetyManager.displayName);

    expect(sheet.keys).toEqual([expect.stringMatching(/^鈴木 花子（指紋 [0-9a-f]{16}）$/)]);

    // A designated clerk confirms too (確認); then an administrator resets the clerk's password: the
    // key behind that seal is revoked, and the paper says so beside the seals it affects.
    await sm.ok('designations.add', { accountId: f.accountId('tanaka.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('review.sign', { ...unit, password: PASSWORDS.clerk, meaning: 'confirm', shownHead: (await clerk.ok('review.get', unit)).shownHead });
    await f.admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.admin.ok('accounts.resetPassword', { id: f.accountId('tanaka.clerk'), temporaryPassword: 'Kari-no-pass-9902', reason: 'パスワード失念' });
    const after = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(after.stamps.map((s) => s.seal?.familyName ?? null)).toEqual([null, '田中', '鈴木']);
    expect(after.keys).toContainEqual(expect.stringMatching(/^田中 一郎（指紋 [0-9a-f]{16}） — 令和8年11月5日に失効（管理者によるパスワード再設定）$/));
    expect(sheetHtml(after)).toContain('管理者によるパスワード再設定');
    // The stamp boxes are a setting: four boxes, the seals still in the last two.
    expect(await f.admin.call('settings.update', { stampLabels: '担当' })).toMatchObject({ ok: false, error: { field: 'stampLabels', messageKey: 'settings.errors.stamp_labels' } });
    expect((await f.admin.ok('settings.update', { stampLabels: '起票, 担当、確認、所長' })).stampLabels).toBe('起票、担当、確認、所長');
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).stamps.map((s) => [s.label, s.seal?.familyName ?? null])).toEqual([['起票', null], ['担当', null], ['確認', '田中'], ['所長', '鈴木']]);

    // CSV: a byte-order mark, the header, and a field with a comma, a quote and a line break round-trip.
    const csv = sheetCsv(sheet);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv);
    expect(rows[0].slice(0, 3)).toEqual(['入室日時', '退室日時', '入室者']);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.length)).toEqual([rows[0].length, rows[0].length, rows[0].length]);
    expect(rows.some((r) => r.includes(tricky))).toBe(true);

    // The print layout: title, period, the seal, voided rows struck; and 未確認 for a month not signed.
    const html = sheetHtml(sheet);
    expect(html).toContain('<h1 class="sheet-title">サーバルーム入退記録簿</h1>');
    expect(html).toContain('<tr class="void">');
    expect(html).toContain('<span class="seal-name">鈴木</span>');
    const unsigned = await sm.ok('print.sheet', { ...unit, siteId: osaka.id, format: 'print', calendar: 'seireki' });
    expect(unsigned).toMatchObject({ digest: null, period: '2026年10月', rows: [] });
    expect(sheetHtml(unsigned)).toContain('未確認');

    // Every print and export is journaled: who, what, when.
    const printed = d.store.db.prepare("SELECT action, actor, after FROM journal WHERE action LIKE 'print.%' ORDER BY seq").all() as { action: string; actor: string; after: string }[];
    expect(printed.map((p) => [p.action, JSON.parse(p.after).siteId])).toEqual([['print.csv', hq.id], ['print.print', hq.id], ['print.print', hq.id], ['print.print', osaka.id]]);
    expect(printed[0].actor).toBe(f.accountId(SETUP.safetyManager.loginId));
    // Staff print nothing; the clerk prints only the ledgers the clerk reads (not the access-log checks).
    expect(await f.staff.call('print.sheet', { ...unit, format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const clerk2 = new Caller(d);
    await clerk2.ok('auth.signIn', { loginId: 'tanaka.clerk', password: 'Kari-no-pass-9902' });
    await clerk2.ok('auth.changePassword', { currentPassword: 'Kari-no-pass-9902', newPassword: PASSWORDS.clerk });
    expect(await clerk2.call('print.sheet', { ...unit, ledger: 'accessLog', format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'ledger' } });
    expect((await clerk2.ok('print.sheet', { ...unit, ledger: 'cabinetLog', format: 'print' })).title).toBe('キャビネット開施錠記録簿');
    d.close();
  });
});
