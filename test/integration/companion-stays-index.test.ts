import { expect, it } from 'vitest';
import { companionFacts, companionStayDuring, companionsJson } from '../../electron/core/ledgers/server-room/repo';
import { openFixture } from '../helpers/upgrade-fixture';
import { jst, serverRoomFixture } from './server-room-fixture';
import { random } from '../helpers/random';

// A stay's save looks for its person as an employee companion of another stay at the same time
// (repo.ts companionStayDuring): since migration 44 among the valid stays with employee companions
// (schema.ts server_room_stays_with_employees), not among every stay of the week before. Judged here
// against the rule written out in JavaScript over every stay: open and closed, valid and void, with
// employees, only visitors, or none, the names kept or erased (the facts left), long and short.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Stay { id: string; person: string; entered: number; exited: number | null; valid: boolean; employees: string[] }

it('finds the same stay as the rule over every stay, for any person and time, with the names kept or erased', async () => {
  const f = await serverRoomFixture();
  const people = [f.yamada, f.sasaki, f.kimura, f.mori, f.okada].map((p) => p.id);
  const next = random(44);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const t0 = Date.parse(jst('2026-10-01', '00:00'));
  const stays: Stay[] = [];
  const insert = f.d.store.db.prepare(`INSERT INTO server_room_stays (id, site_id, person_id, entered_at, exited_at, purpose, companions, status, recorded_at, recorded_by, station, companion_facts)
    VALUES (@id, @site, @person, @entered, @exited, 'maintenance', @companions, @status, @entered, 'test', 'test', @facts)`);
  const openOf = new Set<string>();
  f.d.store.db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const person = pick(people);
      const entered = t0 + Math.floor(next() * 40 * DAY);
      const shape = next();
      // Most stays are short; some run past a day or a week; some are still open.
      const valid = next() < 0.85;
      // One valid open stay a person (the book's own unique index).
      const open = shape < 0.1 && !(valid && openOf.has(person));
      if (open && valid) openOf.add(person);
      const exited = open ? null : entered + (shape > 0.1 && shape < 0.15 ? Math.floor(next() * 12 * DAY) : Math.floor(next() * 4 * HOUR));
      const employees = next() < 0.35 ? people.filter((p) => p !== person && next() < 0.4) : [];
      const visitors = next() < 0.4 ? [{ name: next() < 0.1 ? 'personId' : '高橋 誠', company: '株式会社ネクスト', escortPersonId: pick([person, ...employees]) }] : [];
      const json = companionsJson({ employees: employees.map((personId) => ({ personId })), visitors });
      const erased = next() < 0.25;
      const id = `stay-${i}`;
      insert.run({
        id, site: pick([f.hq.id, f.osaka.id]), person, entered: new Date(entered).toISOString(), exited: exited === null ? null : new Date(exited).toISOString(),
        companions: erased ? null : json, facts: companionFacts(json), status: valid ? 'valid' : 'void',
      });
      stays.push({ id, person, entered, exited, valid, employees });
    }
  })();
  expect(stays.filter((s) => s.valid && s.employees.length > 0).length).toBeGreaterThan(100);

  // The rule, written out: a valid stay (not `self`) with the person among its employees, that began
  // before `until` and had not ended by `from`; closed ones entered in the week before `from`, open
  // ones in the day before it (an open stay counts for a day from `from`).
  const byRule = (person: string, from: number, until: number | null, self: string | null) => {
    const end = until ?? from + DAY;
    const found = stays.filter((s) =>
      s.id !== self && s.valid && s.employees.includes(person) && s.entered < end &&
      (s.exited === null ? s.entered >= from - DAY : s.entered >= from - 7 * DAY && s.exited > from));
    return found.length === 0 ? undefined : new Date(Math.min(...found.map((s) => s.entered))).toISOString();
  };
  let hits = 0;
  for (let q = 0; q < 400; q++) {
    const person = pick(people);
    const from = t0 + Math.floor(next() * 42 * DAY);
    const until = next() < 0.2 ? null : from + Math.floor(next() * 6 * HOUR);
    const self = next() < 0.3 ? pick(stays).id : null;
    const want = byRule(person, from, until, self);
    const got = companionStayDuring(f.d.store, person, new Date(from).toISOString(), until === null ? null : new Date(until).toISOString(), self);
    expect(got?.entered_at, `${person} ${new Date(from).toISOString()}–${until === null ? 'open' : new Date(until).toISOString()} not ${self}`).toBe(want);
    if (want) hits++;
  }
  expect(hits).toBeGreaterThan(40);
  f.d.close();
});

it('upgrade from schema v42: migration 44 indexes the stays with employee companions already there, and verify passes', async () => {
  const { d } = await openFixture('v42-data', jst('2026-11-04', '09:00'));
  const indexed = d.store.db.prepare("SELECT count(*) FROM server_room_stays INDEXED BY server_room_stays_with_employees WHERE status = 'valid' AND instr(coalesce(companions, companion_facts), '\"personId\"') > 0").pluck().get();
  const all = d.store.db.prepare("SELECT count(*) FROM server_room_stays NOT INDEXED WHERE status = 'valid' AND EXISTS (SELECT 1 FROM json_each(coalesce(companions, companion_facts), '$.employees'))").pluck().get();
  expect(indexed).toBe(all);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
