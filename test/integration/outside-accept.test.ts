import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { approverKey } from '../helpers/erasure-act';
import { jst, serverRoomFixture } from './server-room-fixture';
import { disposeAll, october, shown } from './review-fixture';
import { journalForm } from '../../electron/core/journal/journal-form';
import { ACCEPT_ROW, ACCEPTED_EVENT, acceptanceStatement } from '../../electron/core/outside-rules';
import { OUTSIDE_TABLES } from '../../shared/api/outside-contract';
import { JOURNALED_TABLES } from '../../electron/core/store/migrations';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { keysInUse } from '../../electron/core/review/registered-keys';

// A record changed outside Daicho is refused by every write and named by verify (changed-outside.test.ts).
// A system administrator accepts it as found: she looks it up by the number the refusal names, sees what
// differs, and accepts it with a reason, her password and a safety manager's approval. The record is then
// journaled as it stands (verify passes, and the app writes it again); the act is held to its signed
// approval, so an acceptance written with the database key alone is named by verify.

type F = Awaited<ReturnType<typeof serverRoomFixture>>;
const latest = (d: F['d'], table: string, id: string) =>
  d.store.db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ?").pluck().get(table, id) as number;
const accept = (extra: Record<string, unknown> = {}) => ({ reason: '移行作業で部署名を直接修正したことを確認した', password: SETUP.sysadmin.password, approval: SM_APPROVAL, ...extra });

describe('a record changed outside Daicho, accepted as found (issue 7)', () => {
  it('is looked up by the refused number, accepted with an approval, and then verifies and is written again', async () => {
    const { d, sm, admin, yamada } = await serverRoomFixture();
    const seq = latest(d, 'people', yamada.id);
    d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', yamada.id);
    expect(await sm.call('people.amend', { id: yamada.id, changes: { name: '山田 次郎' }, reason: '氏名の訂正' })).toMatchObject({ ok: false, error: { messageKey: 'errors.changed_outside', params: { seq } } });

    const found = await admin.ok('outside.find', { ref: String(seq) });
    expect(found).toMatchObject({ table: 'people', id: yamada.id, seq, migrationSkipped: false, fields: [{ column: 'department', journaled: '情報システム部', found: '経理部', personal: false, journaledName: null, foundName: null }] });
    expect(found.fields).toHaveLength(1);
    // By the record's ID too.
    expect(await admin.ok('outside.find', { ref: yamada.id })).toEqual(found);

    // The administrator cannot approve her own act; a wrong approver password stores nothing.
    const head = d.store.journalHead().seq;
    expect(await admin.call('outside.accept', { table: 'people', id: yamada.id, seq, form: found.form, ...accept({ approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } }) })).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId' },
    });
    expect(await admin.call('outside.accept', { table: 'people', id: yamada.id, seq, form: found.form, ...accept({ approval: { ...SM_APPROVAL, approverPassword: 'Wrong-password-1234' } }) })).toMatchObject({ ok: false });
    expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE seq > ? AND action LIKE 'records.outside.%'").pluck().get(head)).toBe(0);
    // A fingerprint other than the record's (changed again since it was looked up) is refused.
    expect(await admin.call('outside.accept', { table: 'people', id: yamada.id, seq, form: '0'.repeat(64), ...accept() })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.changed_again' } });
    // Not a clerk's or a safety manager's act.
    expect(await sm.call('outside.accept', { table: 'people', id: yamada.id, seq, form: found.form, ...accept() })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const { seq: accepted } = await admin.ok('outside.accept', { table: 'people', id: yamada.id, seq, form: found.form, ...accept() });
    const rows = d.store.db.prepare('SELECT seq, kind, action, reason FROM journal WHERE seq IN (?, ?) ORDER BY seq').all(accepted - 1, accepted);
    expect(rows).toMatchObject([{ kind: 'event', action: ACCEPTED_EVENT }, { kind: 'row', action: ACCEPT_ROW, reason: accept().reason }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(await d.verifyInBackground()).toMatchObject({ ok: true, problemCount: 0 });
    // Her key's approval is among what `verify --keys` checks against the list kept outside the data (an insider probe: it was left out).
    expect(keysInUse(d.store).filter((k) => k.loginId === SETUP.safetyManager.loginId)).toMatchObject([{ approvals: 1, first: `approval at #${accepted - 1} (${ACCEPTED_EVENT})` }]);
    // The record is as found, and is written again.
    expect(d.store.db.prepare('SELECT department FROM people WHERE id = ?').pluck().get(yamada.id)).toBe('経理部');
    await sm.ok('people.amend', { id: yamada.id, changes: { name: '山田 次郎' }, reason: '氏名の訂正' });
    expect(await admin.call('outside.find', { ref: yamada.id })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.not_changed' } });
    // Its history keeps what it was, the acceptance and its reason; the approver is told.
    const history = d.store.history('people', yamada.id).map((r) => r.action);
    expect(history.slice(-2)).toEqual([ACCEPT_ROW, 'people.amend']);
    const notice = d.store.db.prepare("SELECT detail FROM account_notices WHERE kind = 'approval_used' AND detail LIKE '%outside.accept%'").pluck().get() as string;
    expect(JSON.parse(notice)).toMatchObject({ action: 'outside.accept', table: 'people', id: yamada.id, fields: ['department'] });
    d.close();
  });

  it('a personal value changed outside: its history value is shown, and after the acceptance the record verifies', async () => {
    const { d, clerk, admin, hq, yamada } = await serverRoomFixture();
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance', purposeNote: 'UPS交換' });
    d.store.db.prepare('UPDATE server_room_stays SET purpose_note = ? WHERE id = ?').run('UPS点検', stay.id);
    const seq = latest(d, 'server_room_stays', stay.id);
    const found = await admin.ok('outside.find', { ref: String(seq) });
    expect(found.fields).toEqual([{ column: 'purpose_note', journaled: 'UPS交換', found: 'UPS点検', personal: true, journaledName: null, foundName: null }]);
    await admin.ok('outside.accept', { table: 'server_room_stays', id: stay.id, seq, form: found.form, ...accept() });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // Both values stay in the history's kept values (the old one for what it was).
    expect(d.store.db.prepare("SELECT value FROM personal_values WHERE entity = 'server_room_stays' AND entity_id = ? AND field = 'purpose_note' ORDER BY value").pluck().all(stay.id)).toEqual(['UPS交換', 'UPS点検']);
    d.close();
  });

  it('a record added outside Daicho is found by its ID and accepted; one deleted outside, or a number that is not its last, is refused with its own message', async () => {
    const { d, admin, sm, hq, yamada, sasaki } = await serverRoomFixture();
    const cols = d.store.db.prepare('SELECT * FROM people WHERE id = ?').get(yamada.id) as Record<string, unknown>;
    d.store.db.prepare(`INSERT INTO people (${Object.keys(cols).join(', ')}) VALUES (${Object.keys(cols).map(() => '?').join(', ')})`).run(
      ...Object.entries(cols).map(([k, v]) => (k === 'id' ? 'added-outside-1' : k === 'employee_no' ? 'E9999' : k === 'site_id' ? hq.id : v)),
    );
    expect(d.verify()).toMatchObject({ ok: false });
    const found = await admin.ok('outside.find', { ref: 'added-outside-1' });
    expect(found).toMatchObject({ table: 'people', seq: 0 });
    expect(found.fields.map((f) => f.column)).toContain('employee_no');
    await admin.ok('outside.accept', { table: 'people', id: 'added-outside-1', seq: 0, form: found.form, ...accept() });
    expect(d.verify()).toMatchObject({ ok: true });

    // A number that is not the record's last change; a journal row that is an event; a number beyond the journal.
    const first = d.store.db.prepare("SELECT min(seq) FROM journal WHERE kind = 'row' AND entity = 'people' AND entity_id = ?").pluck().get(sasaki.id) as number;
    await sm.ok('people.amend', { id: sasaki.id, changes: { department: '総務部' }, reason: '異動' });
    expect(await admin.call('outside.find', { ref: String(first) })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.not_latest', field: 'ref' } });
    const event = d.store.db.prepare("SELECT max(seq) FROM journal WHERE kind = 'event'").pluck().get() as number;
    expect(await admin.call('outside.find', { ref: String(event) })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.not_a_record' } });
    expect(await admin.call('outside.find', { ref: String(d.store.journalHead().seq + 100) })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.no_such_row' } });
    // An ID no table has (every table looked in).
    expect(await admin.call('outside.find', { ref: 'no-such-record' })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.no_such_record', field: 'ref' } });
    expect(await admin.call('outside.find', { ref: '山田' })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.ref_format' } });
    // The app's own machinery is put back, never accepted: an account's roles changed with the key.
    const adminId = d.store.db.prepare("SELECT id FROM accounts WHERE login_id = ?").pluck().get(SETUP.sysadmin.loginId) as string;
    const clerkRow = d.store.db.prepare("SELECT id FROM accounts WHERE id != ? AND roles LIKE '%clerk%'").pluck().get(adminId) as string;
    d.store.db.prepare('UPDATE accounts SET roles = ? WHERE id = ?').run(JSON.stringify(['clerk', 'sysadmin']), clerkRow);
    expect(await admin.call('outside.find', { ref: clerkRow })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.not_acceptable' } });
    const form = createHash('sha256').update(journalForm('accounts', d.store.rowById('accounts', clerkRow))).digest('hex');
    expect(await admin.call('outside.accept', { table: 'accounts', id: clerkRow, seq: latest(d, 'accounts', clerkRow), form, ...accept() })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.not_acceptable' } });
    // Deleted outside: nothing to accept.
    const seq = latest(d, 'people', sasaki.id);
    d.store.db.pragma('foreign_keys = OFF');
    d.store.db.prepare('DELETE FROM people WHERE id = ?').run(sasaki.id);
    expect(await admin.call('outside.find', { ref: String(seq) })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.missing' } });
    d.close();
  });

  it('an acceptance written with the database key alone is named by verify: without its approval, or signed with a key not hers', async () => {
    for (const forge of ['no approval', 'foreign key'] as const) {
      const { d, admin, yamada, accountId } = await serverRoomFixture();
      d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', yamada.id);
      const seq = latest(d, 'people', yamada.id);
      const adminId = accountId(SETUP.sysadmin.loginId);
      const who = { actor: adminId, station: 'desk' };
      const reason = '確認済み';
      d.store.write(who, (tx) => {
        if (forge === 'foreign key') {
          const { privateKey } = generateKeyPairSync('ed25519');
          const row = d.store.rowById('people', yamada.id);
          const form = createHash('sha256').update(journalForm('people', row)).digest('hex');
          const approvedBy = accountId(SETUP.safetyManager.loginId);
          const keyId = d.store.db.prepare('SELECT id FROM signing_keys LIMIT 1').pluck().get() as string | undefined ?? 'no-key';
          const statement = acceptanceStatement({ table: 'people', id: yamada.id, seq, form, approvedBy, adminId, reason, at: tx.now, prevHash: d.store.journalHead().hash, keyId });
          tx.event(ACCEPTED_EVENT, 'people', yamada.id, { seq, form, approvedBy, keyId, signature: sign(null, statement, privateKey).toString('base64') }, reason);
        }
        tx.acceptAsFound('people', yamada.id, { action: ACCEPT_ROW, reason, before: null });
      });
      const r = d.verify();
      expect(r.ok).toBe(false);
      const named = forge === 'no approval' ? /without its approval right before it/ : /approval's signature does not hold/;
      expect(r.problems.map((p) => p.problem).join('\n')).toMatch(named);
      // The same in the worker threads' verify (the app's and the command line's).
      const inWorkers = await d.verifyInBackground();
      expect(inWorkers.ok).toBe(false);
      expect(inWorkers.problems.map((p) => p.problem).join('\n')).toMatch(named);
      void admin;
      d.close();
    }
  });

  it('an acceptance signed with her own key but stating what is not so is named: the last change, the form, the approver, a replay', async () => {
    const cases = ['wrong last change', 'another form', 'self-approved', 'replayed'] as const;
    for (const forge of cases) {
      const { d, admin, sm, yamada, accountId } = await serverRoomFixture();
      const adminId = accountId(SETUP.sysadmin.loginId);
      const smId = accountId(SETUP.safetyManager.loginId);
      d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', yamada.id);
      let seq = latest(d, 'people', yamada.id);
      const reason = '移行作業の記録で確認した';
      let data: Record<string, unknown> | null = null;
      if (forge === 'replayed') {
        // A genuine acceptance; then the record corrected, changed again with the key, and the act's two rows written again.
        const found = await admin.ok('outside.find', { ref: String(seq) });
        const { seq: accepted } = await admin.ok('outside.accept', { table: 'people', id: yamada.id, seq, form: found.form, ...accept({ reason }) });
        data = JSON.parse(d.store.db.prepare('SELECT after FROM journal WHERE seq = ?').pluck().get(accepted - 1) as string) as Record<string, unknown>;
        await sm.ok('people.amend', { id: yamada.id, changes: { department: '総務部' }, reason: '異動' });
        d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', yamada.id);
        seq = latest(d, 'people', yamada.id);
      }
      const signer = forge === 'self-approved' ? { id: adminId, password: SETUP.sysadmin.password } : { id: smId, password: SETUP.safetyManager.password };
      const key = await approverKey(d.store, signer.id, signer.password);
      const head = d.store.journalHead().seq;
      d.store.write({ actor: adminId, station: 'desk' }, (tx) => {
        const row = d.store.rowById('people', yamada.id);
        const form = createHash('sha256').update(forge === 'another form' ? journalForm('people', { ...row, department: '人事部' }) : journalForm('people', row)).digest('hex');
        const stated = forge === 'wrong last change' ? seq - 1 : seq;
        const statement = acceptanceStatement({ table: 'people', id: yamada.id, seq: stated, form, approvedBy: signer.id, adminId, reason, at: tx.now, prevHash: d.store.journalHead().hash, keyId: key.keyId });
        tx.event(ACCEPTED_EVENT, 'people', yamada.id, data ?? { seq: stated, form, approvedBy: signer.id, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
        tx.acceptAsFound('people', yamada.id, { action: ACCEPT_ROW, reason, before: null });
      });
      const r = d.verify();
      const named = {
        'wrong last change': /states the record's last change as/,
        'another form': /the record it journals is not the one approved/,
        'self-approved': /approved it herself/,
        replayed: /the acceptance of people row .* at journal row/,
      }[forge];
      expect({ forge, ok: r.ok }).toEqual({ forge, ok: false });
      expect(r.problems.filter((p) => p.seq > head).map((p) => p.problem).join('\n')).toMatch(named);
      d.close();
    }
  });

  it('an acceptance of an account, signed by the safety manager, is named: verify holds acceptances to the kinds the app accepts', async () => {
    const { d, accountId } = await serverRoomFixture();
    const adminId = accountId(SETUP.sysadmin.loginId);
    const smId = accountId(SETUP.safetyManager.loginId);
    const clerkId = accountId('tanaka.clerk');
    d.store.db.prepare('UPDATE accounts SET roles = ? WHERE id = ?').run(JSON.stringify(['clerk', 'sysadmin']), clerkId);
    const seq = latest(d, 'accounts', clerkId);
    const key = await approverKey(d.store, smId, SETUP.safetyManager.password);
    const reason = '役割の変更を確認した';
    d.store.write({ actor: adminId, station: 'desk' }, (tx) => {
      const form = createHash('sha256').update(journalForm('accounts', d.store.rowById('accounts', clerkId))).digest('hex');
      const statement = acceptanceStatement({ table: 'accounts', id: clerkId, seq, form, approvedBy: smId, adminId, reason, at: tx.now, prevHash: d.store.journalHead().hash, keyId: key.keyId });
      tx.event(ACCEPTED_EVENT, 'accounts', clerkId, { seq, form, approvedBy: smId, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
      tx.acceptAsFound('accounts', clerkId, { action: ACCEPT_ROW, reason, before: null });
    });
    const r = d.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/a kind of record Daicho never accepts/);
    d.close();
  });

  it('a record of a signed month accepted as found is a change after its seal: noted for the review, and the seal still verifies', async () => {
    const f = await october();
    const { d, sm, admin, bad, yamada, unit } = f;
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    // With the key: the unauthorized person's stay made someone authorized's, in the signed month.
    d.store.db.prepare('UPDATE server_room_stays SET person_id = ? WHERE id = ?').run(yamada.id, bad.id);
    const seq = latest(d, 'server_room_stays', bad.id);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const found = await admin.ok('outside.find', { ref: String(seq) });
    // A reference is shown with the names it points to.
    expect(found.fields).toEqual([{ column: 'person_id', journaled: f.kimura.id, found: yamada.id, personal: false, journaledName: '木村 三郎', foundName: '山田 太郎' }]);
    await admin.ok('outside.accept', { table: 'server_room_stays', id: bad.id, seq, form: found.form, ...accept() });
    // And the same person's other stay that day, which it now overlaps (an anomaly arisen beside it).
    expect(d.store.db.prepare('SELECT month, record_id, action FROM sealed_changes ORDER BY record_id = ? DESC').all(bad.id)).toEqual([
      { month: '2026-10', record_id: bad.id, action: ACCEPT_ROW },
      { month: '2026-10', record_id: f.ok.id, action: ACCEPT_ROW },
    ]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // November's review names what the acceptance changed, as it names a correction's (an insider probe:
    // no field and no time). Then one whose time moved, and one moved to another site (named by its month, in words).
    const items = async () => (await sm.ok('review.get', { ...unit, month: '2026-11' })).items.filter((i) => i.kind === 'sealed_change');
    expect((await items()).find((i) => i.recordId === bad.id)).toMatchObject({
      label: expect.stringMatching(/^2026-10: .*山田/),
      facts: [{ term: 'changedFields', values: [{ key: 'serverRoom.fields.person' }] }, { term: 'changeReason', values: [{ text: accept().reason }] }],
    });
    const okSeq = latest(d, 'server_room_stays', f.ok.id);
    f.c.advance(60_000);
    d.store.db.prepare('UPDATE server_room_stays SET exited_at = ? WHERE id = ?').run(jst('2026-10-20', '08:45'), f.ok.id);
    const moved = await admin.ok('outside.find', { ref: String(okSeq) });
    await admin.ok('outside.accept', { table: 'server_room_stays', id: f.ok.id, seq: okSeq, form: moved.form, ...accept() });
    const [overlap, timed] = (await items()).filter((i) => i.recordId === f.ok.id);
    // The first acceptance's note of the stay it now overlaps: no act of its own, no field.
    expect(overlap.facts).toEqual([{ term: 'changeReason', values: [{ text: accept().reason }] }]);
    expect(timed.facts).toEqual([
      { term: 'changedFields', values: [{ key: 'serverRoom.fields.exitedAt' }] },
      { term: 'changeReason', values: [{ text: accept().reason }] },
    ]);
    const paper = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: unit.siteId, month: '2026-11', format: 'print' });
    expect(paper.monthItems!.join('\n')).toMatch(/令和8年10月：山田[^\n]*\n修正した項目：退室日時\n/);
    d.close();
  });

  it('a record of a month not yet signed accepted as found is an item of that month’s review, to be disposed of', async () => {
    const f = await october();
    const { d, sm, admin, ok, unit } = f;
    d.store.db.prepare('UPDATE server_room_stays SET exited_at = ? WHERE id = ?').run(jst('2026-10-20', '08:45'), ok.id);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const found = await admin.ok('outside.find', { ref: ok.id });
    expect(found.fields.map((x) => x.column)).toEqual(['exited_at']);
    await admin.ok('outside.accept', { table: 'server_room_stays', id: ok.id, seq: found.seq, form: found.form, ...accept() });
    const items = (await sm.ok('review.get', unit)).items.filter((i) => i.recordId === ok.id);
    expect(items).toMatchObject([{ code: 'register_change', messageKey: 'review.items.register_change', params: { change: 'review.items.accepted_as_found', reason: accept().reason } }]);
    expect(items[0].label).toContain('山田 太郎');
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('what verify would still name after it is refused with its own message: a salt, a kept history value, an erasure mark changed outside', async () => {
    const { d, clerk, admin, hq, yamada } = await serverRoomFixture();
    const record = async (note: string) =>
      (await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance', purposeNote: note })).id;
    const tries: [string, (id: string) => void, string][] = [
      ['the salt', (id) => d.store.db.prepare("UPDATE server_room_stays SET personal_salt = ?, exited_at = ? WHERE id = ?").run('ab'.repeat(16), jst('2026-11-24', '09:20'), id), 'outside.errors.history_values'],
      ['a salt anyone knows', (id) => d.store.db.prepare("UPDATE server_room_stays SET personal_salt = '', purpose_note = 'x' WHERE id = ?").run(id), 'outside.errors.unsalted'],
      ['a kept value overwritten to hide the change', (id) => {
        d.store.db.prepare('UPDATE server_room_stays SET purpose_note = ? WHERE id = ?').run('書き換え後', id);
        d.store.db.prepare("UPDATE personal_values SET value = '書き換え後' WHERE entity = 'server_room_stays' AND entity_id = ? AND field = 'purpose_note'").run(id);
      }, 'outside.errors.history_values'],
      ['the kept values deleted', (id) => {
        d.store.db.prepare('UPDATE server_room_stays SET purpose_note = ? WHERE id = ?').run('書き換え後', id);
        d.store.db.prepare("DELETE FROM personal_values WHERE entity = 'server_room_stays' AND entity_id = ?").run(id);
      }, 'outside.errors.history_values'],
      ['marked erased outside an erasure', (id) => d.store.db.prepare('UPDATE server_room_stays SET purpose_note = NULL, companions = NULL, notes = NULL, personal_salt = NULL, personal_erased_at = ? WHERE id = ?').run(jst('2026-11-24', '12:00'), id), 'outside.errors.erasure_mark'],
    ];
    for (const [what, tamper, messageKey] of tries) {
      const id = await record(`作業 ${what}`);
      tamper(id);
      expect({ what, r: await admin.call('outside.find', { ref: id }) }).toMatchObject({ what, r: { ok: false, error: { messageKey } } });
    }
    d.close();
  });

  it('a record added outside with an ID of digits is found with 「ID:」; an ID two kinds of record share is not guessed', async () => {
    const { d, admin, hq, yamada } = await serverRoomFixture();
    const cols = d.store.db.prepare('SELECT * FROM people WHERE id = ?').get(yamada.id) as Record<string, unknown>;
    const add = (id: string, no: string) =>
      d.store.db.prepare(`INSERT INTO people (${Object.keys(cols).join(', ')}) VALUES (${Object.keys(cols).map(() => '?').join(', ')})`).run(
        ...Object.entries(cols).map(([k, v]) => (k === 'id' ? id : k === 'employee_no' ? no : k === 'site_id' ? hq.id : v)),
      );
    add('12345', 'E9001');
    expect(await admin.ok('outside.find', { ref: 'ID:12345' })).toMatchObject({ table: 'people', id: '12345', seq: 0 });
    add(hq.id, 'E9002');
    expect(await admin.call('outside.find', { ref: hq.id })).toMatchObject({ ok: false, error: { messageKey: 'outside.errors.ambiguous', field: 'ref' } });
    d.close();
  });

  it('every journaled table has a name for people', () => {
    const tables = new Set<string>([...JOURNALED_TABLES, ...LEDGER_DEFINITIONS.map((l) => l.table)]);
    expect([...tables].filter((t) => !(OUTSIDE_TABLES as readonly string[]).includes(t))).toEqual([]);
  });
});
