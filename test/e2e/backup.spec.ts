import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDate } from '../../shared/dates';
import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { testAction } from '../helpers/test-action';
import { signHead } from '../../electron/core/lan/identity';

// Issue 7 points 4 and 5 (SPEC §8, Art. 13(7)): the administrator starts a verify and a backup on
// the admin screen and sees their progress, then the result; the dashboard shows the last backup
// and warns when it is older than the setting.

const DAY = 24 * 60 * 60 * 1000;
/** The date part of a time as the screen shows it (和暦, Tokyo). */
const wareki = (at: number) => formatDate(new Date(at), 'ja', { timeZone: 'Asia/Tokyo' });

test('administrator: verify and backup with progress; the dashboard shows the last backup and the warning', async ({ page, app }) => {
  test.setTimeout(180_000);
  const admin = COMPANY.sysadmin;
  const folders = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-e2e-backups-'));
  const oldDest = path.join(folders, 'weekly');
  const newDest = path.join(folders, 'today');

  // Two days ago (the core's clock): the company was set up, the ledgers were kept — enough journal
  // rows, written through the one write path, for the jobs to take a moment — and a backup was made.
  const twoDaysAgo = Date.now() - 2 * DAY;
  app.setClock(twoDaysAgo);
  await app.setUp();
  for (let n = 0; n < 120_000; n += 5000)
    app.daicho.store.write({ actor: 'system', station: 'e2e-core' }, (tx) => {
      for (let i = n; i < n + 5000; i++) tx.event(testAction('test.filler'), 'settings', null, { i, note: '記録' });
    });
  const token = await app.signInCore(admin.loginId, admin.password);
  await app.core('auth.elevate', { password: admin.password }, token);
  const old = (await app.core('jobs.start', { kind: 'backup', to: oldDest }, token)).value;
  expect((await app.daicho.jobs.wait(old.id)).info.state).toBe('succeeded');
  // The desk PC's clock was once set back by a day and two hours (SPEC §8): the dashboard tells how far, in days and hours.
  const now = Date.now();
  app.setClock(now);
  app.daicho.store.write({ actor: 'system', station: 'e2e-core' }, (tx) => tx.event(testAction('test.filler'), 'settings', null, { note: '時計が正しいとき' }));
  app.setClock(now - 26 * 3_600_000 - 5 * 60_000);
  app.daicho.store.write({ actor: 'system', station: 'e2e-core' }, (tx) => tx.event(testAction('test.filler'), 'settings', null, { note: '時計が戻ったとき' }));
  app.setClock(null);
  // A station sent back a head this data no longer holds (SPEC §11): it was put back to an older copy.
  const identity = await app.daicho.lan.ensureIdentity({ actor: 'system', station: 'e2e-core' });
  const ahead = signHead(identity, { seq: app.daicho.store.journalHead().seq + 40, hash: 'c'.repeat(64), at: new Date().toISOString() });
  expect(app.daicho.lan.witness.check('lan:0a0b0c0d', Buffer.from(JSON.stringify([ahead])).toString('base64'))).toEqual(['cut']);

  // The dashboard: the last backup, two days old, and no warning with the default 7 days.
  await page.goto(app.url);
  await signIn(page, admin.loginId, admin.password);
  await expect(page.getByTestId('last-backup')).toContainText(wareki(twoDaysAgo));
  await expect(page.getByTestId('last-backup')).toContainText(admin.displayName);
  await expect(page.getByTestId('last-verify')).toHaveText('まだありません');
  await expect(page.getByTestId('backup-warning')).toHaveCount(0);
  await expect(page.getByTestId('clock-warning')).toContainText(/より26時間[45]分前の時刻でした。/);
  const alarm = page.getByTestId('witness-alarm');
  await expect(alarm).toContainText(`端末「lan:0a0b0c0d」は記録が #${ahead.seq}`);
  await expect(alarm).toContainText('古いコピーに戻されたか、記録が削除されています。');
  await expect(alarm).toHaveAttribute('role', 'alert');
  // Marking it as checked is the safety manager's (witness-alarm.spec.ts), not the administrator's.
  await expect(alarm.getByRole('button')).toHaveCount(0);

  // Settings: warn after 1 day.
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: '設定', exact: true }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  const days = page.getByLabel('バックアップの警告までの日数');
  await expect(days).toHaveValue('7');
  await days.fill('91');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(days).toHaveAccessibleDescription(/1〜90日の範囲で指定してください。/);
  await days.fill('1');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('flash')).toHaveText(/設定を保存しました。/);

  // The dashboard warns now (Art. 13(7)).
  await nav.getByRole('link', { name: 'ダッシュボード' }).click();
  const warning = page.getByTestId('backup-warning');
  await expect(warning).toContainText('最後のバックアップから1日以上たっています。バックアップを作成してください（安全管理細則 第13条第7項）。');
  await shot(page, 'dashboard-backup-warning');

  // The admin screen: start a verify, see its progress, then the result.
  await warning.getByRole('link', { name: 'バックアップと検証を開く' }).click();
  const section = page.getByTestId('backup-section');
  await expect(section.getByRole('heading', { name: 'バックアップと検証' })).toBeVisible();
  // The link lands on its section, in view and with focus (a walk-through: it landed at the top of the settings).
  await expect(section.getByRole('heading', { name: 'バックアップと検証' })).toBeFocused();
  await expect(section.getByRole('heading', { name: 'バックアップと検証' })).toBeInViewport();
  await section.getByRole('button', { name: '検証を開始' }).click();
  const verifyBar = section.getByRole('progressbar', { name: '検証' });
  await expect(verifyBar).toBeVisible();
  await expect(verifyBar).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect(section.getByRole('button', { name: '検証を中止' })).toBeVisible();
  await expect(section.getByRole('button', { name: '検証を開始' })).toBeDisabled();
  // For the screenshot, a moment into the work when the poll catches it (not asserted: it may end first).
  await expect(verifyBar).not.toHaveAttribute('aria-valuenow', '0', { timeout: 5000 }).catch(() => undefined);
  await shot(page, 'backup-verify-progress');
  const verified = section.getByTestId('job-result-verify');
  await expect(verified).toContainText('問題はありませんでした', { timeout: 60_000 });
  // How far its evidence of the journal's end reaches: the newest backup compared, and the rows after it on this PC alone.
  await expect(verified).toContainText(new RegExp(`最新のバックアップ（${oldDest.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}）と照合し、通番 \\d+ までの記録が削除も書き換えもされていないことを確かめました。通番 \\d+〜\\d+ の記録は、このPCのデータのほかに裏付けがありません。`));
  await expect(verifyBar).toHaveCount(0);
  await expect(section.getByTestId('last-verify')).toContainText(wareki(Date.now()));

  // A backup to a folder typed in: a relative path is refused at the field, then a full path runs.
  const to = section.getByRole('textbox', { name: 'バックアップ先フォルダ' });
  // The last backup's folder is offered (a walk-through: typed anew every time).
  await expect(to).toHaveValue(oldDest);
  await to.fill('backups/today');
  await section.getByRole('button', { name: 'バックアップを開始' }).click();
  await expect(to).toHaveAccessibleDescription(/絶対パスで入力してください/);
  await to.fill(newDest);
  await section.getByRole('button', { name: 'バックアップを開始' }).click();
  const backupBar = section.getByRole('progressbar', { name: 'バックアップ' });
  await expect(backupBar).toBeVisible();
  await expect(backupBar).toHaveAttribute('aria-valuetext', /^\d+% /);
  await expect(backupBar).not.toHaveAttribute('aria-valuenow', '0', { timeout: 5000 }).catch(() => undefined);
  await shot(page, 'backup-progress');
  const backedUp = section.getByTestId('job-result-backup').first(); // newest first; the one of two days ago is below
  await expect(backedUp).toContainText(`${newDest} に保存し、検証しました`, { timeout: 60_000 });
  await expect(section.getByTestId('last-backup')).toContainText(newDest);
  await expect(page.getByRole('status').filter({ hasText: 'バックアップが終わりました。' })).toHaveCount(1);
  // Sentences one after another, no space after 。 (a walk-through read 「終わりました。 /tmp/…」).
  await expect(page.getByRole('status').filter({ hasText: 'バックアップが終わりました。' })).toHaveText(/バックアップが終わりました。[^\s]/);
  await shot(page, 'backup-done');
  expect(fs.readdirSync(newDest).sort()).toEqual(['daicho-data.json', 'daicho.db', 'recovery.json']);

  // The dashboard: today's backup, no warning.
  await nav.getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.getByTestId('last-backup')).toContainText(wareki(Date.now()));
  await expect(page.getByTestId('last-verify')).toContainText(wareki(Date.now()));
  await expect(page.getByTestId('backup-warning')).toHaveCount(0);
  await shot(page, 'dashboard-backup');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Last backup' })).toBeVisible();
  await expect(page.getByTestId('last-backup')).toContainText(`${admin.displayName} · 120,0`);
  fs.rmSync(folders, { recursive: true, force: true });
});

test('safety manager: the backup warning asks her to have the administrator make one (she has no backup screen)', async ({ page, app }) => {
  await app.setUp();
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const warning = page.getByTestId('backup-warning');
  await expect(warning).toContainText('バックアップがまだ一度も作成されていません。システム管理者にバックアップの作成を依頼してください（安全管理細則 第13条第7項）。');
  await expect(warning.getByRole('link', { name: 'バックアップと検証を開く' })).toHaveCount(0);
});
