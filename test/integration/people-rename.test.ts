import { expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';
import { jst } from './server-room-fixture';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';

// A person renamed in the people register after a month with their records was signed (an insider
// probe: 木村 三郎, not authorized, entered in October; the register then renamed him as his authorized
// colleague 佐々木 次郎, and October's signed book, its review and its paper named the colleague, with
// verify ok). Every record keeps the name its person had when it was written (setting-versions.ts
// NAMED_REGISTER, migration 40); a record written after the rename has the new name.

it('a rename after the seal leaves the signed month naming who went in, on screen, in its review and on paper; records after it take the new name', async () => {
  const { d, sm, clerk, unit, kimura, bad, c, hq, yamada } = await october();
  await disposeAll(sm, unit);
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  const paperBefore = await sm.ok('print.sheet', { ...unit, format: 'print' });
  // That day's last-exit checklist names him as still in the server room when the last person left (a second probe renamed him there).
  const items = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));
  await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-10-20', exitedAt: jst('2026-10-20', '08:45'), lastPersonId: yamada.id, items, notes: null });
  const lastExit = { ...unit, ledger: 'lastExit' };
  const leftOpen = async () => (await sm.ok('print.sheet', { ...lastExit, format: 'print' })).rows.flatMap((r) => r.anomalies ?? []).find((a) => a.includes('サーバルームに在室'));
  expect(await leftOpen()).toContain('サーバルームに在室：山田 太郎・木村 三郎');

  await clerk.ok('people.amend', { id: kimura.id, changes: { name: '佐々木 次郎', kana: 'ササキ ジロウ' }, reason: '氏名の表記を訂正' });
  // The register has the new name, and its history the old one.
  expect((await sm.ok('people.get', { id: kimura.id })).name).toBe('佐々木 次郎');

  expect((await sm.ok('serverRoom.get', { id: bad.id })).personName).toBe('木村 三郎');
  expect((await sm.ok('serverRoom.list', { siteId: hq.id, month: '2026-10' })).rows.filter((r) => r.personId === kimura.id).map((r) => r.personName)).toEqual(['木村 三郎']);
  expect((await sm.ok('review.get', unit)).items.filter((i) => i.recordId === bad.id).map((i) => i.label)).toEqual([expect.stringContaining('木村 三郎')]);
  // The signed paper is as it was.
  expect(await sm.ok('print.sheet', { ...unit, format: 'print' })).toEqual({ ...paperBefore, printedAt: expect.any(String) });
  expect(await leftOpen()).toContain('サーバルームに在室：山田 太郎・木村 三郎');

  // A stay after the rename, and a visit he hosts: the new name.
  c.set(jst('2026-11-20', '10:00'));
  await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  const later = await sm.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-20', '09:00'), exitedAt: jst('2026-11-20', '09:20'), purpose: 'maintenance' });
  expect(later.personName).toBe('佐々木 次郎');
  const visit = await sm.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: kimura.id, area: 'reception', arrivedAt: jst('2026-11-20', '09:30') });
  expect(visit.names.hostId).toBe('佐々木 次郎');
  expect(d.verify()).toMatchObject({ ok: true });
  d.close();
});
