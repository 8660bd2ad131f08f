import { describe, expect, it } from 'vitest';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { disposeAll } from './review-fixture';

// An insider probe of 2026-12-03: after the retention erasure (SPEC §8), can the erased personal data still be found?

const VISITOR = { name: '消去 確認太郎', company: '保存期限商事株式会社' };
const COMPANION = { name: '同行 消去子', company: '立会保守株式会社' };

describe('erased personal data is not found again (an insider probe of 2026-12-03)', () => {
  it('loses the names from list search, record history, guest card history, the review, CSV and print', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, c, clerk, sm, admin, hq, yamada, sasaki } = f;
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, ...VISITOR, purpose: '打合せ', hostId: yamada.id, arrivedAt: jst('2019-03-11', '09:40'), area: 'office', guestCardId: card.id, escortId: sasaki.id });
    await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2019-03-11', '10:00'), cardReturned: true });
    const stay = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ ...COMPANION, escortPersonId: yamada.id }] },
    });
    // Signed in April 2019.
    c.set(jst('2019-04-05', '10:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    for (const ledger of ['visitors', 'serverRoom']) {
      const unit = { ledger, siteId: hq.id, month: '2019-03' };
      await disposeAll(sm, unit);
      await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    }
    // Erased in November 2026, approved.
    c.set(jst('2026-11-30', '10:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password]] as const) await renewPassword(who, password);
    await renewPassword(sm, SETUP.safetyManager.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    for (const ledger of ['visitors', 'serverRoom'] as const) expect((await admin.ok('retention.erase', { ledger, reason: '保存期間（5年）経過', password: SETUP.sysadmin.password, approval })).erased).toBe(1);

    const names = [VISITOR.name, VISITOR.company, COMPANION.name, COMPANION.company];
    const leaks: string[] = [];
    const look = (where: string, v: unknown) => {
      const s = JSON.stringify(v);
      for (const n of names) if (s.includes(n)) leaks.push(`${where}: ${n}`);
    };
    for (const q of ['消去', '保存期限', '確認太郎', '立会保守']) {
      look(`visitors.list ${q}`, await clerk.ok('visitors.list', { search: q } as never));
      look(`serverRoom.list ${q}`, await clerk.ok('serverRoom.list', { search: q } as never));
      expect((await clerk.ok('visitors.list', { search: q } as never)).total, q).toBe(0);
    }
    look('visitors.get', await clerk.ok('visitors.get', { id: visit.id }));
    look('visitors.history', await clerk.ok('visitors.history', { id: visit.id } as never));
    look('guestCards.history', await clerk.ok('guestCards.history', { id: card.id } as never));
    look('history.get stay', await clerk.ok('history.get', { entity: 'server_room_stays', id: stay.id }));
    for (const ledger of ['visitors', 'serverRoom']) {
      const unit = { ledger, siteId: hq.id, month: '2019-03' };
      look(`review.get ${ledger}`, await sm.ok('review.get', unit));
      look(`print csv ${ledger}`, await clerk.ok('print.sheet', { ...unit, format: 'csv' }));
      look(`print ${ledger}`, await clerk.ok('print.sheet', { ...unit, format: 'print' }));
    }
    // Anywhere in the file's tables but the journal's digests.
    for (const t of d.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]) {
      const rows = d.store.db.prepare(`SELECT * FROM "${t}"`).all();
      look(`table ${t}`, rows);
    }
    expect(leaks).toEqual([]);
    d.close();
  });
});
