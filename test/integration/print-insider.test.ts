import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { parseCsv, sheetCsv } from '../../shared/print/csv';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';

// Print and CSV as an insider tried them (SPEC §6): a probe of 2026-12-03; what held, kept.

describe('print and CSV against an insider', () => {
  it('keeps formula-like text as text in every CSV cell, marks voided and corrected rows, and prints only what each may read', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { clerk, sm, hq, osaka, yamada, sasaki } = f;
    const a = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:20'), purpose: 'other', purposeNote: '@SUM(A1:A9)',
      companions: { employees: [], visitors: [{ name: '=1+1', company: '+cmd|\' /C calc\'!A0', escortPersonId: yamada.id }] }, itemsIn: '-2+3', notes: '+HYPERLINK("http://x.invalid")',
    });
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:05'), exitedAt: jst('2026-11-24', '09:10'), purpose: 'maintenance', notes: '=cmd' });
    await clerk.ok('serverRoom.void', { id: b.id, reason: '=重複' });
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { itemsOut: '@x' }, reason: '追記' });
    const sheet = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'csv' });
    const rows = parseCsv(sheetCsv(sheet));
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?(\d+([.,]\d+)?)?$/.test(c))).toEqual([]);
    expect(sheet.rows.map((r) => [r.void, r.amended])).toEqual([[false, true], [true, false]]);

    // A site head of Osaka prints Osaka, not the head office; a clerk does not print the access-log checks.
    const head = await accountFor(f, 'kyoten.osk', '大阪 拠点長', ['site_head'], null, 'Kyoten-cho-oosaka-4410');
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setSites', { id: f.accountId('kyoten.osk'), siteIds: [osaka.id], reason: '大阪の拠点長' });
    expect(await head.call('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.call('print.export', { bundle: true, siteId: hq.id, month: '2026-11' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.call('print.sheet', { ledger: 'serverRoom', siteId: osaka.id, month: '2026-11', format: 'csv' })).toMatchObject({ ok: true });
    expect(await clerk.call('print.sheet', { ledger: 'accessLog', siteId: hq.id, month: '2026-11', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await f.staff.call('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    f.d.close();
  });
});
