import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { LAPTOP, october, registerChanges } from './review-fixture';

// Insider probe 13: a register entry voided and made again under its code spelled another way (C01,
// Ｃ－０２, PC001) was not matched to the voided one, so the rule it loosened (a new key custodian, a
// laptop as その他 needing no approval) was no item of the review; and a code in look-alike letters or
// with a mark that draws nothing was a second entry beside the first.


describe('a register entry made again under a code that reads alike (insider probe 13)', () => {
  it('a laptop voided and registered again as その他 under PC001 or ＰＣ－００２ (no serial) is an approval_dropped item of the month', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const add = (assetTag: string, serial: string | null, kind: string = LAPTOP.kind) => f.clerk.ok('assets.add', { ...LAPTOP, assetTag, kind: kind as 'laptop', serial, siteId: f.hq.id });
    const pc1 = await add('PC-001', null);
    const pc2 = await add('PC-002', null);
    await f.clerk.ok('assets.void', { id: pc1.id, reason: '登録誤りのため再登録' });
    await f.clerk.ok('assets.void', { id: pc2.id, reason: '登録誤りのため再登録' });
    const a1 = await add('PC001', null, 'other');
    await add('ＰＣ－００２', null, 'other');
    expect(await f.clerk.ok('checkouts.policy', { assetId: a1.id })).toEqual({ approvalRequired: false });
    // goes out with no approval
    await f.clerk.ok('checkouts.add', { assetId: a1.id, borrowerId: f.yamada.id, purpose: '客先', destination: '客先', checkedOutAt: jst('2026-10-20', '08:30'), dueAt: jst('2026-10-21', '18:00'), notes: null });
    f.c.set(jst('2026-11-05', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const got = await registerChanges(f.sm, { ledger: 'checkouts', siteId: f.hq.id, month: '2026-10' });
    expect(got).toEqual([
      ['assets.checkouts.registerChanges.approval_dropped', 'PC001'],
      ['assets.checkouts.registerChanges.approval_dropped', 'ＰＣ－００２'],
    ]);
    f.d.close();
  });

  it('a cabinet voided and registered again as C01 or Ｃ－０２ with another key custodian is a custodian_changed item of the month', async () => {
    const f = await october();
    f.c.set(jst('2026-10-26', '10:00'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const c1 = await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.yamada.id });
    const c2 = await f.clerk.ok('cabinets.add', { code: 'C-02', name: '経理書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.yamada.id });
    await f.clerk.ok('cabinets.void', { id: c1.id, reason: '登録内容誤りのため再登録' });
    await f.clerk.ok('cabinets.void', { id: c2.id, reason: '登録内容誤りのため再登録' });
    const n1 = await f.clerk.ok('cabinets.add', { code: 'C01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id });
    await f.clerk.ok('cabinets.add', { code: 'Ｃ－０２', name: '経理書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id });
    await f.clerk.ok('cabinetLog.add', { cabinetId: n1.id, openedAt: jst('2026-10-26', '10:00'), openedBy: f.kimura.id, purpose: '書類確認', lockedAt: jst('2026-10-26', '10:00'), lockedBy: f.kimura.id });
    f.c.set(jst('2026-11-05', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const got = await registerChanges(f.sm, { ledger: 'cabinetLog', siteId: f.hq.id, month: '2026-10' });
    expect(got).toEqual([
      ['cabinets.log.registerChanges.custodian_changed', 'C01'],
      ['cabinets.log.registerChanges.custodian_changed', 'Ｃ－０２'],
    ]);
    f.d.close();
  });

  it('a code in Cyrillic letters drawn as Latin (С-01, РС-001, ЅV-01) is refused beside the Latin one', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.yamada.id });
    const r = await f.clerk.call('cabinets.add', { code: '\u0421-01', name: '人事書類庫（別）', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id });
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.clerk.ok('assets.add', { ...LAPTOP, assetTag: 'PC-001', serial: 'SN1', siteId: f.hq.id });
    const r2 = await f.clerk.call('assets.add', { ...LAPTOP, assetTag: 'Р\u0421-001', serial: 'SN2', siteId: f.hq.id });
    await f.admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null });
    const r3 = await f.admin.call('systems.add', { code: '\u0405V-01', name: 'ファイルサーバ\u0031', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null });
    expect(r).toMatchObject({ ok: false, error: { field: 'code' } });
    expect(r2).toMatchObject({ ok: false, error: { field: 'assetTag' } });
    expect(r3).toMatchObject({ ok: false, error: { field: 'code' } });
    // Letters drawn as digits (an insider probe of 2026-12-07): PC-OO1 with letter Os beside PC-001 went out
    // as a thing of its own with no approval; G-O1 and Ԍ-01 were guest cards beside G-01.
    expect(await f.clerk.call('assets.add', { ...LAPTOP, assetTag: 'PC-OO1', kind: 'other', serial: 'SN3', siteId: f.hq.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetTag' } });
    await f.clerk.ok('guestCards.add', { number: 'G-01', siteId: f.hq.id });
    for (const number of ['G-O1', '\u050c-01', 'G-0l'])
      expect(await f.clerk.call('guestCards.add', { number, siteId: f.hq.id }), number).toMatchObject({ ok: false, error: { field: 'number' } });
    f.d.close();
  });
});

describe('a code in letters of another script (an insider probe: Lisu ꓑC-HQ-02 beside the laptop PC-HQ-02 went out with no approval)', () => {
  it('is refused in every register, whatever the script, with what to type instead; A–Z, kana, kanji, 0–9 and marks in either width are kept', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // Lisu, Cherokee, Cyrillic, Greek, Latin with a mark, a Latin letter beyond A–Z, an Arabic-Indic digit.
    // And a sign or a mark drawn as a letter, a digit or a bar (a review: C-○1, PC-0|, ∁-01).
    for (const look of ['\ua4d1C', '\u13dfC', '\u0421C', '\u039fC', 'C\u0301', '\u0251C', 'C\u0661', 'C\u25cb', 'C|', 'C\u2223', '\u2201']) {
      const said = await Promise.all([
        f.clerk.call('cabinets.add', { code: `${look}-01`, name: `書庫${look}`, location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id }),
        f.clerk.call('assets.add', { ...LAPTOP, assetTag: `${look}-HQ-02`, serial: null, siteId: f.hq.id }),
        f.clerk.call('guestCards.add', { number: `${look}-01`, siteId: f.hq.id }),
        f.admin.call('systems.add', { code: `${look}-01`, name: 'ファイルサーバ', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null }),
      ]);
      expect(said.map((r) => (r.ok ? 'stored' : r.error.messageKey)), JSON.stringify(look)).toEqual(Array(4).fill('errors.field.code_letters'));
    }
    expect(f.d.store.db.prepare('SELECT count(*) FROM cabinets').pluck().get()).toBe(0);
    for (const code of ['Ｃ－０１', '総務-01', 'ｶﾞｽ-1', 'キャビネット①', 'C_01/A'])
      expect((await f.clerk.call('cabinets.add', { code, name: `書庫 ${code}`, location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id })).ok, code).toBe(true);
    // Kanji drawn as a katakana or a separator are one code with it (口-01 and ロ-01, A一01 and A-01).
    await f.clerk.ok('cabinets.add', { code: '口-01', name: '書庫 口', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id });
    await f.clerk.ok('guestCards.add', { number: 'A-01', siteId: f.hq.id });
    expect(await f.clerk.call('cabinets.add', { code: 'ロ-01', name: '書庫 ロ', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'code' } });
    expect(await f.clerk.call('guestCards.add', { number: 'A一01', siteId: f.hq.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'number' } });
    // 丨 and 亅 are drawn as 1, ノ as a slash (a fifth insider probe: PC-HQ-0丨 and PCノHQノ01 beside PC-HQ-01; 総務-0丨 beside 総務-01).
    await f.clerk.ok('assets.add', { ...LAPTOP, assetTag: 'PC-HQ-01', serial: null, siteId: f.hq.id });
    for (const assetTag of ['PC-HQ-0丨', 'PC-HQ-0亅', 'PCノHQノ01'])
      expect(await f.clerk.call('assets.add', { ...LAPTOP, assetTag, serial: null, siteId: f.hq.id }), assetTag).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetTag' } });
    for (const code of ['総務-0丨', '総務-0亅'])
      expect(await f.clerk.call('cabinets.add', { code, name: `書庫 ${code}`, location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id }), code).toMatchObject({ ok: false, error: { code: 'conflict', field: 'code' } });
    // A code may mix A–Z with kanji (本社PC-01, A棟-1): read, not refused.
    for (const assetTag of ['本社PC-01', 'A棟-1']) expect((await f.clerk.call('assets.add', { ...LAPTOP, assetTag, serial: null, siteId: f.hq.id })).ok, assetTag).toBe(true);
    // A correction to such a code is refused the same way.
    const c01 = (await f.clerk.ok('cabinets.list', {})).rows.find((r) => r.code === 'Ｃ－０１')!;
    expect(await f.clerk.call('cabinets.amend', { id: c01.id, changes: { code: '\ua4da-01' }, reason: '番号の振り直し' })).toMatchObject({ ok: false, error: { field: 'changes.code', messageKey: 'errors.field.code_letters' } });
    f.d.close();
  });
});

describe('a code with a mark that draws nothing (insider probe 13)', () => {
  it('C-01 with a combining grapheme joiner, a text variation selector or an ideographic one is refused in every register, and the twin cabinet is never made', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.yamada.id });
    for (const mark of ['\u034f', '\ufe0e', '\u{e0100}', '\u2065']) {
      const said = await Promise.all([
        f.clerk.call('cabinets.add', { code: `C-01${mark}`, name: `人事書類庫${mark}`, location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id }),
        f.clerk.call('assets.add', { ...LAPTOP, assetTag: `PC-9${mark}`, serial: `SN9${mark}`, siteId: f.hq.id }),
        f.clerk.call('guestCards.add', { number: `G-9${mark}`, siteId: f.hq.id }),
        f.admin.call('systems.add', { code: `SV-9${mark}`, name: 'ファイルサーバ', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null }),
      ]);
      expect(said.map((r) => (r.ok ? 'stored' : r.error.messageKey)), JSON.stringify(mark)).toEqual(Array(4).fill('errors.field.invisible_chars'));
    }
    expect(f.d.store.db.prepare('SELECT count(*) FROM cabinets').pluck().get()).toBe(1);
    f.d.close();
  });
});
