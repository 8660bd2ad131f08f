import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { lockDestination } from '../../electron/core/jobs/backup-destination';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, openTemp, setUp, SETUP, SM_APPROVAL, tempDir, untilEnded } from '../helpers/temp-daicho';
import { sha256 } from '../helpers/cli';
import { testAction } from '../helpers/test-action';

// Issue 7 points 4 and 5 (SPEC §8, §10; Art. 13(7)): verify and backup are jobs of the core's job
// runner, in worker threads with their own read connections. The app keeps saving while they run
// and loses nothing; a cancelled backup keeps the previous one; each end is journaled.

/** Data with a few thousand journal rows: people through the API, and journal events in Store.write loops. */
async function bigData(opts: { people?: number; events?: number } = {}) {
  const d = await openTemp();
  const { sm, admin } = await setUp(d);
  const sites = await sm.ok('sites.list', {});
  for (let i = 0; i < (opts.people ?? 150); i++)
    await sm.ok('people.add', {
      name: `社員 ${i}`, kana: 'シャイン', employeeNo: `E${1000 + i}`, department: '総務部', siteId: sites[i % 2].id, cardNo: null, serverRoomAuthorized: i % 3 === 0,
    });
  const events = opts.events ?? 4000;
  for (let n = 0; n < events; n += 500)
    d.store.write({ actor: 'system', station: 'test' }, (tx) => {
      for (let i = n; i < Math.min(events, n + 500); i++) tx.event(testAction('test.filler'), 'settings', null, { i, note: '記録の埋め草'.repeat(4) });
    });
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  return { d, sm, admin, sites, key: fs.readFileSync(d.keyFile, 'utf8').trim() };
}

/** What is in a backup folder (name → sha256), and whether any temporary file or lock is left. */
function folder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, sha256(path.join(dir, f))]));
}

function journalOf(d: Awaited<ReturnType<typeof openTemp>>, action: string) {
  // The test reads the journal to see what was written; the app reads the settings rows.
  return d.store.stmt('SELECT actor, kind, entity, entity_id, after FROM journal WHERE action = ? ORDER BY seq').all(action) as { actor: string; kind: string; entity: string; entity_id: string | null; after: string }[];
}

describe('jobs while the app keeps working', () => {
  it('a verify and a backup run in workers while saves go on through the API: every acknowledged save is kept, all verifies, the backup verifies on its own', async () => {
    const { d, sm, admin, sites, key } = await bigData();
    const to = path.join(tempDir('daicho-jobs-bk-'), 'backup');
    const headBefore = d.store.journalHead().seq;
    expect(headBefore).toBeGreaterThan(4000);

    const verify = await admin.ok('jobs.start', { kind: 'verify' });
    const backup = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(verify).toMatchObject({ kind: 'verify', state: 'running', startedBy: expect.any(String), startedByName: SETUP.sysadmin.displayName });
    expect(backup).toMatchObject({ kind: 'backup', state: 'running', to });
    // One job of a kind at a time.
    expect(await admin.call('jobs.start', { kind: 'verify' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'jobs.errors.running' } });

    const acknowledged: string[] = [];
    const durations: number[] = [];
    const phases = new Set<string>();
    let running = true;
    let n = 0;
    while (running) {
      const started = performance.now();
      const p = await sm.ok('people.add', {
        name: `保存 ${n}`, kana: 'ホゾン', employeeNo: `S${5000 + n}`, department: '総務部', siteId: sites[n % 2].id, cardNo: null, serverRoomAuthorized: false,
      });
      durations.push(performance.now() - started);
      acknowledged.push(p.id);
      n++;
      const jobs = await sm.ok('jobs.list', {}); // the safety manager sees the progress too
      for (const j of jobs) if (j.state === 'running') phases.add(`${j.kind}:${j.progress.phase}`);
      running = jobs.some((j) => j.state === 'running');
      // A transport (HTTP, IPC) hands each call over as a task of its own; the Caller calls in-process,
      // so give the event loop its turn as a transport would (the workers' messages are tasks too).
      await new Promise((r) => setImmediate(r));
    }
    // Timing is for the bench (SPEC §10), never asserted: printed for whoever reads the log.
    console.log(`saves during the jobs: ${acknowledged.length}, longest ${Math.max(...durations).toFixed(1)} ms, phases seen: ${[...phases].join(', ')}`);
    expect(acknowledged.length).toBeGreaterThan(0);

    const [v, b] = await Promise.all([untilEnded(sm, verify.id), untilEnded(sm, backup.id)]);
    expect(v).toMatchObject({ state: 'succeeded', error: null, progress: { fraction: 1, phase: 'jobs.phases.done' } });
    expect(v.result!.rows).toBeGreaterThanOrEqual(headBefore);
    expect(b).toMatchObject({ state: 'succeeded', error: null, result: { to } });
    expect(b.result!.headSeq).toBeGreaterThanOrEqual(headBefore);

    // Every save acknowledged during the jobs is in the data, and the whole data verifies.
    const ids = new Set((d.store.stmt('SELECT id FROM people').all() as { id: string }[]).map((r) => r.id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

    // The backup verifies on its own, opened with the key; it is the data as it was at some moment of the job.
    expect(fs.readdirSync(to).sort()).toEqual(['daicho-data.json', 'daicho.db', 'recovery.json']); // no temporary file, no lock
    const copy = await verifyInWorkers({ file: path.join(to, 'daicho.db'), key: Buffer.from(key, 'hex') });
    expect(copy).toMatchObject({ ok: true, rows: b.result!.rows, headSeq: b.result!.headSeq });
    const raw = openRaw(path.join(to, 'daicho.db'), key);
    expect((raw.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBeGreaterThanOrEqual(150);
    raw.close();

    // The ends are journaled as the administrator, and the last good runs are readable (settings rows).
    const status = await sm.ok('backup.status', {});
    expect(status).toMatchObject({
      lastBackup: { jobId: backup.id, by: backup.startedBy, byName: SETUP.sysadmin.displayName, to, headSeq: b.result!.headSeq, rows: b.result!.rows },
      lastVerify: { jobId: verify.id, by: verify.startedBy, headSeq: v.result!.headSeq },
      warnAfterDays: 7,
      backupOverdue: false,
    });
    expect(journalOf(d, 'data.backup')).toMatchObject([{ actor: backup.startedBy, kind: 'row', entity: 'settings', entity_id: 'backup.lastGood' }]);
    expect(journalOf(d, 'job.verify')).toMatchObject([{ actor: verify.startedBy, kind: 'row', entity: 'settings', entity_id: 'verify.lastGood' }]);
    d.close();
  }, 120_000);
});

describe('who may run jobs', () => {
  it('the administrator starts and cancels them after the password again; the safety manager reads their state only', async () => {
    const d = await openTemp();
    const { sm, admin } = await setUp(d);
    expect(await admin.call('jobs.start', { kind: 'verify' })).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    expect(await sm.call('jobs.start', { kind: 'verify' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sm.call('jobs.list', {})).toMatchObject({ ok: true, value: [] });
    expect(await sm.call('backup.status', {})).toMatchObject({ ok: true, value: { lastBackup: null, lastVerify: null, warnAfterDays: 7, backupOverdue: true } });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // A backup needs its folder; a verify takes none.
    expect(await admin.call('jobs.start', { kind: 'backup' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'to', messageKey: 'errors.field.required' } });
    expect(await admin.call('jobs.start', { kind: 'verify', to: '/tmp/x' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'to' } });
    // The destination is checked before anything starts: a full path, outside the data folder.
    expect(await admin.call('jobs.start', { kind: 'backup', to: 'backups/daicho' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'to', messageKey: 'jobs.errors.backup_not_absolute' } });
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(d.dataDir, 'inside') })).toMatchObject({ ok: false, error: { field: 'to', messageKey: 'jobs.errors.backup_inside_data' } });
    const foreign = tempDir('daicho-foreign-');
    fs.writeFileSync(path.join(foreign, '請求書.pdf'), 'not ours');
    expect(await admin.call('jobs.start', { kind: 'backup', to: foreign })).toMatchObject({ ok: false, error: { field: 'to', messageKey: 'jobs.errors.backup_foreign_folder' } });
    expect(fs.readdirSync(foreign)).toEqual(['請求書.pdf']);
    // A file where the folder should be is said as one (a walk-through: it was called a folder not empty), and left as it was.
    const file = path.join(foreign, '請求書.pdf');
    expect(await admin.call('jobs.start', { kind: 'backup', to: file })).toMatchObject({ ok: false, error: { field: 'to', messageKey: 'jobs.errors.backup_is_file', params: { to: file } } });
    expect(fs.readFileSync(file, 'utf8')).toBe('not ours');
    // The warning setting: 1..90 days.
    expect(await admin.call('settings.update', { backupWarnAfterDays: 0 })).toMatchObject({ ok: false, error: { field: 'backupWarnAfterDays', messageKey: 'settings.errors.backup_warn_range' } });
    expect(await admin.call('settings.update', { backupWarnAfterDays: 91 })).toMatchObject({ ok: false, error: { field: 'backupWarnAfterDays' } });
    expect(await admin.ok('settings.update', { backupWarnAfterDays: 30 })).toMatchObject({ backupWarnAfterDays: 30 });
    expect((await sm.ok('settings.get', {})).backupWarnAfterDays).toBe(30);
    d.close();
  });

  it('a backup folder that is data open in a running Daicho, a name too long, a lock left by a process whose number is now another’s (insider probe findings)', async () => {
    const d = await openTemp();
    const { admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // Data open in another instance: refused by its folder lock, its files untouched.
    const other = await openTemp();
    try {
      const before = folder(other.dataDir);
      expect(await admin.call('jobs.start', { kind: 'backup', to: other.dataDir })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'to', messageKey: 'jobs.errors.backup_open_data' } });
      expect(folder(other.dataDir)).toEqual(before);
    } finally {
      other.close();
    }
    // A name the file system refuses: said at the field, not as an internal error.
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(tempDir('daicho-long-'), 'a'.repeat(300)) })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'to', messageKey: 'jobs.errors.backup_bad_path' },
    });
    // A link to a folder that is not there (the drive it points to not connected): said so, nothing made where it points.
    const links = tempDir('daicho-links-');
    const nowhere = path.join(links, 'drive-not-connected', 'daicho');
    fs.symlinkSync(nowhere, path.join(links, 'backup'));
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(links, 'backup') })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'to', messageKey: 'jobs.errors.backup_not_there', params: { missing: nowhere } },
    });
    expect(fs.existsSync(path.join(links, 'drive-not-connected'))).toBe(false);
    // A folder in folders that are not there (a drive not mounted at /media/usb): the outermost one
    // missing is named, and nothing is made on the disk below it (a probe: made, and "backed up").
    const unmounted = path.join(links, 'usb');
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(unmounted, 'daicho', 'backup') })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'to', messageKey: 'jobs.errors.backup_not_there', params: { missing: unmounted } },
    });
    expect(fs.existsSync(unmounted)).toBe(false);
    // Through a chain of links, the one missing at its end is named; links in a loop are a name that cannot be used.
    fs.symlinkSync(path.join(links, 'backup'), path.join(links, 'via'));
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(links, 'via') })).toMatchObject({ ok: false, error: { messageKey: 'jobs.errors.backup_not_there', params: { missing: nowhere } } });
    fs.symlinkSync(path.join(links, 'loop-b'), path.join(links, 'loop-a'));
    fs.symlinkSync(path.join(links, 'loop-a'), path.join(links, 'loop-b'));
    expect(await admin.call('jobs.start', { kind: 'backup', to: path.join(links, 'loop-a') })).toMatchObject({ ok: false, error: { messageKey: 'jobs.errors.backup_bad_path' } });
    // A backup lock of the older scheme (text naming its process, written by the version before):
    // honoured while that process runs, taken over once it is gone.
    const to = tempDir('daicho-backup-');
    fs.writeFileSync(path.join(to, 'backup.lock'), String(process.ppid));
    expect(await admin.call('jobs.start', { kind: 'backup', to })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'jobs.errors.backup_busy', params: { pid: process.ppid } } });
    fs.writeFileSync(path.join(to, 'backup.lock'), String(spawnSync(process.execPath, ['-e', '']).pid));
    const job = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(admin, job.id)).toMatchObject({ state: 'succeeded' });
    expect(fs.existsSync(path.join(to, 'backup.lock'))).toBe(false);
    // Now an OS lock (no hard link, which FAT and exFAT drives refuse): held by a backup running, the next is refused; released, it goes.
    const unlock = lockDestination(to);
    expect(await admin.call('jobs.start', { kind: 'backup', to })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'to', messageKey: 'jobs.errors.backup_running' } });
    unlock();
    expect(fs.existsSync(path.join(to, 'backup.lock'))).toBe(false);
    const next = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(admin, next.id)).toMatchObject({ state: 'succeeded' });
    expect(fs.readdirSync(to).filter((n) => n.startsWith('backup.lock'))).toEqual([]);
    d.close();
  });

  it('the warning: no backup yet, then a backup that is older than the setting (Art. 13(7))', async () => {
    let now = Date.parse('2026-04-01T09:00:00+09:00');
    const d = await openTemp({ clock: () => new Date(now) });
    const { admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect((await admin.ok('backup.status', {})).backupOverdue).toBe(true);
    const job = await admin.ok('jobs.start', { kind: 'backup', to: path.join(tempDir(), 'backup') });
    await d.jobs.wait(job.id);
    expect(await admin.ok('backup.status', {})).toMatchObject({ lastBackup: { at: '2026-04-01T00:00:00.000Z' }, backupOverdue: false });
    const later = async (ms: number) => {
      now += ms;
      await admin.ok('auth.unlock', { password: SETUP.sysadmin.password }); // the idle lock came meanwhile
      return admin.ok('backup.status', {});
    };
    expect((await later(7 * 24 * 3600_000)).backupOverdue).toBe(false); // exactly the 7 days of the default: not yet
    expect((await later(60_000)).backupOverdue).toBe(true);
    d.close();
  });
});

describe('cancel', () => {
  it('a cancelled backup keeps the previous backup as it was and leaves no temporary file, in the copy and in the check', async () => {
    const { d, sm, admin, sites } = await bigData({ people: 40, events: 3000 });
    const to = path.join(tempDir('daicho-cancel-'), 'backup');
    const first = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(admin, first.id)).toMatchObject({ state: 'succeeded' });
    const good = folder(to);
    const lastGood = (await admin.ok('backup.status', {})).lastBackup;
    await sm.ok('people.add', { name: '追加 一郎', kana: 'ツイカ', employeeNo: 'E9001', department: '総務部', siteId: sites[0].id, cardNo: null, serverRoomAuthorized: false });

    // Cancelled at once (during the copy), through the API.
    const second = await admin.ok('jobs.start', { kind: 'backup', to });
    const asked = await admin.ok('jobs.cancel', { id: second.id });
    expect(asked).toMatchObject({ state: 'running', cancelling: true });
    const cancelled = await untilEnded(admin, second.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: null, cancelling: false });
    expect(folder(to)).toEqual(good);

    // Cancelled while the copy is being checked (its first progress report of the check).
    const third = d.jobs.start('backup', { to }, { actor: first.startedBy, station: 'test' }, {
      onProgress: (j) => {
        if (j.progress.fraction > 0.3 && !j.cancelling) d.jobs.cancel(j.id);
      },
    });
    const end = await d.jobs.wait(third.id);
    expect(end.info.state).toBe('cancelled');
    expect(folder(to)).toEqual(good);

    // Nothing more is "last good"; the cancels are journaled (events with the outcome).
    expect((await admin.ok('backup.status', {})).lastBackup).toEqual(lastGood);
    const events = journalOf(d, 'data.backup').filter((r) => r.kind === 'event');
    expect(events.map((e) => JSON.parse(e.after) as { outcome: string })).toMatchObject([{ outcome: 'cancelled' }, { outcome: 'cancelled' }]);
    expect(events.map((e) => e.entity_id)).toEqual([second.id, third.id]);
    // Cancel of a job that has ended.
    expect(await admin.call('jobs.cancel', { id: second.id })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'jobs.errors.not_running' } });
    d.close();
  }, 120_000);

  it('a cancelled verify reports cancelled and is journaled so; a cancel by another administrator is journaled as hers (an insider probe)', async () => {
    const { d, admin } = await bigData({ people: 20, events: 3000 });
    // A second administrator (approved by the safety manager), with her own password.
    await admin.ok('accounts.create', { loginId: 'kato.it', displayName: '加藤 誠', password: 'Kari-no-pass-8301', roles: ['sysadmin'], approval: SM_APPROVAL });
    const kato = new Caller(d);
    await kato.ok('auth.signIn', { loginId: 'kato.it', password: 'Kari-no-pass-8301' });
    await kato.ok('auth.changePassword', { currentPassword: 'Kari-no-pass-8301', newPassword: 'Umi-no-oto-5521' });
    await kato.ok('auth.elevate', { password: 'Umi-no-oto-5521' });
    const job = await admin.ok('jobs.start', { kind: 'verify' });
    await kato.ok('jobs.cancel', { id: job.id });
    expect(await untilEnded(admin, job.id)).toMatchObject({ state: 'cancelled', result: null, error: null });
    expect((await admin.ok('backup.status', {})).lastVerify).toBeNull();
    expect(journalOf(d, 'job.verify').map((e) => [e.actor, JSON.parse(e.after) as { outcome: string }])).toMatchObject([[job.startedBy, { outcome: 'cancelled' }]]);
    const katoId = (d.store.stmt('SELECT id FROM accounts WHERE login_id = ?').get('kato.it') as { id: string }).id;
    expect(journalOf(d, 'jobs.cancel').map((e) => [e.actor, e.entity_id, JSON.parse(e.after)])).toEqual([[katoId, job.id, { kind: 'verify', startedBy: job.startedBy }]]);
    // And the next one runs to its end.
    const next = await admin.ok('jobs.start', { kind: 'verify' });
    expect(await untilEnded(admin, next.id)).toMatchObject({ state: 'succeeded' });
    d.close();
  }, 120_000);
});

describe('failures', () => {
  it('data changed outside Daicho: the verify fails naming the problems, the backup is not made and the last good one is kept; both are journaled', async () => {
    const { d, admin, key } = await bigData({ people: 30, events: 500 });
    const to = path.join(tempDir('daicho-fail-'), 'backup');
    const first = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(admin, first.id)).toMatchObject({ state: 'succeeded' });
    const good = folder(to);

    // An insider with the key changes a row outside the app, while it is open.
    const raw = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    raw.prepare("UPDATE people SET department = '改ざん部' WHERE employee_no = 'E1003'").run();
    raw.close();

    const verify = await admin.ok('jobs.start', { kind: 'verify' });
    const failed = await untilEnded(admin, verify.id);
    expect(failed).toMatchObject({ state: 'failed', error: { messageKey: 'jobs.errors.verify_failed', params: { count: 1 } }, result: { problemCount: 1 } });
    const backup = await admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(admin, backup.id)).toMatchObject({ state: 'failed', error: { messageKey: 'jobs.errors.backup_does_not_verify' } });
    expect(folder(to)).toEqual(good);

    const status = await admin.ok('backup.status', {});
    expect(status.lastBackup?.jobId).toBe(first.id);
    expect(status.lastVerify).toBeNull();
    expect(journalOf(d, 'job.verify').map((e) => JSON.parse(e.after) as object)).toMatchObject([{ outcome: 'failed', problemCount: 1, error: 'jobs.errors.verify_failed' }]);
    expect(journalOf(d, 'data.backup').map((e) => e.kind)).toEqual(['row', 'event']);
    d.close();
  }, 120_000);
  it('a data folder put back to an older copy does not replace the newer backup: the rows written since stay in it (an insider probe)', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '社員 一', kana: 'シャイン', employeeNo: 'E2001', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    d.close();
    const saved = tempDir('daicho-saved-');
    fs.cpSync(d.dataDir, saved, { recursive: true });
    // The data goes on: a record, and a backup that holds it.
    const reopen = async () => {
      const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
      const admin = new Caller(again);
      await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
      await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
      return { again, admin };
    };
    const first = await reopen();
    const smAgain = new Caller(first.again);
    await smAgain.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const evidence = await smAgain.ok('people.add', { name: '証拠 残子', kana: 'ショウコ', employeeNo: 'E2002', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    const to = path.join(tempDir('daicho-roll-'), 'backup');
    const made = await first.admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(first.admin, made.id)).toMatchObject({ state: 'succeeded' });
    first.again.close();
    const good = folder(to);
    // Someone with file access (no key) puts the old copy back; the app opens it, and it verifies on its own.
    for (const f of fs.readdirSync(d.dataDir)) fs.rmSync(path.join(d.dataDir, f), { recursive: true, force: true });
    fs.cpSync(saved, d.dataDir, { recursive: true });
    const second = await reopen();
    expect(second.again.verify()).toMatchObject({ ok: true });
    const next = await second.admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(second.admin, next.id)).toMatchObject({ state: 'failed', error: { messageKey: 'jobs.errors.backup_has_more' } });
    // Another folder, as the message says, is taken — but the safety manager is told, at her next
    // sign-in, by whom, where and up to which record (insider probe 10: on a PC with no stations to
    // witness it, only the administrator saw the refusal, and her screens read as if nothing had happened).
    const other = await second.admin.ok('jobs.start', { kind: 'backup', to: path.join(tempDir('daicho-other-'), 'backup') });
    expect(await untilEnded(second.admin, other.id)).toMatchObject({ state: 'succeeded' });
    const session = await new Caller(second.again).ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect(session!.notices.filter((n) => n.kind === 'data_older_than_backup')).toEqual([expect.objectContaining({ byName: SETUP.sysadmin.displayName, detail: { to, last: expect.any(Number) } })]);
    expect(second.again.store.db.prepare("SELECT count(*) FROM journal WHERE action = 'accounts.notice.data_older_than_backup'").pluck().get()).toBe(1);
    expect(second.again.verify()).toMatchObject({ ok: true });
    second.again.close();
    // The newer backup is as it was, the evidence in it.
    expect(folder(to)).toEqual(good);
    const db = openRaw(path.join(to, 'daicho.db'), fs.readFileSync(d.keyFile, 'utf8').trim());
    expect(db.prepare('SELECT name FROM people WHERE id = ?').pluck().get(evidence.id)).toBe('証拠 残子');
    db.close();
  }, 120_000);
});
