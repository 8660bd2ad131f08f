import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { deliverDoorEntry, type DoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { daicho as cli } from '../helpers/cli';
import { decryptedDatabase, decryptedWal } from '../helpers/sqlcipher-pages';
import { openRaw, renewPassword, SETUP, tempDir } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';

// Issue 7 point 6 (SPEC §8 retention, APPI): personal data of records past their retention period
// is erased through the app; the chain and the tables still verify and say what was erased; the
// values are gone from the file and from the next backup; anything else changed outside the app on
// an erased record is still named.

const OLD_VISITOR = { name: '消去 対象子', company: '保存期間株式会社' };
const OLD_NOTE = '旧メモ：立会いは受付の鈴木花子さん';
const NEW_NOTE = '訂正後メモ：立会いは総務の高橋雪子さん';
const RECENT_VISITOR = { name: '最近 来訪者', company: '現役保守株式会社' };

const has = (haystack: Buffer, needle: string) => haystack.includes(Buffer.from(needle, 'utf8'));

describe('retention: erasing personal data without breaking the evidence (issue 7)', () => {
  it('erases the personal fields of records past the period, verifies, reports them erased, and leaves no trace in the file or the next backup', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, c, clerk, admin, hq, yamada } = f;
    const old = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ ...OLD_VISITOR, escortPersonId: yamada.id }] }, notes: OLD_NOTE,
    });
    await clerk.ok('serverRoom.amend', { id: old.id, changes: { notes: NEW_NOTE }, reason: '記入誤り' });
    await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2019-03' }]);

    // Seven years later.
    c.set(jst('2026-11-30', '10:00'));
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(clerk, PASSWORDS.clerk);
    await renewPassword(admin, SETUP.sysadmin.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const recent = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-30', '09:00'), exitedAt: jst('2026-11-30', '09:20'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ ...RECENT_VISITOR, escortPersonId: yamada.id }] },
    });

    const [status] = await admin.ok('retention.status', {});
    expect(status).toMatchObject({ ledger: 'serverRoom', years: 5, erasable: 1, notErasable: 0, erased: 0, unsigned: 0, stillOpen: 0, oldestMonth: '2019-03', cutoff: '2021-10-31T15:00:00.000Z' });
    // A clerk cannot erase; a wrong password, or no safety manager's approval, erases nothing.
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    const erase = { ledger: 'serverRoom' as const, reason: '保存期間経過', password: SETUP.sysadmin.password, approval };
    expect(await clerk.call('retention.erase', { ...erase, password: PASSWORDS.clerk })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await admin.call('retention.erase', { ...erase, password: 'Machigai-pass-0000' })).toMatchObject({ ok: false });
    expect(await admin.call('retention.erase', { ...erase, approval: { ...approval, approverPassword: 'Machigai-pass-0000' } })).toMatchObject({ ok: false, error: { code: 'bad_credentials', field: 'approval.approverPassword' } });
    expect(await admin.call('retention.erase', { ...erase, approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } })).toMatchObject({
      ok: false, error: { messageKey: 'accounts.errors.approver_not_safety_manager' },
    });
    expect(await admin.call('retention.erase', { ledger: 'serverRoom', reason: '入力誤りのため', password: SETUP.sysadmin.password } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Shortening the period needs the approval too; lengthening does not.
    expect(await admin.call('retention.setYears', { ledger: 'serverRoom', years: 3, reason: '方針変更' })).toMatchObject({ ok: false, error: { field: 'approval' } });
    expect(await admin.ok('retention.setYears', { ledger: 'serverRoom', years: 7, reason: '方針変更' })).toMatchObject({ years: 7, erasable: 1 });
    expect(await admin.ok('retention.setYears', { ledger: 'serverRoom', years: 5, reason: '元に戻す', approval })).toMatchObject({ years: 5, erasable: 1 });
    expect((await admin.ok('retention.status', {}))[0].erasable).toBe(1);

    const done = await admin.ok('retention.erase', { ...erase, reason: '保存期間（5年）経過のため' });
    expect(done).toMatchObject({ erased: 1, status: { erasable: 0, erased: 1 } });
    // The safety manager is told that her approval was used, for what and why (an insider probe: the
    // shorter period and the erasure left her no notice, as an account's change does).
    await renewPassword(f.sm, SETUP.safetyManager.password);
    const told = (await f.sm.ok('auth.session', {}))!.notices.filter((n) => n.kind === 'approval_used' && String(n.detail?.action).startsWith('retention.'));
    expect(told.map((n) => [n.byLoginId, n.detail, n.reason])).toEqual([
      [SETUP.sysadmin.loginId, { action: 'retention.shorten', ledger: 'serverRoom', from: 7, to: 5 }, '元に戻す'],
      [SETUP.sysadmin.loginId, { action: 'retention.erase', ledger: 'serverRoom', erased: 1 }, '保存期間（5年）経過のため'],
    ]);

    // What people see: 消去済, in the record and its history; the recent record is untouched.
    const erased = await clerk.ok('serverRoom.get', { id: old.id });
    // The visitor went in (kept for the rules, with their escort), their words are gone; 消去済 only where a value was (a probe:
    // 同行者なし on the list, 消去済 on paper in a purpose note never written).
    expect(erased).toMatchObject({ notes: null, purposeNote: null, companions: { employees: [], visitors: [{ name: '', company: '' }] }, personalErasedAt: '2026-11-30T01:00:00.000Z' });
    expect(erased.erasedFields.sort()).toEqual(['companions', 'notes']);
    expect(await clerk.ok('serverRoom.get', { id: recent.id })).toMatchObject({ companions: { visitors: [{ name: RECENT_VISITOR.name }] }, personalErasedAt: null });
    // On paper: 消去済 where the visitor and the notes were, as every kit ledger's sheet says (an insider probe: blanks).
    const sheet = await clerk.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2019-03', format: 'print' });
    expect(sheet.rows[0].cells.slice(3, 7)).toEqual(['業者作業立会い', expect.stringMatching(/^消去済 /), '', '消去済']);
    expect(await clerk.call('serverRoom.amend', { id: old.id, changes: { purpose: 'other' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.erased' } });
    const history = await clerk.ok('history.get', { entity: 'server_room_stays', id: old.id });
    expect(history.map((h) => h.action)).toEqual(['serverRoom.record', 'serverRoom.amend', 'personal.erase']);
    expect(history[0].erased.sort()).toEqual(['companions', 'notes']);
    expect(history[1].erased.sort()).toEqual(['companions', 'notes']);
    expect(JSON.stringify(history)).not.toContain(OLD_VISITOR.name);

    // Verify passes and counts the erased record.
    const v = d.verify();
    expect(v).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    expect(await d.verifyInBackground()).toMatchObject({ ok: true, erased: { server_room_stays: 1 } });
    // A duplicate found after the erasure can still be voided: its status is not personal data.
    expect(await clerk.ok('serverRoom.void', { id: old.id, reason: '二重登録（保存期間後に判明）' })).toMatchObject({ status: 'void', personalErasedAt: '2026-11-30T01:00:00.000Z', notes: null });
    expect(await clerk.call('serverRoom.void', { id: old.id, reason: '再度' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'serverRoom.errors.voided' } });
    expect(d.verify()).toMatchObject({ ok: true, erased: { server_room_stays: 1 } });
    d.close();

    // The values are gone from the file's pages (live or free) and its write-ahead log.
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const file = path.join(d.dataDir, 'daicho.db');
    const pages = Buffer.concat([decryptedDatabase(file, key), decryptedWal(`${file}-wal`, key)]);
    expect(has(pages, RECENT_VISITOR.name)).toBe(true); // the pages were read right
    for (const gone of [OLD_VISITOR.name, OLD_VISITOR.company, OLD_NOTE, NEW_NOTE]) expect(has(pages, gone), gone).toBe(false);

    // And from the next backup.
    const to = path.join(tempDir('daicho-retention-backup-'), 'backup');
    const b = cli(['backup', '--data', d.dataDir, '--to', to, '--raw-key-file', d.keyFile]);
    expect(b.code, b.stderr).toBe(0);
    const copy = decryptedDatabase(path.join(to, 'daicho.db'), key);
    expect(has(copy, RECENT_VISITOR.name)).toBe(true);
    for (const gone of [OLD_VISITOR.name, OLD_VISITOR.company, OLD_NOTE, NEW_NOTE]) expect(has(copy, gone), gone).toBe(false);

    const v2 = cli(['verify', '--data', d.dataDir, '--raw-key-file', d.keyFile]);
    expect(v2.code, v2.stderr).toBe(0);
    expect(v2.stdout).toContain('server_room_stays: personal data of 1 record(s) erased after the retention period');

    // Changing an erased record's other fields outside the app is still named.
    const raw = openRaw(file, key);
    const eraseSeq = (raw.prepare("SELECT max(seq) AS s FROM journal WHERE entity_id = ? AND kind = 'row'").get(old.id) as { s: number }).s;
    raw.prepare("UPDATE server_room_stays SET purpose = 'other' WHERE id = ?").run(old.id);
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: eraseSeq, problemCount: 1 });
    // Restoring a value (or a salt) behind the erasure is named too.
    raw.prepare("UPDATE server_room_stays SET purpose = 'vendor_witness', notes = ? WHERE id = ?").run(OLD_NOTE, old.id);
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: eraseSeq, problemCount: 1 });
    raw.close();

    // The data reopens in the app and verifies once put back as it was.
    const back = openRaw(file, key);
    back.prepare('UPDATE server_room_stays SET notes = NULL WHERE id = ?').run(old.id);
    back.close();
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(again.verify()).toMatchObject({ ok: true, erased: { server_room_stays: 1 } });
    again.close();
  });

  it('names a kept personal value changed outside the app, and a record whose salt was changed', async () => {
    const f = await serverRoomFixture();
    const stay = await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'other', purposeNote: '配線確認', notes: '特記なし',
    });
    f.d.close();
    const key = fs.readFileSync(f.d.keyFile, 'utf8').trim();
    const raw = openRaw(path.join(f.d.dataDir, 'daicho.db'), key);
    const seq = (raw.prepare("SELECT max(seq) AS s FROM journal WHERE entity_id = ? AND kind = 'row'").get(stay.id) as { s: number }).s;
    raw.prepare("UPDATE personal_values SET value = '改ざん' WHERE entity_id = ? AND field = 'notes'").run(stay.id);
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
    raw.prepare("UPDATE personal_values SET value = '特記なし' WHERE entity_id = ? AND field = 'notes'").run(stay.id);
    expect(verifyJournal(raw)).toMatchObject({ ok: true });
    // A kept value deleted outside the app would silently take it out of the record's history.
    const kept = raw.prepare("SELECT * FROM personal_values WHERE entity_id = ? AND field = 'notes'").get(stay.id) as Record<string, unknown>;
    raw.prepare("DELETE FROM personal_values WHERE entity_id = ? AND field = 'notes'").run(stay.id);
    for (const r of [verifyJournal(raw), await verifyInWorkers({ file: path.join(f.d.dataDir, 'daicho.db'), key: Buffer.from(key, 'hex') })]) {
      expect(r).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
      expect(r.problem).toMatch(/kept personal value .* missing/);
    }
    raw.prepare('INSERT INTO personal_values (digest, entity, entity_id, field, value) VALUES (@digest, @entity, @entity_id, @field, @value)').run(kept);
    expect(verifyJournal(raw)).toMatchObject({ ok: true });
    raw.prepare("UPDATE server_room_stays SET personal_salt = '00' WHERE id = ?").run(stay.id);
    const r = verifyJournal(raw);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(seq);
    raw.close();
  });

  it("a visitor's name and company are erased after the period: 消去済 in the record, its history and on paper; verify passes; gone from the file", async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, c, clerk, admin, hq, yamada } = f;
    const visitor = { name: '受付 過去子', company: '旧来訪株式会社' };
    const base = { siteId: hq.id, purpose: 'サーバ保守の打合せ', hostId: yamada.id, area: 'reception' as const };
    const old = await clerk.ok('visitors.add', { ...base, ...visitor, arrivedAt: jst('2019-03-11', '09:40') });
    await clerk.ok('visitors.amend', { id: old.id, changes: { company: `${visitor.company}（本社）` }, reason: '会社名の記入漏れ' });
    await clerk.ok('visitors.signOut', { id: old.id, leftAt: jst('2019-03-11', '09:55'), cardReturned: false });
    await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'visitors', siteId: hq.id, month: '2019-03' }]);
    c.set(jst('2026-11-30', '10:00'));
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(clerk, PASSWORDS.clerk);
    await renewPassword(admin, SETUP.sysadmin.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const recent = await clerk.ok('visitors.add', { ...base, ...RECENT_VISITOR, arrivedAt: jst('2026-11-30', '09:40') });
    const status = (await admin.ok('retention.status', {})).find((s) => s.ledger === 'visitors')!;
    expect(status).toMatchObject({ erasable: 1, notErasable: 0, erased: 0, oldestMonth: '2019-03' });
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    expect(await admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });

    const erased = await clerk.ok('visitors.get', { id: old.id });
    expect(erased).toMatchObject({ name: null, company: null, purpose: base.purpose, personalErasedAt: expect.any(String) });
    expect(await clerk.ok('visitors.get', { id: recent.id })).toMatchObject({ name: RECENT_VISITOR.name, personalErasedAt: null });
    expect(await clerk.call('visitors.amend', { id: old.id, changes: { purpose: '打合せ' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { messageKey: 'ledgerKit.errors.erased' } });
    // Nor signed out again later (an insider probe: the sign-out still wrote to it).
    expect(await clerk.call('visitors.signOut', { id: old.id, leftAt: jst('2019-03-11', '11:00'), cardReturned: false })).toMatchObject({ ok: false, error: { messageKey: 'ledgerKit.errors.erased' } });
    const history = await clerk.ok('visitors.history', { id: old.id });
    expect(history.map((h) => h.action)).toEqual(['visitors.add', 'visitors.amend', 'visitors.sign_out', 'personal.erase']);
    expect(history[0].erased.sort()).toEqual(['company', 'name']);
    expect(JSON.stringify(history)).not.toContain(visitor.name);
    // On paper: 消去済 where the name was.
    const sheet = await clerk.ok('print.sheet', { ledger: 'visitors', siteId: hq.id, month: '2019-03', format: 'print' });
    expect(sheet.rows[0].cells.slice(0, 2)).toEqual(['消去済', '消去済']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { visitor_visits: 1 } });
    d.close();
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const file = path.join(d.dataDir, 'daicho.db');
    const pages = Buffer.concat([decryptedDatabase(file, key), decryptedWal(`${file}-wal`, key)]);
    expect(has(pages, RECENT_VISITOR.name)).toBe(true);
    for (const gone of [visitor.name, visitor.company]) expect(has(pages, gone), gone).toBe(false);
  });

  it('what a door terminal took with its records (a purpose note, visitors’ names) is erased with the book after the period: verify passes, gone from the file, a change after it still named', async () => {
    // The register kept before the door's morning (a door's copy holds only people registered before its records).
    const f = await serverRoomFixture(jst('2019-03-11', '08:00'));
    const { d, c, admin, clerk, hq, yamada } = f;
    c.set(jst('2019-03-11', '10:00'));
    const station = { id: 'lan:door-2019', siteId: hq.id };
    const door = (id: string, hhmm: string, over: Partial<DoorEntry>) =>
      deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:door-2019', { id, kind: 'enter', personId: yamada.id, occurredAt: jst('2019-03-11', hhmm), purpose: 'maintenance', ...over }, c.clock());
    const note = '扉端末メモ：立会いは保守課の長谷川さん';
    const twice = { name: '扉前 重複子', company: '扉端末株式会社' };
    expect(door('d-enter', '09:00', { purpose: 'vendor_witness', purposeNote: note, visitors: [{ name: '扉前 通常子', company: '扉端末株式会社' }] }).outcome).toBe('recorded');
    expect(door('d-again', '09:10', { visitors: [twice] })).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.already_inside' });
    // The stay closed at the desk (a stay still open is kept, retention-sign-off.test.ts), and March signed off.
    const stayId = (d.store.db.prepare("SELECT stay_id FROM door_deliveries WHERE id = 'd-enter'").get() as { stay_id: string }).stay_id;
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: stayId, exitedAt: jst('2019-03-11', '09:40') });
    await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2019-03' }]);

    c.set(jst('2026-11-30', '10:00'));
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(admin, SETUP.sysadmin.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const recent = { id: 'lan:door-2026', siteId: hq.id };
    deliverDoorEntry(d.store, d.settings, recent, 'terminal:HQ:lan:door-2026', { id: 'd-recent', kind: 'enter', personId: f.sasaki.id, occurredAt: jst('2026-11-30', '09:00'), purpose: 'maintenance', purposeNote: null, visitors: [RECENT_VISITOR] }, c.clock());
    // The review shows what the terminal took with the conflict until the period erases it.
    await renewPassword(f.sm, SETUP.safetyManager.password);
    const conflictFacts = async () => (await f.sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' })).items.find((i) => i.subject === 'd-again')?.facts;
    expect(await conflictFacts()).toContainEqual({ term: 'visitors', values: [{ text: twice.name, note: twice.company }] });
    // The stay and both deliveries.
    expect((await admin.ok('retention.status', {}))[0]).toMatchObject({ ledger: 'serverRoom', erasable: 3, notErasable: 0, erased: 0 });
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    expect(await admin.ok('retention.erase', { ledger: 'serverRoom', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({
      erased: 3, status: { erasable: 0, erased: 3 },
    });
    const rows = d.store.db.prepare('SELECT id, outcome, conflict, detail, personal_erased_at FROM door_deliveries ORDER BY occurred_at').all();
    expect(rows).toEqual([
      { id: 'd-enter', outcome: 'recorded', conflict: null, detail: null, personal_erased_at: expect.any(String) },
      { id: 'd-again', outcome: 'conflict', conflict: 'terminal.conflicts.already_inside', detail: null, personal_erased_at: expect.any(String) },
      { id: 'd-recent', outcome: 'recorded', conflict: null, detail: expect.stringContaining(String(1)), personal_erased_at: null },
    ]);
    // Each table's erasures in an act of its own.
    expect(d.store.db.prepare("SELECT entity FROM journal WHERE action = 'retention.erase.start' ORDER BY seq").all()).toEqual([{ entity: 'server_room_stays' }, { entity: 'door_deliveries' }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1, door_deliveries: 2 } });
    expect(await conflictFacts()).toEqual([{ term: 'erased', values: [{ key: 'history.erased' }] }]);
    d.close();

    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const file = path.join(d.dataDir, 'daicho.db');
    const pages = Buffer.concat([decryptedDatabase(file, key), decryptedWal(`${file}-wal`, key)]);
    for (const gone of [note, twice.name, twice.company]) expect(has(pages, gone), gone).toBe(false);
    // What is kept of the conflict (who, when, why it did not fit) is still the evidence: changed outside the app, it is named.
    const raw = openRaw(file, key);
    const eraseSeq = (raw.prepare("SELECT max(seq) AS s FROM journal WHERE entity_id = 'd-again' AND kind = 'row'").get() as { s: number }).s;
    raw.prepare("UPDATE door_deliveries SET conflict = 'terminal.conflicts.future' WHERE id = 'd-again'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: eraseSeq, problemCount: 1 });
    raw.close();
  });

  it("counts the period from the month's sign-off: a month signed late is kept until its years after the signing", async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { c, clerk, sm, admin, hq, yamada } = f;
    await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ ...OLD_VISITOR, escortPersonId: yamada.id }] },
    });
    // March 2019 is signed off only on 1 December 2021.
    c.set(jst('2021-12-01', '10:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' };
    for (const item of (await sm.ok('review.get', unit)).items)
      await sm.ok('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    // Five years after the month's end, but not yet five years after its sign-off: kept.
    c.set(jst('2026-11-30', '10:00'));
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(admin, SETUP.sysadmin.password);
    const at = async () => (await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')!;
    expect(await at()).toMatchObject({ erasable: 0, cutoff: '2021-10-31T15:00:00.000Z' });
    // Two days later it is five years after the sign-off.
    c.set(jst('2026-12-02', '10:00'));
    await renewPassword(admin, SETUP.sysadmin.password);
    expect(await at()).toMatchObject({ erasable: 1, oldestMonth: '2019-03' });
    f.d.close();
  });
  it('a record written or corrected within the period is not erasable, however old its date: not today, and not after a correction moved it back (an insider probe)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { c, clerk, admin, hq, yamada } = f;
    const stay = (enter: string, exit: string) => clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ ...RECENT_VISITOR, escortPersonId: yamada.id }] }, notes: '今日の作業メモ',
    });
    // Today's stay, corrected to a 2024 date; and a "paper slip from 2024" typed in today.
    const moved = await stay(jst('2026-11-24', '09:00'), jst('2026-11-24', '09:30'));
    await clerk.ok('serverRoom.amend', { id: moved.id, changes: { enteredAt: jst('2024-03-11', '09:00'), exitedAt: jst('2024-03-11', '09:30') }, reason: '日付誤り' });
    await stay(jst('2024-03-12', '09:00'), jst('2024-03-12', '09:30'));
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const status = async () => (await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')!;
    // Too new to be waiting for March 2024's sign-off either.
    expect(await status()).toMatchObject({ erasable: 0, erased: 0, unsigned: 0 });
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    expect(await admin.call('retention.erase', { ledger: 'serverRoom', reason: '定期消去', password: SETUP.sysadmin.password, approval })).toMatchObject({
      ok: false, error: { messageKey: 'retention.errors.nothing' },
    });
    expect((await clerk.ok('serverRoom.get', { id: moved.id })).companions.visitors).toHaveLength(1);
    // Five years after they were written (and their month signed off), they are.
    await signOff(f, jst('2026-11-24', '10:10'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2024-03' }]);
    c.set(jst('2031-11-25', '10:00'));
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(admin, SETUP.sysadmin.password);
    expect(await status()).toMatchObject({ erasable: 2 });
    f.d.close();
  });
});
