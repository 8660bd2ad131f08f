import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';

// Site scope of a register's history (site-scope.ts HISTORY_OF; record-book.ts history): found by a
// probe, a head-office guest card moved to Osaka showed the Osaka site head its whole history — the
// head office visit's acts, the loss report naming the visitor. A site head reads what happened while
// the record was at their sites; the move itself, and what follows, they read.

describe('a register history after the card moved to another site', () => {
  it('does not show the Osaka head the head office visit’s loss report', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '12:00'));
    const { d, clerk, hq, osaka, yamada, sasaki, okada, sm } = f;
    const head = await accountFor(f, 'kyoten.osk', '大阪 拠点長', ['site_head'], okada.id, 'Kyoten-cho-osk-4410');
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setSites', { id: f.accountId('kyoten.osk'), siteIds: [osaka.id], reason: '大阪の拠点長' });

    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const v = await clerk.ok('visitors.add', {
      siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:40'),
    });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '11:00'), cardReturned: false });
    await clerk.ok('visitors.reportCardLost', { id: v.id, reason: '高橋 誠様（株式会社ネクスト）に問い合わせたが見つからない' });
    expect(await head.call('guestCards.history', { id: card.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The card is moved to Osaka.
    await clerk.ok('guestCards.amend', { id: card.id, changes: { siteId: osaka.id }, reason: '大阪拠点へ移管' });
    const r = await head.call('guestCards.history', { id: card.id });
    const text = JSON.stringify(r);
    expect(text).not.toContain('高橋');
    expect(text).not.toContain('visitors.report_card_lost');
    expect(r).toMatchObject({ ok: true, value: [{ action: 'guestCards.amend', reason: '大阪拠点へ移管' }] });
    // The head office's clerk still reads it all.
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toEqual(['guestCards.add', 'visitors.add', 'visitors.report_card_lost', 'guestCards.amend']);
    d.close();
  });
});
