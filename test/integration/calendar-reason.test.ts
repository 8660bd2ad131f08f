import { expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// A site's business calendar is saved with a reason (SPEC §4.4; kept in the settings' change history).
// A reason may be long and take more than one line, as every other reason of the app does: the
// contract took it as one line, so the screen's box was one line too (a review), and a reason of two
// lines was refused. Bad input — a character no one can see, more than 500 — is refused at the
// reason, and nothing is stored.

it('a business calendar is saved with a reason of several lines, journaled with it and shown in the settings’ history; a bad reason is refused at its field and stores nothing', async () => {
  const { d, sm, hq } = await serverRoomFixture(jst('2026-11-24', '10:00'));
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  const journalRows = () => (d.store.db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  const days = { siteId: hq.id, companyHolidays: ['2026-12-29', '2026-12-30'], workedHolidays: [] };

  const before = journalRows();
  for (const [reason, messageKey] of [
    ['年末の休業\u0007', 'errors.field.control_chars'],
    ['年末の\u200b休業', 'errors.field.invisible_chars'],
    ['年末の休業。'.repeat(84), 'errors.field.too_long'], // 504 characters that say something (あ×501 says nothing too)
  ] as const) {
    const r = await sm.call('calendar.update', { ...days, reason });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [expect.objectContaining({ field: 'reason' })] } });
    if (!r.ok) expect(r.error.issues?.[0].messageKey).toBe(messageKey);
  }
  expect(journalRows()).toBe(before);
  expect(await sm.ok('calendar.get', { siteId: hq.id })).toEqual({ siteId: hq.id, companyHolidays: [], workedHolidays: [] });

  const reason = '年末年始の休業日を追加します。\n工場の設備点検（12月29日・30日）に合わせて、本社も休業とするため。';
  expect(await sm.ok('calendar.update', { ...days, reason })).toEqual({ ...days });
  const row = d.store.db.prepare("SELECT reason FROM journal WHERE kind = 'row' AND entity = 'settings' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(`calendar.site.${hq.id}`) as { reason: string };
  expect(row.reason).toBe(reason);
  const history = await sm.ok('settings.history', {});
  expect(history[0]).toMatchObject({ setting: { kind: 'site', ledger: 'calendar', siteId: hq.id }, after: { companyHolidays: days.companyHolidays }, reason });
  // Carriage returns (a paste from another program) are kept as line breaks.
  expect(await sm.ok('calendar.update', { ...days, companyHolidays: ['2026-12-29'], reason: '30日は営業に戻す。\r\n取引先の要望のため。' })).toMatchObject({ companyHolidays: ['2026-12-29'] });
  expect((await sm.ok('settings.history', {}))[0].reason).toBe('30日は営業に戻す。\n取引先の要望のため。');
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
