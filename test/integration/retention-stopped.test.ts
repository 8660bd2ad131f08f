import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { decryptedWal } from '../helpers/sqlcipher-pages';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';

// An erasure of the server-room book is two acts (its stays, then what door terminals delivered), each
// checked when it starts. A change that comes between them (here the period made longer) stops it
// there: the stays already erased stay erased, so the administrator is told how many, and why.

const COMPANY = '中断確認株式会社';
const has = (haystack: Buffer, needle: string) => haystack.includes(Buffer.from(needle, 'utf8'));
const STAYS = 201; // three batches of at most 100: the event loop turns between them

describe('an erasure stopped between its acts', () => {
  it('says how many records were erased and why it stopped, empties the write-ahead log, verifies, and erases the rest when run again', async () => {
    const f = await serverRoomFixture(jst('2019-03-01', '08:00'));
    const { d, c, clerk, admin, hq, yamada } = f;
    c.set(jst('2019-03-07', '10:00'));
    await renewPassword(clerk, PASSWORDS.clerk);
    for (let i = 0; i < STAYS; i++) {
      const enteredAt = new Date(Date.parse(jst('2019-03-04', '08:00')) + i * 20 * 60_000);
      await clerk.ok('serverRoom.record', {
        siteId: hq.id, personId: yamada.id, enteredAt: enteredAt.toISOString(), exitedAt: new Date(enteredAt.getTime() + 10 * 60_000).toISOString(),
        purpose: 'vendor_witness', companions: { employees: [], visitors: [{ name: `保守 ${i}`, company: COMPANY, escortPersonId: yamada.id }] },
      });
    }
    c.set(jst('2019-03-20', '10:00'));
    const station = { id: 'lan:door-2019', siteId: hq.id };
    expect(deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:door-2019', { id: 'd-1', kind: 'enter', personId: f.sasaki.id, occurredAt: jst('2019-03-20', '09:00'), purpose: 'maintenance', purposeNote: '扉端末メモ', visitors: [] }, c.clock()).outcome).toBe('recorded');

    const stays = STAYS + 1; // the door's entry is a stay too
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: d.store.db.prepare("SELECT stay_id FROM door_deliveries WHERE id = 'd-1'").pluck().get() as string, exitedAt: jst('2019-03-20', '09:30') });
    await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2019-03' }]);
    c.set(jst('2026-11-30', '10:00'));
    for (const [who, password] of [[f.sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password]] as const) await renewPassword(who, password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect((await admin.ok('retention.status', {}))[0]).toMatchObject({ ledger: 'serverRoom', years: 5, erasable: stays + 1 });

    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    const input = { ledger: 'serverRoom', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval } as const;
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const wal = path.join(d.dataDir, 'daicho.db-wal');
    expect(has(decryptedWal(wal, key), COMPANY)).toBe(true);
    const erasing = admin.call('retention.erase', input);
    // Once the stays' first batch is written, the period is made longer (a write of its own, as the settings page makes).
    const erasedRows = () => (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'personal.erase'").get() as { n: number }).n;
    while (erasedRows() === 0) await new Promise((resolve) => setImmediate(resolve));
    d.store.write({ actor: f.accountId(SETUP.sysadmin.loginId), station: 'test' }, (tx) => d.settings.set(tx, 'retention.serverRoom.years', 6, '監査の求めにより延長'));

    const stopped = await erasing;
    expect(stopped).toEqual({ ok: false, error: { code: 'conflict', messageKey: 'retention.errors.stopped_part_way', params: { erased: stays, count: stays, cause: 'retention.errors.period_changed' } } });
    // The stays' act ended; the deliveries' did not start.
    const acts = d.store.db.prepare("SELECT action, entity FROM journal WHERE action LIKE 'retention.erase.%' ORDER BY seq").all();
    expect(acts).toEqual([{ action: 'retention.erase.start', entity: 'server_room_stays' }, { action: 'retention.erase.done', entity: 'server_room_stays' }]);
    // The approver is told what her approval erased, and the log holds no page of the erased values.
    const notice = d.store.db.prepare("SELECT detail FROM account_notices WHERE kind = 'approval_used' ORDER BY rowid DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(notice.detail)).toMatchObject({ action: 'retention.erase', ledger: 'serverRoom', erased: stays });
    const emptied = () => !has(decryptedWal(wal, key), COMPANY);
    for (let i = 0; i < 100 && !emptied(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(emptied()).toBe(true);
    expect((await admin.ok('retention.status', {}))[0]).toMatchObject({ years: 6, erasable: 1, erased: stays });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: stays } });

    // Run again (the new period still takes March 2019): the rest is erased.
    expect(await admin.ok('retention.erase', input)).toMatchObject({ erased: 1, status: { erasable: 0, erased: stays + 1 } });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: stays, door_deliveries: 1 } });
    d.close();
  });
});
