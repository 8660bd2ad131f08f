import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import type { JobInfo } from '../../shared/domain/jobs';
import { Caller, openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';

// Insider probe 10 (sysadmin with file access, single PC, no LAN stations): the data folder put back to
// an older backup. The next backup into the usual folder is refused (backup_has_more), but only the
// administrator who ran it saw that; he picked another folder, which was accepted, and the safety
// manager's screens read as if nothing had happened. She is told now, at her next sign-in.

async function untilEnded(c: Caller, id: string): Promise<JobInfo> {
  for (;;) {
    const job = (await c.ok('jobs.list', {})).find((j) => j.id === id);
    if (!job) throw new Error(`no job ${id}`);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the data put back to an older copy on a single PC', () => {
  it('the refused backup (backup_has_more) reaches the safety manager, not only the administrator who can pick another folder', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '社員 一', kana: 'シャイン', employeeNo: 'E3001', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    d.close();
    const saved = tempDir('daicho-p10-saved-');
    fs.cpSync(d.dataDir, saved, { recursive: true });
    const reopen = async () => {
      const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
      const admin = new Caller(again);
      await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
      await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
      return { again, admin };
    };
    const first = await reopen();
    const sm1 = new Caller(first.again);
    await sm1.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    await sm1.ok('people.add', { name: '証拠 残子', kana: 'ショウコ', employeeNo: 'E3002', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    const to = path.join(tempDir('daicho-p10-roll-'), 'backup');
    const made = await first.admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(first.admin, made.id)).toMatchObject({ state: 'succeeded' });
    first.again.close();

    // Put back the older copy.
    for (const f of fs.readdirSync(d.dataDir)) fs.rmSync(path.join(d.dataDir, f), { recursive: true, force: true });
    fs.cpSync(saved, d.dataDir, { recursive: true });
    const second = await reopen();
    const next = await second.admin.ok('jobs.start', { kind: 'backup', to });
    expect(await untilEnded(second.admin, next.id)).toMatchObject({ state: 'failed', error: { messageKey: 'jobs.errors.backup_has_more' } });
    // As the message says: another folder. It is taken.
    const other = path.join(tempDir('daicho-p10-other-'), 'backup');
    const again = await second.admin.ok('jobs.start', { kind: 'backup', to: other });
    expect(await untilEnded(second.admin, again.id)).toMatchObject({ state: 'succeeded' });

    // What the safety manager sees: told at her next sign-in, by whom, where, and up to which record.
    const sm2 = new Caller(second.again);
    const session = await sm2.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const notices = session!.notices.filter((n) => n.kind === 'data_older_than_backup');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ byName: SETUP.sysadmin.displayName, detail: { to, last: expect.any(Number) } });
    // Journaled with the failed backup, in the same act: no one takes it out unseen.
    expect(second.again.store.db.prepare("SELECT count(*) FROM journal WHERE action = 'accounts.notice.data_older_than_backup'").pluck().get()).toBe(1);
    expect(second.again.verify()).toMatchObject({ ok: true });
    second.again.close();
  }, 120_000);
});
