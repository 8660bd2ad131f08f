import { describe, expect, it } from 'vitest';
import { readsAlikeAs } from '../../shared/search';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { rowsToJudge, warmCodeIndexes } from '../../electron/core/ledgers/kit/code-index';
import { openTemp, setUp } from '../helpers/temp-daicho';
import { serverRoomFixture } from './server-room-fixture';
import { random } from '../helpers/random';

// The register's "one code, one thing" checks judge a code against the rows an in-memory index of
// the codes' forms gives (kit/code-index.ts), kept up to date from the journal, not against the whole
// register read on each save. Judged here against the whole register, as the check read it before.

/** The same number as people type it (the register takes ASCII letters, digits and hyphens): as is, in small letters, without its hyphen. */
const FORMS = [(s: string) => s, (s: string) => s.toLowerCase(), (s: string) => s.replace('-', ''), (s: string) => s.toLowerCase().replace('-', '')];

/**
 * These tests count turns of the event loop between saves and the index's slices. A save's answer
 * waits for its sync in the thread pool (store/wal-sync.ts), a number of turns that depends on the
 * disk: here the sync is answered at once (the pages still reach the disk at the close's checkpoint).
 */
const SYNCED_AT_ONCE = () => Promise.resolve();

describe('the registers judge a code against the rows whose code reads alike (kit/code-index.ts)', () => {
  it('says taken exactly when the whole register has a number that reads alike, through adds, renumberings and refusals', async () => {
    const { d, sm, hq } = await serverRoomFixture();
    const base = { name: '索引 試験', kana: 'サクイン シケン', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false };
    const takenByScan = (no: string, selfId: string | null) => {
      const sameAs = readsAlikeAs(no);
      return (d.store.stmt('SELECT id, employee_no AS no FROM people').all() as { id: string; no: string }[]).some((r) => r.id !== selfId && sameAs(r.no));
    };
    const next = random(7);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const stems = Array.from({ length: 12 }, (_, i) => `K-${100 + i}`);
    const mine: string[] = [];
    let refused = 0;
    for (let step = 0; step < 160; step++) {
      const no = pick(FORMS)(pick(stems));
      if (mine.length === 0 || next() < 0.5) {
        const expected = takenByScan(no, null);
        const r = await sm.call('people.add', { ...base, employeeNo: no });
        expect(r.ok, `add ${no} at step ${step}`).toBe(!expected);
        if (r.ok) mine.push(r.value.id);
        else refused++;
      } else {
        const id = pick(mine);
        const same = (d.store.rowById('people', id).employee_no as string) === no;
        const expected = !same && takenByScan(no, id);
        const r = await sm.call('people.amend', { id, changes: { employeeNo: no }, reason: '番号の訂正' });
        if (same) expect(r, `amend to its own ${no}`).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
        else expect(r.ok, `amend to ${no} at step ${step}: ${JSON.stringify(r)}`).toBe(!expected);
        if (!r.ok && !same) refused++;
      }
      // The rows given to judge: every row of the register whose number reads alike, none missing.
      const probe = pick(FORMS)(pick(stems));
      const sameAs = readsAlikeAs(probe);
      const given = rowsToJudge(d.store, { table: 'people', column: 'employee_no', code: probe, select: 'id, employee_no AS no' }).filter((r) => sameAs(r.no)).map((r) => r.id);
      const all = (d.store.stmt('SELECT id, employee_no AS no FROM people').all() as { id: string; no: string }[]).filter((r) => sameAs(r.no)).map((r) => r.id);
      expect(given.sort(), `probe ${probe} at step ${step}`).toEqual(all.sort());
    }
    // Both outcomes were tried, many times.
    expect(refused).toBeGreaterThan(40);
    expect(mine.length).toBeGreaterThan(8);
    d.close();
  });

  it('keeps nothing a write took back, and reads the register anew when the journal is not the one it kept', async () => {
    const { d, sm, hq } = await serverRoomFixture();
    const base = { name: '索引 試験', kana: 'サクイン シケン', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false };
    const first = await sm.ok('people.add', { ...base, employeeNo: 'R-1' }); // the index is made here
    // A write that asks inside itself (reading the register with its own row in it) and then fails.
    expect(() =>
      d.store.write({ actor: 'test', station: 'test' }, (tx) => {
        tx.insert('people', { id: d.store.newId(), name: '取消 試験', kana: 'トリケシ シケン', employee_no: 'R-2', department: '総務部', site_id: hq.id, active: 1, created_at: tx.now, recorded_by: 'test', station: 'test' }, { action: 'people.add' });
        const sameAs = readsAlikeAs('r2');
        expect(rowsToJudge(d.store, { table: 'people', column: 'employee_no', code: 'r2', select: 'id, employee_no AS no' }).filter((r) => sameAs(r.no))).toHaveLength(1);
        throw new Error('taken back');
      }),
    ).toThrow('taken back');
    expect(await sm.call('people.add', { ...base, employeeNo: 'R-2' })).toMatchObject({ ok: true });
    expect(await sm.call('people.add', { ...base, employeeNo: 'r2' })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.employee_no_taken' } });

    // Outside the app, with the key: a person put in the table and the journal's last row taken away;
    // the app's next write (one that does not ask the index) takes that sequence number with another hash. The index reads the register
    // anew (asked only for the rows since its sequence number, it would not know of R-3).
    const last = d.store.journalHead();
    d.store.db.exec('DROP TRIGGER journal_no_delete');
    d.store.db.prepare('DELETE FROM journal WHERE seq = ?').run(last.seq);
    d.store.db.prepare("INSERT INTO people (id, name, kana, employee_no, department, site_id, active, created_at, recorded_by, station) VALUES ('outside', '外部 挿入', 'ガイブ ソウニュウ', 'R-3', '総務部', ?, 1, ?, 'x', 'x')").run(hq.id, new Date().toISOString());
    // A write that asks nothing of the index (it would find the row it kept gone, and read anew).
    await sm.ok('people.setActive', { id: first.id, active: false, reason: '退職' });
    expect(d.store.journalHead().seq).toBeGreaterThanOrEqual(last.seq);
    expect(d.store.stmt("SELECT hash FROM journal WHERE seq = ?").pluck().get(last.seq)).not.toBe(last.hash);
    expect(await sm.call('people.add', { ...base, employeeNo: 'r3' })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.employee_no_taken' } });
    d.close();
  });

  it('read in slices after the open, it gives the rows the whole register has, while people are added and renamed between the slices', async () => {
    const { d, sm, hq } = await serverRoomFixture(undefined, { walFdatasync: SYNCED_AT_ONCE });
    const next = random(11);
    const names = ['佐藤 一', '鈴木 二', '高橋 三', 'Sato Ichi', 'SATO ICHI'];
    const kanas = ['サトウ ハジメ', 'スズキ ツギ', 'ｻﾄｳ ﾊｼﾞﾒ'];
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const base = { department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false };
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await sm.ok('people.add', { ...base, name: pick(names), kana: pick(kanas), employeeNo: `W-${i}` })).id);
    // Every value's rows of a column, by the index and by the whole register (any text column will do).
    const same = (column: 'name' | 'kana', values: string[]) => {
      for (const probe of values) {
        const sameAs = readsAlikeAs(probe);
        const given = rowsToJudge(d.store, { table: 'people', column, code: probe, select: `id, ${column} AS v` }).filter((r) => sameAs(r.v)).map((r) => r.id);
        const all = (d.store.stmt(`SELECT id, ${column} AS v FROM people`).all() as { id: string; v: string }[]).filter((r) => sameAs(r.v)).map((r) => r.id);
        expect(given.sort(), `${column} ${probe}`).toEqual(all.sort());
      }
    };
    let step = 0;
    /** A person added or renamed, then a turn of the event loop (a slice). */
    const change = async () => {
      step++;
      if (next() < 0.5) ids.push((await sm.ok('people.add', { ...base, name: pick(names), kana: pick(kanas), employeeNo: `W-${100 + step}` })).id);
      else {
        const id = pick(ids);
        const name = pick(names.filter((n) => n !== d.store.rowById('people', id).name));
        await sm.ok('people.amend', { id, changes: { name, kana: pick(kanas) }, reason: '氏名の訂正' });
      }
      await new Promise((resolve) => setImmediate(resolve));
    };
    // Names: read three rows a turn, with changes between the slices, and asked once all are read.
    let done = false;
    const names3 = warmCodeIndexes(d.store, [{ table: 'people', column: 'name' }], 3).then(() => (done = true));
    let during = 0;
    while (!done) {
      await change();
      during++;
    }
    await names3;
    expect(during).toBeGreaterThan(5);
    same('name', names);
    for (let i = 0; i < 10; i++) {
      await change();
      same('name', names);
    }
    // Kana: asked part-way through (the rest is read then), and after.
    const kana3 = warmCodeIndexes(d.store, [{ table: 'people', column: 'kana' }], 3);
    for (let i = 0; i < 4; i++) await change();
    same('kana', kanas);
    await kana3;
    for (let i = 0; i < 10; i++) {
      await change();
      same('kana', kanas);
    }

    // The app reads its registers' codes so after the open: its first check of a number reads no register whole.
    const fresh = await openTemp();
    const { sm: manager } = await setUp(fresh);
    const [site] = await manager.ok('sites.list', {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const prepared: string[] = [];
    const prepare = fresh.store.db.prepare.bind(fresh.store.db);
    fresh.store.db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof prepare;
    await manager.ok('people.add', { ...base, siteId: site.id, name: '最初 一人', kana: 'サイショ ヒトリ', employeeNo: 'F-1' });
    expect(await manager.call('people.add', { ...base, siteId: site.id, name: '二人目', kana: 'フタリメ', employeeNo: 'f1' })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.employee_no_taken' } });
    expect(prepared.some((sql) => /FROM people WHERE 1\b|SELECT rowid AS r, employee_no AS code FROM people$/.test(sql))).toBe(false);
    expect(prepared.some((sql) => /FROM people WHERE rowid IN/.test(sql))).toBe(true);
    fresh.close();

    // Closed while it reads: it stops, and nothing is left unhandled.
    const other = await serverRoomFixture();
    const stopped = warmCodeIndexes(other.d.store, [{ table: 'people', column: 'name' }, { table: 'people', column: 'kana' }], 1);
    other.d.close();
    await expect(stopped).resolves.toBeUndefined();
    d.close();
  });

  it('a save that comes while the codes are read after the open waits for them in the event loop, in order, and is judged on the whole register', async () => {
    const { d, c, sm, hq } = await serverRoomFixture(undefined, { walFdatasync: SYNCED_AT_ONCE });
    const base = { department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false };
    for (let i = 0; i < 30; i++) await sm.ok('people.add', { ...base, name: `登録 ${i}`, kana: 'トウロク', employeeNo: `R-${i}` });
    const held = { ...d.sessions.get(sm.token)! };
    d.close();

    // Opened again reading one row a turn: every register (people first) takes dozens of turns.
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: c.clock, codeIndexSliceRows: 1, walFdatasync: SYNCED_AT_ONCE });
    const order: string[] = [];
    void again.codesRead.then(() => order.push('warm'));
    const token = again.sessions.create({ ...held, lastActivity: c.clock().getTime() }).token;
    const add = (employeeNo: string) =>
      again.dispatcher.call({ token, method: 'people.add', input: { ...base, name: '後から 一人', kana: 'アトカラ', employeeNo }, station: 'test' }).then((out) => {
        order.push(employeeNo);
        return out.result;
      });
    // A read of the register sent right after them (answered by the reader worker): it reads what they saved.
    const search = () =>
      again.dispatcher.call({ token, method: 'people.list', input: { search: 'R-100', active: 'all' }, station: 'test' }).then((out) => {
        order.push('list');
        return out.result;
      });
    // Sent at once, before a turn of the loop: a number that reads as one the register has (the 29th row), then a new one.
    const [taken, fresh, listed] = await Promise.all([add('r29'), add('R-100'), search()]);
    expect(order).toEqual(['warm', 'r29', 'R-100', 'list']);
    expect(taken).toMatchObject({ ok: false, error: { messageKey: 'people.errors.employee_no_taken' } });
    expect(fresh).toMatchObject({ ok: true });
    expect(listed).toMatchObject({ ok: true, value: { total: 1, rows: [{ employeeNo: 'R-100' }] } });
    // Once read, a call is not held: answered before the next turn of the loop.
    let answered = false;
    void add('R-101').then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(true);
    again.close();
  });
});
