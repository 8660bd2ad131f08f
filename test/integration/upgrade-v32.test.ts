import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { deliverDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { retentionStatus } from '../../electron/core/retention';
import { Caller, openRaw, renewPassword } from '../helpers/temp-daicho';
import { disposeAll, shown } from './review-fixture';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';

// Migration 33 on data written by schema v32 (test/fixtures/v32-data, commit be4c3cd, made by
// make-v32-data.ts.txt): a door terminal's delivered records keep what the terminal took with them
// (a purpose note, visitors' names) as personal data from now on. The declared column is added and
// journaled, everything still verifies, the records delivered before keep their values (their
// journal rows hold them in clear: counted as not erasable when they hold any), records delivered
// from now on commit to them by a salted digest, and a change outside the app is named either way.


describe('upgrade from schema v32 (migration 33)', () => {
  it('makes door deliveries erasable: verify passes, the old ones are kept and counted as not erasable, new ones commit to their visitors, changes outside the app are named', async () => {
    const { dir, key, c, d } = await openFixture('v32-data', jst('2026-11-30', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(33);
    const changes = (d.store.db.prepare("SELECT after FROM journal WHERE action = 'schema.change' AND actor = 'migration' ORDER BY seq").all() as { after: string }[]).map(
      (r) => JSON.parse(r.after) as { op: string; table?: string; column?: string; migration: number },
    );
    expect(changes.filter((ch) => ch.migration === 33).map((ch) => `${ch.op} ${ch.table}.${ch.column}`)).toEqual(['add_column door_deliveries.personal_erased_at']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // Migration 36: the stays with companions keep what the rules read of them (the visitor's escort) beside them, journaled, without the names.
    const facts = d.store.db.prepare("SELECT companion_facts FROM server_room_stays WHERE companions LIKE '%保守 一郎%' ORDER BY entered_at").all() as { companion_facts: string }[];
    expect(facts.map((f) => JSON.parse(f.companion_facts))).toEqual(['2019', '2026'].map(() => ({ employees: [], visitors: [{ name: '', company: '', escortPersonId: expect.any(String) }] })));
    expect((d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'migration.companion_facts' AND actor = 'migration'").get() as { n: number }).n).toBe(2);
    // The old records are all there, as they were.
    const old = d.store.db.prepare("SELECT id, outcome, detail, personal_salt FROM door_deliveries ORDER BY occurred_at, id").all() as { id: string; outcome: string; detail: string; personal_salt: string | null }[];
    expect(old.map((r) => r.id)).toEqual(['fixture-2019-enter', 'fixture-2019-again', 'fixture-2019-exit', 'fixture-2026-enter', 'fixture-2026-again', 'fixture-2026-exit']);
    expect(old.every((r) => r.personal_salt === null)).toBe(true);
    expect(old.find((r) => r.id === 'fixture-2019-again')!.detail).toContain('重複 花子2019');

    // Retention: March 2019 was never signed off, so from migration 46 its stay and the deliveries holding a note or visitors wait for that.
    expect(retentionStatus(d.store, d.settings, 'serverRoom', c.clock())).toMatchObject({ erasable: 0, notErasable: 0, unsigned: 3, erased: 0 });
    // Signed off now, and five years on: the 2019 stay is erasable; those deliveries are not (their journal rows hold them); the exit holds none.
    // (October 2026's stay and deliveries, never signed off, wait for it.)
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' });
    await renewPassword(sm, 'Hoshi-zora-2283');
    const march = { ledger: 'serverRoom', siteId: (d.store.db.prepare("SELECT id FROM sites WHERE code = 'HQ'").get() as { id: string }).id, month: '2019-03' };
    await disposeAll(sm, march);
    await sm.ok('review.sign', { ...march, password: 'Hoshi-zora-2283', meaning: 'approve', shownHead: await shown(sm, march) });
    expect(retentionStatus(d.store, d.settings, 'serverRoom', new Date(jst('2031-12-02', '09:00')))).toMatchObject({ erasable: 1, notErasable: 2, unsigned: 3, erased: 0, oldestMonth: '2019-03' });

    // A record delivered from now on: its visitors committed to by a salted digest, never in the journal in clear.
    const hq = d.store.db.prepare("SELECT id FROM sites WHERE code = 'HQ'").get() as { id: string };
    const yamada = d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string };
    const station = { id: 'lan:fixture01', siteId: hq.id };
    const deliver = (id: string, kind: 'enter' | 'exit', hhmm: string, visitors: { name: string; company: string }[] = []) =>
      deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:fixture01', { id, kind, personId: yamada.id, occurredAt: jst('2026-11-30', hhmm), purpose: 'maintenance', purposeNote: null, visitors }, c.clock());
    expect(deliver('new-enter', 'enter', '08:30').outcome).toBe('recorded');
    expect(deliver('new-again', 'enter', '08:40', [{ name: '新規 訪問者', company: '移行後株式会社' }])).toMatchObject({ outcome: 'conflict' });
    const fresh = d.store.db.prepare("SELECT detail, personal_salt FROM door_deliveries WHERE id = 'new-again'").get() as { detail: string; personal_salt: string | null };
    expect(fresh.personal_salt).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.detail).toContain('新規 訪問者');
    const journaled = d.store.db.prepare("SELECT after FROM journal WHERE entity = 'door_deliveries' AND entity_id = 'new-again'").all() as { after: string }[];
    expect(journaled).toHaveLength(1);
    expect(journaled[0].after).not.toContain('新規 訪問者');
    expect(JSON.parse(journaled[0].after).detail).toEqual({ $p: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    const lastRow = (id: string) => (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'door_deliveries' AND entity_id = ? AND kind = 'row'").get(id) as { s: number }).s;
    const oldSeq = lastRow('fixture-2019-again');
    const newSeq = lastRow('new-again');
    d.close();

    // Changed outside the app: an old record (its value in clear in the journal) and a new one (its digest) are each named.
    const raw = openRaw(path.join(dir, 'daicho.db'), key);
    raw.prepare("UPDATE door_deliveries SET detail = replace(detail, '重複 花子2019', '別人 花子') WHERE id = 'fixture-2019-again'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: oldSeq, problemCount: 1 });
    raw.prepare("UPDATE door_deliveries SET detail = replace(detail, '別人 花子', '重複 花子2019') WHERE id = 'fixture-2019-again'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: true });
    raw.prepare("UPDATE door_deliveries SET detail = replace(detail, '新規 訪問者', '差替 訪問者') WHERE id = 'new-again'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: newSeq, problemCount: 1 });
    raw.close();
  });
});
