import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { serverRoomFixture } from './server-room-fixture';

// What heads the paper and what a checklist or the door asks is a word, never a placeholder: an
// insider probe (7) named the company 「-」, a checklist item 「・」, a purpose at the door 「・」, the stamp boxes 「-、・」.

async function fixture() {
  const f = await serverRoomFixture();
  await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  return f;
}

describe('settings whose words say nothing', () => {
  it('a last-exit checklist item that says nothing (・, -, なし) is refused in the site settings', async () => {
    const f = await fixture();
    for (const bad of ['・', '-', 'なし', '〃'])
      expect(await f.sm.call('lastExit.updateSettings', { siteId: f.hq.id, changes: { items: ['窓の施錠', bad] }, reason: '点検項目の見直し' }), bad).toMatchObject({
        ok: false, error: { field: 'changes.items.1', messageKey: 'errors.field.placeholder' },
      });
    // A word is taken.
    await f.sm.ok('lastExit.updateSettings', { siteId: f.hq.id, changes: { items: ['窓の施錠', '消灯'] }, reason: '点検項目の見直し' });
    f.d.close();
  });

  it('a company name that says nothing (-, ・) is refused: it heads every printed ledger', async () => {
    const f = await fixture();
    for (const bad of ['-', '・', '〃'])
      expect(await f.admin.call('settings.update', { companyName: bad }), bad).toMatchObject({ ok: false, error: { field: 'companyName', messageKey: 'errors.field.placeholder' } });
    f.d.close();
  });

  it('a server-room purpose labelled with marks only (・) is refused: the door shows it as a one-tap choice and paper prints it', async () => {
    const f = await fixture();
    const r = await f.sm.call('serverRoom.updateSettings', {
      siteId: f.hq.id,
      changes: { purposes: [{ code: 'maintenance', label: '保守点検', requiresNote: false, active: true }, { code: 'x1', label: '・', requiresNote: false, active: true }] },
      reason: '目的の追加',
    });
    expect(r).toMatchObject({ ok: false, error: { field: 'changes.purposes.1.label', messageKey: 'errors.field.placeholder' } });
    f.d.close();
  });

  it('stamp boxes labelled with marks only (-、・) are refused', async () => {
    const f = await fixture();
    expect(await f.admin.call('settings.update', { stampLabels: '-、・' })).toMatchObject({ ok: false, error: { field: 'stampLabels', messageKey: 'settings.errors.stamp_labels_placeholder' } });
    expect(await f.admin.call('settings.update', { stampLabels: '担当、〃、責任者' })).toMatchObject({ ok: false, error: { field: 'stampLabels' } });
    f.d.close();
  });

  it('only an administrator / safety manager changes settings: not a clerk, not staff', async () => {
    const f = await fixture();
    expect(await f.clerk.call('settings.update', { companyName: '株式会社別名' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await f.clerk.call('cabinetLog.updateSettings', { siteId: f.hq.id, changes: { maxOpenMinutes: 1440 }, reason: '緩和' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await f.staff.call('calendar.update', { siteId: f.hq.id, companyHolidays: ['2026-11-25'], workedHolidays: [], reason: '創立記念日を休日にするため' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await f.clerk.call('retention.setYears', { ledger: 'visitors', years: 1, reason: '短縮' } as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    f.d.close();
  });

  it('calendar: a company holiday in 1900, or a malformed day, is refused', async () => {
    const f = await fixture();
    for (const day of ['1900-01-01', '2026-02-30', '2026-1-5', '２０２６-１２-２９'])
      expect(await f.sm.call('calendar.update', { siteId: f.hq.id, companyHolidays: [day], workedHolidays: [], reason: '創立記念日を休日にするため' }), day).toMatchObject({ ok: false });
    f.d.close();
  });
});
