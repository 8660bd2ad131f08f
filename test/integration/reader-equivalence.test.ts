import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import type { Caller } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { accountFor, october } from './review-fixture';

// Every inReader method answers in the reader worker exactly what the main thread answers
// (results and errors, strictly equal), for several roles and inputs.

const IN_READER = Object.entries(contract).filter(([, d]) => (d as { inReader?: boolean }).inReader).map(([k]) => k);

async function mainThread<T>(fn: () => Promise<T>): Promise<T> {
  const script = process.env.DAICHO_WORKER_FILE;
  process.env.DAICHO_WORKER_FILE = '/nonexistent/worker.mjs';
  try {
    return await fn();
  } finally {
    process.env.DAICHO_WORKER_FILE = script;
  }
}

describe('the reader answers as the main thread', () => {
  it('every inReader method, several roles and inputs', async () => {
    const f = await october();
    const { d, c, sm, admin, clerk, staff, head, hq, osaka, yamada, sasaki, okada } = f;
    // More ledgers with data in October.
    c.set(jst('2026-10-21', '10:00'));
    await clerk.ok('auth.unlock', { password: 'Sakura-fubuki-3917' }).catch(() => undefined);
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-10-21', '09:40') });
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-21', '09:00'), openedBy: yamada.id, purpose: '整理', lockedAt: jst('2026-10-21', '09:30'), lockedBy: yamada.id });
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: osaka.id, storagePlace: '総務部', encrypted: false, notes: null });
    await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: okada.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-10-21', '09:30'), dueAt: jst('2026-10-21', '18:00'), notes: null });
    await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '説明', destination: '顧客先', checkedOutAt: jst('2026-10-21', '09:30').replace('00:30', '01:30'), dueAt: jst('2026-10-22', '18:00'), notes: null }).catch(() => undefined);
    c.set(jst('2026-11-05', '10:00'));
    const { SETUP } = await import('../helpers/temp-daicho');
    await sm.call('auth.unlock', { password: SETUP.safetyManager.password });
    await admin.call('auth.unlock', { password: SETUP.sysadmin.password });
    await clerk.call('auth.unlock', { password: 'Sakura-fubuki-3917' });
    await staff.call('auth.unlock', { password: 'Natsu-matsuri-5528' });
    await head.call('auth.unlock', { password: 'Kyoten-cho-hon-4410' });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const designated = await accountFor(f, 'shitei.osk', '大阪 指定', ['staff'], okada.id, 'Shitei-oosaka-pass-7781');
    await sm.ok('designations.add', { accountId: f.accountId('shitei.osk'), ledgers: ['serverRoom', 'visitors'], siteIds: [osaka.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    const head2 = await accountFor(f, 'kyoten.two', '二拠点 拠点長', ['site_head'], null, 'Kyoten-cho-futatsu-4410');
    await sm.ok('accounts.setSites', { id: f.accountId('kyoten.two'), siteIds: [hq.id, osaka.id], reason: '二拠点' });

    const callers: Record<string, Caller> = { sm, admin, clerk, staff, head, designated, head2 };
    const inputs: Record<string, unknown[]> = {};
    for (const m of IN_READER) inputs[m] = [{}, { search: '山田' }, { siteId: osaka.id }, { search: 'CARD002' }, { page: 0, pageSize: 1, desc: true }, { bogus: 1 }];
    inputs['serverRoom.list'] = [{}, { month: '2026-10', anomaliesOnly: true }, { search: 'ヤマダ' }, { state: 'open' }, { includeVoid: true, siteId: osaka.id }, { anomaliesOnly: true }];
    inputs['review.list'] = [{}, { due: true }, { month: '2026-10' }, { month: '2026-12' }];
    inputs['review.get'] = [f.unit, { ...f.unit, siteId: osaka.id }, { ...f.unit, ledger: 'visitors' }, { ...f.unit, ledger: 'nope' }, { ...f.unit, month: '2026-11' }, { ...f.unit, siteId: '00000000-0000-4000-8000-000000000000' }];

    const diffs: string[] = [];
    let compared = 0;
    let okCalls = 0;
    for (const [name, who] of Object.entries(callers))
      for (const m of IN_READER)
        for (const input of inputs[m]) {
          const inWorker = await who.raw(m, input);
          const here = await mainThread(() => who.raw(m, input));
          if (inWorker.ok) okCalls++;
          compared++;
          try {
            expect(inWorker).toStrictEqual(here);
          } catch {
            diffs.push(`${name} ${m} ${JSON.stringify(input)}\n  worker: ${JSON.stringify(inWorker).slice(0, 400)}\n  main:   ${JSON.stringify(here).slice(0, 400)}`);
          }
        }
    // print.sheet: its sheet is built in the reader (a read part); each call journals a print.
    let oks = 0;
    for (const [name, who] of Object.entries(callers))
      for (const ledger of ['serverRoom', 'visitors', 'cabinetLog', 'checkouts', 'lastExit', 'accessLog'])
        for (const siteId of [hq.id, osaka.id])
          for (const calendar of ['wareki', 'seireki'] as const) {
            const input = { ledger, siteId, month: '2026-10', format: 'print', calendar };
            const inWorker = await who.raw('print.sheet', input);
            const here = await mainThread(() => who.raw('print.sheet', input));
            if (inWorker.ok) oks++;
            compared++;
            try {
              expect(inWorker).toStrictEqual(here);
            } catch {
              diffs.push(`${name} print.sheet ${JSON.stringify(input)}\n  worker: ${JSON.stringify(inWorker).slice(0, 400)}\n  main:   ${JSON.stringify(here).slice(0, 400)}`);
            }
          }
    expect((d.jobs as unknown as { reader: unknown }).reader).not.toBeNull();
    expect(diffs).toEqual([]);
    // Answers, not only refusals, were compared: lists, reviews and sheets of every kind.
    expect(compared).toBeGreaterThan(300);
    expect(okCalls).toBeGreaterThan(100);
    expect(oks).toBeGreaterThan(50);
    d.close();
  }, 300_000);
});
