import type { Person } from '../../shared/ledgers/people';
import type { PdfRenderer } from '../../electron/core/print/export-job';
import type { FdatasyncAsync } from '../../electron/core/store/wal-sync';
import type { Role } from '../../shared/domain/roles';
import { jstInstant } from '../../shared/calendar';
import { Caller, keeperPerson, openTemp, SETUP, SM_APPROVAL, setUp } from '../helpers/temp-daicho';

// Shared set-up for the server-room integration tests: a real encrypted database in a temp folder,
// a clock the test moves by hand, people, and a clerk and a staff account.

export const MIN = 60_000;

/** A Japan local date and time as an ISO instant. */
export const jst = (date: string, hhmm: string, seconds = 0) => jstInstant(date, hhmm, seconds).toISOString();

export function manualClock(start: string) {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms), set: (iso: string) => (now = new Date(iso).getTime()) };
}

export const PASSWORDS = { clerk: 'Sakura-fubuki-3917', staff: 'Natsu-matsuri-5528' };

/** Tuesday 2026-11-24 10:00 in Japan, the day after 勤労感謝の日. */
export const START = jst('2026-11-24', '10:00');

export async function serverRoomFixture(start = START, opts: { renderPdf?: PdfRenderer; walFdatasync?: FdatasyncAsync } = {}) {
  const c = manualClock(start);
  const d = await openTemp({ clock: c.clock, renderPdf: opts.renderPdf, walFdatasync: opts.walFdatasync });
  const { sm, admin } = await setUp(d);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const sites = await sm.ok('sites.list', {});
  const hq = sites[0];
  const osaka = sites[1];
  const person = (name: string, kana: string, no: string, authorized: boolean, siteId = hq.id): Promise<Person> =>
    sm.ok('people.add', { name, kana, employeeNo: no, department: '情報システム部', siteId, cardNo: `CARD${no.slice(1)}`, serverRoomAuthorized: authorized });
  const yamada = await person('山田 太郎', 'ヤマダ タロウ', 'E1001', true);
  const sasaki = await person('佐々木 次郎', 'ササキ ジロウ', 'E1002', true);
  const kimura = await person('木村 三郎', 'キムラ サブロウ', 'E1003', false);
  const mori = await person('森 四郎', 'モリ シロウ', 'E1004', true);
  await sm.ok('people.setActive', { id: mori.id, active: false, reason: '退職' });
  const okada = await person('岡田 五郎', 'オカダ ゴロウ', 'E2001', true, osaka.id);

  async function account(loginId: string, displayName: string, roles: Role[], personId: string | null, password: string): Promise<Caller> {
    const temporary = 'Kari-no-pass-8301';
    await admin.ok('accounts.create', { loginId, displayName, personId, roles, password: temporary, ...(personId ? { approval: SM_APPROVAL } : {}) });
    const caller = new Caller(d);
    await caller.ok('auth.signIn', { loginId, password: temporary });
    await caller.ok('auth.changePassword', { currentPassword: temporary, newPassword: password });
    return caller;
  }
  // The clerk is a person of the register too (no card, not authorized for the server room): an account no
  // person stands behind corrects, voids and grants nothing (errors.no_person_behind).
  const tanaka = await keeperPerson(sm, { name: '田中 一郎', kana: 'タナカ イチロウ', employeeNo: 'E3001', siteId: hq.id });
  const clerk = await account('tanaka.clerk', '田中 一郎', ['clerk'], tanaka.id, PASSWORDS.clerk);
  const staff = await account('yamada.staff', '山田 太郎', ['staff'], yamada.id, PASSWORDS.staff);
  const accountId = (loginId: string) => (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(loginId) as { id: string }).id;

  /** Journal head and row counts of every stays table: unchanged means nothing was stored. */
  const fingerprint = () => ({
    head: d.store.journalHead().seq,
    stays: (d.store.db.prepare('SELECT count(*) AS n FROM server_room_stays').get() as { n: number }).n,
  });

  /** A desk account of the person's own (the safety manager approves the link), with their door PIN set by them. */
  async function pinOf(person: Person, loginId: string, pin: string): Promise<Caller> {
    const password = 'Aki-no-sora-4471';
    const caller = await account(loginId, person.name, ['staff'], person.id, password);
    await caller.ok('me.setPin', { password, pin });
    return caller;
  }

  return { d, c, sm, admin, clerk, staff, hq, osaka, yamada, sasaki, kimura, mori, okada, tanaka, accountId, fingerprint, pinOf };
}

export type Fixture = Awaited<ReturnType<typeof serverRoomFixture>>;
