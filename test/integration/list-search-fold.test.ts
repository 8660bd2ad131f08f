import { expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// SPEC §3 "search" on every list: a text stored as typed in full-width letters, with an ideographic
// space or half-width katakana is found as the search text reads it (shared/search.ts searchFold, the
// store's daicho_fold). An insider probe: a visitor of ＡＢＣ商事 was found neither as ABC nor as ＡＢＣ
// typed exactly as stored, and so kept out of a search-based audit.

it('finds a full-width, half-width-kana or ideographic-space text however the search is typed, in a kit ledger, the server-room book and the people register', async () => {
  const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
  const v = await clerk.ok('visitors.add', { siteId: hq.id, name: 'ＳＡＴＯ　Ｔａｒｏ', company: 'ＡＢＣ商事', purpose: 'ｶﾀﾛｸﾞの説明', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:40') });
  expect(v.company).toBe('ＡＢＣ商事'); // stored as typed
  const visitors = async (search: string) => (await clerk.ok('visitors.list', { search, status: 'all' })).rows.map((r) => r.id);
  for (const search of ['ＡＢＣ', 'ABC', 'abc', 'ＳＡＴＯ Ｔａｒｏ', 'sato taro', 'SATO　Taro', 'カタログ', 'ｶﾀﾛｸﾞ', '商事']) expect(await visitors(search), search).toEqual([v.id]);
  expect(await visitors('ＸＹＺ')).toEqual([]);
  // Marks written apart from their letter (ダ as タ and ゛, as text pasted from a Mac has it) and Roman
  // numerals: found as they read (a second probe found them by nothing, not even as typed).
  const nfd = await clerk.ok('visitors.add', { siteId: hq.id, name: 'ゴトウ 一郎'.normalize('NFD'), company: 'ダイコク商事'.normalize('NFD'), purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:45') });
  const roman = await clerk.ok('visitors.add', { siteId: hq.id, name: '山本 Ⅲ世', company: 'X社№2', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:46') });
  for (const search of ['ダイコク', 'だいこく', 'ゴトウ', 'ダイコク'.normalize('NFD')]) expect(await visitors(search), search).toEqual([nfd.id]);
  for (const search of ['III世', 'Ⅲ', 'x社no2']) expect(await visitors(search), search).toEqual([roman.id]);
  // Plain text is found as before; a LIKE wildcard is a character.
  await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト100%', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:50') });
  expect(await visitors('100%')).toHaveLength(1);
  expect(await visitors('%')).toHaveLength(1);

  // The server-room book finds its person (the register's name) and its visitors (the companions) the same way.
  const kana = await sm.ok('people.add', { name: 'ＫＯＢＡ　太郎', kana: 'ｺﾊﾞ ﾀﾛｳ', employeeNo: 'E9001', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: true });
  const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kana.id, enteredAt: jst('2026-11-24', '10:00'), purpose: 'maintenance', companions: { employees: [], visitors: [{ name: 'ＶＥＮＤＯＲ　一郎', company: 'ＮＥＸＴ保守', escortPersonId: kana.id }] } });
  const stays = async (search: string) => (await clerk.ok('serverRoom.list', { search, month: '2026-11' })).rows.map((r) => r.id);
  for (const search of ['koba', 'KOBA 太郎', 'コバ', 'e9001', 'vendor', 'NEXT保守']) expect(await stays(search), search).toEqual([stay.id]);
  // The register too.
  expect((await sm.ok('people.list', { search: 'koba' })).rows.map((r) => r.id)).toEqual([kana.id]);
  d.close();
});

// A walk-through: the lists' search found only the records' own words, not the codes and names the
// list shows for what a record refers to — a checkout by its asset tag, a visit by its guest card's
// number or its host, a cabinet's opening by the cabinet's code, a checklist by the last person out.
it('finds a record by the codes and names of what it refers to: asset tag, guest card, cabinet code, a person by name, kana or number', async () => {
  const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
  const media = await clerk.ok('assets.add', { assetTag: 'SD-OSK-07', kind: 'sd_card', model: 'SanDisk 64GB', serial: 'SDX-7731', siteId: hq.id, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
  const out = await clerk.call('checkouts.add', { assetId: media.id, borrowerId: sasaki.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '10:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
  expect(out, JSON.stringify(out)).toMatchObject({ ok: true });
  const checkouts = async (search: string) => (await clerk.ok('checkouts.list', { search, month: '2026-11' } as never)).rows.length;
  for (const search of ['SD-OSK-07', 'sd-osk', 'ＳＤＸ-7731', '佐々木', 'ササキ', 'e1002']) expect(await checkouts(search), search).toBe(1);
  expect(await checkouts('PC-OSK')).toBe(0);

  const card = await clerk.ok('guestCards.add', { number: 'G-HQ-01', siteId: hq.id });
  await clerk.ok('visitors.add', { siteId: hq.id, name: '来訪 花子', company: '検索確認株式会社', purpose: '打合せ', hostId: yamada.id, area: 'office', arrivedAt: jst('2026-11-24', '09:40'), guestCardId: card.id, escortId: sasaki.id });
  const visitors = async (search: string) => (await clerk.ok('visitors.list', { search, status: 'all' })).rows.length;
  for (const search of ['G-HQ-01', 'g-hq', '山田', 'ヤマダ', 'E1001']) expect(await visitors(search), search).toBe(1);

  const cabinet = await clerk.ok('cabinets.add', { code: 'C-HQ-01', name: '人事書類庫', location: '本社3F 総務部', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
  const cabinetRows = async (search: string) => (await clerk.ok('cabinetLog.list', { search, month: '2026-11' } as never)).rows.length;
  const opened = await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedBy: sasaki.id, openedAt: jst('2026-11-24', '09:30'), purpose: '書類の確認', lockedAt: jst('2026-11-24', '09:50'), lockedBy: sasaki.id, notes: null } as never);
  expect(opened, JSON.stringify(opened)).toMatchObject({ ok: true });
  for (const search of ['C-HQ-01', '人事書類庫', '佐々木']) expect(await cabinetRows(search), search).toBe(1);
  d.close();
});
