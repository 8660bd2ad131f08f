import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { october } from './review-fixture';

// Reasons and explanations that say nothing, and other classes of input (an insider probe of 2026-12-03).

describe('reasons and explanations that say nothing are refused (SPEC §3, §5)', () => {
  // The paper ledger's own placeholders (〃, 同上, ○, 異状なし, 特記なし, 該当なし) and stops alone (。 … !):
  // each was taken as a reason and as a 問題なし's explanation (stops were stripped first, and an
  // empty text was taken as saying something).
  const PLACEHOLDERS = ['。', '.', '...', '…', '！', '〃', '同上', '○', '異状なし', '特記なし', '該当なし', '〜', 'ー', '→'];

  it('a void reason of a placeholder is refused', async () => {
    const { d, clerk, ok } = await october();
    const accepted: string[] = [];
    for (const reason of PLACEHOLDERS) {
      const r = await clerk.call('serverRoom.amend', { id: ok.id, changes: { notes: `メモ ${reason}` }, reason });
      if (r.ok) accepted.push(reason);
    }
    expect(accepted).toEqual([]);
    d.close();
  });

  it('a 問題なし whose explanation is a placeholder is refused', async () => {
    const { d, sm, unit } = await october();
    const item = (await sm.ok('review.get', unit)).items[0];
    const accepted: string[] = [];
    for (const explanation of PLACEHOLDERS) {
      const r = await sm.call('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'no_issue', explanation, cause: null, action: null });
      if (r.ok) accepted.push(explanation);
    }
    expect(accepted).toEqual([]);
    d.close();
  });
});

describe('other classes of input an insider tried', () => {
  it('refuses blank and invisible text, too long, far dates, and codes that differ only in width or case', async () => {
    const { d, clerk, sm, admin, hq, ok, yamada, accountId } = await october();
    // Blank and invisible text.
    for (const reason of [' ', '\u3000', '\u200b', '\u3164', '\u2800', 'なし', '－', '特にありません', 'ＯＫ', 'n/a', '・・・'])
      expect((await clerk.call('serverRoom.void', { id: ok.id, reason })).ok, JSON.stringify(reason)).toBe(false);
    for (const name of ['\u3000', '\u200b\u200b', '\u115f', ' \u0301'])
      expect((await sm.call('people.add', { name, kana: 'テスト', employeeNo: 'E9001', department: '総務', siteId: hq.id, cardNo: null, serverRoomAuthorized: false })).ok, JSON.stringify(name)).toBe(false);
    // Too long.
    expect((await clerk.call('serverRoom.void', { id: ok.id, reason: 'あ'.repeat(501) })).ok).toBe(false);
    // Far dates.
    for (const at of ['1999-12-31T10:00:00+09:00', '3000-01-01T10:00:00+09:00', jst('2027-06-01', '10:00')])
      expect((await clerk.call('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: at, purpose: 'maintenance' })).ok, at).toBe(false);
    // Full-width digits and case of an employee number / card number.
    expect((await sm.call('people.add', { name: '全角 番号', kana: 'ゼンカク', employeeNo: 'Ｅ１００１', department: '総務', siteId: hq.id, cardNo: null, serverRoomAuthorized: false })).ok).toBe(false);
    expect((await sm.call('people.add', { name: '小文字 番号', kana: 'コモジ', employeeNo: 'e1001', department: '総務', siteId: hq.id, cardNo: null, serverRoomAuthorized: false })).ok).toBe(false);
    expect((await sm.call('people.add', { name: 'カード 重複', kana: 'カード', employeeNo: 'E9101', department: '総務', siteId: hq.id, cardNo: 'card1001', serverRoomAuthorized: false })).ok).toBe(false);
    // Login ids differing in case only.
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect((await admin.call('accounts.create', { loginId: 'TANAKA.CLERK', displayName: '田中 二郎', roles: ['staff'], password: 'Kari-no-pass-8301' })).ok).toBe(false);
    // Codes in another width, case or with hyphens.
    await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    for (const number of ['Ｇ－０１', 'g-01', 'G01']) expect((await clerk.call('guestCards.add', { number, siteId: hq.id })).ok, number).toBe(false);
    void accountId;
    d.close();
  });
});
