import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { openFixture } from '../helpers/upgrade-fixture';
import { jst } from './server-room-fixture';

// Migration 43 on data written by schema v42 (test/fixtures/v42-data, commit df1b7c1, made by
// make-v42-data.ts.txt): the journal was indexed by record twice (journal_entity over every row,
// journal_rows over the row changes); from 43 on once per kind (journal_rows, journal_events). The
// rows written before are found as before — an account's sign-ins and its changes, a stay's
// correction —, verify passes, and a row changed outside the app after the upgrade is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };
const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' };
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v42-data');

const indexes = (db: { prepare(sql: string): { pluck(): { all(): unknown[] } } }) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal' AND name IN ('journal_entity', 'journal_rows', 'journal_events') ORDER BY name").pluck().all();
const ABOUT = "SELECT seq, kind, action FROM journal WHERE entity = ? AND entity_id = ? ORDER BY seq";

it('upgrade from schema v42 (migration 43): one journal index by record per kind; every row of both kinds is found as before, and verify still names a row changed outside', async () => {
  // As v42 wrote it, read by its own index over every row.
  const before = tempDir('daicho-v42-before-');
  fs.cpSync(FIXTURE, before, { recursive: true });
  const key = fs.readFileSync(path.join(before, 'raw.key'), 'utf8').trim();
  const old = openRaw(path.join(before, 'daicho.db'), key);
  expect(indexes(old)).toEqual(['journal_entity', 'journal_rows']);
  const clerkId = old.prepare("SELECT id FROM accounts WHERE login_id = 'tanaka.clerk'").pluck().get() as string;
  const stayId = old.prepare('SELECT id FROM server_room_stays').pluck().get() as string;
  const clerkThen = old.prepare(ABOUT).all('accounts', clerkId) as { seq: number; kind: string }[];
  const stayThen = old.prepare(ABOUT).all('server_room_stays', stayId);
  const eventsThen = old.prepare("SELECT count(*) FROM journal WHERE kind = 'event'").pluck().get() as number;
  old.close();
  expect(new Set(clerkThen.map((r) => r.kind))).toEqual(new Set(['row', 'event']));
  expect(stayThen).toHaveLength(2);

  const { d, dbFile } = await openFixture('v42-data', jst('2026-11-04', '09:00'));
  expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(43);
  expect(indexes(d.store.db)).toEqual(['journal_events', 'journal_rows']);
  // Every event with its record is in the events' index (the migration's own rows are about no record).
  expect(d.store.db.prepare("SELECT count(*) FROM journal INDEXED BY journal_events WHERE kind = 'event' AND entity IS NOT NULL").pluck().get()).toBeGreaterThanOrEqual(eventsThen);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

  // The same rows, by the app's reads: the store's history, the account's history, the stay's.
  expect(d.store.history('accounts', clerkId).map((r) => ({ seq: r.seq, kind: r.kind, action: r.action }))).toEqual(clerkThen);
  expect(d.store.history('server_room_stays', stayId).map((r) => ({ seq: r.seq, kind: r.kind, action: r.action }))).toEqual(stayThen);
  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  await admin.ok('auth.elevate', { password: ADMIN.password });
  const shown = (await admin.ok('accounts.history', { id: clerkId })).map((e) => e.seq);
  expect(shown).toEqual(expect.arrayContaining(clerkThen.map((r) => r.seq)));
  const sm = new Caller(d);
  await sm.ok('auth.signIn', SM);
  expect((await sm.ok('history.get', { entity: 'server_room_stays', id: stayId })).map((e) => e.action)).toEqual(['serverRoom.record', 'serverRoom.amend']);

  // Written after the upgrade: a new sign-in of the clerk's is found with the rest.
  const clerk = new Caller(d);
  await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: 'Sakura-fubuki-3917' });
  const clerkNow = d.store.history('accounts', clerkId);
  expect(clerkNow.length).toBeGreaterThan(clerkThen.length);
  expect(clerkNow.at(-1)).toMatchObject({ kind: 'event', action: 'auth.signin' });
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  const stayRow = stayThen.at(-1) as { seq: number };
  d.close();

  // The stay's purpose changed outside the app: named by its latest journal row.
  const raw = openRaw(dbFile, key);
  raw.prepare("UPDATE server_room_stays SET purpose = 'maintenance' WHERE id = ?").run(stayId);
  expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: stayRow.seq, problem: expect.stringContaining('changed outside Daicho') });
  raw.close();
});
