import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { offlineDoor, PIN } from './door-fixture';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { jst, MIN, PASSWORDS } from './server-room-fixture';
import { shown } from './review-fixture';

// SPEC §7 "the attempt is recorded" — and the month's reviewer reads it. The door's refusals were in each
// person's history only: an employee without authorization tried the head office door three times and
// the month was signed without anyone seeing it (a note of the last round). Now the review of the site's
// server-room book lists who the door refused, by person and reason, with how many times and when — at
// the host and offline alike, each door at its own site — said for information: no disposition is asked.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the door’s refusals in the monthly review', () => {
  it('lists each person’s refusals at the site’s doors by reason, for information, and the month signs without them', async () => {
    const f = await offlineDoor(dirs, () => undefined, jst('2026-10-20', '09:00'));
    const door = async (siteId: string, station: string) => {
      const t = new Caller(f.d, station);
      await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
      await t.ok('terminal.start', { siteId, password: PASSWORDS.clerk });
      return t;
    };
    const hq = await door(f.hq.id, 'desk:HQ-PC');
    const osaka = await door(f.osaka.id, 'browser:osaka-vm');
    // The head office's enrolled door, as the host starts its session on its first call: not a desk's.
    const enrolledBy = f.d.store.db.prepare("SELECT id FROM accounts WHERE login_id = 'tanaka.clerk'").pluck().get() as string;
    f.d.lan.terminalToken({ id: 'lan:0a0b0c0d', name: '本社サーバ室', profile: 'terminal', site_id: f.hq.id, enrolled_by: enrolledBy, revoked_at: null } as never);
    // 木村 (not authorized) tries the head office door three times, and Osaka's once; 森 (left) once; a card no one holds once.
    for (let i = 0; i < 3; i++) {
      expect(await hq.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
      f.c.advance(7 * MIN);
    }
    expect(await osaka.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false });
    expect(await hq.call('terminal.identify', { cardNo: 'card1004' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inactive' } });
    expect(await hq.call('terminal.identify', { cardNo: 'ZZZZ00009999' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card' } });
    // 山田's PIN, mistyped at the desk's door until it locks, is refused once more while locked.
    for (let i = 0; i < 6; i++) expect(await hq.call('terminal.identify', { employeeNo: 'E1001', pin: '0000' })).toMatchObject({ ok: false });
    expect(await hq.call('terminal.identify', { employeeNo: 'E1001', pin: PIN })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    f.c.advance(MIN);
    // 山田 goes in through the door the clerk started at her desk PC.
    const ticket = (await hq.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket;
    await hq.ok('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } });
    f.c.advance(20 * MIN);
    await hq.ok('terminal.exit', { ticket: (await hq.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket });
    // Offline, the head office's other door did not know 木村's card (its copy holds only who may enter): kept, and named at the host.
    f.c.advance(MIN);
    expect(await f.terminal.handle('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false });
    f.deliverAll();

    f.c.set(jst('2026-11-02', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const october = { ledger: 'serverRoom' as const, siteId: f.hq.id, month: '2026-10' };
    const review = await f.sm.ok('review.get', october);
    const refusals = review.items.filter((i) => i.code === 'door_refusals');
    expect(refusals.map((i) => [i.label, i.params?.count, i.facts?.[0].values[0].key])).toEqual([
      ['木村 三郎', 3, 'history.refusalReasons.not_authorized'],
      ['森 四郎', 1, 'history.refusalReasons.inactive'],
      ['登録のないカード', 1, 'history.refusalReasons.unknown'],
      ['山田 太郎', 2, 'history.refusalReasons.pin_locked'],
      ['木村 三郎', 1, 'history.refusalReasons.unknown'],
    ]);
    expect(refusals.every((i) => i.informational && i.kind === 'month' && i.disposition === null)).toBe(true);
    expect(refusals[0].facts?.[1]).toEqual({ term: 'times', values: [{ at: jst('2026-10-20', '09:00') }, { at: jst('2026-10-20', '09:07') }, { at: jst('2026-10-20', '09:14') }] });
    expect(refusals[2].labelTerm).toEqual({ text: '登録のないカード', key: 'review.doorRefusalUnknown' });
    // Osaka's door is Osaka's month.
    const osakaItems = (await f.sm.ok('review.get', { ...october, siteId: f.osaka.id })).items.filter((i) => i.code === 'door_refusals');
    expect(osakaItems.map((i) => [i.label, i.params?.count])).toEqual([['木村 三郎', 1]]);
    // The doors started at a desk PC are named, with who started them and what they recorded (an insider
    // probe: a clerk's desk tab as the Nagoya door read as the door itself); the door enrolled on the network is not.
    const deskDoors = (items: typeof review.items) => items.filter((i) => i.code === 'door_started_at_desk').map((i) => [i.label, i.params, i.informational, i.at]);
    expect(deskDoors(review.items)).toEqual([['田中 一郎', { count: 1, station: 'HQ-PC' }, true, jst('2026-10-20', '09:00')]]);
    expect(deskDoors((await f.sm.ok('review.get', { ...october, siteId: f.osaka.id })).items)).toEqual([['田中 一郎', { count: 0, station: 'osaka-vm' }, true, jst('2026-10-20', '09:00')]]);
    // Not one of them asks for a disposition: the month signs.
    const signed = await f.sm.ok('review.sign', { ...october, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(f.sm, october) });
    expect(signed.signedByCaller).toBe(true);
    // On paper too: marked 参考, without 未記入, the unknown card said in the paper's language.
    const paper = async (lang: 'ja' | 'en') => (await f.sm.ok('print.sheet', { ...october, format: 'preview', calendar: 'seireki', lang })).monthItems?.filter((m) => /入退室端末で入室を拒否|Refused entry/.test(m)) ?? [];
    const ja = await paper('ja');
    expect(ja).toHaveLength(5);
    expect(ja[0]).toMatch(/^木村 三郎：入退室端末で入室を拒否しました（3回） .*（参考）\n拒否の理由：入室許可なし\n日時：/);
    expect(ja.some((m) => m.includes('未記入'))).toBe(false);
    // A single refusal's time is said once, in its head, not again as 日時 (a user probe).
    const once = ja.filter((m) => m.includes('（1回）'));
    expect(once.length).toBeGreaterThan(0);
    for (const m of once) expect(m, m).not.toMatch(/\n日時：/);
    expect((await paper('en'))[2]).toMatch(/^Unknown card: Refused entry at the door terminal \(1 time\) .*\(for information\)\nRefused for: unknown card or employee number/);
    // A refusal the door kept offline on 31 October reaches the host after October was signed: November's review lists it.
    deliverDoorEntry(f.d.store, f.d.settings, f.station, f.at, parseDoorEntry({ id: 'late-refusal', kind: 'refused', via: 'card', reason: 'unknown', cardNo: 'CARD1003', occurredAt: jst('2026-10-31', '22:00') }), f.c.clock());
    const november = await f.sm.ok('review.get', { ...october, month: '2026-11' });
    expect(november.items.filter((i) => i.code === 'door_refusals').map((i) => [i.label, i.params?.count, i.at])).toEqual([['木村 三郎', 1, jst('2026-10-31', '22:00')]]);
    f.queue.close();
    f.d.close();
  });
});

describe('a door started at a desk, across months', () => {
  it('is named in each month it records in, by whoever last started it, once however often it was started', async () => {
    const f = await offlineDoor(dirs, () => undefined, jst('2026-09-30', '17:00'));
    const start = async () => {
      const t = new Caller(f.d, 'browser:desk-vm');
      await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
      await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
      return t;
    };
    const t = await start(); // 30 September, and left running into October
    f.c.set(jst('2026-10-20', '09:00'));
    const inAndOut = async () => {
      await t.ok('terminal.enter', { ticket: (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } });
      f.c.advance(10 * MIN);
      await t.ok('terminal.exit', { ticket: (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket });
      f.c.advance(10 * MIN);
    };
    await inAndOut();
    await inAndOut();
    f.c.set(jst('2026-11-02', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const deskDoors = async (month: string) =>
      (await f.sm.ok('review.get', { ledger: 'serverRoom', siteId: f.hq.id, month })).items.filter((i) => i.code === 'door_started_at_desk').map((i) => [i.label, i.params, i.at, i.facts]);
    expect(await deskDoors('2026-10')).toEqual([['田中 一郎', { count: 2, station: 'desk-vm' }, jst('2026-10-20', '09:00'), undefined]]);
    expect(await deskDoors('2026-09')).toEqual([['田中 一郎', { count: 0, station: 'desk-vm' }, jst('2026-09-30', '17:00'), undefined]]);
    // Started twice in November: one item, both starts' times under it.
    await start();
    f.c.advance(60 * MIN);
    await start();
    f.c.set(jst('2026-12-01', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await deskDoors('2026-11')).toEqual([['田中 一郎', { count: 0, station: 'desk-vm' }, jst('2026-11-02', '10:00'), [{ term: 'times', values: [{ at: jst('2026-11-02', '10:00') }, { at: jst('2026-11-02', '11:00') }] }]]]);
    f.queue.close();
    f.d.close();
  });
});
