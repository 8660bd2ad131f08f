import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { openTemp, SETUP, setUp, signInFirst } from '../helpers/temp-daicho';

// An insider probe of 2026-12-07: the register shows a card number as ••••1234, but a clerk could
// confirm a guessed whole number — by searching for it (the holder came up), or by typing it on a new
// person ("already registered"), as often as asked. Cards issued in a batch share long prefixes, so the
// last four and a few guessed characters were cheap. The search now finds a card only by what the
// register shows of it; refusals of a card as someone else's make one account wait after a few.

describe('card numbers cannot be confirmed by guessing', () => {
  it('the search finds a card by its last four only; "already registered" is said, then a guesser waits; no card meanwhile saves at once', async () => {
    let now = Date.parse('2026-12-07T01:00:00Z');
    const d = await openTemp({ clock: () => new Date(now) });
    const { sm } = await setUp(d);
    const sites = await sm.ok('sites.list', {});
    const person = (employeeNo: string, cardNo: string | null) => ({
      name: `推測 ${employeeNo}`, kana: 'スイソク タロウ', employeeNo, department: '総務部', siteId: sites[0].id, cardNo, serverRoomAuthorized: false,
    });
    const holder = await sm.ok('people.add', person('E5001', 'BATCH2026000731'));
    expect(holder.cardNo).toBe('••••0731');

    // The search: the whole number (or a longer tail of it) finds no one; what the register shows of it, its holder.
    for (const search of ['BATCH2026000731', 'batch2026000731', '000731', 'BATCH2026000'])
      expect((await sm.ok('people.list', { search, active: 'all' })).rows, search).toEqual([]);
    expect((await sm.ok('people.list', { search: '0731', active: 'all' })).rows.map((p) => p.id)).toEqual([holder.id]);

    // A clerk registering someone whose card is still on another person is told, plainly, and can save them without it.
    const taken = { ok: false, error: { code: 'conflict', messageKey: 'people.errors.card_no_taken', field: 'cardNo' } };
    expect(await sm.call('people.add', person('E5002', 'BATCH2026000731'))).toMatchObject(taken);
    const newcomer = await sm.ok('people.add', person('E5002', null));
    // An amend to a taken card is the same refusal, counted the same.
    expect(await sm.call('people.amend', { id: newcomer.id, changes: { cardNo: 'batch2026000731' }, reason: '社員証の再発行' })).toMatchObject(taken);
    expect(await sm.call('people.add', person('E5003', 'BATCH2026000731'))).toMatchObject(taken);
    expect(await sm.call('people.add', person('E5003', 'BATCH2026000731'))).toMatchObject(taken);

    // A fifth try — a card no one holds, or one someone does — is not judged: it waits, and says why and how long.
    const people = (await sm.ok('people.list', { active: 'all', pageSize: 100 })).total;
    for (const cardNo of ['BATCH2026000732', 'BATCH2026000731'])
      expect(await sm.call('people.add', person('E5004', cardNo)), cardNo).toMatchObject({
        ok: false, error: { code: 'too_many_attempts', messageKey: 'people.errors.card_no_wait_seconds', field: 'cardNo', params: { seconds: 1 } },
      });
    expect(await sm.call('people.amend', { id: newcomer.id, changes: { cardNo: 'BATCH2026000733' }, reason: '社員証の発行' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    expect((await sm.ok('people.list', { active: 'all', pageSize: 100 })).total).toBe(people);
    // Meanwhile the register works: a person without a card, a change that leaves the card as it is.
    await sm.ok('people.add', person('E5004', null));
    await sm.ok('people.amend', { id: holder.id, changes: { department: '情報システム部', cardNo: 'BATCH2026000731' }, reason: '異動' });

    // After the wait a card is judged again; each refusal makes the next wait longer, up to minutes.
    now += 1000;
    expect(await sm.call('people.add', person('E5005', 'BATCH2026000731'))).toMatchObject(taken);
    expect(await sm.call('people.add', person('E5005', 'BATCH2026000734'))).toMatchObject({ ok: false, error: { params: { seconds: 2 } } });
    for (let i = 0; i < 9; i++) {
      now += 20 * 60_000;
      await sm.ok('auth.unlock', { password: SETUP.safetyManager.password }); // the idle lock (SPEC §2)
      expect(await sm.call('people.add', person('E5005', 'BATCH2026000731'))).toMatchObject(taken);
    }
    expect(await sm.call('people.add', person('E5005', 'BATCH2026000735'))).toMatchObject({
      ok: false, error: { code: 'too_many_attempts', messageKey: 'people.errors.card_no_wait_minutes', params: { minutes: 15 } },
    });
    // A card no one holds is registered once the wait is over.
    now += 15 * 60_000;
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('people.add', person('E5005', 'BATCH2026000735'))).cardNo).toBe('••••0735');
    d.close();
  });

  it('the wait holds over a restart of the desk PC: it is rebuilt from the refusals the journal keeps (their times, never the number)', async () => {
    let now = Date.parse('2026-12-07T01:00:00Z');
    const d = await openTemp({ clock: () => new Date(now) });
    const { sm, admin } = await setUp(d);
    const sites = await sm.ok('sites.list', {});
    const person = (employeeNo: string, cardNo: string | null) => ({
      name: `推測 ${employeeNo}`, kana: 'スイソク タロウ', employeeNo, department: '総務部', siteId: sites[0].id, cardNo, serverRoomAuthorized: false,
    });
    await sm.ok('people.add', person('E6001', 'BATCH2026000731'));
    const taken = { ok: false, error: { code: 'conflict', messageKey: 'people.errors.card_no_taken' } };
    const head = d.store.journalHead().seq;
    for (const no of ['E6002', 'E6003', 'E6004']) expect(await sm.call('people.add', person(no, 'BATCH2026000731'))).toMatchObject(taken);
    // The day's free refusals (a slip of the hand) store nothing.
    expect(d.store.journalHead().seq).toBe(head);
    expect(await sm.call('people.add', person('E6005', 'BATCH2026000731'))).toMatchObject(taken);
    // Control: this run makes the guesser wait.
    expect(await sm.call('people.add', person('E6006', 'BATCH2026000732'))).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 1 } } });
    // The refusal past them is an event of the account, with its time and nothing of the number typed.
    const smId = (d.store.db.prepare("SELECT id FROM accounts WHERE login_id = ?").get(SETUP.safetyManager.loginId) as { id: string }).id;
    const events = d.store.db.prepare("SELECT entity, entity_id, after FROM journal WHERE action = 'people.card_no_refused'").all();
    expect(events).toEqual([{ entity: 'accounts', entity_id: smId, after: null }]);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const history = await admin.ok('accounts.history', { id: smId });
    expect(history.filter((e) => e.action === 'people.card_no_refused')).toHaveLength(1);
    d.close();

    // The desk PC restarted: the same data, a new process. The wait is where it was, and grows as it did.
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: () => new Date(now) });
    const sm2 = await signInFirst(again, 'safetyManager');
    expect(await sm2.call('people.add', person('E6006', 'BATCH2026000732'))).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'cardNo', params: { seconds: 1 } } });
    now += 1000;
    expect(await sm2.call('people.add', person('E6006', 'BATCH2026000731'))).toMatchObject(taken);
    expect(await sm2.call('people.add', person('E6006', 'BATCH2026000732'))).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 2 } } });
    again.close();

    // A day after the refusals, restarted again: they no longer count, and a card no one holds is registered.
    now += 24 * 60 * 60_000;
    const later = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: () => new Date(now) });
    const sm3 = await signInFirst(later, 'safetyManager');
    expect((await sm3.ok('people.add', person('E6006', 'BATCH2026000732'))).cardNo).toBe('••••0732');
    expect(later.verify()).toMatchObject({ ok: true, problemCount: 0 });
    later.close();
  });
});
